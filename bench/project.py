#!/usr/bin/env python3
"""Judges project mode's parallel speed-up; prints its cost against run-clang-tidy.

usage: bench/project.py [--llvm-version 19] [--files 200] [--runs 3] [--build DIR]
                        [--lock /tmp/daemon-cpu.lock]

Generates a project of --files translation units (each with a detached
thread that writes a file) and its compile_commands.json, then times, wall
clock, median of --runs alternating runs:
  speed-up  daemon-tidy -p -j1 time / daemon-tidy -p -j2 time (ideal: 2)
  vs-run    daemon-tidy -p -j2 time / run-clang-tidy-N -j2 with
            clang-tidy-N --load=DaemonTidyPlugin.so (below 1: faster)
run-clang-tidy-N is skipped when it is not installed. The load average
before and after is printed: the speed-up only means something on a quiet
machine. Each run holds an exclusive flock(2) on --lock (default
/tmp/daemon-cpu.lock; --lock= for none), one run at a time.

Judged: speed-up >= 1.8. Exit codes: 0 it holds; 1 it does not (a line
starting "EXCEEDED" says so); other: the bench could not run, for example
a command exited non-zero.
"""
import argparse
import sys
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import tempfile
import time

import measure

ROOT = pathlib.Path(__file__).resolve().parent.parent

SOURCE = """#include <cstdio>
#include <thread>

static void write_%(i)d() {
  std::FILE *F = std::fopen("out_%(i)d.txt", "w");
  std::fprintf(F, "%%d", %(i)d);
  std::fclose(F);
}

void start_%(i)d() { std::thread(write_%(i)d).detach(); }
"""


def generate(directory, files):
    commands = []
    for i in range(files):
        name = "tu_%d.cpp" % i
        (directory / name).write_text(SOURCE % {"i": i})
        commands.append({"directory": str(directory), "file": name,
                         "command": "clang++ -std=c++17 -c " + name})
    (directory / "compile_commands.json").write_text(json.dumps(commands))


def wall(command, cwd):
    """Wall time of one run, holding the lock (waiting for it is not
    counted)."""
    with measure.held():
        start = time.monotonic()
        done = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, check=False)
        elapsed = time.monotonic() - start
    if done.returncode != 0:
        # A run that failed did not do the work: its time means nothing.
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        print("project.py: %s exited %d: %s" % (
            command[0], done.returncode, lines[-1] if lines else "no output"),
              file=sys.stderr)
        raise SystemExit(2)
    return elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--llvm-version", default=os.environ.get(
        "DAEMON_TIDY_LLVM_VERSION", "19"))
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--build")
    parser.add_argument("--lock", default="/tmp/daemon-cpu.lock")
    args = parser.parse_args()
    measure.LOCK = args.lock or None
    build = pathlib.Path(args.build or ROOT / "build" / ("llvm-" + args.llvm_version)).resolve()
    tidy = str(build / "bin" / "daemon-tidy")
    plugin = str(build / "lib" / "DaemonTidyPlugin.so")
    run_clang_tidy = shutil.which("run-clang-tidy-" + args.llvm_version)
    clang_tidy = "/usr/lib/llvm-%s/bin/clang-tidy" % args.llvm_version

    with tempfile.TemporaryDirectory() as tmp:
        project = pathlib.Path(tmp)
        generate(project, args.files)
        commands = {
            "j1": [tidy, "-p", tmp, "-j", "1", "--quiet"],
            "j2": [tidy, "-p", tmp, "-j", "2", "--quiet"],
        }
        if run_clang_tidy:
            commands["run"] = [run_clang_tidy, "-p", tmp, "-j", "2", "-quiet",
                               "-clang-tidy-binary", clang_tidy, "-load",
                               plugin, "-checks=-*,daemon-*"]
        load_before = os.getloadavg()
        times = {name: [] for name in commands}
        for _ in range(max(1, args.runs)):
            for name, command in commands.items():
                # Each run starts with no cache: a run served from the
                # cache analyses nothing.
                shutil.rmtree(project / ".daemon-tidy", ignore_errors=True)
                times[name].append(wall(command, tmp))
        median = {name: statistics.median(t) for name, t in times.items()}
        load_after = os.getloadavg()

    print("files     %d, %d runs each; load average (1, 5, 15 min) before "
          "%.2f %.2f %.2f, after %.2f %.2f %.2f" % ((args.files, args.runs)
                                                    + load_before + load_after))
    print("commands  %s\n          %s" % (" ".join(commands["j1"]),
                                          " ".join(commands["j2"])))
    speedup = median["j1"] / median["j2"]
    print("speed-up  %.2f  (daemon-tidy -j1 %.1fs / -j2 %.1fs)  bound >= 1.8"
          % (speedup, median["j1"], median["j2"]))
    if "run" in median:
        print("vs-run    %.2f  (daemon-tidy -j2 %.1fs / run-clang-tidy -j2 %.1fs)"
              % (median["j2"] / median["run"], median["j2"], median["run"]))
    else:
        print("vs-run    skipped: run-clang-tidy-%s not found" % args.llvm_version)
    if speedup < 1.8:
        print("EXCEEDED speed-up %.2f < 1.8" % speedup)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
