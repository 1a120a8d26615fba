#!/usr/bin/env python3
"""Checks the structure of daemon-tidy's SARIF output and summarises it.

usage: check_sarif.py FILE.sarif

Fails (exit 1, one line per problem) when the log breaks what GitHub code
scanning and the SARIF 2.1.0 schema need: a version, one run, a tool driver
with a name, version and rules, results whose ruleId names a rule and whose
locations are 1-based and relative to a declared uriBaseId (never file://
URIs into the system's headers under /usr), code flows that walk the
warning and then each related location, and fingerprints; rules' help URIs,
when present, are http(s) URLs and their full descriptions are sentences
(no dangling ':'). On
success prints one line per result for FileCheck:

  result <ruleId> <level> <uri>:<line>:<column> steps=<n> fingerprint=<fp>
  step <n> <uri>:<line>:<column> <message>
"""
import json
import sys

problems = []


def need(condition, what):
    if not condition:
        problems.append(what)
    return condition


def place(location):
    physical = location["physicalLocation"]
    artifact = physical["artifactLocation"]
    region = physical["region"]
    return "%s:%d:%d" % (artifact["uri"], region["startLine"],
                         region["startColumn"])


def check_location(location, base_ids, what):
    physical = location.get("physicalLocation", {})
    artifact = physical.get("artifactLocation", {})
    region = physical.get("region", {})
    need("uri" in artifact, what + ": no artifactLocation.uri")
    need(not artifact.get("uri", "").startswith("file:///usr/"),
         what + ": file:// URI into a system header: " + artifact.get("uri", ""))
    if "uriBaseId" in artifact:
        need(artifact["uriBaseId"] in base_ids,
             what + ": undeclared uriBaseId " + artifact["uriBaseId"])
        need(not artifact["uri"].startswith("/"),
             what + ": relative uri starts with '/'")
    need(region.get("startLine", 0) >= 1, what + ": startLine below 1")
    need(region.get("startColumn", 0) >= 1, what + ": startColumn below 1")


def main():
    with open(sys.argv[1]) as f:
        log = json.load(f)
    need(log.get("version") == "2.1.0", "version is not 2.1.0")
    need(len(log.get("runs", [])) == 1, "not exactly one run")
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    for key in ("name", "version", "rules"):
        need(key in driver, "tool.driver has no " + key)
    if "informationUri" in driver:
        need(driver["informationUri"].startswith(("http://", "https://")),
             "tool.driver.informationUri is not an http(s) URL")
    rules = [r["id"] for r in driver["rules"]]
    need(len(rules) == len(set(rules)), "duplicate rule ids")
    for rule in driver["rules"]:
        for key in ("shortDescription", "fullDescription", "help"):
            if rule["id"].startswith("daemon-"):
                need(key in rule, rule["id"] + ": no " + key)
        if "helpUri" in rule:
            need(rule["helpUri"].startswith(("http://", "https://")),
                 rule["id"] + ": helpUri is not an http(s) URL")
        if "fullDescription" in rule:
            full = rule["fullDescription"]["text"]
            need(full.endswith("."), rule["id"] +
                 ": fullDescription does not end a sentence: ..." + full[-30:])
        if "help" in rule:
            need(rule["help"].get("markdown"), rule["id"] + ": no help.markdown")
    base_ids = run.get("originalUriBaseIds", {})
    for base in base_ids.values():
        need(base["uri"].startswith("file:///") and base["uri"].endswith("/"),
             "uriBaseId is not an absolute directory URI")
    lines = []
    for i, result in enumerate(run.get("results", [])):
        what = "result %d" % i
        rule = result.get("ruleId")
        need(rule in rules, what + ": ruleId not among the rules")
        need(rules.index(rule) == result.get("ruleIndex"),
             what + ": ruleIndex does not match ruleId")
        need(result.get("level") in ("warning", "error"), what + ": level")
        need(result.get("message", {}).get("text"), what + ": no message")
        fingerprint = result.get("partialFingerprints", {})
        need(fingerprint, what + ": no partialFingerprints")
        need(len(result.get("locations", [])) == 1, what + ": not 1 location")
        check_location(result["locations"][0], base_ids, what)
        related = result.get("relatedLocations", [])
        for loc in related:
            check_location(loc, base_ids, what + " related")
        steps = []
        if related:
            flows = result.get("codeFlows", [])
            need(len(flows) == 1, what + ": related locations but no code flow")
            steps = flows[0]["threadFlows"][0]["locations"]
            need(len(steps) == len(related) + 1,
                 what + ": code flow is not the warning plus each note")
            need(place(steps[0]["location"]) == place(result["locations"][0]),
                 what + ": code flow does not start at the warning")
            for step, loc in zip(steps[1:], related):
                need(place(step["location"]) == place(loc),
                     what + ": code flow and related locations differ")
        lines.append("result %s %s %s steps=%d fingerprint=%s" % (
            rule, result["level"], place(result["locations"][0]), len(steps),
            ",".join(fingerprint.values())))
        for n, step in enumerate(steps, 1):
            lines.append("step %d %s %s" % (n, place(step["location"]),
                                            step["location"]["message"]["text"]))
    if problems:
        for problem in problems:
            print("check_sarif: " + problem, file=sys.stderr)
        sys.exit(1)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
