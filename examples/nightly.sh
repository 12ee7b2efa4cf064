#!/usr/bin/env bash
# nightly.sh - build the annual telehealth report from the night's exports
# and publish it, or publish nothing and fail loudly, with the reasons.
#
# usage: nightly.sh INCOMING PUBLIC
#
# INCOMING holds one file per export, named PROFILE--SOURCE.EXT: the
# telestat profile that reads it, then "--", then the name the report gives
# the source (minsa-his--minsa.csv, generic--hospital-norte.csv.gz,
# fhir--red-privada.ndjson), so that the report says where each source's
# data end and which source is missing.
# PUBLIC is a symbolic link that this script manages: each good run writes
# its report into a new directory beside it (PUBLIC.XXXXXX) and then moves
# the link in one rename, so readers see yesterday's report or today's,
# never a mix; the directory of the run before is then removed.
#
# Settings (environment):
#   YEAR            the report year (default: last calendar year)
#   MAX_REJECT_PCT  per export, the percent of rejected rows tolerated (1)
#   FAIL_ON         report --fail-on conditions (default: all of them;
#                   to publish year-to-date figures during the year, set
#                   YEAR to this year and leave partial-year out)
#   CHARTS          report option for the HTML charts (--charts=required:
#                   no gnuplot is a failure, exit 4)
#   TELESTAT_KEY_FILE  the key of the patient pseudonyms
#
# Exit status: 0 when the report was published; otherwise the status of
# the step that failed (1 data problems, 2 usage, 3 I/O, 4 no gnuplot),
# every reason on standard error, and PUBLIC left as it was.
#
# crontab(5), mailing the reasons when it fails:
#   15 2 * * *  nightly.sh /srv/obs/incoming /srv/obs/public 2>/srv/obs/nightly.err || mail -s 'telestat report NOT published' obs@example.org </srv/obs/nightly.err
set -u -o pipefail

YEAR=${YEAR:-$(($(date +%Y) - 1))}
MAX_REJECT_PCT=${MAX_REJECT_PCT:-1}
FAIL_ON=${FAIL_ON:-unclassified>5%,rejected>1%,not-reported,stopped,partial-year,duplicates}
CHARTS=${CHARTS:---charts=required}

status=0
# step STATUS WHAT: remember the first failure, and say which step it was.
step() {
	if [ "$1" -ne 0 ]; then
		echo "nightly: $2 failed (exit $1)" >&2
		[ "$status" -ne 0 ] || status=$1
	fi
}
# stop: end the run here when a step failed, publishing nothing.
stop() {
	if [ "$status" -ne 0 ]; then
		echo "nightly: report NOT published; $OUT unchanged" >&2
		exit "$status"
	fi
}

if [ $# -ne 2 ]; then
	echo "usage: nightly.sh INCOMING PUBLIC" >&2
	exit 2
fi
IN=$1
OUT=${2%/}
if [ -e "$OUT" ] && [ ! -L "$OUT" ]; then
	echo "nightly: $OUT exists and is not a symbolic link made by nightly.sh" >&2
	exit 2
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/nightly.XXXXXX") || exit 3
NEW=
trap 'rm -rf "$WORK" ${NEW:+"$NEW"}' EXIT

shopt -s nullglob
exports=("$IN"/*--*)
if [ ${#exports[@]} -eq 0 ]; then
	echo "nightly: no exports in $IN (files named PROFILE--SOURCE.EXT)" >&2
	step 1 "finding the exports"
fi
stop

# 1. Every export with its profile. Ingest exits 1 when more than
# MAX_REJECT_PCT % of its rows are rejected, and its summary records what
# it read, rejected and found repeated (by attention id), for the report
# to check. Validate's summary adds the rows repeated exactly in an
# export without an id, which ingest does not look for; the rows it
# would reject are ingest's to judge, so its own rate is 100 %.
n=0
for f in "${exports[@]}"; do
	n=$((n + 1))
	b=${f##*/}
	source=${b#*--}
	telestat ingest -q -p "${b%%--*}" --source "${source%%.*}" \
	    --max-reject-rate "$MAX_REJECT_PCT" \
	    --summary "$WORK/ingest-$n.json" -o "$WORK/records-$n.tsv" "$f"
	step $? "ingest $f"
	telestat validate -p "${b%%--*}" --max-messages 1 --max-reject-rate 100 \
	    --summary "$WORK/validate-$n.json" "$f" >/dev/null
	step $? "validate $f"
done
stop

# 2. One classified records file.
telestat classify --summary "$WORK/classify.json" -o "$WORK/records.tsv" \
    "$WORK"/records-*.tsv
step $? classify
stop

# 3. The report, first as JSON with the gates: each failed condition is
# one line on standard error and the exit status is 1.
summaries=()
for s in "$WORK"/ingest-*.json "$WORK"/validate-*.json "$WORK/classify.json"; do
	summaries+=(--summary "$s")
done
NEW=$(mktemp -d "$OUT.XXXXXX") || exit 3
chmod 755 "$NEW"
report() {
	telestat report --year "$YEAR" "${summaries[@]}" "$@" "$WORK/records.tsv"
}
report --fail-on "$FAIL_ON" -f json -o "$NEW/informe.json"
step $? "report --fail-on $FAIL_ON"
stop
report -f html "$CHARTS" -o "$NEW/informe.html"
step $? "report -f html"
report -f md -o "$NEW/informe.md"
step $? "report -f md"
report -f csv -o "$NEW/informe.csv"
step $? "report -f csv"
stop

# 4. Publish: the link moves in one rename (mv -T, GNU coreutils).
old=$(readlink "$OUT" 2>/dev/null)
dir=$(dirname "$OUT")
ln -s "${NEW##*/}" "$OUT.link.$$" && mv -T "$OUT.link.$$" "$OUT"
step $? "publishing $OUT"
stop
case $old in	# only a directory this script made
"${OUT##*/}".??????) rm -rf "${dir:?}/$old" ;;
esac
NEW=
echo "nightly: published $OUT ($YEAR)" >&2
exit 0
