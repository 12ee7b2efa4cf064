# telestat export against the formats' published shapes, on synthetic
# exports of every built-in source run through the whole pipeline with
# the example mapping of that source (share/mappings/):
#   - dhis2-json: the DHIS2 dataValueSet shape (tests/dhis2-shape.pl),
#     and its values add up to the table's mapped rows;
#   - adx: valid against tests/schema/adx.xsd (xmllint), same total;
#   - dhis2-csv: the DHIS2 column layout, same total.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 3
for p in minsa-his essalud-cenate cenetec-summary; do
	map=$TOP/share/mappings/$p.tsv
	keys=year,month,region,category
	# CENETEC reports whole years: no month.
	[ "$p" = cenetec-summary ] && keys=year,region,category
	telestat synth -p "$p" -n 3000 --seed 7 |
	    telestat ingest -p "$p" 2>/dev/null | telestat classify |
	    telestat aggregate -g "$keys" \
	    -m count,sessions,attendees >"$p.tsv" 2>"$p.err"
	# Expected total: every metric a mapped data element exports, taken
	# from the table with awk, the mapping read as plain TSV.
	want=$(awk -F'\t' '
		FNR == NR { if ($1 == "metric") dm = $2
			if ($1 == "dataElement") { m = ($4 == "" ? "" : $4)
			  if ($3 != "-") de[$2] = de[$2] " " m }
			next }
		FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
		$(col["category"]) in de {
			n = split(de[$(col["category"])], ms, " ")
			for (k = 1; k <= n; k++) s += $(col[ms[k] == "" ? (dm ? dm : "count") : ms[k]])
			if (n == 0) s += $(col[dm ? dm : "count"])
		}
		END { print s + 0 }' "$map" "$p.tsv")
	if telestat export -f dhis2-json -M "$map" "$p.tsv" >"$p.json" 2>"$p.jerr" &&
	    got=$(perl "$TOP/tests/dhis2-shape.pl" "$p.json" 2>"$p.shape"); then
		if [ "$got" = "$want" ]; then
			tap_ok "$p: dhis2-json has the dataValueSet shape, total $got"
		else
			tap_not_ok "$p: dhis2-json total $got, table says $want"
		fi
	else
		tap_not_ok "$p: dhis2-json"
		cat "$p.jerr" "$p.shape" 2>/dev/null | head -20 | tap_diag
	fi
	if telestat export -f adx -M "$map" -o "$p.xml" "$p.tsv" 2>/dev/null &&
	    xmllint --noout --schema "$TOP/tests/schema/adx.xsd" "$p.xml" 2>"$p.xerr"; then
		got=$(grep -o 'value="[0-9]*"' "$p.xml" | tr -dc '0-9\n' | awk '{s += $1} END {print s + 0}')
		if [ "$got" = "$want" ]; then
			tap_ok "$p: adx valid against the ADX schema, total $got"
		else
			tap_not_ok "$p: adx total $got, table says $want"
		fi
	else
		tap_not_ok "$p: adx"
		head -20 "$p.xerr" 2>/dev/null | tap_diag
	fi
	telestat export -f dhis2-csv -M "$map" "$p.tsv" 2>/dev/null | tr -d '\r' >"$p.csv"
	# Periods are YYYY or YYYYMM (no {n} intervals: mawk, Debian's awk, lacks them).
	got=$(awk -F, 'NR == 1 { ok = $0 == "dataelement,period,orgunit,catoptcombo,attroptcombo,value"; next }
		NF != 6 || $2 !~ /^[0-9][0-9][0-9][0-9]([0-9][0-9])?$/ || $6 !~ /^[0-9]+$/ { ok = 0 }
		{ s += $6 } END { print ok ? s + 0 : "bad" }' "$p.csv")
	if [ "$got" = "$want" ]; then
		tap_ok "$p: dhis2-csv layout, total $got"
	else
		tap_not_ok "$p: dhis2-csv total $got, table says $want"
	fi
done
# The shape checker itself must fail on a value set that is not one.
printf '{"dataValues": [{"dataElement": "A", "period": "2025-03", "orgUnit": "B", "value": 3}]}\n' >bad.json
if perl "$TOP/tests/dhis2-shape.pl" bad.json >/dev/null 2>bad.err; then
	tap_not_ok "dhis2-shape.pl accepts a bad period and a numeric value"
else
	tap_ok "dhis2-shape.pl rejects a bad period and a numeric value"
fi
tap_done
