# Golden CLI cases: each directory tests/cli/NAME holds
#   cmd               shell commands, run by bash in a fresh temp dir
#   stdin             optional standard input (else /dev/null)
#   expected.out      exact standard output (absent: must be empty)
#   expected.err      exact standard error (absent: must be empty)
#   expected.status   exit status (absent: 0)
# cmd sees $TESTDATA, $TOP, $CASE and the build's bin/ first on PATH.
# TELESTAT_CASES="GLOB..." runs only the cases whose names match one of the
# space-separated globs (e.g. "report-* plot-svg"); a glob that matches no
# case fails, so that a misspelt name does not pass by running nothing.
# TELESTAT_SHARD=I/N (tests/run sets it; see tests/lib.sh) runs every Nth
# of those cases from the Ith, so that N runs of this file share the cores.
# A case must not write into testdata/ (write beside it, in "$OLDPWD" after
# a cd): anything there newer than the start of the case fails the case.
. "$(dirname "$0")/lib.sh"
set -f	# the globs are matched below, against the case names only
globs=(${TELESTAT_CASES:-*})
set +f
cases=()
declare -A chosen=()
for glob in "${globs[@]}"; do
	matched=
	for case in "$TOP"/tests/cli/$glob/; do
		case=${case%/}
		[ -f "$case/cmd" ] || continue
		matched=1
		[ -z "${chosen[$case]:-}" ] || continue
		chosen[$case]=1
		cases+=("$case")
	done
	[ -n "$matched" ] || [ "$shard_i" != 0 ] ||
	    tap_not_ok "TELESTAT_CASES: no case matches \"$glob\""
done
for case in "${cases[@]}"; do
	next_in_shard || continue
	name=${case##*/}
	work=$TMP/$name
	mkdir -p "$work"
	in=/dev/null
	[ -f "$case/stdin" ] && in=$case/stdin
	touch "$TMP/.case-start"
	(cd "$work" && CASE=$case bash "$case/cmd" <"$in" >"$work/.out" 2>"$work/.err")
	status=$?
	want_status=0
	[ -f "$case/expected.status" ] && want_status=$(cat "$case/expected.status")
	problems=
	[ "$status" = "$want_status" ] || problems="exit status $status, want $want_status"
	for s in out err; do
		want=$case/expected.$s
		[ -f "$want" ] || want=/dev/null
		if ! cmp -s "$want" "$work/.$s"; then
			problems="$problems${problems:+; }std$s differs"
			diff -u "$want" "$work/.$s" | head -40 | tap_diag
		fi
	done
	written=$(find "$TESTDATA" -newer "$TMP/.case-start" -print)
	if [ -n "$written" ]; then
		problems="$problems${problems:+; }wrote into testdata/"
		printf '%s\n' "$written" | tap_diag
	fi
	if [ -z "$problems" ]; then
		tap_ok "cli/$name"
	else
		tap_not_ok "cli/$name: $problems"
	fi
done
tap_done
