/* pipe N: N round trips of a 1-byte write then a 1-byte read on a pipe. */
#include "bench.h"

#include <fcntl.h>
#include <unistd.h>

int main (int argc, char **argv) {
  long i, n = arg_long(argc, argv, 1, 1000000);
  int fds[2];
  char c = 'x';
  double t0;
  if (pipe2(fds, O_CLOEXEC) == -1)
    die("pipe2");
  t0 = now_ns();
  for (i = 0; i < n; i++) {
    if (write(fds[1], &c, 1) != 1)
      die("write");
    if (read(fds[0], &c, 1) != 1)
      die("read");
  }
  printf("%.1f\n", (now_ns() - t0) / n);
  return 0;
}
