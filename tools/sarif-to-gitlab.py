#!/usr/bin/env python3
"""Converts daemon-tidy's SARIF to a GitLab code quality report.

usage: sarif-to-gitlab.py daemon-tidy.sarif gl-code-quality-report.json

GitLab shows the report's findings in merge requests; see
docs/integrations/recipes.md. Each SARIF result becomes one issue:
its message, rule, fingerprint, severity (error: critical, warning: major,
note: info) and first location (the path as the SARIF has it, relative to
daemon-tidy's --source-root, which should be the repository's root).
"""
import hashlib
import json
import sys
import urllib.parse

SEVERITY = {"error": "critical", "warning": "major", "note": "info"}


def issue(result):
    location = result["locations"][0]["physicalLocation"]
    path = urllib.parse.unquote(location["artifactLocation"]["uri"])
    if path.startswith("file://"):
        path = path[len("file://"):]
    line = location.get("region", {}).get("startLine", 1)
    rule = result.get("ruleId", "daemon-tidy")
    message = result["message"]["text"]
    fingerprint = result.get("partialFingerprints", {}).get(
        "daemonTidyFingerprint/v1")
    if not fingerprint:
        key = "\0".join([rule, path, str(line), message])
        fingerprint = hashlib.sha256(key.encode()).hexdigest()
    return {
        "description": message,
        "check_name": rule,
        "fingerprint": fingerprint,
        "severity": SEVERITY.get(result.get("level", "warning"), "major"),
        "location": {"path": path, "lines": {"begin": line}},
    }


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: sarif-to-gitlab.py INPUT.sarif OUTPUT.json")
    with open(sys.argv[1], encoding="utf-8") as f:
        sarif = json.load(f)
    issues = [issue(result) for run in sarif.get("runs", [])
              for result in run.get("results", []) if result.get("locations")]
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump(issues, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
