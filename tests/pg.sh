# tests/pg.sh - a throw-away PostgreSQL server for tests (sourced after
# lib.sh): Debian's server, started with initdb and pg_ctl on a Unix
# socket in a temporary directory, stopped and removed at exit.
# PostgreSQL refuses to run as root: as root, the server and psql run as
# the unprivileged user "nobody" (setpriv).
#
#   pg_start || skip "$pg_why"   start it; on failure pg_why says why
#   psql_ ARGS...                psql on it, as user telestat, database
#                                postgres, stopping at the first error
#   as_user CMD...               run CMD as the server's user

# pg_fail REASON: sets pg_why and fails (for pg_start).
pg_fail() {
	pg_why=$1
	return 1
}

pg_start() {
	local d
	pgbin=
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/pg_ctl" ] && pgbin=$d
	done
	[ -n "$pgbin" ] || { pg_fail "no server installed (make deps installs postgresql)"; return; }
	# The cluster lives in its own directory, which "nobody" must own when
	# the tests run as root (TMP is private to root).
	pgdir=$(mktemp -d "${TMPDIR:-/tmp}/telestat-pg.XXXXXX") || { pg_fail "no temporary directory"; return; }
	as_user() { "$@"; }
	if [ "$(id -u)" = 0 ]; then
		command -v setpriv >/dev/null || { pg_fail "running as root and setpriv is missing"; return; }
		chown nobody "$pgdir" || { pg_fail "cannot give $pgdir to nobody"; return; }
		as_user() { (cd "$pgdir" && setpriv --reuid=nobody --regid=nogroup \
		    --clear-groups env HOME="$pgdir" "$@"); }
	fi
	trap pg_stop EXIT
	if ! as_user "$pgbin/initdb" -D "$pgdir/data" -A trust -U telestat \
	    -E UTF8 --locale=C >"$pgdir/initdb.log" 2>&1; then
		tail -5 "$pgdir/initdb.log" | tap_diag
		pg_fail "initdb failed"
		return
	fi
	if ! as_user "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/server.log" -w -t 60 \
	    -o "-k $pgdir -c listen_addresses= -c fsync=off" start >/dev/null 2>&1; then
		tail -5 "$pgdir/server.log" | tap_diag
		pg_fail "the server did not start"
		return
	fi
}

pg_stop() {
	[ -n "${pgdir:-}" ] && [ -n "${pgbin:-}" ] &&
	    as_user "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1
	[ -n "${pgdir:-}" ] && rm -rf "$pgdir"
	rm -rf "$TMP"
}

psql_() {
	as_user "$pgbin/psql" -h "$pgdir" -U telestat -d postgres -X -q \
	    -v ON_ERROR_STOP=1 "$@"
}
