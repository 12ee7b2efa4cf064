# The Markdown report as it reads once rendered: each renderer found
# (cmark-gfm, as GitHub renders; pandoc) turns a report with categories,
# subcategories and roll-up children into HTML, and the label cells must
# keep the hierarchy: a child row starts with "↳", a grandchild with
# no-break spaces and then "↳" (renderers trim ordinary leading spaces,
# which is how the hierarchy used to disappear). Renderers that are not
# installed are skipped ("apt-get install cmark-gfm pandoc").
. "$(dirname "$0")/lib.sh"
cd "$TMP" || exit 3
telestat report -f md --rollup essalud \
    --regions "$TESTDATA/seeds/regions-pe.tsv" \
    "$TESTDATA/seeds/essalud-2024-2025.tsv" >report.md || exit 3
nbsp=$(printf '\302\240')
arrow=$(printf '\342\206\263')

# check NAME: report.html (rendered by NAME) keeps the hierarchy.
check() {
	# The label cell of each row of the categories table, in order.
	sed -n '/Acciones por categor/,/<\/table>/p' report.html |
	    grep -o '<td[^>]*>[^<]*</td>\|<td[^>]*><strong>[^<]*</strong></td>' |
	    grep 'left' >cells
	if grep -q "^<td[^>]*>$arrow Teleconsulta</td>" cells &&
	    grep -q "^<td[^>]*>$nbsp$nbsp$nbsp$nbsp$arrow Teletriaje</td>" cells &&
	    grep -q "^<td[^>]*>$nbsp$nbsp$nbsp$nbsp$arrow Telerradiolog" cells &&
	    grep -q '<strong>Con paciente</strong>' cells; then
		tap_ok "$1: nested rows keep their marks once rendered"
	else
		tap_not_ok "$1: nested rows keep their marks once rendered"
		tap_diag <cells
	fi
}

if command -v cmark-gfm >/dev/null; then
	cmark-gfm -e table report.md >report.html && check cmark-gfm
else
	tap_skip "cmark-gfm is not installed"
fi
if command -v pandoc >/dev/null; then
	pandoc -f gfm -t html report.md >report.html && check "pandoc -f gfm"
	pandoc -f markdown -t html report.md >report.html &&
	    check "pandoc -f markdown"
else
	tap_skip "pandoc is not installed"
fi
tap_done
