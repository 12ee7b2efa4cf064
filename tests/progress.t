# The progress line of long runs (lib/progress.c), seen through a pseudo-
# terminal: shown on a terminal's standard error, with rows, rows/s and
# the bytes of a regular file; cleared at the end; never in a pipe; not
# with -q; never sharing a line with a warning; the data unchanged.
. "$(dirname "$0")/lib.sh"
# Draw from the first look at the clock, not after a second.
export TELESTAT_PROGRESS_AFTER=0
command -v python3 >/dev/null || { tap_skip "python3 (pty) missing"; tap_done; exit; }

# onpty OUT ERR CMD...: runs CMD with standard error on a pseudo-terminal
# (standard output to OUT, standard input /dev/null), and writes what the
# terminal got to ERR. This side keeps the terminal's slave open until
# CMD is reaped: with no slave left open, a read of the master may fail
# (EIO) before the last bytes are read, and the end of what CMD printed
# was lost on a loaded machine. Once CMD is reaped, all it wrote waits in
# the terminal; a non-blocking read takes it to the end (EAGAIN only when
# nothing is left, never EIO while the slave is open). The terminal is
# not CMD's controlling terminal, so its end hangs nothing up.
onpty() {
	python3 - "$@" <<'EOF'
import errno, os, select, sys
out, err, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
master, slave = os.openpty()
pid = os.fork()
if pid == 0:
    os.close(master)
    i = os.open(os.devnull, os.O_RDONLY)
    o = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(i, 0)
    os.dup2(o, 1)
    os.dup2(slave, 2)
    try:
        os.execvp(cmd[0], cmd)
    except OSError as e:
        os.write(2, ("onpty: %s: %s\n" % (cmd[0], e.strerror)).encode())
    os._exit(127)
got = []
st = None
# While CMD runs, read as it writes (a full terminal would stop it).
while st is None:
    r, _, _ = select.select([master], [], [], 0.05)
    if r:
        got.append(os.read(master, 65536))
    else:
        wpid, status = os.waitpid(pid, os.WNOHANG)
        if wpid == pid:
            st = status
os.set_blocking(master, False)
while True:
    try:
        b = os.read(master, 65536)
    except OSError as e:
        if e.errno == errno.EAGAIN:
            break
        raise
    got.append(b)
os.close(slave)
os.close(master)
open(err, "wb").write(b"".join(got))
sys.exit(os.waitstatus_to_exitcode(st))
EOF
}

# drawn NAME FILE: FILE holds a progress line, erased ("\r", erase to the
# end of the line) after its last drawing, before anything else is
# written (a summary line) or the program ends.
drawn() {
	if python3 -c 'import sys; s = open(sys.argv[1], "rb").read(); i = s.rfind(b"rows/s"); sys.exit(0 if i >= 0 and s[i:].find(b"\r\x1b[K") >= 0 and s.find(b"\r") >= 0 else 1)' "$2"; then
		tap_ok "$1"
	else
		tap_not_ok "$1"
		od -c "$2" | head -20 | tap_diag
	fi
}
silent() {
	if grep -q "rows/s" "$2"; then
		tap_not_ok "$1"
		od -c "$2" | head -10 | tap_diag
	else
		tap_ok "$1"
	fi
}
same() {
	if cmp -s "$2" "$3"; then tap_ok "$1"; else tap_not_ok "$1"; fi
}

cd "$TMP" || exit 3
telestat synth -n 20000 >export.csv
telestat ingest -q export.csv >records.tsv 2>/dev/null
telestat classify records.tsv >classified.tsv

# ingest: on a terminal, the line shows rows, rows/s and MB of the file.
onpty ingest.out ingest.tty telestat ingest export.csv
drawn "ingest: progress on a terminal, cleared at the end" ingest.tty
if grep -q "MB of .* MB" ingest.tty; then tap_ok "ingest: bytes of the file's size"; else tap_not_ok "ingest: bytes of the file's size"; fi
same "ingest: the records are the same with the progress line" ingest.out records.tsv
# -q: no summary line, no progress.
onpty ingest-q.out ingest-q.tty telestat ingest -q export.csv
silent "ingest -q: no progress line" ingest-q.tty
# In a pipe (cron, 2>log), nothing.
telestat ingest export.csv 2>ingest.log >/dev/null
silent "ingest: no progress line when stderr is a file" ingest.log
# Standard input that is a pipe has no size: rows only.
onpty stdin.out stdin.tty sh -c 'cat export.csv | telestat ingest -q -'
silent "ingest -q on a pipe: silent" stdin.tty

onpty classify.out classify.tty telestat classify records.tsv
drawn "classify: progress on a terminal" classify.tty
same "classify: the records are the same" classify.out classified.tsv
onpty classify-q.out classify-q.tty telestat classify -q records.tsv
silent "classify -q: no progress line" classify-q.tty

telestat aggregate -g year,category classified.tsv >table.tsv
onpty agg.out agg.tty telestat aggregate -g year,category classified.tsv
drawn "aggregate: progress on a terminal" agg.tty
same "aggregate: the table is the same" agg.out table.tsv
onpty agg-q.out agg-q.tty telestat aggregate -q -g year,category classified.tsv
silent "aggregate -q: no progress line" agg-q.tty

telestat report classified.tsv >report.txt
onpty report.out report.tty telestat report classified.tsv
drawn "report: progress on a terminal" report.tty
same "report: the report is the same" report.out report.txt
onpty report-q.out report-q.tty telestat report --quiet classified.tsv
silent "report --quiet: no progress line" report-q.tty

# filter, merge, validate, export and plot: the same line, the same -q.
telestat filter classified.tsv >filter.want
onpty filter.out filter.tty telestat filter classified.tsv
drawn "filter: progress on a terminal" filter.tty
same "filter: the records are the same" filter.out filter.want
onpty filter-q.out filter-q.tty telestat filter -q classified.tsv
silent "filter -q: no progress line" filter-q.tty

# Enough groups (over a thousand) for the line to be drawn.
telestat aggregate --partial -g date,region classified.tsv >part.tsv
telestat merge part.tsv >merged.want
onpty merge.out merge.tty telestat merge part.tsv
drawn "merge: progress on a terminal" merge.tty
same "merge: the table is the same" merge.out merged.want
onpty merge-q.out merge-q.tty telestat merge -q part.tsv
silent "merge -q: no progress line" merge-q.tty

# validate writes its verdicts to the terminal too: after the line is
# cleared, never on it.
onpty validate.out validate.tty telestat validate export.csv
drawn "validate: progress on a terminal" validate.tty
if grep -q "export.csv: valid" validate.out; then tap_ok "validate: the verdict"; else tap_not_ok "validate: the verdict"; fi
onpty validate-q.out validate-q.tty telestat validate -q export.csv
silent "validate -q: no progress line" validate-q.tty
onpty validate-r.out validate-r.tty telestat validate --records classified.tsv
drawn "validate --records: progress on a terminal" validate-r.tty

telestat export -f sql records.tsv >export.sql 2>/dev/null
onpty export.out export.tty telestat export -f sql records.tsv
drawn "export: progress on a terminal" export.tty
same "export: the SQL is the same" export.out export.sql
onpty export-q.out export-q.tty telestat export -q -f sql records.tsv
silent "export -q: no progress line" export-q.tty

telestat plot --script classified.tsv >plot.want 2>/dev/null
onpty plot.out plot.tty telestat plot --script classified.tsv
drawn "plot: progress on a terminal" plot.tty
same "plot: the script is the same" plot.out plot.want
onpty plot-q.out plot-q.tty telestat plot -q --script classified.tsv
silent "plot -q: no progress line" plot-q.tty

# A warning clears the line first: every message starts a line of its
# own (after the "erase line" sequence), never after the progress text.
{ cat export.csv; printf 'broken,"row\n'; } >broken.csv
onpty broken.out broken.tty telestat ingest broken.csv
if tr '\r' '\n' <broken.tty | grep -q 'rows/s.*telestat-ingest:'; then
	tap_not_ok "a warning does not share the progress line"
	od -c broken.tty | tail -20 | tap_diag
else
	tap_ok "a warning does not share the progress line"
fi
if grep -q 'broken.csv:20002' broken.tty; then tap_ok "the warning is printed"; else tap_not_ok "the warning is printed"; fi
tap_done
