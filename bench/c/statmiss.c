/* statmiss PATH N: N stat calls on a missing file, each failing with
** ENOENT (the limit for a failing pyos.stat). */
#include "bench.h"

#include <errno.h>
#include <sys/stat.h>

int main (int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : "/no/such";
  long i, n = arg_long(argc, argv, 2, 1000000), fails = 0;
  struct stat st;
  double t0 = now_ns();
  for (i = 0; i < n; i++)
    if (stat(path, &st) == -1 && errno == ENOENT)
      fails++;
  printf("%.1f %ld\n", (now_ns() - t0) / n, fails);
  return 0;
}
