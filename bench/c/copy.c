/* copy SRC DST CHUNK: read/write copy in CHUNK-byte pieces over DST (no
** O_TRUNC: bench/copy.sh makes DST a same-size copy first); ns per MiB. */
#include "bench.h"

#include <fcntl.h>
#include <unistd.h>

int main (int argc, char **argv) {
  size_t chunk;
  long long total = 0;
  ssize_t r;
  int in, out;
  char *buf;
  double t0;
  if (argc < 4) {
    fprintf(stderr, "usage: copy SRC DST CHUNK\n");
    return 2;
  }
  chunk = (size_t)atol(argv[3]);
  buf = malloc(chunk);
  if (buf == NULL)
    die("malloc");
  t0 = now_ns();
  in = open(argv[1], O_RDONLY | O_CLOEXEC);
  if (in == -1)
    die(argv[1]);
  out = open(argv[2], O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (out == -1)
    die(argv[2]);
  while ((r = read(in, buf, chunk)) > 0) {
    ssize_t w = 0;
    while (w < r) {
      ssize_t k = write(out, buf + w, (size_t)(r - w));
      if (k == -1)
        die("write");
      w += k;
    }
    total += r;
  }
  if (r == -1)
    die("read");
  close(in);
  close(out);
  printf("%.1f %lld\n", (now_ns() - t0) / ((double)total / 1048576), total);
  return 0;
}
