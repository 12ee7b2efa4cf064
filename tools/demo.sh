#!/usr/bin/env bash
# make demo: the whole telestat pipeline on synthetic data, into demo/.
#
# Synthesizes five yearly exports of a national telehealth log (Peru,
# 2021-2025), turns them into records, classifies and aggregates them
# (once in one pipe, once per file in parallel with --partial and merge,
# and checks that both give the same table), writes the annual report as
# HTML with charts and as Markdown, one report per region, draws charts
# and maps, and prints the text
# report and a chart for the terminal. Each command is shown before it
# runs. Takes a few seconds; `make demo` builds first.
#
# TELESTAT_DEMO_DIR (default demo) is where it writes; TELESTAT_DEMO_STEPS
# (default "1 2 3 4 5 6 7") the steps it runs: tests/readme.t runs the
# steps that print README's excerpt (1 2 6 7) into a temporary directory.
set -euo pipefail
cd "$(dirname "$0")/.."
# The build to run: build/, or the one a test names (tests/readme.t).
PATH=${TELESTAT_BUILD:-$PWD/build}/bin:$PATH
export PATH

if [ -t 1 ]; then
	bold=$(printf '\033[1m') plain=$(printf '\033[0m')
else
	bold= plain=
fi
step() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }
# Shows a command line, then runs it (a string, so that it can hold pipes).
run() { printf '$ %s\n' "$1"; eval "$1"; }

out=${TELESTAT_DEMO_DIR:-demo}
keys=year,month,region,category,subcategory
metrics=count,sessions,records
# Beyond the counts: the facility network (from synth), the plan's goals
# (tools/demo-targets.tsv), rates per 1 000 inhabitants (population from
# share/population/), and the cost of the trips avoided.
figures="--facilities $out/facilities.tsv --targets tools/demo-targets.tsv --cost-per-km 0.5 --currency PEN"

step_1() {
	step "1. Synthesize a national log: one export a year, growing"
	# Pseudonyms are keyed; a real key is secret and kept. This one is not.
	printf 'telestat demo key, not a secret\n' > "$out/key"
	chmod 600 "$out/key"     # ingest refuses a key others can read
	rows=(60000 74000 89000 103000 118000)
	for i in 0 1 2 3 4; do
		y=$((2021 + i))
		fac=
		# One network for every year (--network-seed), as one institution's
		# yearly exports share theirs; the last year's export writes it out.
		[ "$y" = 2025 ] && fac=" --facilities $out/facilities.tsv"
		run "telestat synth -n ${rows[$i]} --seed $y --network-seed 1 --years $y-$y$fac -o $out/exports/export-$y.csv"
	done
	run "head -3 $out/exports/export-2025.csv"
}

step_2() {
	step "2. ingest | classify | aggregate, in one pipe"
	run "telestat ingest --key-file $out/key $out/exports/export-*.csv 2> $out/ingest.log |
    telestat classify |
    tee $out/records.tsv |
    telestat aggregate -g $keys -m $metrics -o $out/table.tsv"
	run "cat $out/ingest.log"
	run "head -4 $out/table.tsv"
}

step_3() {
	step "3. The same table, one file per process, merged (as on many machines)"
	run "ls $out/exports/export-*.csv |
    xargs -P 2 -I{} sh -c 'telestat ingest -q --key-file $out/key \"\$1\" |
        telestat classify |
        telestat aggregate --partial -g $keys -m $metrics -o \"\$1.part\"' sh {}"
	run "telestat merge $out/exports/*.part -o $out/table-merged.tsv"
	run "cmp $out/table.tsv $out/table-merged.tsv && echo 'merged partials = one-pipe table'"
}

step_4() {
	step "4. The annual report: HTML with charts, Markdown"
	run "telestat report --ingest-log $out/ingest.log $figures -f html --charts -o $out/report.html $out/records.tsv"
	run "telestat report --ingest-log $out/ingest.log $figures -f md -o $out/report.md $out/records.tsv"
	run "sed -n 's/^##* //p' $out/report.md"
	# One report per region, in one run: the same files as a filter | report
	# loop would write, the input read once.
	run "mkdir -p $out/regions && telestat report --each region $figures -f html -o '$out/regions/informe-%s.html' $out/records.tsv"
	run "ls $out/regions | head -3; ls $out/regions | wc -l"
}

step_5() {
	step "5. Charts from the aggregate table"
	run "telestat filter -e category!=unclassified $out/table.tsv |
    telestat plot --by category -o $out/trend.png"
	run "telestat filter --year 2025 -e category!=unclassified $out/table.tsv |
    telestat plot --bars region --top 30 --size 900x650 -o $out/regions.svg"
	run "telestat filter --year 2025 -e category!=unclassified $out/table.tsv |
    telestat plot --map -o $out/map.svg"
	run "telestat filter --year 2025 -e category!=unclassified $out/table.tsv |
    telestat plot --map --map-metric rate -o $out/map-rate.svg"
}

step_6() {
	step "6. The report for a terminal"
	run "telestat report --ingest-log $out/ingest.log $figures $out/records.tsv"
}

step_7() {
	step "7. A chart for a terminal (or a cron job's mail)"
	run "telestat filter --year 2025 -e category!=unclassified $out/table.tsv |
    telestat plot -T dumb --bars category"
}

start=$(date +%s)
rm -rf "$out/exports" "$out/regions"
mkdir -p "$out/exports"
for s in ${TELESTAT_DEMO_STEPS:-1 2 3 4 5 6 7}; do
	"step_$s"
done
[ -n "${TELESTAT_DEMO_STEPS:-}" ] && exit 0

step "Done in $(($(date +%s) - start)) s"
cat <<EOF
$out/report.html   the annual report with its charts and map (open it in a
                   browser; it reads on a phone too)
$out/report.md     the same report in Markdown
$out/trend.png     actions per year and category
$out/regions.svg   actions by region in 2025
$out/map.svg       the same as a map, one shape per region
$out/map-rate.svg  actions per 1 000 inhabitants by region in 2025
$out/regions/      one HTML report per region (report --each region)
$out/records.tsv   the classified records; $out/table.tsv, the aggregate
$out/facilities.tsv the facility network of the 2025 export
EOF
