#!/usr/bin/env python3
"""Writes DIR/compile_commands.json for every .c and .cpp file under DIR.

usage: compile_db.py DIR [-- COMPILER-ARGS...]

Each file is compiled from DIR with clang (C) or clang++ (C++), -c, and the
given arguments; C files get -std=c11 unless an argument sets -std for C++.
"""
import json
import os
import shlex
import sys


def main():
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        at = argv.index("--")
        argv, extra = argv[:at], argv[at + 1:]
    if len(argv) != 1:
        sys.exit(__doc__)
    root = os.path.abspath(argv[0])
    entries = []
    for directory, _, files in sorted(os.walk(root)):
        for name in sorted(files):
            path = os.path.join(directory, name)
            if name.endswith(".cpp"):
                args = ["clang++"] + extra
            elif name.endswith(".c"):
                args = ["clang", "-std=c11"] + [
                    a for a in extra
                    if not a.startswith("-std=") and a != "-stdlib=libc++"]
            else:
                continue
            entries.append({
                "directory": root,
                "file": os.path.relpath(path, root),
                "command": " ".join(shlex.quote(a) for a in
                                    args + ["-c", os.path.relpath(path, root)]),
            })
    with open(os.path.join(root, "compile_commands.json"), "w") as out:
        json.dump(entries, out, indent=1)


if __name__ == "__main__":
    main()
