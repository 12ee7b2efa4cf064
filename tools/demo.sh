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
set -euo pipefail
cd "$(dirname "$0")/.."
PATH=$PWD/build/bin:$PATH
export PATH

if [ -t 1 ]; then
	bold=$(printf '\033[1m') plain=$(printf '\033[0m')
else
	bold= plain=
fi
step() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }
# Shows a command line, then runs it (a string, so that it can hold pipes).
run() { printf '$ %s\n' "$1"; eval "$1"; }

start=$(date +%s)
rm -rf demo/exports demo/regions
mkdir -p demo/exports

step "1. Synthesize a national log: one export a year, growing"
# Pseudonyms are keyed; a real key is secret and kept. This one is not.
printf 'telestat demo key, not a secret\n' > demo/key
chmod 600 demo/key     # ingest refuses a key others can read
rows=(60000 74000 89000 103000 118000)
for i in 0 1 2 3 4; do
	y=$((2021 + i))
	fac=
	# One network for every year (--network-seed), as one institution's
	# yearly exports share theirs; the last year's export writes it out.
	[ "$y" = 2025 ] && fac=" --facilities demo/facilities.tsv"
	run "telestat synth -n ${rows[$i]} --seed $y --network-seed 1 --years $y-$y$fac -o demo/exports/export-$y.csv"
done
run "head -3 demo/exports/export-2025.csv"

step "2. ingest | classify | aggregate, in one pipe"
keys=year,month,region,category,subcategory
metrics=count,sessions,records
run "telestat ingest --key-file demo/key demo/exports/export-*.csv 2> demo/ingest.log |
    telestat classify |
    tee demo/records.tsv |
    telestat aggregate -g $keys -m $metrics -o demo/table.tsv"
run "cat demo/ingest.log"
run "head -4 demo/table.tsv"

step "3. The same table, one file per process, merged (as on many machines)"
run "ls demo/exports/export-*.csv |
    xargs -P 2 -I{} sh -c 'telestat ingest -q --key-file demo/key \"\$1\" |
        telestat classify |
        telestat aggregate --partial -g $keys -m $metrics -o \"\$1.part\"' sh {}"
run "telestat merge demo/exports/*.part -o demo/table-merged.tsv"
run "cmp demo/table.tsv demo/table-merged.tsv && echo 'merged partials = one-pipe table'"

step "4. The annual report: HTML with charts, Markdown"
# Beyond the counts: the facility network (from synth), the plan's goals
# (tools/demo-targets.tsv), rates per 1 000 inhabitants (population from
# share/population/), and the cost of the trips avoided.
figures="--facilities demo/facilities.tsv --targets tools/demo-targets.tsv --cost-per-km 0.5 --currency PEN"
run "telestat report --ingest-log demo/ingest.log $figures -f html --charts -o demo/report.html demo/records.tsv"
run "telestat report --ingest-log demo/ingest.log $figures -f md -o demo/report.md demo/records.tsv"
run "sed -n 's/^##* //p' demo/report.md"
# One report per region, in one run: the same files as a filter | report
# loop would write, the input read once.
run "mkdir -p demo/regions && telestat report --each region $figures -f html -o 'demo/regions/informe-%s.html' demo/records.tsv"
run "ls demo/regions | head -3; ls demo/regions | wc -l"

step "5. Charts from the aggregate table"
run "telestat filter -e category!=unclassified demo/table.tsv |
    telestat plot --by category -o demo/trend.png"
run "telestat filter --year 2025 -e category!=unclassified demo/table.tsv |
    telestat plot --bars region --top 30 --size 900x650 -o demo/regions.svg"
run "telestat filter --year 2025 -e category!=unclassified demo/table.tsv |
    telestat plot --map -o demo/map.svg"
run "telestat filter --year 2025 -e category!=unclassified demo/table.tsv |
    telestat plot --map --map-metric rate -o demo/map-rate.svg"

step "6. The report for a terminal"
run "telestat report --ingest-log demo/ingest.log $figures demo/records.tsv"

step "7. A chart for a terminal (or a cron job's mail)"
run "telestat filter --year 2025 -e category!=unclassified demo/table.tsv |
    telestat plot -T dumb --bars category"

step "Done in $(($(date +%s) - start)) s"
cat <<EOF
demo/report.html   the annual report with its charts and map (open it in a
                   browser; it reads on a phone too)
demo/report.md     the same report in Markdown
demo/trend.png     actions per year and category
demo/regions.svg   actions by region in 2025
demo/map.svg       the same as a map, one shape per region
demo/map-rate.svg  actions per 1 000 inhabitants by region in 2025
demo/regions/      one HTML report per region (report --each region)
demo/records.tsv   the classified records; demo/table.tsv, the aggregate
demo/facilities.tsv the facility network of the 2025 export
EOF
