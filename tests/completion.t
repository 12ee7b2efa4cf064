# Bash completion (completion/telestat.bash) against the commands
# themselves: what it offers must be what the verbs list in --help and
# accept, so that the two cannot drift apart.
. "$(dirname "$0")/lib.sh"
complete() { :; }
# shellcheck source=/dev/null
. "$TOP/completion/telestat.bash"
export TELESTAT_SHARE=$TOP/share
EX=$TESTDATA/examples
mkdir "$TMP/cwd" && cd "$TMP/cwd" || exit 3	# no files for file-name completion

# comp WORD...: the completions of the last word, sorted, one per line.
comp() {
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	COMPREPLY=()
	_telestat
	[ "${#COMPREPLY[@]}" -gt 0 ] && printf '%s\n' "${COMPREPLY[@]}" | sort
}
# same NAME GOT WANT: one test point comparing two sorted word lists.
same() {
	if [ "$2" = "$3" ] && [ -n "$2" ]; then
		tap_ok "$1"
	else
		tap_not_ok "$1"
		diff <(printf '%s\n' "$3") <(printf '%s\n' "$2") | tap_diag
	fi
}
# accepted NAME COMMAND...: the command does not reject its options (a
# usage error is status 2).
accepted() {
	local name=$1
	shift
	"$@" >/dev/null 2>"$TMP/err" </dev/null
	if [ $? -eq 2 ]; then
		tap_not_ok "$name: $*"
		tap_diag <"$TMP/err"
	else
		tap_ok "$name"
	fi
}

verbs=$(telestat --help | sed -n '/^commands:/,/^$/s/^  \([a-z][a-z]*\) .*/\1/p' | sort)
[ "$(printf '%s\n' "$verbs" | wc -l)" -ge 9 ] || tap_not_ok "telestat --help lists the verbs"
same "telestat <TAB>: the verbs of telestat --help" "$(comp telestat '')" \
    "$(printf '%s\n' $verbs help --help --version | sort)"
same "telestat help <TAB>: the verbs" "$(comp telestat help '')" "$verbs"

for v in $verbs; do
	help=$(telestat-"$v" --help 2>&1)
	# Long options as --help writes them, found independently of the
	# completion's own reading.
	want=$(printf '%s\n' "$help" | grep -oE -- '--[a-z][a-z-]*' | sort -u)
	same "$v --<TAB>: the long options of its --help" "$(comp telestat "$v" --)" "$want"
	# Every option whose --help gives a list of values (lower-case words or
	# country codes; not placeholders like NAME|FILE): each value offered
	# is one the verb takes.
	tok='([a-z0-9_-]+|[A-Z]{2})'
	for opt in $(printf '%s\n' "$help" | grep -oE -- "(^|[[ ])--?[a-zA-Z][a-z-]*[ =]$tok(\\|$tok)+" |
	    sed -E 's/^[[ ]//; s/[ =].*//' | sort -u); do
		vals=$(comp telestat "$v" "$opt" '')
		[ -n "$vals" ] || { tap_not_ok "$v $opt <TAB>: offers the values --help lists"; continue; }
		for val in $vals; do
			case $v in
			ingest|validate) accepted "$v $opt $val" telestat "$v" "$opt" "$val" "$EX/ingest-atenciones.csv" ;;
			aggregate) accepted "$v $opt $val" telestat "$v" -g year -m patients "$opt" "$val" "$EX/records-sample.tsv" ;;
			plot)	# --map-metric colours a map, which has no script
				if [ "$opt" = --map-metric ]; then
					accepted "$v $opt $val" telestat "$v" --map "$opt" "$val" -o "$TMP/map.svg" "$EX/records-sample.tsv"
				else
					accepted "$v $opt $val" telestat "$v" --script "$opt" "$val" "$EX/records-sample.tsv"
				fi ;;
			synth) accepted "$v $opt $val" telestat "$v" -n 1 "$opt" "$val" ;;
			merge)	# reads partial tables
				[ -f "$TMP/year.part" ] || telestat aggregate --partial -g year \
				    "$EX/records-sample.tsv" >"$TMP/year.part"
				accepted "$v $opt $val" telestat "$v" "$opt" "$val" "$TMP/year.part" ;;
			export)	# a mapping, except for SQL
				map=(-M "$TOP/share/mappings/minsa-his.tsv")
				[ "$val" = sql ] && map=()
				accepted "$v $opt $val" telestat "$v" "${map[@]}" "$opt" "$val" "$TESTDATA/export/cenetec.tsv" ;;
			report)	# --each writes one file per value
				each=()
				[ "$opt" = --each ] && each=(-o "$TMP/each-%s.txt")
				accepted "$v $opt $val" telestat "$v" "$opt" "$val" "${each[@]}" "$EX/records-sample.tsv" ;;
			*) accepted "$v $opt $val" telestat "$v" "$opt" "$val" "$EX/records-sample.tsv" ;;
			esac
		done
	done
done

# Lists that --help does not spell out.
for e in $(comp telestat ingest --encoding ''); do
	accepted "ingest --encoding $e" telestat ingest -q --encoding "$e" "$EX/ingest-atenciones.csv"
done
for f in $(comp telestat ingest --format ''); do
	accepted "ingest --format $f" telestat ingest -q --format "$f" /dev/null
	accepted "validate --format $f" telestat validate --format "$f" /dev/null
done
for p in $(comp telestat ingest -p ''); do
	accepted "ingest -p $p" telestat ingest -q -p "$p" /dev/null
done
# synth writes every built-in shape but the EsSalud spreadsheet sheets
# (essalud-sheet), which are read, not synthesized.
synth_profiles=$(comp telestat synth -p '')
same "synth -p <TAB>: its built-in shapes only, no files" "$synth_profiles" \
    "$(ls "$TOP/share/profiles" | sed -n 's/\.json$//p' | grep -vx essalud-sheet | sort)"
for p in $synth_profiles; do
	accepted "synth -p $p" telestat synth -n 1 -p "$p"
done
for c in $(comp telestat filter --category ''); do
	accepted "filter --category $c" telestat filter --category "$c" "$EX/records-sample.tsv"
done
for r in $(comp telestat report --rollup ''); do
	accepted "filter --category teleconsulta --rollup $r" telestat filter --category teleconsulta "--rollup=$r" "$EX/records-sample.tsv"
	accepted "report --rollup $r" telestat report --rollup "$r" "$EX/records-sample.tsv"
done
sections=$(comp telestat report --sections '')
[ "$(printf '%s\n' $sections | wc -l)" -ge 10 ] || tap_not_ok "report --sections <TAB>: the section names"
for s in $sections; do
	accepted "report --sections $s" telestat report --sections "$s" "$EX/records-sample.tsv"
done
same "report --sections summary,<TAB>: the others" \
    "$(comp telestat report --sections summary, | grep -c summary,)" \
    "$(($(printf '%s\n' $sections | wc -l) - 1))"
for c in $(comp telestat plot --by ''); do
	accepted "plot --by $c" telestat plot --script --by "$c" "$EX/records-sample.tsv"
	accepted "plot --bars $c" telestat plot --script --bars "$c" "$EX/records-sample.tsv"
done

# -g completes keys, -m metrics; a key or metric given is not offered again.
keys=$(comp telestat aggregate -g '')
metrics=$(comp telestat aggregate -m '')
for k in $keys; do
	if telestat aggregate -g "$k" "$EX/records-sample.tsv" >/dev/null 2>"$TMP/err"; then
		tap_ok "aggregate -g $k"
	else
		tap_not_ok "aggregate -g $k"; tap_diag <"$TMP/err"
	fi
done
for m in $metrics; do
	if telestat aggregate -g year -m "$m" "$EX/records-sample.tsv" >/dev/null 2>"$TMP/err"; then
		tap_ok "aggregate -m $m"
	else
		tap_not_ok "aggregate -m $m"; tap_diag <"$TMP/err"
	fi
done
# --wide completes one key: each is taken when it is also a key of -g.
for k in $(comp telestat aggregate --wide ''); do
	accepted "aggregate --wide $k" telestat aggregate -g "$k" --wide "$k" "$EX/records-sample.tsv"
done
same "aggregate --wide <TAB>: the keys of -g" "$(comp telestat aggregate --wide '')" "$keys"
both=$(comm -12 <(printf '%s\n' "$keys") <(printf '%s\n' "$metrics"))
same "-g and -m offer different words" "${both:-none}" none
same "-g year,<TAB>: the other keys" "$(comp telestat aggregate -g year,)" \
    "$(printf '%s\n' $keys | grep -vx year | sed 's/^/year,/')"
same "-m count,<TAB>: the other metrics" "$(comp telestat aggregate -m count,)" \
    "$(printf '%s\n' $metrics | grep -vx count | sed 's/^/count,/')"
tap_done
