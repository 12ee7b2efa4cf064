# README's excerpt of what `make demo` prints, checked against what the
# demo prints now: the demo's steps that print it (tools/demo.sh steps 1,
# 2, 6 and 7: synthesize, ingest | classify | aggregate, the report and
# the chart for a terminal) run into a temporary directory, and every
# part of the excerpt (parts are separated by a line "...") must appear
# in that output as a block of consecutive lines. The generation date is
# the day's, so "Generado el DD/MM/YYYY" is compared without it.
. "$(dirname "$0")/lib.sh"
case $BUILD in
*/asan | */fault)
	# The figures do not depend on the build; memory is checked elsewhere.
	tap_skip "README's demo excerpt: checked on the normal build"
	tap_done
	exit
	;;
esac
cd "$TMP" || exit 3

# The excerpt: the indented block after "An excerpt of what it prints:".
awk '/An excerpt of what it prints:$/ { on = 1; next }
	on && /^    / { print substr($0, 5); seen = 1; next }
	on && /^$/ { print ""; next }
	on && seen { exit }' "$TOP/README.md" >excerpt.txt
if grep -q 'Total de acciones' excerpt.txt; then
	tap_ok "README has the demo excerpt ($(grep -c . excerpt.txt) lines)"
else
	tap_not_ok "README has the demo excerpt"
fi

unset SOURCE_DATE_EPOCH     # the demo runs as a user runs it
if TELESTAT_DEMO_DIR=$TMP/demo TELESTAT_DEMO_STEPS="1 2 6 7" \
    bash "$TOP/tools/demo.sh" >demo.out 2>demo.err; then
	tap_ok "the demo's report and chart steps run"
else
	tap_not_ok "the demo's report and chart steps run"
	tail -20 demo.err | tap_diag
fi

# Each part of the excerpt, trailing blank lines dropped, must be a run of
# consecutive lines of the demo's output.
if perl -e '
	sub lines { open(my $f, "<", $_[0]) or die; local $/; my $s = <$f>;
		$s =~ s/(Generado el) \d\d\/\d\d\/\d{4}/$1 DD\/MM\/YYYY/g;
		$s =~ s/[ \t]+$//mg; return $s }
	my ($want, $got) = (lines($ARGV[0]), lines($ARGV[1]));
	my $bad = 0;
	for my $part (split /^\.\.\.\n/m, $want) {
		$part =~ s/\A\n+//; $part =~ s/\n+\z/\n/;
		next if $part eq "";
		next if index($got, $part) >= 0;
		$bad++;
		print STDERR "not in the demo output:\n$part";
	}
	exit($bad || $want !~ /\S/ ? 1 : 0)' excerpt.txt demo.out 2>excerpt.diff; then
	tap_ok "every part of README's excerpt is what the demo prints"
else
	tap_not_ok "every part of README's excerpt is what the demo prints"
	tap_diag <excerpt.diff
	echo "the demo printed:" | tap_diag
	sed -n '/^== 6/,$p' demo.out | head -40 | tap_diag
fi
tap_done
