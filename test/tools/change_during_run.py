#!/usr/bin/env python3
"""Runs a command and changes a file while the command analyses it.

usage: change_during_run.py --gate HEADER --prepend LINE FILE -- COMMAND...

FILE must include HEADER, which this script makes a named pipe. Clang reads
FILE whole before it opens HEADER, and then waits for the pipe; once the
command has opened the pipe, the script prepends LINE to FILE, then gives
the pipe an empty header and lets the command finish. So FILE changes after
clang read it and before any fix is written, every time. The command's
output and exit code pass through.
"""
import argparse
import errno
import os
import subprocess
import sys
import time


def open_writer(path, process, timeout):
    """Opens the pipe for writing once the command has it open for reading."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as e:
            if e.errno != errno.ENXIO:
                raise
        if process.poll() is not None or time.monotonic() > deadline:
            return None
        time.sleep(0.01)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gate", required=True)
    parser.add_argument("--prepend", required=True)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("file")
    argv = sys.argv[1:]
    if "--" not in argv:
        sys.exit("change_during_run: no command after --")
    at = argv.index("--")
    args = parser.parse_args(argv[:at])
    command = argv[at + 1:]

    if os.path.exists(args.gate):
        os.remove(args.gate)
    os.mkfifo(args.gate)
    process = subprocess.Popen(command)
    writer = open_writer(args.gate, process, args.timeout)
    if writer is None:
        process.kill()
        process.wait()
        sys.exit("change_during_run: the command never opened %s" % args.gate)
    with open(args.file) as f:
        text = f.read()
    with open(args.file, "w") as f:
        f.write(args.prepend + "\n" + text)
    os.close(writer)
    sys.exit(process.wait())


if __name__ == "__main__":
    main()
