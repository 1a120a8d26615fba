// A small persistence layer, in a header the tests include.
#include <cstdio>

inline void saveState(const char *Path, const char *Data) {
  std::FILE *Out = std::fopen(Path, "w");
  if (!Out)
    return;
  std::fputs(Data, Out);
  std::fclose(Out);
}
