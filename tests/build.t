# The build is complete and stable: right after `make` (which `make test`,
# `make check` and `make demo` run first), `make` has nothing to do, so no
# object is deleted as an intermediate file and nothing is rebuilt.
. "$(dirname "$0")/lib.sh"
# Run as a fresh make would be, not as a sub-make of `make test`.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
if [ "$BUILD" != "$TOP/build" ]; then
	tap_skip "make -q all: checked on the default build only ($BUILD)"
else
	if make -C "$TOP" -q all >/dev/null 2>&1; then
		tap_ok "make -q all: the build is up to date"
	else
		tap_not_ok "make -q all: make would rebuild"
		make -C "$TOP" -n all 2>&1 | head -10 | tap_diag
	fi
	out=$(make -C "$TOP" --no-print-directory -n all 2>&1)
	case $out in
	"make: Nothing to be done for 'all'."|"make["*"]: Nothing to be done for 'all'.") tap_ok "make -n all after a build prints nothing to do" ;;
	*) tap_not_ok "make -n all after a build prints nothing to do"; printf '%s\n' "$out" | head -10 | tap_diag ;;
	esac
fi
tap_done
