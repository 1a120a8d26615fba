#!/usr/bin/env python3
"""Judges whole-program project mode's cost, in instructions.

usage: bench/whole_program.py [--build DIR] [--files 200] [--merge-files 2000]
                              [--runs 3] [--lock /tmp/daemon-cpu.lock]
                              [--keep DIR]

Generates a project of --files translation units with a
compile_commands.json. One TU in ten holds a spawn site whose pieces sit
in other files: the wrapper that creates and detaches the thread, the
thread's entry, the effect it reaches (a file write) and the wait the
spawning function calls; the rest is plain computation. tu_0.cpp's main
starts every group.

Measured, each in instructions summed over daemon-tidy and every child
process it starts (valgrind --tool=cachegrind --cache-sim=no
--trace-children=yes, bench/measure.py):
  cold       daemon-tidy -p DIR --summary-dir=CACHE -j2, empty cache
  per-TU     daemon-tidy -p DIR --summary-dir=CACHE2 -j2 --whole-program=false
  warm       the cold command again, nothing changed
  touched    the cold command again after one callee's body changed
             (its run-summary line says how many TUs were analysed again)
  merge      daemon-tidy --merge-summaries --output=X CACHE/tu/*.sum, for
             --files TUs and for a project of --merge-files TUs
Judged:
  cold / per-TU                                   <= 1.25
  warm / cold                                     <= 0.30
  index size / total preprocessed size (clang++ -E of every TU)  <= 0.05
  merge of --merge-files / merge of --files       <= 11
  peak RSS, cold / per-TU (largest process of the run, median of --runs
  native runs with an empty cache)                <= 1.10
Printed: the touched run's summary line, times.

The lock file --lock (default /tmp/daemon-cpu.lock; --lock= for none) is
held with flock(2) per phase, never for the whole bench.

Exit codes: 0 every bound holds; 1 a bound is exceeded (each named on a
line starting "EXCEEDED"); other: the bench could not run.
"""
import argparse
import glob
import json
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

import measure

ROOT = pathlib.Path(__file__).resolve().parent.parent
GROUP = 10  # one spawn site per GROUP TUs

COLD_BOUND, WARM_BOUND, INDEX_BOUND, MERGE_BOUND, MEMORY_BOUND = (
    1.25, 0.30, 0.05, 11.0, 1.10)

HEADER = """#pragma once
// Group %(g)d: the spawn site is in tu_%(s)d.cpp, the wrapper in
// tu_%(w)d.cpp, the entry in tu_%(e)d.cpp, the effect in tu_%(f)d.cpp and
// the wait in tu_%(v)d.cpp.
void start_%(g)d();
void spawn_detached_%(g)d(void *(*Entry)(void *), void *Arg);
void *entry_%(g)d(void *Arg);
void write_record_%(g)d(int Value);
void wait_ready_%(g)d();
int compute_%(g)d_%(k)s(int X);
"""

SPAWN = """#include "group_%(g)d.h"
#include <cstdio>

static int Seed_%(g)d = %(g)d;

void start_%(g)d() {
  spawn_detached_%(g)d(&entry_%(g)d, &Seed_%(g)d);
  wait_ready_%(g)d();
  std::printf("group %(g)d started\\n");
}
"""

WRAPPER = """#include "group_%(g)d.h"
#include <pthread.h>
#include <cstdio>

void spawn_detached_%(g)d(void *(*Entry)(void *), void *Arg) {
  pthread_t Thread;
  if (pthread_create(&Thread, nullptr, Entry, Arg) != 0) {
    std::perror("pthread_create");
    return;
  }
  pthread_detach(Thread);
}
"""

ENTRY = """#include "group_%(g)d.h"

void *entry_%(g)d(void *Arg) {
  int Value = *static_cast<int *>(Arg);
  for (int I = 0; I < 3; ++I)
    write_record_%(g)d(Value + I);
  return nullptr;
}
"""

EFFECT = """#include "group_%(g)d.h"
#include <cstdio>

void write_record_%(g)d(int Value) {
  std::FILE *Out = std::fopen("record_%(g)d.txt", "a");
  if (!Out)
    return;
  std::fprintf(Out, "%%d\\n", Value);
  std::fclose(Out);
}
"""

WAIT = """#include "group_%(g)d.h"
#include <pthread.h>

static pthread_mutex_t Lock_%(g)d = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t Ready_%(g)d = PTHREAD_COND_INITIALIZER;
static bool IsReady_%(g)d = true;

void wait_ready_%(g)d() {
  pthread_mutex_lock(&Lock_%(g)d);
  while (!IsReady_%(g)d)
    pthread_cond_wait(&Ready_%(g)d, &Lock_%(g)d);
  pthread_mutex_unlock(&Lock_%(g)d);
}
"""

COMPUTE = """#include <cstdio>
#include <cstring>

// Plain computation: no threads, no effects.
static int mix_%(i)d(int X) { return (X * 2654435761u) >> 7; }

int compute_%(i)d(int X) {
  int Sum = 0;
  for (int I = 0; I < X; ++I)
    Sum += mix_%(i)d(I) %% %(m)d;
  return Sum;
}

int compare_%(i)d(const char *A, const char *B) {
  return std::strcmp(A, B) + compute_%(i)d(static_cast<int>(std::strlen(A)));
}
"""


def generate(directory, files):
    """Writes `files` TUs, their headers and compile_commands.json."""
    directory.mkdir(parents=True, exist_ok=True)
    groups = files // GROUP
    roles = [SPAWN, WRAPPER, ENTRY, EFFECT, WAIT]
    commands = []
    for i in range(files):
        g, r = divmod(i, GROUP)
        if g < groups and r < len(roles):
            text = roles[r] % {"g": g}
        else:
            text = COMPUTE % {"i": i, "m": i % 97 + 3}
        if i == 0:
            text += "\n" + "".join("void start_%d();\n" % k
                                   for k in range(groups))
            text += "int main() {\n%s  return 0;\n}\n" % "".join(
                "  start_%d();\n" % k for k in range(groups))
        (directory / ("tu_%d.cpp" % i)).write_text(text)
        commands.append({"directory": str(directory), "file": "tu_%d.cpp" % i,
                         "command": "clang++ -std=c++17 -c tu_%d.cpp" % i})
    for g in range(groups):
        b = g * GROUP
        (directory / ("group_%d.h" % g)).write_text(HEADER % {
            "g": g, "s": b, "w": b + 1, "e": b + 2, "f": b + 3, "v": b + 4,
            "k": "unused"})
    (directory / "compile_commands.json").write_text(json.dumps(commands))


def preprocessed_size(directory, files):
    total = 0
    for i in range(files):
        result = subprocess.run(
            ["clang++-19", "-std=c++17", "-E",
             str(directory / ("tu_%d.cpp" % i))],
            stdout=subprocess.PIPE, check=True)
        total += len(result.stdout)
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=str(ROOT / "build" / "llvm-19"))
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--merge-files", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lock", default="/tmp/daemon-cpu.lock")
    parser.add_argument("--keep", help="generate here and keep it")
    args = parser.parse_args()
    measure.LOCK = args.lock or None
    tidy = str(pathlib.Path(args.build) / "bin" / "daemon-tidy")
    work = pathlib.Path(args.keep or tempfile.mkdtemp(prefix="daemon-wp-"))
    project, cache = work / "project", work / "cache"
    pertu_cache = work / "cache-per-tu"
    generate(project, args.files)

    cold_cmd = [tidy, "-p", str(project), "--summary-dir=" + str(cache),
                "-j2"]
    pertu_cmd = [tidy, "-p", str(project), "--summary-dir=" + str(pertu_cache),
                 "-j2", "--whole-program=false"]
    print("project: %s (%d TUs, %d spawn sites)" % (
        project, args.files, args.files // GROUP))
    print("  cold:    %s" % " ".join(cold_cmd))
    print("  per-TU:  %s" % " ".join(pertu_cmd))
    failures = []

    def judge(name, value, bound, above=False):
        ok = value >= bound if above else value <= bound
        print("%-44s %8.3f  bound %s %.2f%s" % (
            name, value, ">=" if above else "<=", bound,
            "" if ok else "   EXCEEDED"), flush=True)
        if not ok:
            failures.append("%s %.3f, bound %.2f" % (name, value, bound))

    # Instructions, cold then warm then per-TU mode.
    # The lock is held per phase.
    shutil.rmtree(cache, ignore_errors=True)
    with measure.held():
        cold = measure.instructions(cold_cmd, cwd=project)
    with measure.held():
        warm = measure.instructions(cold_cmd, cwd=project)
    shutil.rmtree(pertu_cache, ignore_errors=True)
    with measure.held():
        pertu = measure.instructions(pertu_cmd, cwd=project)
    print("instructions: cold %d, warm %d, per-TU %d" % (cold, warm, pertu))
    judge("whole-program cold / per-TU (instructions)", cold / pertu,
          COLD_BOUND)
    judge("warm / cold (instructions)", warm / cold, WARM_BOUND)

    # One callee's body changes: group 0's effect.
    effect = project / "tu_3.cpp"
    effect.write_text(effect.read_text().replace('"%d\\n", Value',
                                                 '"%d;\\n", Value + 1'))
    with measure.held():
        result = subprocess.run(cold_cmd, cwd=project,
                                stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
    line = [l for l in result.stderr.splitlines() if "whole program:" in l]
    print("touched tu_3.cpp (write_record_0's body): %s" % (
        line[-1].strip() if line else "no run-summary line"))

    # Index size against the preprocessed source.
    index = cache / "index.sum"
    if not index.exists():
        sys.exit("bench: no %s; the cache holds %s" % (index, sorted(
            p.name for p in cache.iterdir())))
    with measure.held():
        source = preprocessed_size(project, args.files)
    print("index %d bytes, preprocessed source %d bytes" % (
        index.stat().st_size, source))
    judge("index size / preprocessed source", index.stat().st_size / source,
          INDEX_BOUND)

    # Merge: these TUs, then --merge-files TUs.
    def merge_cost(summaries):
        out = work / "merged.sum"
        with measure.held():
            return measure.instructions(
                [tidy, "--merge-summaries", "--output=" + str(out)] + summaries)
    small = sorted(glob.glob(str(cache / "tu" / "*.sum")))
    big_project, big_cache = work / "project-big", work / "cache-big"
    generate(big_project, args.merge_files)
    with measure.held():
        subprocess.run([tidy, "-p", str(big_project), "--quiet",
                        "--summary-dir=" + str(big_cache), "-j2"],
                       cwd=big_project, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    big = sorted(glob.glob(str(big_cache / "tu" / "*.sum")))
    merge_small, merge_big = merge_cost(small), merge_cost(big)
    print("merge: %d summaries %d instructions, %d summaries %d instructions"
          % (len(small), merge_small, len(big), merge_big))
    print("  command: %s --merge-summaries --output=X CACHE/tu/*.sum" % tidy)
    judge("merge %d / merge %d (instructions)" % (len(big), len(small)),
          merge_big / merge_small, MERGE_BOUND)

    # Peak memory: largest process of a run with an empty cache.
    cold_rss, pertu_rss, cold_s, pertu_s = [], [], [], []
    for _ in range(max(1, args.runs)):
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(pertu_cache, ignore_errors=True)
        with measure.held():
            seconds, rss = measure.usage(cold_cmd, cwd=project)
            cold_s.append(seconds)
            cold_rss.append(rss)
            seconds, rss = measure.usage(pertu_cmd, cwd=project)
        pertu_s.append(seconds)
        pertu_rss.append(rss)
    print("peak RSS: cold %.1f MiB, per-TU %.1f MiB; CPU s: cold %.2f, "
          "per-TU %.2f (medians of %d)" % (
              statistics.median(cold_rss) / 1024,
              statistics.median(pertu_rss) / 1024, statistics.median(cold_s),
              statistics.median(pertu_s), len(cold_s)))
    judge("peak RSS cold / per-TU", statistics.median(cold_rss) /
          statistics.median(pertu_rss), MEMORY_BOUND)

    for failure in failures:
        print("EXCEEDED " + failure)
    print("bench: %s" % ("every bound holds" if not failures else
                         "%d bound(s) exceeded" % len(failures)))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
