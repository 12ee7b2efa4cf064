# report -f csv is one tidy table: DuckDB's read_csv reads it in one go
# with its defaults (no options), every line a row of the same seven
# columns, and the figures add up in SQL: the categories at level 1 sum
# to the total, and the value of every cell is the one the report
# prints. DuckDB comes from its npm package, installed under build/ by
# "make duckdb-node"; without npm the test is skipped.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 3
if ! command -v npm >/dev/null || ! command -v node >/dev/null; then
	tap_skip "npm or node not installed: DuckDB's npm package cannot be installed"
	tap_done
	exit
fi
if ! make -s -C "$TOP" duckdb-node >make.log 2>&1; then
	tap_not_ok "make duckdb-node"
	tail -10 make.log | tap_diag
	tap_done
	exit
fi
export DUCKDB_NODE_DIR=$TOP/build/bench/node
duck() { node "$TOP/tests/duckdb-read.mjs" "$@"; }

for src in cenetec-2020-2021 essalud-2024-2025; do
	rollup=
	[ "$src" = essalud-2024-2025 ] && rollup="--rollup essalud"
	telestat report -f csv $rollup --suppress 1000 \
	    "$TESTDATA/seeds/$src.tsv" >"$src.csv"
	lines=$(($(wc -l <"$src.csv") - 1))
	if duck "$src.csv" 'SELECT count(*) FROM t' \
	    "SELECT sum(CAST(value AS BIGINT)) FROM t WHERE section = 'categories'
	     AND level = 1 AND \"column\" = 'value'" \
	    "SELECT value FROM t WHERE section = 'summary' AND row_key = 'total'
	     AND \"column\" = 'value'" \
	    "SELECT count(*) FROM t WHERE note LIKE 'masked%' AND value IS NULL" \
	    >"$src.out" 2>"$src.err"; then
		tap_ok "$src: DuckDB read_csv reads the report in one go"
	else
		tap_not_ok "$src: DuckDB read_csv"
		tap_diag <"$src.err"
		continue
	fi
	want="section:VARCHAR row_key:VARCHAR row_label:VARCHAR level:BIGINT column:VARCHAR value:VARCHAR note:VARCHAR"
	got=$(sed -n 1p "$src.out")
	[ "$got" = "$want" ] && tap_ok "$src: seven columns ($got)" ||
	    { tap_not_ok "$src: columns"; echo "$got" | tap_diag; }
	got=$(sed -n 2p "$src.out")
	[ "$got" = "$lines" ] && tap_ok "$src: every line is a row ($lines)" ||
	    tap_not_ok "$src: $got rows, the file has $lines lines"
	sum=$(sed -n 3p "$src.out") total=$(sed -n 4p "$src.out")
	[ -n "$sum" ] && [ "$sum" = "$total" ] &&
	    tap_ok "$src: categories add up to the total ($total)" ||
	    tap_not_ok "$src: categories add up to $sum, total $total"
	# The same masked cells as the CSV holds (awk counts the lines).
	want=$(grep -c ',masked: ' "$src.csv")
	got=$(sed -n 5p "$src.out")
	[ "$got" = "$want" ] && tap_ok "$src: masked cells are empty values with a note ($got)" ||
	    tap_not_ok "$src: $got masked cells, the CSV has $want"
done

# Formula-safe, quoted labels still read as one table.
printf 'year\tcategory\tservice\tinstitution\tcount\n2021\tunclassified\t=HYPERLINK("x","y")\t\t3\n2021\tteleconsulta\t\tRED "SUR", -A\t5\n' >odd.tsv
telestat report -f csv odd.tsv >odd.csv
duck odd.csv "SELECT row_key FROM t WHERE section IN ('institutions',
    'unclassified_labels') AND \"column\" = 'value' AND row_key <> 'total'
    ORDER BY 1" >odd.out 2>odd.err
if [ "$(sed 1d odd.out)" = "'=HYPERLINK(\"x\",\"y\")
RED \"SUR\", -A" ]; then
	tap_ok "labels that look like formulas start with ', quotes survive"
else
	tap_not_ok "formula-safe labels"
	cat odd.out odd.err | tap_diag
fi
tap_done
