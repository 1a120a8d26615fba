#!/usr/bin/env python3
"""Checks that a .deb's Depends are exactly what its binaries need.

usage: deb_depends.py PACKAGE.deb EXTRA...

The expected set is the packages that provide, on this machine, the shared
libraries its ELF files name as NEEDED, plus the EXTRA package names (what
the binaries need at run time that is not a library: the builtin headers).
Prints "depends <name>" for each Depends entry, sorted, and fails (exit 1,
one line each) for a missing or a surplus entry. Version constraints and
alternatives other than the first are not compared.
"""
import os
import re
import subprocess
import sys
import tempfile


def needed(path):
    out = subprocess.run(["readelf", "-d", path], capture_output=True,
                         text=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^]]+)\]", out)


def library_paths():
    paths = {}
    for line in subprocess.check_output(["ldconfig", "-p"], text=True).splitlines():
        match = re.match(r"\s*(\S+) \(libc6,x86-64[^)]*\) => (\S+)", line)
        if match:
            paths.setdefault(match.group(1), match.group(2))
    return paths


def owner(path):
    real = os.path.realpath(path)
    for candidate in (path, real, real.replace("/usr/lib/", "/lib/", 1)):
        out = subprocess.run(["dpkg", "-S", candidate], capture_output=True,
                             text=True).stdout
        if out:
            return out.split(":")[0].strip()
    return None


def main():
    deb, extra = sys.argv[1], sys.argv[2:]
    field = subprocess.check_output(["dpkg-deb", "-f", deb, "Depends"],
                                    text=True).strip()
    actual = {entry.split("|")[0].split("(")[0].strip()
              for entry in field.split(",") if entry.strip()}
    expected = set(extra)
    paths = library_paths()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.check_call(["dpkg-deb", "-x", deb, tmp])
        for directory, _, files in os.walk(tmp):
            for name in files:
                path = os.path.join(directory, name)
                with open(path, "rb") as f:
                    if f.read(4) != b"\x7fELF":
                        continue
                for library in needed(path):
                    package = owner(paths.get(library, library))
                    if not package:
                        sys.exit("deb_depends: no package provides " + library)
                    expected.add(package)
    for name in sorted(actual):
        print("depends " + name)
    problems = ["missing from Depends: " + n for n in sorted(expected - actual)]
    problems += ["not needed but in Depends: " + n
                 for n in sorted(actual - expected)]
    for problem in problems:
        print("deb_depends: " + problem, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
