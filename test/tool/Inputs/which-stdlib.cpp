// Compiles only against the standard library the suite is testing.
#include <thread>
#if defined(EXPECT_LIBCXX) && !defined(_LIBCPP_VERSION)
#error "expected libc++"
#endif
#if defined(EXPECT_LIBSTDCXX) && !defined(__GLIBCXX__)
#error "expected libstdc++"
#endif
