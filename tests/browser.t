# The HTML report as people see it: chromium (headless) lays out the
# report at a desktop width (1280 px) and a phone's (390 px), and a probe
# script (tests/browser-probe.js) measures the page. At both widths the
# page does not scroll sideways (document scrollWidth <= innerWidth), no
# element passes the right edge unless it is inside a box that scrolls
# (wide tables), chart text is drawn at 9 px or more, and the map has one
# shape per region of the country. Screenshots go to BUILD/browser/ for
# people to look at. chromium comes from Debian ("make browser-deps");
# where it cannot be installed the test is skipped with the reason.
# TELESTAT_NO_BROWSER=1 (make test) skips it too: make check runs it.
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 3
if [ -n "${TELESTAT_NO_BROWSER:-}" ]; then
	tap_skip "TELESTAT_NO_BROWSER set (make check runs this test)"
	tap_done
	exit
fi
if ! command -v chromium >/dev/null &&
    ! make -s -C "$TOP" browser-deps >make.log 2>&1; then
	tap_skip "chromium is not installed and could not be: $(tail -1 make.log)"
	tap_done
	exit
fi
shots=$BUILD/browser
mkdir -p "$shots"

# browse HTML WIDTH NAME: the probe's JSON on stdout, a screenshot in
# $shots/NAME-WIDTH.png.
browse() {
	local page=$TMP/$3-$2.html
	sed '/<\/body>/d; /<\/html>/d' "$1" >"$page"
	{ printf '<script>\n'; cat "$TOP/tests/browser-probe.js";
	  printf '</script>\n</body>\n</html>\n'; } >>"$page"
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
	    --no-first-run --window-size="$2,900" --virtual-time-budget=3000 \
	    --dump-dom "file://$page" 2>"$3-$2.err" |
	    sed -n 's/.*<pre id="probe">\(.*\)<\/pre>.*/\1/p'
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
	    --no-first-run --window-size="$2,2400" \
	    --screenshot="$shots/$3-$2.png" "file://$1" >/dev/null 2>&1
}

# field JSON NAME: one field of the probe's (flat) JSON.
field() {
	perl -MJSON::PP -e 'my $j = decode_json($ARGV[0]); my $v = $j->{$ARGV[1]};
	    print ref $v ? join(",", @$v) : $v' "$1" "$2"
}

check() {	# check HTML NAME SHAPES
	local w json
	for w in 1280 390; do
		json=$(browse "$1" $w "$2")
		if [ -z "$json" ]; then
			tap_not_ok "$2 at $w px: chromium rendered nothing"
			tap_diag <"$2-$w.err"
			continue
		fi
		tap_ok "$2 at $w px: renders"
		[ "$(field "$json" sw)" -le "$(field "$json" w)" ] &&
		    tap_ok "$2 at $w px: the page does not scroll sideways" ||
		    { tap_not_ok "$2 at $w px: page $(field "$json" sw) px wide"; }
		over=$(field "$json" over)
		[ -z "$over" ] &&
		    tap_ok "$2 at $w px: nothing cut off at the right edge" ||
		    { tap_not_ok "$2 at $w px: cut off: $over"; }
		text=$(field "$json" text)
		perl -e 'exit !($ARGV[0] >= 9)' "$text" &&
		    tap_ok "$2 at $w px: chart text drawn at $text px or more" ||
		    tap_not_ok "$2 at $w px: chart text drawn at only $text px"
		if [ -n "$3" ]; then
			[ "$(field "$json" shapes)" = "$3" ] &&
			    [ "$(field "$json" distinct)" = "$3" ] &&
			    tap_ok "$2 at $w px: the map has one shape for each of $3 regions" ||
			    tap_not_ok "$2 at $w px: map shapes $(field "$json" shapes) ($(field "$json" distinct) regions), want $3"
		fi
	done
}

# Peru: a national log with every section and its charts.
telestat synth -n 20000 --seed 11 --years 2024-2025 -o export.csv &&
    telestat ingest -q --key-file "$TESTKEY" export.csv |
    telestat classify >peru.tsv &&
    telestat report -f html --charts -o peru.html peru.tsv 2>peru.err ||
    { tap_not_ok "report of the synthetic log"; tap_diag <peru.err; }
check peru.html peru 25
# Mexico: the CENETEC seed (32 entities, five without activity).
telestat report -f html --charts -o mexico.html \
    "$TESTDATA/seeds/cenetec-2020-2021.tsv" 2>mexico.err ||
    { tap_not_ok "report of the CENETEC seed"; tap_diag <mexico.err; }
check mexico.html mexico 32
tap_done
