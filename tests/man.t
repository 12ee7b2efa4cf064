# Man pages: each must be mandoc -Tlint clean, and every command in its
# EXAMPLES section ("$ command" lines in the rendered page) must run with
# exit status 0; lines printed under a command (up to a blank line or the
# next "$") are its expected standard output, compared exactly.
# Commands of one page run in order in one temp dir that starts with a
# copy of testdata/examples/, so a page can create a file and use it.
. "$(dirname "$0")/lib.sh"
for page in "$TOP"/man/*.[1-9]; do
	[ -f "$page" ] || continue
	base=${page##*/}
	if lint=$(mandoc -Tlint -Wwarning "$page" 2>&1) && [ -z "$lint" ]; then
		tap_ok "$base: mandoc -Tlint"
	else
		tap_not_ok "$base: mandoc -Tlint"
		printf '%s\n' "$lint" | tap_diag
	fi
	work=$TMP/$base
	mkdir -p "$work"
	[ -d "$TESTDATA/examples" ] && cp -R "$TESTDATA/examples/." "$work/"
	# Render, strip overstrike, keep the EXAMPLES section, and turn it into
	# records "CMD<TAB>command" / "OUT<TAB>line" / "END".
	MANWIDTH=400 mandoc -Tascii -O width=400 "$page" | perl -pe 's/.\x08//g' |
	perl -ne '
		if (/^EXAMPLES/) { $in = 1; next }
		if ($in && /^\S/) { $in = 0 }
		next unless $in;
		chomp;
		if (/^\s+\$ (.*)$/) { print "END\n" if $cmd; $cmd = 1; $ind = index($_, "\$"); print "CMD\t$1\n"; next }
		if (/^\s*$/) { print "END\n" if $cmd; $cmd = 0; next }
		if ($cmd) { print "OUT\t", substr($_, $ind), "\n"; next }
		END { print "END\n" if $cmd }' >"$work/.examples"
	n=0
	while IFS= read -r line; do
		case $line in
		CMD*)	cmd=${line#CMD?}; : >"$work/.want"; n=$((n + 1)) ;;
		OUT*)	printf '%s\n' "${line#OUT?}" >>"$work/.want" ;;
		END)
			(cd "$work" && bash -c "$cmd" >"$work/.got" 2>"$work/.err" </dev/null)
			st=$?
			if [ "$st" -ne 0 ]; then
				tap_not_ok "$base: example $n exits $st: $cmd"
				tap_diag <"$work/.err"
			elif [ -s "$work/.want" ] && ! cmp -s "$work/.want" "$work/.got"; then
				tap_not_ok "$base: example $n output: $cmd"
				diff -u "$work/.want" "$work/.got" | head -30 | tap_diag
			else
				tap_ok "$base: example $n: $cmd"
			fi ;;
		esac
	done <"$work/.examples"
	[ "$n" -gt 0 ] || { tap_not_ok "$base: has no EXAMPLES commands"; }
done
tap_done
