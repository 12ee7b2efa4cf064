# The nightly recipe (examples/nightly.sh, shown in the README), run as
# cron runs it: on good exports it publishes the report and exits 0; on
# each kind of bad night it exits non-zero, says why on standard error and
# leaves the published report as it was. Copies of the script with a check
# taken out are run too: this test must catch them.
. "$(dirname "$0")/lib.sh"
NIGHTLY=$TOP/examples/nightly.sh
export TELESTAT_KEY_FILE=$TESTKEY YEAR=2025
unset FAIL_ON MAX_REJECT_PCT CHARTS TELESTAT_GNUPLOT
if ! command -v gnuplot >/dev/null 2>&1; then
	export CHARTS=--charts	# charts left out, not a failure
fi

# Good exports: two sources, 2021-2025, every region reporting.
GOOD=$TMP/good
mkdir "$GOOD"
telestat synth -p minsa-his -n 5000 --seed 5 -o "$GOOD/minsa-his--minsa.csv" &&
telestat synth -n 5000 --seed 6 -o "$GOOD/generic--hospital.csv" || exit 3

# night SCRIPT NAME INCOMING: runs SCRIPT on INCOMING, publishing into
# $TMP/NAME/public (a copy of the site of the good night, when there is
# one); sets $rc and leaves standard error in $TMP/NAME/err.
night() {
	mkdir -p "$TMP/$2"
	[ "$2" != site ] && cp -a "$TMP/site/." "$TMP/$2/"
	(cd "$TMP/$2" && bash "$1" "$3" public >out 2>err)
	rc=$?
}

# bad_night SCRIPT NAME INCOMING STATUS REASON: whether SCRIPT failed as
# it should: exit STATUS, REASON (a fixed string) and "NOT published" on
# standard error, the site of the good night untouched and nothing left
# beside it. Says what went wrong on the TAP diagnostic lines.
bad_night() {
	local d=$TMP/$2 problems=
	night "$1" "$2" "$3"
	[ "$rc" = "$4" ] || problems="exit $rc, want $4"
	grep -qF -- "$5" "$d/err" || problems="$problems; no \"$5\" on stderr"
	grep -qF 'report NOT published; public unchanged' "$d/err" ||
		problems="$problems; no \"NOT published\" on stderr"
	[ "$(readlink "$d/public")" = "$published" ] ||
		problems="$problems; public now points to $(readlink "$d/public")"
	cmp -s "$d/public/informe.json" "$TMP/site/public/informe.json" ||
		problems="$problems; the published report changed"
	[ "$(cd "$d" && echo public.*)" = "$published" ] ||
		problems="$problems; left behind: $(cd "$d" && echo public.*)"
	[ ! -s "$d/out" ] || problems="$problems; wrote on stdout"
	if [ -n "$problems" ]; then
		printf '%s\n' "${problems#; }" | tap_diag
		tap_diag <"$d/err"
		return 1
	fi
}

# A copy of the good exports, in $TMP/in/NAME, for a case to spoil.
spoil() {
	rm -rf "$TMP/in/$1"
	mkdir -p "$TMP/in/$1"
	cp "$GOOD"/* "$TMP/in/$1/"
	cd "$TMP/in/$1" || exit 3
}

# --- the good night -------------------------------------------------------
night "$NIGHTLY" site "$GOOD"
published=$(readlink "$TMP/site/public")
if [ "$rc" = 0 ] && [ -n "$published" ] &&
    [ "$(cat "$TMP/site/err")" = "nightly: published public (2025)" ]; then
	tap_ok "good exports: exit 0, one line on stderr"
else
	tap_not_ok "good exports: exit $rc"
	tap_diag <"$TMP/site/err"
fi
ok=1
for f in informe.json informe.html informe.md informe.csv; do
	[ -s "$TMP/site/public/$f" ] || { ok=0; echo "no $f" | tap_diag; }
done
grep -q '"year":[[:space:]]*2025,' "$TMP/site/public/informe.json" || ok=0
grep -q '^# Informe anual de telesalud 2025' "$TMP/site/public/informe.md" || ok=0
if command -v gnuplot >/dev/null 2>&1; then
	grep -q '<svg' "$TMP/site/public/informe.html" || ok=0
fi
[ "$(stat -c %a "$TMP/site/$published")" = 755 ] || ok=0
[ "$ok" = 1 ] && tap_ok "good exports: the report published, in every format" ||
	tap_not_ok "good exports: the report published, in every format"

# The next good night moves the link and removes the directory before.
night "$NIGHTLY" again "$GOOD"
again=$(readlink "$TMP/again/public")
if [ "$rc" = 0 ] && [ "$again" != "$published" ] &&
    [ "$(cd "$TMP/again" && echo public.*)" = "$again" ] &&
    cmp -s "$TMP/again/public/informe.md" "$TMP/site/public/informe.md"; then
	tap_ok "a second good night replaces the site and removes the old one"
else
	tap_not_ok "a second good night replaces the site and removes the old one"
	(cd "$TMP/again" && ls -la) | tap_diag
fi

# --- bad nights -----------------------------------------------------------
# case NAME STATUS REASON: the exports in $TMP/in/NAME fail as they should.
case_() {
	if bad_night "$NIGHTLY" "$1" "$TMP/in/$1" "$2" "$3"; then
		tap_ok "$1: exit $2, \"$3\""
	else
		tap_not_ok "$1: exit $2, \"$3\""
	fi
}

# Both sources stop at the end of March: the 2025 report would be partial.
spoil partial
awk -F';' 'NR == 1 || $2 != 2025 || $3 <= 3' minsa-his--minsa.csv >x && mv x minsa-his--minsa.csv
awk -F, 'NR == 1 || $2 !~ /\/(0[4-9]|1[0-2])\/2025$/' generic--hospital.csv >x && mv x generic--hospital.csv
case_ partial 1 "fail-on partial-year: the 2025 data end in 2025-03-31"

# One source stops at the end of March, the other does not.
spoil partial-source
awk -F, 'NR == 1 || $2 !~ /\/(0[4-9]|1[0-2])\/2025$/' generic--hospital.csv >x && mv x generic--hospital.csv
case_ partial-source 1 "fail-on partial-year: the 2025 data of hospital end in 2025-03-31"

# Ten attentions delivered twice (same Id_Cita and item): rejected by
# ingest, under the reject rate, and the report's duplicates gate fails.
spoil duplicates
sed -n 2,11p minsa-his--minsa.csv >>minsa-his--minsa.csv
case_ duplicates 1 "fail-on duplicates: 10 duplicates found"

# A generic export (no attention id mapped) with ten of its rows delivered
# again: validate counts them, and the report's duplicates gate fails.
spoil repeated-rows
sed -n 2,11p generic--hospital.csv >>generic--hospital.csv
case_ repeated-rows 1 "fail-on duplicates: 10 duplicates found"

# 2 % of one export's rows have an impossible date (more than 1 %).
spoil rejected
for i in $(seq 100); do
	echo "x$i,31/02/2025,LIMA,00011555,P.S. X,TELCONSULTA,MEDICINA GENERAL,F,40,12345678"
done >>generic--hospital.csv
case_ rejected 1 "more than --max-reject-rate 1 %"

# In-person services exported as if they were remote.
spoil unclassified
sed 's/,TELCONSULTA,/,CONSULTA EXTERNA,/' generic--hospital.csv >x && mv x generic--hospital.csv
case_ unclassified 1 "fail-on unclassified>5.0 %"

# Amazonas (UBIGEO 01, AMAZONAS) sends nothing.
spoil not-reported
awk -F';' '$7 !~ /^01/' minsa-his--minsa.csv >x && mv x minsa-his--minsa.csv
awk -F, 'toupper($3) != "AMAZONAS"' generic--hospital.csv >x && mv x generic--hospital.csv
case_ not-reported 1 "fail-on not-reported: 1 expected entities did not report in 2025"

# Amazonas reported in 2024 and sends nothing for 2025.
spoil stopped
awk -F';' '!($2 == 2025 && $7 ~ /^01/)' minsa-his--minsa.csv >x && mv x minsa-his--minsa.csv
awk -F, '!(toupper($3) == "AMAZONAS" && $2 ~ /\/2025$/)' generic--hospital.csv >x && mv x generic--hospital.csv
case_ stopped 1 "fail-on stopped: 1 entities active in 2024 stopped reporting in 2025"

# A FHIR bulk export dropped in under a header-name profile.
spoil fhir-as-csv
telestat synth -p fhir -n 200 --seed 8 -o generic--red.ndjson || exit 3
case_ fhir-as-csv 1 "looks like FHIR Encounters: use -p fhir"

# The date column renamed in the export.
spoil missing-column
sed '1s/,fecha_atencion,/,fecha_registro,/' generic--hospital.csv >x && mv x generic--hospital.csv
case_ missing-column 1 "no date column (nor a year) in the header"

# A truncated download.
spoil unreadable
gzip -c generic--hospital.csv | head -c 20000 >generic--hospital.csv.gz
rm generic--hospital.csv
case_ unreadable 3 "ingest $TMP/in/unreadable/generic--hospital.csv.gz failed (exit 3)"

# No gnuplot: the HTML report cannot have its charts.
if [ "${CHARTS-}" = "" ]; then
	spoil no-gnuplot
	TELESTAT_GNUPLOT=/nonexistent/gnuplot case_ no-gnuplot 4 "gnuplot"
else
	tap_skip "no-gnuplot: gnuplot is not installed here"
fi

# No exports at all.
mkdir -p "$TMP/in/empty"
case_ empty 1 "nightly: no exports in $TMP/in/empty"

# --- this test catches a script that does not check ----------------------
# broken NAME SED CASE STATUS REASON: a copy of the script edited by SED
# must not pass case CASE.
broken() {
	sed "$2" "$NIGHTLY" >"$TMP/$1.sh"
	if cmp -s "$NIGHTLY" "$TMP/$1.sh"; then
		tap_not_ok "broken script $1: the edit changed nothing"
	elif bad_night "$TMP/$1.sh" "broken-$1" "$TMP/in/$3" "$4" "$5" >/dev/null; then
		tap_not_ok "broken script $1 passes case $3"
	else
		tap_ok "broken script $1 fails case $3"
	fi
}
broken no-gates 's/--fail-on "$FAIL_ON" //' duplicates 1 "fail-on duplicates"
broken no-validate 's#"$WORK"/validate-\*.json ##' repeated-rows 1 "fail-on duplicates"
broken no-status 's/^\(\t*\)step \$?/\1true/' rejected 1 "more than --max-reject-rate"
broken lax-reject-rate "s/MAX_REJECT_PCT:-1}/MAX_REJECT_PCT:-50}/" rejected 1 "more than --max-reject-rate"
broken publishes-anyway 's/^\(\t*\)stop$/\1:/' unreadable 3 "failed (exit 3)"

# The README shows the script as it is.
awk '/^## A nightly job/ { s = 1 } s && /^```$/ { exit } s == 2 { print } s && /^```bash$/ { s = 2 }' \
    "$TOP/README.md" >"$TMP/readme-nightly.sh"
if cmp -s "$TMP/readme-nightly.sh" "$NIGHTLY"; then
	tap_ok "README shows examples/nightly.sh as it is"
else
	tap_not_ok "README shows examples/nightly.sh as it is"
	diff -u "$NIGHTLY" "$TMP/readme-nightly.sh" | head -20 | tap_diag
fi
tap_done
