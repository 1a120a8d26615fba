#pragma once
#include <cstddef>

namespace net {
void send_report(int fd, const char *text, std::size_t size);
}
