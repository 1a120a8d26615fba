"""Shared by bench/run.py and bench/whole_program.py: how one command is
measured.

instructions(command)  instructions executed, summed over the process and
                       every process it starts, counted by
                       `valgrind --tool=cachegrind --cache-sim=no
                       --trace-children=yes` (one out file per pid; the
                       "summary:" line of each). The same figure on every
                       run, whatever else the machine does.
usage(command)         CPU seconds (user + system) and peak RSS (KiB) of
                       one native run; the peak is the largest of the
                       process and the children it waited for.
held()                 a `with` block holding an exclusive flock(2) on LOCK
                       (a module variable, set by --lock; None: no lock),
                       so that CPU-heavy work sharing the machine takes
                       turns. The benches hold it per input or per phase,
                       never for a whole bench.
"""
import contextlib
import fcntl
import glob
import os
import subprocess
import sys
import tempfile

LOCK = None


@contextlib.contextmanager
def held():
    """Holds the lock file LOCK for the `with` block."""
    if not LOCK:
        yield
        return
    with open(LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def instructions(command, cwd=None):
    """Instructions executed by `command` and all its children."""
    with tempfile.TemporaryDirectory(prefix="daemon-cg-") as scratch:
        result = subprocess.run(
            (["valgrind", "--tool=cachegrind", "--cache-sim=no",
                    "--trace-children=yes",
                    "--cachegrind-out-file=" + os.path.join(scratch, "cg.%p")]
             + command),
            cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            text=True)
        if result.returncode not in (0, 1):  # 1: daemon-tidy found something
            sys.exit("bench: %s failed (exit %d):\n%s" % (
                " ".join(command), result.returncode, result.stderr[-2000:]))
        total = 0
        files = glob.glob(os.path.join(scratch, "cg.*"))
        for path in files:
            with open(path) as out:
                for line in out:
                    if line.startswith("summary:"):
                        total += int(line.split()[1])
    if not total:
        sys.exit("bench: cachegrind gave no count for %s" % " ".join(command))
    return total


def usage(command, cwd=None):
    """CPU seconds and peak RSS (KiB) of one native run."""
    process = subprocess.Popen(command, cwd=cwd,
                               stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _, status, rusage = os.wait4(process.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit("bench: %s failed (exit %d)" % (" ".join(command), code))
    return rusage.ru_utime + rusage.ru_stime, rusage.ru_maxrss
