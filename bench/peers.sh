#!/usr/bin/env bash
# bench/peers.sh - job J1 in the peer tools, on an export from
# `telestat synth` (the generic profile: id_atencion, fecha_atencion
# DD/MM/YYYY, departamento, renipress, ipress, servicio, ...).
#
#   bench/peers.sh duckdb|gawk|mlr FILE.csv
#
# Each peer reads the CSV, upper-cases the department name and strips its
# accents ("Junín" -> JUNIN), classifies the service label by the patterns
# below, takes the year from the date and counts attentions per (year,
# departamento, category). Output: TSV year, departamento, category, count.
#
# The patterns are the peers' stand-in for telestat's default rules: they
# give the same category as `telestat classify` for every label that synth
# writes (in-person services and empty labels are unclassified), so that
# bench/compare.py can require equal counts. The order matters: "INTERC"
# before "CONSULTA", in-person before everything.
#
# DuckDB is the npm package @duckdb/node-api that `make bench-peers`
# installs into build/bench/node (BENCH_NODE_DIR overrides that).
set -euo pipefail
tool=${1:-} f=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
[ -n "$f" ] || { echo "usage: bench/peers.sh duckdb|gawk|mlr FILE.csv" >&2; exit 2; }
case $tool in
duckdb)
	BENCH_NODE_DIR=${BENCH_NODE_DIR:-$here/../build/bench/node} \
	    exec node "$here/duck.mjs" "$f" ;;
gawk)
	# FPAT: a field is unquoted, or quoted with "" for a quote inside.
	LC_ALL=C exec gawk -v FPAT='([^,]*)|("([^"]|"")*")' -v OFS='\t' '
	NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	{
		s = toupper($col["servicio"])
		if (s == "" || s ~ /PRESENCIAL|EXTERNA/) c = "unclassified"
		else if (s ~ /INTERC/) c = "teleinterconsulta"
		else if (s ~ /CONSULTA/) c = "teleconsulta"
		else if (s ~ /ORIENT|ASESORIA/) c = "teleorientacion"
		else if (s ~ /MONIT|TELECRON/) c = "telemonitoreo"
		else if (s ~ /TRIAJE/) c = "teletriaje"
		else if (s ~ /URGENCIA/) c = "teleurgencia"
		else if (s ~ /APOYO|RADIOLOG|MAMOGRAF|EKG/) c = "teleapoyo_diagnostico"
		else if (s ~ /CAPACITACI/) c = "telecapacitacion"
		else if (s ~ /GESTI/) c = "telegestion"
		else c = "unclassified"
		d = toupper($col["departamento"])
		# Byte sequences, not bracket expressions: the locale is C.
		gsub(/Á|á/, "A", d); gsub(/É|é/, "E", d); gsub(/Í|í/, "I", d)
		gsub(/Ó|ó/, "O", d); gsub(/Ú|ú/, "U", d)
		n[substr($col["fecha_atencion"], 7, 4) "\t" d "\t" c]++
	}
	END { print "year", "departamento", "category", "count"; for (k in n) print k, n[k] }' "$f" ;;
mlr)
	exec mlr --icsv --otsv put -q '
	s = toupper($servicio);
	var c = "unclassified";
	if (s == "" || s =~ "PRESENCIAL|EXTERNA") { c = "unclassified" }
	elif (s =~ "INTERC") { c = "teleinterconsulta" }
	elif (s =~ "CONSULTA") { c = "teleconsulta" }
	elif (s =~ "ORIENT|ASESORIA") { c = "teleorientacion" }
	elif (s =~ "MONIT|TELECRON") { c = "telemonitoreo" }
	elif (s =~ "TRIAJE") { c = "teletriaje" }
	elif (s =~ "URGENCIA") { c = "teleurgencia" }
	elif (s =~ "APOYO|RADIOLOG|MAMOGRAF|EKG") { c = "teleapoyo_diagnostico" }
	elif (s =~ "CAPACITACI") { c = "telecapacitacion" }
	elif (s =~ "GESTI") { c = "telegestion" }
	d = gsub(gsub(gsub(gsub(gsub(toupper($departamento), "Á", "A"), "É", "E"), "Í", "I"), "Ó", "O"), "Ú", "U");
	@n[substr($fecha_atencion, 6, 9)][d][c] += 1;
	end { emit @n, "year", "departamento", "category" }' "$f" ;;
*)
	echo "usage: bench/peers.sh duckdb|gawk|mlr FILE.csv" >&2; exit 2 ;;
esac
