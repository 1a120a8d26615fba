#!/usr/bin/env python3
"""Generates the stress set and runs every daemon-* check on each file.

usage: stress.py --daemon-tidy PATH --out DIR [--timeout SECONDS]
                 [--only NAME]... [-- COMPILER-ARGS...]

Each generated file must be analysed without a crash: the exit code is the
one expected for it (0 when it compiles, 1 when it has compile errors; never
3 or a signal), stderr holds no crash report or sanitizer report, and the
run ends within the timeout, which only detects hangs. Some files also name
a warning that proves the analysis got to the end of what they stress.
"""
import argparse
import os
import subprocess
import sys
import time

CRASH_MARKERS = ("PLEASE submit a bug report", "Stack dump",
                 "internal error", "ERROR: AddressSanitizer",
                 "runtime error:", "LeakSanitizer")

HEADER = "#include <cstdio>\n#include <functional>\n#include <thread>\n"


def ill_formed_braces():
    return HEADER + """
void writer() { FILE *f = std::fopen("/tmp/out", "w"); std::fputs("x", f);
void spawn() {
  std::thread t(writer);
  t.detach();
  if (true) { t.join();
}
struct Session { void run() { std::thread([this] { run( ; }).detach(); }
int main() { spawn(); std::thread(writer).detach()
"""


def ill_formed_undeclared():
    return HEADER + """
void start() {
  std::thread t(undeclared_entry, missing_argument);
  t.detach();
  auto value = nosuch(1) + other(unknown);
  std::thread u(value);
  u.detach();
  std::thread v([&] { frob(y); std::fputs(z, w); });
  v.join();
  v.join();
  UnknownType worker;
  std::thread(&UnknownType::run, &worker).detach();
  std::thread(worker.missing()).detach();
  pthread_create(&id, nullptr, entry, nullptr);
}
template <class T> void generic(T t) { std::thread(t.nope, undeclared).detach(); }
int main() { start(); generic(1); return missing; }
"""


def ill_formed_callable():
    return HEADER + """
struct Uploader { void send(int); void send(const char *); };
void overloaded(int);
void overloaded(double);
void start() {
  std::thread a(42);
  a.detach();
  std::thread b(&Uploader::missing, nullptr);
  b.detach();
  std::thread c(overloaded, "text");
  c.detach();
  std::thread(nullptr).detach();
  std::thread d([](int) {}, "text", 1, 2);
  d.join();
  std::thread e(&Uploader::send, Uploader(), 1);
  e.detach();
  std::thread f(start, 1);
  f.detach();
  Uploader up;
  std::thread g(up);
  g.detach();
}
"""


def templates():
    return HEADER + """#include <utility>
void write(const char *text) { std::fputs(text, std::fopen("/tmp/t", "a")); }

template <class F> void spawn(F f) { std::thread(f).detach(); }

template <class F, class... Args> void go(F &&f, Args &&...args) {
  std::thread(std::forward<F>(f), std::forward<Args>(args)...).detach();
}

template <class Derived> struct Worker {
  void start() { std::thread(&Worker::loop, this).detach(); }
  void loop() { static_cast<Derived *>(this)->step(); }
};
struct Writer : Worker<Writer> { void step() { write("step"); } };

template <int N> struct Chain {
  static void run() { Chain<N - 1>::run(); }
};
template <> struct Chain<0> {
  static void run() { write("bottom"); }
};

template <class T> void dependent(T t) {
  t.detach();
  t.join();
  T::spawn();
  std::thread(&T::entry, t).detach();
}

template <class... Ts> struct Pack {
  static void all() { (std::thread([] { write(sizeof(Ts) > 1 ? "a" : "b"); }).detach(), ...); }
};

int main() {
  spawn([] { write("lambda"); });
  go([](auto x, auto y) { write(x); write(y); }, "a", "b");
  auto generic = [](auto &&...parts) { (write(parts), ...); };
  std::thread(generic, "x", "y").detach();
  Writer w;
  w.start();
  std::thread(&Chain<400>::run).detach();
  Pack<int, char, double, long, short>::all();
}
"""


def macros():
    lines = [HEADER,
             "#define SPAWN(f) std::thread(f).detach()",
             "#define WRITE(s) std::fputs(s, std::fopen(\"/tmp/m\", \"a\"))",
             "#define TWICE(t) t.join(); t.join()",
             "#define ENTRY(n) void entry_##n() { WRITE(#n); }",
             "#define CALLS(a, b) void a() { b(); }",
             "#define DETACHED(n) SPAWN(entry_##n)",
             "#define NOTHING",
             "#define EMPTY_THREAD(t) std::thread t",
             ""]
    for i in range(200):
        lines.append("ENTRY(%d)" % i)
    lines.append("CALLS(hop0, entry_0)")
    for i in range(1, 100):
        lines.append("CALLS(hop%d, hop%d)" % (i, i - 1))
    lines.append("int main() {")
    for i in range(200):
        lines.append("  DETACHED(%d);" % i)
    lines += ["  SPAWN(hop99);",
              "  std::thread t(entry_0);",
              "  TWICE(t);",
              "  EMPTY_THREAD(u) NOTHING;",
              "  u.join();",
              "  SPAWN([] { WRITE(\"lambda\"); });",
              "}"]
    return "\n".join(lines) + "\n"


DEPTH = 5000


def chain(name, depth, bottom, result="void"):
    """`name0` calls `name1` ... and the last runs `bottom`; defined bottom
    up, so that each is declared before it is called."""
    call = "return " if result != "void" else ""
    lines = ["%s %s%d() { %s }" % (result, name, depth - 1, bottom)]
    for i in range(depth - 2, -1, -1):
        lines.append("%s %s%d() { %s%s%d(); }"
                     % (result, name, i, call, name, i + 1))
    return lines


def deep_recursion():
    lines = [HEADER, "#include <stdexcept>",
             "void bottom() {",
             "  std::fputs(\"deep\", std::fopen(\"/tmp/deep\", \"a\"));",
             "  throw std::runtime_error(\"deep\");",
             "}"]
    lines += chain("f", DEPTH, "bottom();")
    lines += [
        "void ping(int n);",
        "void pong(int n) { if (n) ping(n - 1); }",
        "void ping(int n) { pong(n); std::fputs(\"ping\", stdout); }",
        "int sum(int x) {",
        "  return " + " + ".join(["x"] * 20000) + ";",
        "}",
        "void nested(int x) {",
        "  " + "if (x) { " * 200 + "sum(x);" + " }" * 200,
        "}",
        "int main() {",
        "  std::thread(f0).detach();",
        "  std::thread(ping, 10).detach();",
        "  std::function<void(int)> rec = [&](int n) {",
        "    if (n) rec(n - 1); else bottom();",
        "  };",
        "  std::thread(rec, 10).detach();",
        "  std::thread(nested, 1).detach();",
        "  f0();",
        "}",
    ]
    return "\n".join(lines) + "\n"


def deeper_pure_chain():
    # Deep enough to overflow any per-call recursion over the chain; pure,
    # so that nothing is reported and the run stays short.
    depth = 200000
    lines = [HEADER] + chain("h", depth, "return 1;", result="int")
    # A guard whose destructor runs the chain: the model asks what that
    # destructor does, through another walk over the chain.
    lines += ["struct Guard { ~Guard() { h0(); } };",
              "int main() {",
              "  std::thread([] { h0(); }).detach();",
              "  std::thread([] { Guard G; }).detach();",
              "}"]
    return "\n".join(lines) + "\n"


def daemonized_deep():
    lines = ["#include <cstdio>", "#include <stdlib.h>", "#include <unistd.h>",
             "void bottom() { std::printf(\"deep\\n\"); }"]
    lines += chain("g", DEPTH, "bottom();")
    lines += ["int main() {",
              "  if (daemon(1, 1) != 0)",
              "    return 1;",
              "  g0();",
              "}"]
    return "\n".join(lines) + "\n"


def large():
    lines = [HEADER]
    functions = 5000
    for i in range(functions):
        lines += ["int step%d(int x) {" % i,
                  "  int y = x * %d;" % i,
                  "  if (y > 100)",
                  "    y -= 7;",
                  "  for (int k = 0; k < 3; ++k)",
                  "    y += k;",
                  "  if (y %% 50 == %d)" % (i % 50),
                  "    std::fputs(\"x\", std::fopen(\"/tmp/l\", \"a\"));",
                  "  return %s;" % ("y" if i == 0 else "step%d(y)" % (i - 1)),
                  "}"]
    lines.append("int main() {")
    for i in range(0, functions, 50):
        lines.append("  std::thread(step%d, %d).detach();" % (i, i))
    lines.append("}")
    return "\n".join(lines) + "\n"


def latin1():
    text = HEADER + """
// Journal \xe9crit en Latin-1 : \xe0 \xe7 \xf1 \xfc \xff
void journal() {
  std::fputs("caf\xe9 cr\xe8me \xb5s", std::fopen("/tmp/j\xe9", "a"));
}
int main() { std::thread(journal).detach(); }
"""
    return text.encode("latin-1")


def utf16():
    return (HEADER + "int main() {}\n").encode("utf-16")


def nuls():
    text = HEADER + """
// a comment with \0 NULs \0\0 inside
void writer() {\0
  std::fputs("a\0b", std::fopen("/tmp/n", "a"));\0
}
int main() { std::thread(writer)\0.detach(); }
"""
    return text.encode("latin-1")


def garbage():
    # A fixed linear congruential sequence: the same bytes on every run.
    state, data = 12345, bytearray()
    for _ in range(20000):
        state = (state * 1103515245 + 12345) % (1 << 31)
        data.append(state >> 23)
    return bytes(data)


# name, content, expected exit code, a warning that must appear
STRESS_SET = [
    ("ill-formed-braces.cpp", ill_formed_braces, 1, None),
    ("ill-formed-undeclared.cpp", ill_formed_undeclared, 1, None),
    ("ill-formed-callable.cpp", ill_formed_callable, 1, None),
    ("templates.cpp", templates, 0, "[daemon-detached-file-write]"),
    ("macros.cpp", macros, 0, "[daemon-join-detach-misuse]"),
    ("deep-recursion.cpp", deep_recursion, 0,
     "detached thread running 'f0' writes to a file"),
    ("deeper-pure-chain.cpp", deeper_pure_chain, 0, None),
    ("daemonized-deep.cpp", daemonized_deep, 0,
     "[daemon-daemonize-stdio]"),
    ("large.cpp", large, 0, "[daemon-detached-file-write]"),
    ("latin1.cpp", latin1, 0, "[daemon-detached-file-write]"),
    ("utf16.cpp", utf16, 1, None),
    ("nuls.cpp", nuls, 0, None),
    ("garbage.cpp", garbage, 1, None),
    ("empty.cpp", lambda: "", 0, None),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--daemon-tidy", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--only", action="append", default=[])
    argv = sys.argv[1:]
    compiler_args = ["-std=c++17"]
    if "--" in argv:
        at = argv.index("--")
        argv, compiler_args = argv[:at], compiler_args + argv[at + 1:]
    args = parser.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)

    failures = []
    for name, make, expected, warning in STRESS_SET:
        if args.only and name not in args.only:
            continue
        path = os.path.join(args.out, name)
        content = make()
        if isinstance(content, str):
            content = content.encode("utf-8")
        with open(path, "wb") as f:
            f.write(content)
        command = [args.daemon_tidy, "--checks=-*,daemon-*", "--quiet", path,
                   "--"] + compiler_args
        start = time.monotonic()
        try:
            result = subprocess.run(command, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE,
                                    timeout=args.timeout)
        except subprocess.TimeoutExpired:
            failures.append("%s: no result after %d s (a hang?)"
                            % (name, args.timeout))
            continue
        seconds = time.monotonic() - start
        out = result.stdout.decode("utf-8", "replace")
        err = result.stderr.decode("utf-8", "replace")
        print("%s: exit %d in %.1f s" % (name, result.returncode, seconds))
        problems = []
        if result.returncode != expected:
            problems.append("exit code %d, expected %d"
                            % (result.returncode, expected))
        for marker in CRASH_MARKERS:
            if marker in err or marker in out:
                problems.append("output contains %r" % marker)
        if warning and warning not in out:
            problems.append("no %r in the output" % warning)
        if problems:
            failures.append("%s: %s\n---- stderr (end) ----\n%s"
                            % (name, "; ".join(problems), err[-3000:]))
    for failure in failures:
        sys.stderr.write("stress: " + failure + "\n")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
