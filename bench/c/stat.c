/* stat PATH N: N stat calls on one file (the limit for pyos.stat). */
#include "bench.h"

#include <sys/stat.h>

int main (int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : ".";
  long i, n = arg_long(argc, argv, 2, 1000000);
  struct stat st;
  double t0 = now_ns();
  for (i = 0; i < n; i++)
    if (stat(path, &st) == -1)
      die(path);
  printf("%.1f %lld\n", (now_ns() - t0) / n, (long long)st.st_size);
  return 0;
}
