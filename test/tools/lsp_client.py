#!/usr/bin/env python3
"""A minimal LSP client: opens one file in a clangd and prints the
diagnostics clangd publishes for it.

usage: lsp_client.py --clangd PATH --file FILE --wait-for CODE
                     [--timeout SECONDS] [--log FILE] [-- COMPILE-FLAGS...]

The compile flags are written to compile_flags.txt beside FILE. The client
waits until a publishDiagnostics notification for FILE contains a diagnostic
whose code is CODE, prints every diagnostic of that notification as
"LINE:COLUMN: SOURCE CODE: MESSAGE" (1-based), shuts clangd down and exits 0.
It exits 1 when no such diagnostic arrives in time.
"""
import argparse
import json
import os
import pathlib
import queue
import subprocess
import sys
import threading
import time


class Connection:
    """JSON-RPC over a child process's stdin and stdout."""

    def __init__(self, command, log):
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE,
                                        stderr=log or subprocess.DEVNULL)
        self.messages = queue.Queue()
        self.next_id = 1
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        stream = self.process.stdout
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if length is None:
                continue
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message):
        body = json.dumps(message).encode("utf-8")
        header = ("Content-Length: %d\r\n\r\n" % len(body)).encode("ascii")
        self.process.stdin.write(header + body)
        self.process.stdin.flush()

    def request(self, method, params):
        message_id = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": message_id, "method": method,
                   "params": params})
        return message_id

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def receive(self, deadline):
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        try:
            return self.messages.get(timeout=remaining)
        except queue.Empty:
            return None

    def wait_for_response(self, message_id, deadline):
        while True:
            message = self.receive(deadline)
            if message is None or message.get("id") == message_id:
                return message


def format_diagnostic(diagnostic):
    start = diagnostic["range"]["start"]
    return "%d:%d: %s %s: %s" % (start["line"] + 1, start["character"] + 1,
                                 diagnostic.get("source", "?"),
                                 diagnostic.get("code", "?"),
                                 diagnostic["message"].splitlines()[0])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clangd", required=True)
    parser.add_argument("--file", required=True)
    parser.add_argument("--wait-for", required=True)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--log", type=argparse.FileType("w"),
                        help="where clangd's own log goes")
    argv = sys.argv[1:]
    flags = []
    if "--" in argv:
        at = argv.index("--")
        argv, flags = argv[:at], argv[at + 1:]
    args = parser.parse_args(argv)

    path = pathlib.Path(args.file).resolve()
    (path.parent / "compile_flags.txt").write_text(
        "".join(flag + "\n" for flag in flags))
    uri = path.as_uri()
    deadline = time.monotonic() + args.timeout

    log_level = "--log=" + ("info" if args.log else "error")
    clangd = Connection([args.clangd, log_level, "--background-index=0"],
                        args.log)
    init = clangd.request("initialize", {
        "processId": os.getpid(), "rootUri": path.parent.as_uri(),
        "capabilities": {}})
    if clangd.wait_for_response(init, deadline) is None:
        sys.exit("lsp_client: no answer to initialize")
    clangd.notify("initialized", {})
    clangd.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "cpp", "version": 1,
        "text": path.read_text()}})

    found = None
    while found is None:
        message = clangd.receive(deadline)
        if message is None:
            break
        if message.get("method") != "textDocument/publishDiagnostics":
            continue
        params = message["params"]
        if params["uri"] != uri:
            continue
        if any(d.get("code") == args.wait_for for d in params["diagnostics"]):
            found = params["diagnostics"]

    clangd.wait_for_response(clangd.request("shutdown", None),
                             time.monotonic() + 10)
    clangd.notify("exit", None)
    try:
        clangd.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        clangd.process.kill()
    if found is None:
        sys.exit("lsp_client: no %s diagnostic for %s" % (args.wait_for, path))
    for diagnostic in found:
        print(format_diagnostic(diagnostic))


if __name__ == "__main__":
    main()
