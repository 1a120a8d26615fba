#!/usr/bin/env python3
"""Runs one daemon-* check on a test file and checks what it reports.

usage: check_daemon.py [tool paths] [--front-end daemon-tidy|plugin]
                       [--tidy-arg ARG]... SOURCE CHECK TEMP
                       [-- COMPILER-ARGS...]

Expectations live in SOURCE, next to the code they are about:

  // CHECK-NOTES: :[[@LINE-1]]:5: warning: ... [daemon-...]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: ...
  // CHECK-FIXES: {{^}}  t.join();{{$}}

Every warning, note and error that the tool prints must be matched by a
CHECK-NOTES line (FileCheck's --implicit-check-not), so an unexpected
diagnostic fails the test. A file without CHECK-NOTES lines must produce no
diagnostics at all. With CHECK-FIXES lines the check runs with --fix; the
fixed file must match them, must still compile, and must be left unchanged
by a second --fix.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys

EXPECTATION = re.compile(r"//\s*CHECK-[A-Z0-9-]+:[^\n]*")
DIAGNOSTIC = re.compile(r"\b(warning|error|note):")
UNKNOWN_PREFIX = re.compile(
    r"//\s*(CHECK-(?!(?:NOTES|FIXES)(?:-NEXT|-SAME|-NOT|-DAG|-EMPTY)?:)"
    r"[A-Z0-9-]+):")


def fail(message, output=""):
    sys.stderr.write("check_daemon: " + message + "\n")
    if output:
        sys.stderr.write("---- tool output ----\n" + output + "\n")
    sys.exit(1)


def run(command, **kwargs):
    return subprocess.run(command, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, **kwargs)


class Harness:
    def __init__(self, args):
        self.args = args
        self.compile_args = (shlex.split(args.stdlib_flags)
                             + args.compiler_args)

    def tidy_command(self, path, fix):
        if self.args.front_end == "plugin":
            command = [self.args.clang_tidy, "--load=" + self.args.plugin]
        else:
            command = [self.args.daemon_tidy]
        command += ["--checks=-*," + self.args.check] + self.args.tidy_arg
        command.append(path)
        if fix:
            command.insert(1, "--fix")
        return command + ["--"] + self.compile_args

    def tidy(self, path, fix):
        result = run(self.tidy_command(path, fix))
        # 1 is a compile error: the test input must always compile.
        if result.returncode != 0:
            fail("%s exited with %d" % (" ".join(self.tidy_command(path, fix)),
                                        result.returncode),
                 result.stdout + result.stderr)
        return result.stdout

    def filecheck(self, prefix, input_path, extra=()):
        command = [self.args.filecheck, self.args.source,
                   "--input-file=" + input_path, "--check-prefix=" + prefix]
        command += list(extra)
        result = run(command)
        if result.returncode != 0:
            with open(input_path) as f:
                fail("FileCheck --check-prefix=%s failed:\n%s"
                     % (prefix, result.stderr), f.read())

    def check(self):
        if self.args.front_end == "plugin" and self.args.skip_plugin:
            print("check_daemon: plugin run skipped (sanitized build)")
            return
        with open(self.args.source) as f:
            text = f.read()
        has_notes = "CHECK-NOTES:" in text
        has_fixes = "CHECK-FIXES:" in text
        # A misspelt or foreign prefix (CHECK-MESSAGES) would check nothing.
        unknown = set(UNKNOWN_PREFIX.findall(text))
        if unknown:
            fail("unknown expectation prefixes: " + ", ".join(sorted(unknown)))
        # Blank the expectations but keep the lines, so line numbers match
        # and the fixed file is not checked against its own CHECK lines.
        cleaned = EXPECTATION.sub("//", text)
        # The copy keeps the source's name, as diagnostics that name a file
        # (the lambda at wrappers.cpp:36) must read the same.
        work_dir = self.args.temp + ".d"
        os.makedirs(work_dir, exist_ok=True)
        work = os.path.join(work_dir, os.path.basename(self.args.source))
        with open(work, "w") as f:
            f.write(cleaned)

        output = self.tidy(work, fix=False)
        messages = self.args.temp + ".messages"
        with open(messages, "w") as f:
            f.write(output)
        if has_notes:
            self.filecheck("CHECK-NOTES", messages,
                           ["--implicit-check-not={{warning|error|note}}:"])
        elif DIAGNOSTIC.search(output):
            fail("expected no diagnostics", output)

        if has_fixes:
            self.tidy(work, fix=True)
            self.filecheck("CHECK-FIXES", work, ["--strict-whitespace"])
            self.check_fixed_file(work)

    def check_fixed_file(self, work):
        compiled = run([self.args.clang, "-fsyntax-only"] + self.compile_args
                       + [work])
        if compiled.returncode != 0:
            fail("the fixed file does not compile", compiled.stderr)
        with open(work) as f:
            once = f.read()
        self.tidy(work, fix=True)
        with open(work) as f:
            if f.read() != once:
                fail("a second --fix changed the file again")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--daemon-tidy", required=True)
    parser.add_argument("--clang-tidy", required=True)
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--clang", required=True)
    parser.add_argument("--filecheck", required=True)
    parser.add_argument("--stdlib-flags", default="")
    parser.add_argument("--front-end", choices=["daemon-tidy", "plugin"],
                        default="daemon-tidy")
    parser.add_argument("--skip-plugin", action="store_true",
                        help="make --front-end plugin runs pass without "
                             "running (the plugin of a sanitized build "
                             "cannot load)")
    parser.add_argument("--tidy-arg", action="append", default=[],
                        help="an extra argument for the tool, such as "
                             "--config=...")
    parser.add_argument("source")
    parser.add_argument("check")
    parser.add_argument("temp")
    argv = sys.argv[1:]
    compiler_args = []
    if "--" in argv:
        at = argv.index("--")
        argv, compiler_args = argv[:at], argv[at + 1:]
    args = parser.parse_args(argv)
    args.compiler_args = compiler_args
    Harness(args).check()


if __name__ == "__main__":
    main()
