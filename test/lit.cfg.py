# lit configuration for daemon-tidy. CMake fills in lit.site.cfg.py, which
# loads this file.
import os
import shlex
import shutil
import tempfile

import lit.formats

# The standard library under test: the suite's own (CMake configures one
# suite per library), or --param stdlib=libstdc++|libc++.
stdlib = lit_config.params.get("stdlib", config.stdlib)
if stdlib not in ("libstdc++", "libc++"):
    lit_config.fatal("stdlib must be libstdc++ or libc++, not %r" % stdlib)
config.available_features.add(stdlib)
stdlib_flags = "-stdlib=libc++" if stdlib == "libc++" else ""

config.name = "daemon-tidy-" + stdlib
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".cpp", ".c", ".test"]
config.excludes = ["Inputs", "tools", "CMakeLists.txt"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.daemon_tidy_obj_root, "test",
                                     stdlib)

major = config.llvm_version_major
bindir = os.path.join(config.daemon_tidy_obj_root, "bin")
tools = os.path.join(config.test_source_root, "tools")
python = shlex.quote(config.python_executable)
daemon_tidy = os.path.join(bindir, "daemon-tidy")
plugin = os.path.join(config.daemon_tidy_obj_root, "lib", "DaemonTidyPlugin.so")
clang_tidy = os.path.join(config.llvm_tools_dir, "clang-tidy")
clangxx = os.path.join(config.llvm_tools_dir, "clang++")

harness = " ".join([
    python, os.path.join(tools, "check_daemon.py"),
    "--daemon-tidy", daemon_tidy, "--clang-tidy", clang_tidy,
    "--plugin", plugin, "--clang", clangxx,
    "--filecheck", os.path.join(config.llvm_tools_dir, "FileCheck"),
    "--stdlib-flags=" + shlex.quote(stdlib_flags),
] + (["--skip-plugin"] if config.sanitized else []))

# A build with -DDAEMON_TIDY_SANITIZE=ON: the plugin is instrumented and
# cannot load into the stock clang-tidy, so its runs are skipped.
if config.sanitized:
    config.available_features.add("sanitized")
    # LLVM's allocators poison memory only where they are compiled with
    # ASan; the uninstrumented static libraries (clangd's) use the same
    # allocators without unpoisoning, so user poisoning gives false reports.
    config.environment["ASAN_OPTIONS"] = "allow_user_poisoning=0"
    config.environment["UBSAN_OPTIONS"] = "print_stacktrace=1"


def unreadable_files_possible():
    """Whether chmod 000 makes a file unreadable here (not so for root)."""
    with tempfile.NamedTemporaryFile() as f:
        os.chmod(f.name, 0)
        try:
            open(f.name).close()
            return False
        except PermissionError:
            return True


if unreadable_files_possible():
    config.available_features.add("unreadable-files")

# Other installed clang-tidy releases, for the plugin's version guard. They
# come first: lit substitutes in order, and %clang-tidy is a prefix.
for other in ("14", "19", "22"):
    path = "/usr/lib/llvm-%s/bin/clang-tidy" % other
    if other != major and os.path.exists(path):
        config.available_features.add("clang-tidy-" + other)
        config.substitutions.append(("%clang-tidy-" + other, path))

config.substitutions += [
    ("%check_daemon", harness),
    ("%python", python),
    ("%check_sarif", python + " " + os.path.join(tools, "check_sarif.py")),
    ("%sarif_errors", python + " " + os.path.join(tools, "sarif_errors.py")),
    ("%expect_exit", python + " " + os.path.join(tools, "expect_exit.py")),
    ("%change_during_run",
     python + " " + os.path.join(tools, "change_during_run.py")),
    ("%stress", python + " " + os.path.join(tools, "stress.py")),
    ("%lsp_client", python + " " + os.path.join(tools, "lsp_client.py")),
    ("%compile_db", python + " " + os.path.join(tools, "compile_db.py")),
    ("%daemon-tidy", daemon_tidy),
    ("%daemon-clangd", os.path.join(bindir, "daemon-clangd")),
    ("%plugin", plugin),
    ("%clang-tidy", clang_tidy),
    ("%clangxx", clangxx),
    ("%stdlib-flags", stdlib_flags),
    ("%stdlib-macro", "EXPECT_LIBCXX" if stdlib == "libc++" else "EXPECT_LIBSTDCXX"),
    ("%llvm-major", major),
]

# Boost.Thread's headers, for the boost::thread tests (never mocked).
if os.path.exists("/usr/include/boost/thread/thread.hpp"):
    config.available_features.add("boost")

# daemon-tidy built with -DDAEMON_TIDY_TEST_HOOKS=ON (build.sh test does).
if config.have_test_hooks:
    config.available_features.add("test-hooks")

if config.have_clangd:
    config.available_features.add("clangd")

# The SARIF validator: `build.sh test` installs the npm package
# @microsoft/sarif-multitool into build/sarif-multitool; the environment
# variable DAEMON_TIDY_SARIF_MULTITOOL names another copy.
sarif_multitool = os.environ.get("DAEMON_TIDY_SARIF_MULTITOOL") or os.path.join(
    config.daemon_tidy_src_root, "build", "sarif-multitool", "node_modules",
    "@microsoft", "sarif-multitool-linux", "Sarif.Multitool")
if os.access(sarif_multitool, os.X_OK):
    config.available_features.add("sarif-multitool")
    config.substitutions.append(("%sarif-multitool", sarif_multitool))

# CMake and Ninja, to build a project with CMAKE_CXX_CLANG_TIDY; LLVM's
# run-clang-tidy and clang-tidy-diff of this release, for the recipes of
# docs/integrations/recipes.md.
if shutil.which("cmake") and shutil.which("ninja"):
    config.available_features.add("cmake")
# (Their substitutions do not start with %clang-tidy, which is a prefix.)
for feature, name, substitution in (
        ("run-clang-tidy", "run-clang-tidy-" + major, "%run-tidy"),
        ("clang-tidy-diff", "clang-tidy-diff-%s.py" % major, "%tidy-diff")):
    path = shutil.which(name)
    if path:
        config.available_features.add(feature)
        config.substitutions.append((substitution, python + " " + path))

# The Debian package test: cpack, dpkg-deb, dpkg-shlibdeps (dpkg-dev),
# debootstrap and unshare, as root (debootstrap and chroot need it). The
# debootstrap root is cached in the source tree's build/debian-12.
if (os.geteuid() == 0 and all(shutil.which(tool) for tool in (
        "cpack", "dpkg-deb", "dpkg-shlibdeps", "debootstrap", "unshare"))):
    config.available_features.add("debian-package")
config.substitutions += [
    ("%debian_root", python + " " + os.path.join(tools, "debian_root.py")),
    ("%deb_depends", python + " " + os.path.join(tools, "deb_depends.py")),
    ("%debian-cache", os.path.join(config.daemon_tidy_src_root, "build",
                                   "debian-12")),
    ("%build-dir", config.daemon_tidy_obj_root),
    ("%src-root", config.daemon_tidy_src_root),
]

# Debian's Neovim, whose built-in LSP client (0.7 and later) drives
# daemon-clangd in the editor test. --clean keeps any user configuration out.
nvim = shutil.which("nvim")
if nvim:
    config.available_features.add("neovim")
    config.substitutions.append(("%nvim", nvim + " --headless --clean"))

# Debian's Bazel (bazel-bootstrap) and its rules_java (bazel-rules-java), to
# run the aspect of tool/bazel offline. Each run is a --batch one (no server
# is left running) without the user's bazelrc; the system's is Debian's,
# which Bazel needs (its install base and JDK). The test gives its own
# --output_user_root.
bazel = shutil.which("bazel")
if bazel and os.path.isdir("/usr/share/bazel/rules/java"):
    config.available_features.add("bazel")
    config.substitutions.append(
        ("%bazel", bazel + " --batch --nohome_rc"))

# Headless Chromium, to load the HTML report as a browser does.
chromium = shutil.which("chromium")
if chromium:
    config.available_features.add("chromium")
    config.substitutions.append(
        ("%chromium", chromium + " --headless --no-sandbox --disable-gpu"))

# FileCheck, not and count come from this LLVM's tools.
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, config.environment.get("PATH", os.environ["PATH"])])
# Keep the user's clangd and clang-tidy configuration out of the tests.
config.environment["XDG_CONFIG_HOME"] = os.path.join(config.test_exec_root, "xdg")
