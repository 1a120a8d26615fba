#!/usr/bin/env python3
"""Prints daemon-tidy's cost as ratios against the compiler's parse.

usage: bench/run.py [--llvm-version 19] [--runs 7] [--build DIR]
                    [--instructions]

For each input, daemon-tidy with every daemon-* check runs against
`clang++-N -fsyntax-only` (clang-N for C) on the same file with the same
flags, alternating, --runs times each (default 7, at least 5); the medians
are compared. Inputs: every file in examples/, and a generated translation
unit (2,000 functions, 200 detached spawns whose entries reach file writes
through call chains up to 30 deep) and its double (4,000 functions, 400
spawns).

Time is CPU time (user + system) of the process. Printed ratios (bounds
from the issue that introduced the bench):
  time     daemon-tidy / parse, per input            (<= 1.08)
  fastest  the same with the fastest run of each instead of the median:
           on a shared machine, where whole runs slow down at random, the
           least disturbed figure (not a bound; "time" is)
  scaling  doubled TU / generated TU, daemon-tidy    (<= 2.1)
  memory   peak RSS, daemon-tidy / parse             (<= 1.10)
With --instructions, each line also gives the ratio of instructions
executed (callgrind), which does not depend on machine noise.
Exit code 0 whatever the figures: this measures, it does not judge.
"""
import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent

HEADER = """#include <cstdio>
#include <fstream>
#include <pthread.h>
#include <string>
#include <thread>
#include <vector>
"""


def generate(functions, spawns):
    """A TU with `functions` functions in all and `spawns` detached threads,
    whose entries reach a file write through chains of up to 30 calls."""
    out = [HEADER]
    depth = 30
    # The chain: link_0 calls link_1 ... link_29 writes.
    out.append("void link_%d(int N) {\n"
               "  std::FILE *F = std::fopen(\"out.bin\", \"w\");\n"
               "  std::fprintf(F, \"%%d\", N);\n  std::fclose(F);\n}\n"
               % (depth - 1))
    for i in reversed(range(depth - 1)):
        out.append("void link_%d(int N) { link_%d(N + %d); }\n" % (i, i + 1, i))
    used = depth
    for k in range(spawns):
        start = k % depth  # entries enter the chain at every depth
        out.append("void entry_%d() { link_%d(%d); }\n" % (k, start, k))
        form = k % 4
        if form == 0:
            out.append("void spawn_%d() { std::thread T(entry_%d); T.detach(); }\n"
                       % (k, k))
        elif form == 1:
            out.append("void spawn_%d() { std::thread(entry_%d).detach(); }\n"
                       % (k, k))
        elif form == 2:
            out.append("void *routine_%d(void *) { entry_%d(); return nullptr; }\n"
                       "void spawn_%d() { pthread_t T; pthread_create(&T, nullptr,"
                       " routine_%d, nullptr); pthread_detach(T); }\n"
                       % (k, k, k, k))
            used += 1
        else:
            out.append("void spawn_%d() { std::thread([] { entry_%d(); }).detach(); }\n"
                       % (k, k))
        used += 2
    # Pure computation makes up the rest.
    for i in range(max(0, functions - used)):
        out.append("int compute_%d(int X) { int S = 0; for (int I = 0; I < X; ++I)"
                   " S += I * %d; return S; }\n" % (i, i))
    return "".join(out)


def measure(command):
    """CPU time (user + system, s) and peak RSS (KiB) of one run. CPU time
    is far less sensitive than wall time to what else the machine runs."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("bench: %s failed" % " ".join(command))
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def instructions(command):
    """Instructions executed, counted by callgrind: the same figure on every
    run, whatever else the machine does."""
    with tempfile.TemporaryDirectory() as scratch:
        result = subprocess.run(
            ["valgrind", "--tool=callgrind",
             "--callgrind-out-file=" + os.path.join(scratch, "out")] + command,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in result.stderr.splitlines():
        if "Collected :" in line:
            return int(line.split(":")[-1].strip())
    sys.exit("bench: callgrind gave no count for %s" % " ".join(command))


def compare(tidy, compiler, path, flags, runs):
    tidy_cmd = [tidy, "--quiet", str(path), "--"] + flags
    clang_cmd = [compiler, "-fsyntax-only"] + flags + [str(path)]
    measure(tidy_cmd)  # warm the file cache
    measure(clang_cmd)
    compare.commands = (tidy_cmd, clang_cmd)
    tidy_times, clang_times, tidy_rss, clang_rss = [], [], [], []
    for _ in range(runs):
        t, r = measure(tidy_cmd)
        tidy_times.append(t)
        tidy_rss.append(r)
        t, r = measure(clang_cmd)
        clang_times.append(t)
        clang_rss.append(r)
    compare.fastest = min(tidy_times) / min(clang_times)
    return (statistics.median(tidy_times), statistics.median(clang_times),
            statistics.median(tidy_rss), statistics.median(clang_rss))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--llvm-version", default=os.environ.get(
        "DAEMON_TIDY_LLVM_VERSION", "19"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--build")
    parser.add_argument("--instructions", action="store_true",
                        help="also count instructions with callgrind (slow)")
    args = parser.parse_args()
    if args.runs < 5:
        sys.exit("bench: --runs must be at least 5")
    build = pathlib.Path(args.build or ROOT / "build" / ("llvm-" + args.llvm_version))
    tidy = str(build / "bin" / "daemon-tidy")
    bindir = "/usr/lib/llvm-%s/bin/" % args.llvm_version

    inputs = []
    for example in sorted((ROOT / "examples").iterdir()):
        if example.suffix == ".cpp":
            inputs.append((example.name, example, ["-std=c++17"]))
        elif example.suffix == ".c":
            inputs.append((example.name, example, ["-std=c11"]))
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="daemon-bench-"))
    generated = scratch / "generated.cpp"
    generated.write_text(generate(2000, 200))
    doubled = scratch / "doubled.cpp"
    doubled.write_text(generate(4000, 400))
    inputs.append(("generated (2000 fns, 200 spawns)", generated, ["-std=c++17"]))
    inputs.append(("doubled (4000 fns, 400 spawns)", doubled, ["-std=c++17"]))

    print("median of %d runs each; daemon-tidy: every daemon-* check" % args.runs)
    print("%-36s %9s %9s %7s %7s %9s %9s %7s" % (
        "input", "tidy cpu", "parse cpu", "time", "fastest", "tidy MiB",
        "parse MiB", "memory"))
    results = {}
    for name, path, flags in inputs:
        compiler = bindir + ("clang" if path.suffix == ".c" else "clang++")
        tt, ct, tr, cr = compare(tidy, compiler, path, flags, args.runs)
        results[name] = (tt, ct)
        line = ("%-36s %9.3f %9.3f %7.3f %7.3f %9.1f %9.1f %7.3f"
                % (name, tt, ct, tt / ct, compare.fastest, tr / 1024,
                   cr / 1024, tr / cr))
        if args.instructions:
            tidy_cmd, clang_cmd = compare.commands
            line += "   instructions %.3f" % (instructions(tidy_cmd) /
                                               instructions(clang_cmd))
        print(line)
    base = results["generated (2000 fns, 200 spawns)"]
    big = results["doubled (4000 fns, 400 spawns)"]
    print("scaling: doubled / generated, daemon-tidy time: %.3f "
          "(the parse alone: %.3f)" % (big[0] / base[0], big[1] / base[1]))


if __name__ == "__main__":
    main()
