# Short libFuzzer runs of every parser entry point (tests/fuzz/*.c), each
# for TELESTAT_FUZZ_SECONDS (default 8) from the seed corpus in
# tests/fuzz/corpus/NAME/ when present. Crashes, hangs (-timeout) and
# leaks fail the test.
. "$(dirname "$0")/lib.sh"
secs=${TELESTAT_FUZZ_SECONDS:-8}
for src in "$TOP"/tests/fuzz/*.c; do
	[ -f "$src" ] || continue
	next_in_shard || continue
	name=$(basename "$src" .c)
	bin=$TOP/build/fuzz/$name
	if [ ! -x "$bin" ]; then
		tap_not_ok "fuzz $name: not built (make fuzz)"
		continue
	fi
	corpus=$TMP/corpus-$name
	mkdir -p "$corpus"
	[ -d "$TOP/tests/fuzz/corpus/$name" ] && cp "$TOP/tests/fuzz/corpus/$name"/* "$corpus"/ 2>/dev/null
	if (cd "$TMP" && "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 \
	    -max_len=65536 "$corpus" >"$TMP/$name.log" 2>&1); then
		tap_ok "fuzz $name ($secs s, $(grep -o 'Done [0-9]* runs' "$TMP/$name.log" | tail -1))"
	else
		tap_not_ok "fuzz $name"
		tail -40 "$TMP/$name.log" | tap_diag
	fi
done
tap_done
