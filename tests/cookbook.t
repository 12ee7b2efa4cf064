# The README's cookbook, run as written: every fenced block tagged
# "sh cookbook" in the section "Cookbook: tables where analysts work",
# in order, in one temporary directory, then its files checked against
# aggregate's own table: the spreadsheet's grand total and rows, the DHIS2
# data values and the ADX message against the mapped counts, the SQLite
# tables' sums. Blocks tagged "sh cookbook-postgresql" run against a
# throw-away server (tests/pg.sh), or are skipped with the reason.
. "$(dirname "$0")/lib.sh"
export TELESTAT_SHARE=$TOP/share
cd "$TMP" || exit 3

# blocks TAG: the commands of the cookbook blocks with info string TAG.
blocks() {
	awk -v tag="$1" '
		/^## / { in_cook = ($0 ~ /^## Cookbook/) }
		in_cook && /^```/ { if (inblock) { inblock = 0; next }
			if ($0 == "```" tag) { inblock = 1; n++; next } }
		inblock { print }
		END { if (n == 0) exit 1 }' "$TOP/README.md"
}

if blocks "sh cookbook" >cookbook.sh; then
	tap_ok "README: $(grep -c . cookbook.sh) cookbook command lines"
else
	tap_not_ok "README: no cookbook blocks"
fi
if bash -e -o pipefail cookbook.sh >cookbook.out 2>cookbook.err; then
	tap_ok "the cookbook runs (exit 0)"
else
	tap_not_ok "the cookbook runs"
	tap_diag <cookbook.err
fi

# check NAME GOT WANT
check() {
	if [ "$2" = "$3" ] && [ -n "$2" ]; then
		tap_ok "$1 ($2)"
	else
		tap_not_ok "$1"
		printf 'got  %s\nwant %s\n' "$2" "$3" | tap_diag
	fi
}

records=$(($(wc -l <records.tsv) - 1))
total=$(telestat aggregate -g year records.tsv | awk -F'\t' 'NR > 1 { s += $2 } END { print s }')
[ "$records" -gt 1000 ] && tap_ok "records.tsv: $records records" || tap_not_ok "records.tsv"

# The spreadsheet: BOM, CRLF, one row per region and the totals row, the
# grand total equal to aggregate's.
check "regiones.csv starts with the UTF-8 BOM" "$(head -c 3 regiones.csv | od -An -tx1 | tr -d ' ')" efbbbf
check "regiones.csv: every line ends in CRLF" "$(grep -c $'\r$' regiones.csv)" "$(wc -l <regiones.csv)"
nregions=$(telestat aggregate -g region records.tsv | sed 1d | wc -l)
check "regiones.csv: header, one row per region, totals row" \
    "$(($(wc -l <regiones.csv)))" "$((nregions + 2))"
check "regiones.csv: the grand total is aggregate's total" \
    "$(tr -d '\r' <regiones.csv | awk -F, '$1 == "Total" { print $NF }')" "$total"
check "regiones.csv: region names and Spanish labels" \
    "$(tr -d '\r' <regiones.csv | grep -c '^PE-ANC,Áncash,')$(head -1 regiones.csv | grep -c 'count:teleconsulta')" 11

# What the mapping exports: every category but unclassified (mapped to -).
mapped=$(awk -F'\t' 'NR > 1 && $4 != "unclassified" { s += $5 } END { print s }' mensual.tsv)
check "mensual.tsv: the same total as the records" \
    "$(awk -F'\t' 'NR > 1 { s += $5 } END { print s }' mensual.tsv)" "$total"
check "dhis2.json: the data values add up to the mapped counts" \
    "$(perl -MJSON::PP -0777 -ne '$s += $_->{value} for @{decode_json($_)->{dataValues}}; print $s' dhis2.json)" \
    "$mapped"
check "mensual.adx.xml: valid against the ADX schema" \
    "$(xmllint --noout --schema "$TOP/tests/schema/adx.xsd" mensual.adx.xml 2>&1 | tail -1)" \
    "mensual.adx.xml validates"
check "mensual.adx.xml: the data values add up to the mapped counts" \
    "$(grep -o 'value="[0-9]*"' mensual.adx.xml | tr -dc '0-9\n' | awk '{ s += $1 } END { print s }')" \
    "$mapped"

# SQLite: the SQL table and the imported CSV hold aggregate's numbers.
if command -v sqlite3 >/dev/null; then
	check "sqlite: acciones by year, as aggregate counts" \
	    "$(sqlite3 observatorio.db 'SELECT year, sum("count") FROM acciones GROUP BY year ORDER BY year' | tr '\n' ' ')" \
	    "$(telestat aggregate -g year records.tsv | sed 1d | tr '\t' '|' | tr '\n' ' ')"
	check "sqlite: the imported CSV, total and region names" \
	    "$(sqlite3 observatorio.db "SELECT sum(count), count(DISTINCT region_name) FROM regiones")" \
	    "$total|$nregions"
	check "the cookbook's SELECT printed the sums by year" \
	    "$(tr '\n' ' ' <cookbook.out)" \
	    "$(telestat aggregate -g year records.tsv | sed 1d | tr '\t' '|' | tr '\n' ' ')"
else
	tap_skip "sqlite3 not installed (make deps installs it)"
fi

# PostgreSQL: the cookbook's psql commands, against a server of our own.
. "$TOP/tests/pg.sh"
if ! blocks "sh cookbook-postgresql" >cookbook-pg.sh; then
	tap_not_ok "README: no PostgreSQL cookbook block"
elif ! pg_start; then
	tap_skip "PostgreSQL: $pg_why"
else
	psql_ -c 'CREATE DATABASE observatorio'
	# psql runs in the server's directory (as nobody when root): the
	# files the cookbook names relative to its directory go there too.
	cp regiones-largo.csv "$pgdir"/ && chmod a+r "$pgdir"/regiones-largo.csv
	psql() { as_user "$pgbin/psql" -h "$pgdir" -U telestat -X "$@"; }
	export -f psql as_user
	export pgbin pgdir
	if (. ./cookbook-pg.sh) >pg.out 2>pg.err; then
		tap_ok "the PostgreSQL cookbook runs"
	else
		tap_not_ok "the PostgreSQL cookbook runs"
		tap_diag <pg.err
	fi
	check "postgresql: the \\copy table by year, as aggregate counts" \
	    "$(tr '\n' ' ' <pg.out)" \
	    "$(telestat aggregate -g year records.tsv | sed 1d | tr '\t' '|' | tr '\n' ' ')"
	check "postgresql: acciones, the SQL table" \
	    "$(psql -At -d observatorio -c 'SELECT sum("count") FROM acciones')" "$total"
fi
tap_done
