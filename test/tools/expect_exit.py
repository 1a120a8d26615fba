#!/usr/bin/env python3
"""Runs a command and fails unless it exits with the given code.

usage: expect_exit.py CODE COMMAND [ARG...]

The command's stdout and stderr pass through unchanged, so the caller can
still check what it printed.
"""
import subprocess
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: expect_exit.py CODE COMMAND [ARG...]")
    expected = int(sys.argv[1])
    actual = subprocess.call(sys.argv[2:])
    if actual != expected:
        sys.stderr.write("expect_exit: %s exited with %d, expected %d\n"
                         % (sys.argv[2], actual, expected))
        sys.exit(1)


if __name__ == "__main__":
    main()
