#!/usr/bin/env python3
"""Judges daemon-tidy's cost against the compiler's parse, in instructions.

usage: bench/run.py [--build DIR] [--build22 DIR] [--runs 3]
                    [--lock /tmp/daemon-cpu.lock] [--only SUBSTRING]

For each input, daemon-tidy with every daemon-* check (`daemon-tidy
--quiet --checks=-*,daemon-* FILE -- FLAGS`) is compared with
`clang++-N -fsyntax-only FLAGS FILE` (clang-N for C) on the same file with
the same flags. Inputs: every file in examples/; the real-world TUs in
bench/inputs/ (a networked server with a thread pool, a storage engine's
environment layer, a terminal application with a UI and worker threads,
a small C log shipper); the generated TU (2,000 functions, 200 detached
spawns whose entries reach file writes through call chains up to 30 deep)
and its double (4,000 functions, 400 spawns); an empty C and C++ TU.

What is judged (LLVM 19, the --build tree), each a ratio daemon-tidy /
parse of instructions executed, counted by `valgrind --tool=cachegrind
--cache-sim=no` (bench/measure.py):
  real code  examples/ and bench/inputs/, each         <= 1.05
  dense TU   the generated TU                          <= 1.12
  scaling    doubled TU / generated TU, daemon-tidy    <= 2.1
  memory     peak RSS daemon-tidy / parse, every input <= 1.10
             (median of --runs native runs each)
Printed, not judged: CPU time of the native runs (median), the doubled
TU's own ratio, the empty TUs (the fixed cost of starting daemon-tidy),
and with --build22 DIR (a build against LLVM 22, when /usr/lib/llvm-22
exists) the same table for LLVM 22.

Each input is measured holding an exclusive flock(2) on --lock (default
/tmp/daemon-cpu.lock; --lock= for none), so that CPU-heavy work sharing
the machine takes turns.

Exit codes: 0 every bound holds; 1 a bound is exceeded (each is named on a
line starting "EXCEEDED"); other: the bench could not run.
"""
import argparse
import os
import pathlib
import statistics
import sys
import tempfile

import measure

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


REAL_BOUND = 1.05
DENSE_BOUND = 1.12
SCALING_BOUND = 2.1
MEMORY_BOUND = 1.10

GENERATED = "generated (2000 fns, 200 spawns)"
DOUBLED = "doubled (4000 fns, 400 spawns)"


def inputs(scratch):
    """(name, path, flags, kind) of every input; kind says which bound."""
    found = []
    for directory in (ROOT / "examples", ROOT / "bench" / "inputs"):
        for path in sorted(directory.iterdir()):
            if path.suffix == ".cpp":
                found.append((path.name, path, ["-std=c++17"], "real"))
            elif path.suffix == ".c":
                found.append((path.name, path, ["-std=c11"], "real"))
    generated = scratch / "generated.cpp"
    generated.write_text(generate(2000, 200))
    doubled = scratch / "doubled.cpp"
    doubled.write_text(generate(4000, 400))
    found.append((GENERATED, generated, ["-std=c++17"], "dense"))
    found.append((DOUBLED, doubled, ["-std=c++17"], "printed"))
    empty_c = scratch / "empty.c"
    empty_c.write_text("")
    empty_cpp = scratch / "empty.cpp"
    empty_cpp.write_text("")
    found.append(("empty C TU (fixed cost)", empty_c, ["-std=c11"], "printed"))
    found.append(("empty C++ TU (fixed cost)", empty_cpp, ["-std=c++17"],
                  "printed"))
    return found


def table(tidy, version, found, runs, judge):
    """Measures every input; returns (failures, tidy instructions by name)."""
    bindir = "/usr/lib/llvm-%s/bin/" % version
    print("LLVM %s: daemon-tidy %s%s" % (version, tidy,
                                         "" if judge else " (printed, not judged)"))
    print("%-32s %14s %14s %7s %6s %8s %8s %7s %6s" % (
        "input", "tidy instr", "parse instr", "instr", "bound", "tidy s",
        "parse s", "memory", "bound"))
    failures, counts = [], {}
    for name, path, flags, kind in found:
        compiler = bindir + ("clang" if path.suffix == ".c" else "clang++")
        tidy_cmd = [tidy, "--quiet", "--checks=-*,daemon-*", str(path),
                    "--"] + flags
        clang_cmd = [compiler, "-fsyntax-only"] + flags + [str(path)]
        if version == "19" and name in (GENERATED, "net_server.cpp"):
            print("  commands: %s\n            %s" % (" ".join(tidy_cmd),
                                                    " ".join(clang_cmd)))
        with measure.held():  # one input at a time
            ti = measure.instructions(tidy_cmd)
            ci = measure.instructions(clang_cmd)
            tidy_use = [measure.usage(tidy_cmd) for _ in range(runs)]
            clang_use = [measure.usage(clang_cmd) for _ in range(runs)]
        counts[name] = ti
        tt = statistics.median(u[0] for u in tidy_use)
        ct = statistics.median(u[0] for u in clang_use)
        tr = statistics.median(u[1] for u in tidy_use)
        cr = statistics.median(u[1] for u in clang_use)
        bound = {"real": REAL_BOUND, "dense": DENSE_BOUND}.get(kind)
        ratio, memory = ti / ci, tr / cr
        print("%-32s %14d %14d %7.3f %6s %8.3f %8.3f %7.3f %6.2f" % (
            name, ti, ci, ratio, "%.2f" % bound if bound else "-", tt, ct,
            memory, MEMORY_BOUND), flush=True)
        if judge and bound and ratio > bound:
            failures.append("%s: instructions %.3f > %.2f" % (name, ratio, bound))
        if judge and memory > MEMORY_BOUND:
            failures.append("%s: peak RSS %.3f > %.2f (%.1f / %.1f MiB)" % (
                name, memory, MEMORY_BOUND, tr / 1024, cr / 1024))
    if GENERATED in counts and DOUBLED in counts:
        scaling = counts[DOUBLED] / counts[GENERATED]
        print("scaling: doubled / generated, daemon-tidy instructions: %.3f"
              " (bound %.1f)" % (scaling, SCALING_BOUND))
        if judge and scaling > SCALING_BOUND:
            failures.append("scaling %.3f > %.1f" % (scaling, SCALING_BOUND))
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=str(ROOT / "build" / "llvm-19"),
                        help="LLVM 19 build tree (default build/llvm-19)")
    parser.add_argument("--build22", help="LLVM 22 build tree, printed only")
    parser.add_argument("--runs", type=int, default=3,
                        help="native runs for time and memory (median)")
    parser.add_argument("--lock", default="/tmp/daemon-cpu.lock")
    parser.add_argument("--only", help="inputs whose name contains this")
    args = parser.parse_args()
    measure.LOCK = args.lock or None
    scratch = pathlib.Path(tempfile.mkdtemp(prefix="daemon-bench-"))
    found = inputs(scratch)
    if args.only:
        found = [i for i in found if args.only in i[0]]
    failures = table(str(pathlib.Path(args.build) / "bin" / "daemon-tidy"),
                     "19", found, max(1, args.runs), judge=True)
    if os.path.isdir("/usr/lib/llvm-22"):
        print()
        if args.build22:
            table(str(pathlib.Path(args.build22) / "bin" / "daemon-tidy"),
                  "22", found, max(1, args.runs), judge=False)
        else:
            print("LLVM 22: not measured (no --build22 given)")
    for failure in failures:
        print("EXCEEDED " + failure)
    print("bench: %s" % ("every bound holds" if not failures else
                         "%d bound(s) exceeded" % len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
