# `cpack -G DEB` in the build directory makes daemon-tidy_<version>_amd64.deb
# for the LLVM release of the build. Its Depends are the shared libraries
# the binaries load, found by dpkg-shlibdeps (package dpkg-dev), and the
# release's builtin headers (libclang-common-<N>-dev), which daemon-tidy and
# daemon-clangd give every compile command as their resource directory.
set(_v "${DAEMON_TIDY_LLVM_VERSION}")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME daemon-tidy)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "daemon-tidy maintainers <daemon-tidy@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "linter for misuse of detached (daemon) threads, built for LLVM ${_v}")
set(CPACK_PACKAGE_DESCRIPTION
  "daemon-tidy finds misuse of detached threads in C and C++: work lost when the process exits, dangling references, joinable threads destroyed, join/detach misuse. It contains daemon-tidy (clang-tidy's command line), daemon-clangd (clangd with the checks) and a plugin for clang-tidy-${_v}.")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libclang-common-${_v}-dev")
# The plugin runs in the stock clang-tidy of the same release; analysing
# C++ needs a standard library's headers.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "clang-tidy-${_v}, libstdc++-12-dev | libstdc++-dev")
include(CPack)
