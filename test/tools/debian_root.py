#!/usr/bin/env python3
"""A clean Debian 12 root for the package test, made with debootstrap.

usage:
  debian_root.py make CACHE ROOT   a fresh root at ROOT (removed first)
  debian_root.py run ROOT CMD...   CMD inside ROOT, with /proc, as root
  debian_root.py keep CACHE ROOT   keep ROOT's downloaded packages in CACHE

`make` builds the debootstrap base once into CACHE/base (minbase, bookworm,
from the archive this machine's APT uses), gives it the machine's APT
sources, and copies it to ROOT with the packages earlier runs downloaded,
so that only the first run downloads everything. `run` mounts /proc in a
private mount namespace, so nothing stays mounted when CMD ends, however it
ends.
"""
import fcntl
import glob
import os
import re
import shutil
import subprocess
import sys

SUITE = "bookworm"
ARCHIVES = "var/cache/apt/archives"


def machine_mirror():
    """The URI the machine's APT sources use for the suite's main archive."""
    texts = []
    for path in ["/etc/apt/sources.list"] + sorted(
            glob.glob("/etc/apt/sources.list.d/*.sources")) + sorted(
            glob.glob("/etc/apt/sources.list.d/*.list")):
        if os.path.exists(path):
            texts.append(open(path).read())
    text = "\n".join(texts)
    # deb822: a URIs: line in a stanza whose Suites: has the suite itself.
    for stanza in re.split(r"\n\s*\n", text):
        uris = re.search(r"^URIs:\s*(\S+)", stanza, re.M)
        suites = re.search(r"^Suites:\s*(.+)$", stanza, re.M)
        if uris and suites and SUITE in suites.group(1).split():
            return uris.group(1)
    # One-line format: deb URI SUITE COMPONENTS.
    match = re.search(r"^deb\s+(?:\[[^]]*\]\s+)?(\S+)\s+%s\s" % SUITE, text,
                      re.M)
    if match:
        return match.group(1)
    sys.exit("debian_root: no APT source for %s on this machine" % SUITE)


def make_base(cache):
    base = os.path.join(cache, "base")
    done = base + ".done"
    if os.path.exists(done):
        return base
    shutil.rmtree(base, ignore_errors=True)
    subprocess.check_call(
        ["debootstrap", "--variant=minbase", SUITE, base, machine_mirror()],
        stdout=subprocess.DEVNULL)
    # The machine's own APT sources (its updates and security suites too).
    os.remove(os.path.join(base, "etc/apt/sources.list"))
    for path in glob.glob("/etc/apt/sources.list.d/*.sources"):
        shutil.copy(path, os.path.join(base, "etc/apt/sources.list.d"))
    if os.path.exists("/etc/apt/sources.list"):
        shutil.copy("/etc/apt/sources.list", os.path.join(base, "etc/apt"))
    subprocess.check_call(["apt-get", "clean"], cwd="/",
                          env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"),
                          preexec_fn=lambda: os.chroot(base))
    open(done, "w").close()
    return base


def make(cache, root):
    os.makedirs(cache, exist_ok=True)
    # Two test runs at once build the base once.
    with open(os.path.join(cache, "lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        base = make_base(cache)
        shutil.rmtree(root, ignore_errors=True)
        subprocess.check_call(["cp", "-a", base, root])
        for deb in glob.glob(os.path.join(cache, "archives", "*.deb")):
            shutil.copy(deb, os.path.join(root, ARCHIVES))
    shutil.copy("/etc/resolv.conf", os.path.join(root, "etc/resolv.conf"))


def keep(cache, root):
    os.makedirs(os.path.join(cache, "archives"), exist_ok=True)
    for deb in glob.glob(os.path.join(root, ARCHIVES, "*.deb")):
        shutil.copy(deb, os.path.join(cache, "archives"))


def run(root, command):
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root",
           "LANG": "C.UTF-8", "DEBIAN_FRONTEND": "noninteractive"}
    script = 'mount -t proc proc "$0/proc" && exec chroot "$0" "$@"'
    return subprocess.call(["unshare", "--mount", "--propagation", "private",
                            "sh", "-c", script, root] + command, env=env)


def main():
    if len(sys.argv) >= 4 and sys.argv[1] == "make":
        make(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4 and sys.argv[1] == "run":
        sys.exit(run(sys.argv[2], sys.argv[3:]))
    elif len(sys.argv) == 4 and sys.argv[1] == "keep":
        keep(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
