# tests/lib.sh - helpers for the TAP shell scripts in tests/*.t.
# Sourced with TELESTAT_BUILD and TELESTAT_TOP set by tests/run.
set -u
TOP=${TELESTAT_TOP:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${TELESTAT_BUILD:-$TOP/build}
# Absolute: cases run in directories of their own, where a relative
# build/bin on PATH finds nothing (and a case writing to a FIFO that no
# command opens would wait for ever).
case $BUILD in /*) ;; *) BUILD=$(cd "$BUILD" && pwd) ;; esac
TESTDATA=$TOP/testdata
PATH=$BUILD/bin:$PATH
LC_ALL=C
# The date reports say they were generated (reproducible output).
SOURCE_DATE_EPOCH=1782820800    # 2026-06-30 12:00 UTC
export TOP BUILD TESTDATA PATH LC_ALL SOURCE_DATE_EPOCH
TMP=$(mktemp -d "${TMPDIR:-/tmp}/telestat-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
# The test key as ingest accepts a key file: readable by its owner only
# (git keeps testdata/ingest/test.key 0644).
TESTKEY=$TMP/test.key
cp "$TESTDATA/ingest/test.key" "$TESTKEY" && chmod 600 "$TESTKEY"
export TESTKEY
# TELESTAT_SHARD=I/N (tests/run sets it for its longest files): the file
# runs only every Nth item of its list (cases, targets), from the Ith
# (0 <= I < N), so that N runs of it share the cores. Call next_in_shard
# once per item, in list order: it says whether the item is this run's.
shard_i=${TELESTAT_SHARD:-0/1}
shard_n=${shard_i#*/}
shard_i=${shard_i%/*}
shard_k=-1
next_in_shard() { shard_k=$((shard_k + 1)); [ $((shard_k % shard_n)) = "$shard_i" ]; }
tap_n=0
tap_failed=0
tap_ok()      { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
tap_not_ok()  { tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1)); echo "not ok $tap_n - $1"; }
tap_skip()    { tap_n=$((tap_n + 1)); echo "ok $tap_n - # SKIP $1"; }
tap_diag()    { sed 's/^/#   /'; }
tap_done()    { echo "1..$tap_n"; [ "$tap_failed" -eq 0 ]; }
# tap_skip_file REASON: skips the whole file and exits. Of a sharded file,
# the first shard counts the one skipped point; the others plan none.
tap_skip_file() {
	if [ "$shard_i" = 0 ]; then
		tap_skip "$1"
		tap_done
	else
		echo "1..0 # SKIP $1"
	fi
	exit
}
