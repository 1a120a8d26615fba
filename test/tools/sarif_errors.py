#!/usr/bin/env python3
"""Prints the error-level results of a SARIF validator's output log.

usage: sarif_errors.py VALIDATION.sarif

One line per error ("<ruleId>: <message>"), then "<n> validator errors".
"""
import json
import sys


def main():
    with open(sys.argv[1]) as f:
        log = json.load(f)
    errors = []
    for run in log.get("runs", []):
        for result in run.get("results", []):
            if result.get("level", "warning") == "error":
                message = result.get("message", {})
                errors.append("%s: %s" % (result.get("ruleId"),
                                          message.get("text", message)))
    for error in errors:
        print(error)
    print("%d validator errors" % len(errors))


if __name__ == "__main__":
    main()
