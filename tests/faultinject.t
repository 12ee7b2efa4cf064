# Fault injection: every verb, run on a small input by the commands
# linked with the shim (tests/faultinject.c, BUILD/fault/bin), once
# cleanly to count its read, write, open, rename, fsync, close,
# allocation and spawn calls, then once per call site with that call
# failing. Each failing run must end with
#   - exit status 3 (4 when gnuplot cannot be spawned),
#   - one message, naming the file (or "out of memory") and the reason,
#   - every existing output file (-o, --rejects, --summary) unchanged,
#   - no temporary file left in the output directory,
#   - no sanitizer report, and no hang (a timeout ends the run).
# A write that takes nothing (write(2) returning 0, pseudo-errno ZERO)
# is an I/O error, not a reason to try again for ever.
# EINTR at a read, write or close is retried (or, for close, taken as
# done, as Linux closes the descriptor anyway), and a failed close of a
# file only read (an input, a pipe end) changes nothing: such runs end as
# the clean one did, with the same output.
#
# It needs the sanitizer build (make check runs it on build/asan); on
# other builds it is skipped unless TELESTAT_FAULT_WALK=1. A kind with
# more than TELESTAT_FAULT_POINTS call sites (default 8) is stepped
# through evenly, so the walk stays within a minute or two; EINTR is tried at the first,
# middle and last call of each kind.
. "$(dirname "$0")/lib.sh"
FB=$BUILD/fault/bin
if [ ! -x "$FB/telestat-ingest" ]; then
	tap_skip_file "no fault-injection build in $FB"
fi
if [ "${TELESTAT_FAULT_WALK:-}" != 1 ] &&
    ! ldd "$FB/telestat-ingest" 2>/dev/null | grep -q libasan; then
	tap_skip_file "walks the sanitizer build only (TELESTAT_FAULT_WALK=1 forces it)"
fi
POINTS=${TELESTAT_FAULT_POINTS:-8}
command -v timeout >/dev/null || tap_skip_file "no timeout(1)"

# Inputs, made by the normal commands.
IN=$TMP/in
mkdir -p "$IN"
telestat synth -n 40 --seed 5 -o "$IN/raw.csv"
telestat ingest -q --key-file "$TESTKEY" "$IN/raw.csv" | telestat classify >"$IN/records.tsv"
# Two bad rows, so that ingest also writes rejects (and exits 1).
printf '41,31/02/2024,PIURA,00001,CS,TELECONSULTA,MG,F,30,12345678\n42,01/01/2024,PIURA,00001,CS,TELECONSULTA,MG,F,x,12345678\n' >>"$IN/raw.csv"
telestat aggregate -g year,category -m count,patients "$IN/records.tsv" >"$IN/table.tsv"
telestat aggregate -g year,month,region,category -m count "$IN/records.tsv" >"$IN/monthly.tsv"
telestat aggregate --partial -g year,category -m count,patients "$IN/records.tsv" >"$IN/part1.tsv"
telestat aggregate --partial -g year,category -m count,patients "$IN/records.tsv" >"$IN/part2.tsv"
cp "$TOP/share/mappings/essalud-cenate.tsv" "$IN/mapping.tsv"
telestat classify -q --summary "$IN/classify.json" "$IN/records.tsv" >/dev/null
raw=$IN/raw.csv rec=$IN/records.tsv

# name | outputs (space-separated file names in the output dir) | command
# The command runs in the output directory, whose outputs hold "old".
cases='
ingest|out.tsv rej.csv sum.json|telestat-ingest -q --key-file $TESTKEY --rejects rej.csv --summary sum.json -o out.tsv $raw
classify-stats|out.tsv sum.json|telestat-classify --stats --summary sum.json -o out.tsv $rec
filter|out.tsv|telestat-filter --category teleconsulta -o out.tsv $rec
aggregate|out.tsv|telestat-aggregate -g year,region,category -m count,patients -o out.tsv $rec
aggregate-partial|out.tsv|telestat-aggregate --partial -g year,category -m count,patients -o out.tsv $rec
merge|out.tsv|telestat-merge -o out.tsv $IN/part1.tsv $IN/part2.tsv
report|out.txt|telestat-report -o out.txt $rec
report-html|out.html|telestat-report -f html --charts=required -o out.html $rec
report-csv|out.csv|telestat-report -f csv -o out.csv $IN/table.tsv
report-summary|out.txt|telestat-report --summary $IN/classify.json -o out.txt $rec
plot|out.svg|telestat-plot -T svg -o out.svg $IN/table.tsv
plot-regions|out.svg|telestat-plot -T svg --by region -o out.svg $IN/monthly.tsv
validate|sum.json|telestat-validate --summary sum.json $raw
validate-records|sum.json|telestat-validate --records --summary sum.json $rec
export|out.csv|telestat-export -f dhis2-csv -M $IN/mapping.tsv -o out.csv $IN/monthly.tsv
synth|out.csv|telestat-synth -n 30 --seed 2 -o out.csv
'

declare -A reason=([EIO]="Input/output error" [ENOSPC]="No space left on device"
    [ENOMEM]="Cannot allocate memory" [ENOENT]="No such file or directory"
    [EAGAIN]="Resource temporarily unavailable" [ZERO]="Input/output error")

# Prepares DIR with every output holding "old" (builtins only: the walk
# makes hundreds of runs, and forks are what it spends its time on).
prepare() {
	local f
	mkdir -p "$1"
	for f in "$1"/* "$1"/.[!.]*; do
		[ -e "$f" ] || continue
		case " $2 " in *" ${f##*/} "*) ;; *) rm -f "$f" ;; esac
	done
	for f in $2; do echo old >"$1/$f"; done
}

# Runs the case's command in DIR; stdout and stderr in DIR/../.run.*;
# returns its status.
run_case() {
	local dir=$1 cmd=$2
	(cd "$dir" && eval "exec timeout -k 5 30 $FB/$cmd" </dev/null \
	    >"$dir/../.run.out" 2>"$dir/../.run.err")
}

# Whether the file PATH (from the shim's log) is one the run writes: a
# temporary output, one of OUTS, or standard output.
is_output() {
	local f
	case $1 in *.tmp.*|*/.run.out) return 0 ;; esac
	for f in $2; do
		[ "${1##*/}" = "$f" ] && return 0
	done
	return 1
}

# Prints the call count of KIND from LOG.
count_of() { awk -v k="$1" '$1 == k { print $2 }' "$2"; }

# The N values to try for COUNT sites: all of them, or POINTS spread evenly
# (always the first and the last).
points() {
	local n=$1 i
	if [ "$n" -le "$POINTS" ]; then
		seq 1 "$n"
	else
		for i in $(seq 0 $((POINTS - 1))); do
			echo $((1 + i * (n - 1) / (POINTS - 1)))
		done | uniq
	fi
}

echo "$cases" | while IFS='|' read -r name outs cmd; do
	[ -n "$name" ] || continue
	# TELESTAT_FAULT_CASES=GLOB walks only the cases whose names match.
	case $name in ${TELESTAT_FAULT_CASES:-*}) ;; *) continue ;; esac
	next_in_shard || continue
	W=$TMP/w-$name
	mkdir -p "$W"
	D=$W/out
	# The clean run: counts, and the outputs the EINTR runs must match.
	prepare "$D" "$outs"
	rm -f "$W/log"
	TELESTAT_FAULT_LOG=$W/log run_case "$D" "$cmd"
	st=$?
	clean_st=$st
	if [ "$st" -gt 1 ] || [ ! -s "$W/log" ]; then
		tap_not_ok "$name: clean run exits $st"
		tap_diag <"$W/.run.err"
		continue
	fi
	mkdir -p "$W/clean"
	for f in $outs; do cp "$D/$f" "$W/clean/$f"; done
	cp "$W/.run.out" "$W/clean/.stdout"
	cp "$W/.run.err" "$W/clean/.stderr"
	unset clean_err
	declare -A clean_err=()
	while IFS= read -r l; do clean_err[$l]=1; done <"$W/.run.err"
	cp "$W/log" "$W/counts"
	sites=0 bad=0 found=
	for kind in read write open rename fsync close alloc spawn; do
		n=$(count_of $kind "$W/counts")
		[ -n "$n" ] && [ "$n" -gt 0 ] || continue
		case $kind in
		read|open|rename|fsync|close) errs="EIO" ;;
		write) errs="ENOSPC ZERO" ;;
		alloc) errs="ENOMEM" ;;
		spawn) errs="ENOENT EAGAIN" ;;
		esac
		case $kind in read|write|close) errs="$errs EINTR" ;; esac
		mid=$(( (n + 1) / 2 ))
		for at in $(points "$n"); do
			for e in $errs; do
				[ "$e" != EINTR ] || [ "$at" = 1 ] || [ "$at" = "$mid" ] ||
				    [ "$at" = "$n" ] || continue
				# A write that takes nothing: at the first one only.
				[ "$e" != ZERO ] || [ "$at" = 1 ] || continue
				sites=$((sites + 1))
				prepare "$D" "$outs"
				rm -f "$W/log"
				TELESTAT_FAULT=$kind:$at:$e TELESTAT_FAULT_LOG=$W/log \
				    run_case "$D" "$cmd"
				st=$?
				inj= injected=
				while read -r w1 _ _ _ w5; do
					[ "$w1" = injected ] && injected=1 inj=$w5
				done <"$W/log"
				# Reads of gnuplot's pipes vary in number from run
				# to run: a site past this run's last call is none.
				if [ -z "$injected" ]; then
					sites=$((sites - 1))
					continue
				fi
				what="$kind:$at:$e${inj:+ at ${inj##*/}}"
				# The messages the clean run did not print (rejected rows).
				mapfile -t all <"$W/.run.err"
				err= lines=0 n_reason=0
				for l in "${all[@]}"; do
					[ -n "$l" ] && [ -z "${clean_err[$l]:-}" ] || continue
					err="$err${err:+
}$l"
					lines=$((lines + 1))
					case $l in *"${reason[$e]:-@none@}"*) n_reason=$((n_reason + 1)) ;; esac
				done
				problem=
				case $err in
				*Sanitizer*|*"runtime error"*|*LeakSanitizer*)
					problem="sanitizer report" ;;
				esac
				if [ "$st" = 124 ] || [ "$st" = 137 ]; then
					problem="hang (timeout)"
				elif [ -n "$problem" ]; then
					:
				elif [ "$e" = EINTR ] || { [ "$kind" = close ] && ! is_output "$inj" "$outs"; }; then
					[ "$st" = "$clean_st" ] || problem="$e not retried or ignored: status $st"
					for f in $outs; do
						cmp -s "$D/$f" "$W/clean/$f" ||
						    problem="${problem:-EINTR: $f differs from the clean run}"
					done
					cmp -s "$W/.run.out" "$W/clean/.stdout" ||
					    problem="${problem:-EINTR: stdout differs}"
					[ -z "$err" ] || problem="${problem:-EINTR reported: $err}"
				else
					want=3
					[ "$kind:$e" = spawn:ENOENT ] && want=4
					[ "$st" = "$want" ] || problem="status $st, want $want"
					# One message says what failed; a second may only
					# conclude ("no table written"), not repeat it.
					[ "$lines" -ge 1 ] && [ "$lines" -le 2 ] ||
					    problem="${problem:-$lines messages}"
					if [ "$kind" != alloc ]; then
						[ "$n_reason" -le 1 ] || problem="${problem:-the reason given $n_reason times}"
					fi
					if [ "$kind" = alloc ]; then
						case $err in *"out of memory"*) ;;
						*) problem="${problem:-no out-of-memory message}" ;; esac
					else
						case $err in *"${reason[$e]}"*) ;;
						*) problem="${problem:-message without the reason}" ;; esac
						# The file named: the output for its temporary file.
						file=${inj##*/}
						case $file in *.tmp.*) file=${file%.tmp.*} ;; esac
						case $inj in
						""|-|pipe:*|socket:*|*"(deleted)"*|anon_inode:*) ;;
						*/.run.out)
							case $err in *"standard output"*) ;;
							*) problem="${problem:-message does not name standard output}" ;; esac ;;
						*)
							case $err in *"$file"*) ;;
							*) problem="${problem:-message does not name $file}" ;; esac ;;
						esac
						case $err in *.tmp.*)
							problem="${problem:-message names the temporary file}" ;; esac
					fi
					for f in $outs; do
						first=
						[ -f "$D/$f" ] && read -r first <"$D/$f"
						[ "$first" = old ] && [ "$(wc -c <"$D/$f")" = 4 ] && continue
						# A failed run's summary is written, saying so
						# (telestat-summary(5)).
						case $f in sum.json)
							grep -q '"status": 3' "$D/$f" && continue ;;
						esac
						# Renaming is the commit: the files renamed before
						# a failed rename are new (ts_out_sync in out.h).
						[ "$kind" = rename ] && [ "$f" != "${inj##*/}" ] && continue
						problem="${problem:-$f changed}"
					done
				fi
				left=
				for f in "$D"/*.tmp.* "$D"/.*.tmp.*; do
					[ -e "$f" ] && left="$left ${f##*/}"
				done
				[ -z "$left" ] || problem="${problem:-temporary file left: $left}"
				if [ -n "$problem" ]; then
					bad=$((bad + 1))
					found="$found
$what: $problem${err:+ [$(printf '%s' "$err" | head -2 | tr '\n' ' ' | cut -c1-200)]}"
				fi
			done
		done
	done
	counts=$(awk '{ printf "%s%s=%s", sep, $1, $2; sep = " " }' "$W/counts")
	if [ "$bad" = 0 ]; then
		tap_ok "$name: $sites fault runs clean ($counts)"
	else
		tap_not_ok "$name: $bad of $sites fault runs failed ($counts)"
		printf '%s\n' "$found" | sed 1d | head -20 | tap_diag
	fi
	# The subshell of the pipe keeps its own counters: pass them on.
	echo "$tap_n $tap_failed" >"$TMP/.tap"
done
# (None when this shard had no case.)
[ ! -f "$TMP/.tap" ] || read -r tap_n tap_failed <"$TMP/.tap"
tap_done
