# Man pages as a reader sees them: mandoc -Tlint passes pages whose macros
# render wrongly, so each page is rendered (-Tascii and -Tutf8) and the
# text is searched for the marks of the mistakes mdoc makes easy:
#  - a quote opened inside a quote that is never closed, from two quoting
#    macros on one enclosure line (.Pq Dq A , Dq B renders (“A, “B””));
#  - a flag macro swallowing the words after it (.Pq Fl -x ; some words
#    renders (--x; -some -words));
#  - a macro name or a roff escape printed as text (a macro called where
#    it is not callable, or a backslash that escapes nothing).
. "$(dirname "$0")/lib.sh"
for page in "$TOP"/man/*.[1-9]; do
	[ -f "$page" ] || continue
	base=${page##*/}
	for dev in ascii utf8; do
		if ! mandoc -T"$dev" -O width=78 "$page" 2>"$TMP/err" |
		    perl -pe 's/.\x08//g' >"$TMP/$base.$dev"; then
			tap_not_ok "$base: mandoc -T$dev fails"
			tap_diag <"$TMP/err"
			continue
		fi
		# One finding per line: "LINE: what: text".
		perl -CSD -Mutf8 -ne '
			my $dev = "'"$dev"'";
			chomp;
			sub bad { print "$.: $_[0]: $_\n" }
			# a quote opened again before it closed
			bad("nested unclosed quote") if $dev eq "utf8" && $_ =~ /“[^”]*“/;
			bad("nested unclosed quote") if $dev eq "utf8" && $_ =~ /‘[^’]*‘/;
			# ascii: a closing quote doubled right after a word: A, "B"")
			bad("doubled closing quote") if $dev eq "ascii" && $_ =~ /[^\s("]""/;
			# two dash-words in a row: a flag macro ate plain words
			bad("flag macro swallowed words")
			    if $_ =~ /(?:^|[\s(])-[a-z]{2,}[,;.]?\s+-[a-z]{2,}[,;.)]*(?:\s|$)/;
			bad("macro name in the text")
			    if $_ =~ /(?:^|\s)(?:Ar|Cm|Dq|Fl|Ns|Pq|Ql|Qq|Sq|Sx|Xr|Li|Ic|Ev)(?=[\s,.;:)]|$)/;
			bad("roff escape in the text") if $_ =~ /\\[-&e(*]/;
		' "$TMP/$base.$dev" >"$TMP/found"
		if [ -s "$TMP/found" ]; then
			tap_not_ok "$base: -T$dev renders cleanly"
			tap_diag <"$TMP/found"
		else
			tap_ok "$base: -T$dev renders cleanly"
		fi
	done
done
tap_done
