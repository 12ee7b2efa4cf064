# Real databases: an aggregate table from the whole pipeline, written by
# "telestat export -f sql", and the tidy report of the same records
# (report -f csv, loaded with the documented .import and \copy recipes),
# loaded into SQLite (sqlite3) and PostgreSQL (a server started here with
# initdb and pg_ctl on a Unix socket in a temporary directory, stopped at
# the end: tests/pg.sh). The totals are checked with SQL against the same
# sums computed by awk from the table, and the report against the table.
# Where the server cannot start, its tests are skipped with the reason.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 3

telestat synth -p minsa-his -n 4000 --seed 3 |
    telestat ingest -p minsa-his 2>/dev/null | telestat classify >records.tsv
telestat aggregate -g year,month,facility,region,category \
    -m count,patients records.tsv >table.tsv
telestat report -f csv records.tsv >report.csv
telestat export -f sql --table actions table.tsv >actions.sql ||
    tap_not_ok "export -f sql"

# What the database must say, from the table itself.
awk -F'\t' 'NR > 1 { n++; s += $6; p += $7; if ($3 ~ /^0/) z++ }
	END { print n "|" s "|" p "|" z + 0 }' table.tsv >want-totals
awk -F'\t' 'NR > 1 { s[$1] += $6 } END { for (y in s) print y "|" s[y] }' \
    table.tsv | sort >want-years
awk -F'\t' 'NR > 1 && $5 == "teleconsulta" { s[$4] += $6 }
	END { for (r in s) print r "|" s[r] }' table.tsv | sort >want-regions

TOTALS='SELECT count(*), sum("count"), sum(patients),
    sum(CASE WHEN facility LIKE '"'0%'"' THEN 1 ELSE 0 END) FROM actions;'
YEARS='SELECT year, sum("count") FROM actions GROUP BY year ORDER BY year;'
REGIONS='SELECT region, sum("count") FROM actions
    WHERE category = '"'teleconsulta'"' GROUP BY region ORDER BY region;'

# The report's categories of its year against the table: no difference,
# and how many categories were compared.
REPORT='SELECT count(*), sum(CASE WHEN CAST(r.value AS BIGINT) = a.s
    THEN 0 ELSE 1 END) FROM report r JOIN (SELECT category, sum("count") AS s
    FROM actions WHERE year = (SELECT max(year) FROM actions)
    GROUP BY category) a ON a.category = r.row_key
    WHERE r.section = '"'categories'"' AND r."column" = '"'value'"'
    AND r.level = 1;'
ncat=$(awk -F, '$1 == "categories" && $4 == 1 && $5 == "value"' report.csv |
    cut -d, -f2 | grep -vx unclassified | sort -u | wc -l)
echo "$ncat|0" >want-report
REPORT_DDL='CREATE TABLE report (section TEXT, row_key TEXT, row_label TEXT,
    level INTEGER, "column" TEXT, value TEXT, note TEXT);'

# check NAME GOT-FILE WANT-FILE
check() {
	if cmp -s "$2" "$3"; then
		tap_ok "$1 ($(head -1 "$3"))"
	else
		tap_not_ok "$1"
		diff "$3" "$2" | head -10 | tap_diag
	fi
}

# --- SQLite ----------------------------------------------------------
if command -v sqlite3 >/dev/null; then
	if sqlite3 obs.db <actions.sql 2>sqlite.err; then
		tap_ok "sqlite3 loads the export"
		sqlite3 obs.db "$TOTALS" >got-totals
		check "sqlite: rows, counts, patients, leading zeros kept" got-totals want-totals
		sqlite3 obs.db "$YEARS" >got-years
		check "sqlite: counts by year" got-years want-years
		sqlite3 obs.db "$REGIONS" >got-regions
		check "sqlite: teleconsultas by region" got-regions want-regions
		sqlite3 obs.db "$REPORT_DDL" ".import --csv --skip 1 report.csv report" \
		    2>sqlite.err && sqlite3 obs.db "$REPORT" >got-report
		check "sqlite: the tidy report (.import) agrees with the table" \
		    got-report want-report
	else
		tap_not_ok "sqlite3 loads the export"
		tap_diag <sqlite.err
	fi
else
	tap_skip "sqlite3 not installed (make deps installs it)"
fi

# --- PostgreSQL ------------------------------------------------------
. "$TOP/tests/pg.sh"
pg_skip() {
	tap_skip "PostgreSQL: $1"
	tap_done
	exit
}
pg_start || pg_skip "$pg_why"
if psql_ <actions.sql >pg.out 2>pg.err; then
	tap_ok "PostgreSQL loads the export"
	psql_ -At -c "$TOTALS" >got-totals
	check "postgresql: rows, counts, patients, leading zeros kept" got-totals want-totals
	psql_ -At -c "$YEARS" >got-years
	check "postgresql: counts by year" got-years want-years
	psql_ -At -c "$REGIONS" >got-regions
	check "postgresql: teleconsultas by region" got-regions want-regions
	psql_ -At -c "SELECT data_type FROM information_schema.columns
	    WHERE table_name = 'actions' ORDER BY ordinal_position" |
	    tr '\n' ' ' >got-types
	printf 'integer integer text text text bigint bigint ' >want-types
	check "postgresql: column types" got-types want-types
	psql_ -c "$REPORT_DDL" && psql_ -c '\copy report FROM STDIN WITH (FORMAT csv, HEADER true)' \
	    <report.csv && psql_ -At -c "$REPORT" >got-report
	check "postgresql: the tidy report (\\copy) agrees with the table" \
	    got-report want-report
else
	tap_not_ok "PostgreSQL loads the export"
	tap_diag <pg.err
fi
tap_done
