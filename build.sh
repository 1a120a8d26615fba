#!/usr/bin/env bash
# The two commands of the README:
#
#   ./build.sh demo   install what is missing, build, run daemon-tidy on examples/
#   ./build.sh test   install what is missing, build, run the whole lit suite
#
# DAEMON_TIDY_LLVM_VERSION selects the LLVM release (19, the default, or 22).
# The build goes to build/llvm-<version>. Run as root on Debian 12 so that
# missing packages can be installed with apt-get.
set -euo pipefail

mode=${1:-}
case "$mode" in
  demo|test) ;;
  *) echo "usage: $0 demo|test   (env: DAEMON_TIDY_LLVM_VERSION=19|22)" >&2
     exit 2 ;;
esac

root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
version=${DAEMON_TIDY_LLVM_VERSION:-19}
build="$root/build/llvm-$version"
jobs=$(nproc 2>/dev/null || echo 2)

# What the build needs, and what the tests need on top.
packages=(cmake ninja-build python3 "clang-$version" "libclang-$version-dev"
          "llvm-$version-dev" "llvm-$version-tools" "clang-tidy-$version"
          libgrpc++-dev libprotobuf-dev libabsl-dev protobuf-compiler-grpc)
if [ "$mode" = test ]; then
  # libc++ for the second run of the suite, and clang-tidy of other releases
  # for the plugin's version guard.
  other=$([ "$version" = 22 ] && echo 19 || echo 22)
  packages+=("libc++-$version-dev" "libc++abi-$version-dev"
             clang-tidy-14 "clang-tidy-$other")
  # Chromium loads the HTML report in its test; Neovim is the real editor
  # of the editor test; the package test builds the .deb (dpkg-shlibdeps,
  # readelf) and installs it into a debootstrap root.
  packages+=(chromium neovim dpkg-dev binutils debootstrap)
  # Debian's Bazel and its rules_java, for the test of the Bazel aspect.
  packages+=(bazel-bootstrap bazel-rules-java)
  # The real headers of the third-party APIs the effect checks know.
  packages+=(libcurl4-openssl-dev libssl-dev libzmq3-dev libsqlite3-dev
             libpq-dev libpqxx-dev libsqlitecpp-dev libleveldb-dev
             librocksdb-dev default-libmysqlclient-dev libboost-dev)
  # GoogleTest's headers, for the test of notes on ASSERT_* early returns.
  packages+=(libgtest-dev)
fi

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [ "$status" = "install ok installed" ] || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "daemon-tidy: installing ${missing[*]}"
  if [ "$(id -u)" != 0 ]; then
    echo "daemon-tidy: error: run as root to install: ${missing[*]}" >&2
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Another install may be running (unattended upgrades, a second build):
  # wait for the package manager's lock instead of failing at once.
  lock_wait=(-o DPkg::Lock::Timeout=600)
  apt-get "${lock_wait[@]}" update -q
  apt-get "${lock_wait[@]}" install -y -q --no-install-recommends "${missing[@]}"
fi

# The test-only hooks (DAEMON_TIDY_TEST_CRASH_ON) are compiled in for the
# tests and out for the demo; switching modes reconfigures and relinks.
hooks=$([ "$mode" = test ] && echo ON || echo OFF)

mkdir -p "$root/build"
cmake -S "$root" -B "$build" -G Ninja \
  -DDAEMON_TIDY_LLVM_VERSION="$version" \
  -DDAEMON_TIDY_TEST_HOOKS="$hooks" \
  -DCMAKE_C_COMPILER="clang-$version" \
  -DCMAKE_CXX_COMPILER="clang++-$version" \
  -DPython3_EXECUTABLE=/usr/bin/python3 > "$build.configure.log" 2>&1 ||
  { cat "$build.configure.log" >&2; exit 1; }
ninja -C "$build" -j "$jobs"
echo "daemon-tidy: built $build/bin/daemon-tidy, $build/bin/daemon-clangd and $build/lib/DaemonTidyPlugin.so"
echo "daemon-tidy: to install them on PATH: cmake --install $build  (into /usr/local; --prefix DIR for another place), or make a Debian package: (cd $build && cpack -G DEB)"

if [ "$mode" = demo ]; then
  cd "$root/examples"
  echo "daemon-tidy: analysing examples/"
  "$build/bin/daemon-tidy" ./*.cpp ./*.c
  # A program whose hazards cross files: project mode on its compilation
  # database follows the calls from file to file.
  echo "daemon-tidy: analysing examples/multi-file/ in project mode"
  cmake -S "$root/examples/multi-file" -B "$build/examples/multi-file" -G Ninja \
    -DCMAKE_CXX_COMPILER="clang++-$version" > /dev/null
  "$build/bin/daemon-tidy" -p "$build/examples/multi-file"
  exit 0
fi

# Microsoft's SARIF validator, for the test that checks the SARIF output
# against GitHub's ingestion rules. The npm package ships a native binary;
# npm is the machine's Node.js one (not installed here when missing).
multitool="$root/build/sarif-multitool/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"
if [ ! -x "$multitool" ] && command -v npm > /dev/null; then
  echo "daemon-tidy: installing @microsoft/sarif-multitool into build/sarif-multitool"
  npm install --prefix "$root/build/sarif-multitool" --no-audit --no-fund \
    --loglevel=error @microsoft/sarif-multitool@5.7.0 ||
    echo "daemon-tidy: warning: npm install failed; the SARIF validator test will be skipped" >&2
  # Its postinstall step only marks the binary executable; npm may skip it.
  [ -f "$multitool" ] && chmod u+x "$multitool"
fi

# Both standard libraries in one lit run: one summary, one exit code.
lit=$(sed -n 's/^DAEMON_TIDY_LIT:FILEPATH=//p' "$build/CMakeCache.txt")
/usr/bin/python3 "$lit" -sv --output "$build/lit-results.json" \
  "$build/test/libstdc++" "$build/test/libc++"
