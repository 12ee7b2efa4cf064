# tests/lib.sh - helpers for the TAP shell scripts in tests/*.t.
# Sourced with TELESTAT_BUILD and TELESTAT_TOP set by tests/run.
set -u
TOP=${TELESTAT_TOP:-$(cd "$(dirname "$0")/.." && pwd)}
BUILD=${TELESTAT_BUILD:-$TOP/build}
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
tap_n=0
tap_failed=0
tap_ok()      { tap_n=$((tap_n + 1)); echo "ok $tap_n - $1"; }
tap_not_ok()  { tap_n=$((tap_n + 1)); tap_failed=$((tap_failed + 1)); echo "not ok $tap_n - $1"; }
tap_skip()    { tap_n=$((tap_n + 1)); echo "ok $tap_n - # SKIP $1"; }
tap_diag()    { sed 's/^/#   /'; }
tap_done()    { echo "1..$tap_n"; [ "$tap_failed" -eq 0 ]; }
