/* kcopy cfr|sendfile|cfrtrunc SRC DST: in-kernel copy loop over DST
** (no O_TRUNC; cfrtrunc opens DST with O_TRUNC, as shutil.copyfile
** must); ns per MiB. */
#include "bench.h"

#include <fcntl.h>
#include <sys/sendfile.h>
#include <unistd.h>

#define CHUNK   (1 << 30)

int main (int argc, char **argv) {
  long long total = 0;
  ssize_t r;
  int in, out, usecfr, trunc;
  double t0;
  if (argc < 4) {
    fprintf(stderr, "usage: kcopy cfr|sendfile|cfrtrunc SRC DST\n");
    return 2;
  }
  trunc = strcmp(argv[1], "cfrtrunc") == 0;
  usecfr = trunc || strcmp(argv[1], "cfr") == 0;
  t0 = now_ns();
  in = open(argv[2], O_RDONLY | O_CLOEXEC);
  if (in == -1)
    die(argv[2]);
  out = open(argv[3], O_WRONLY | O_CREAT | O_CLOEXEC | (trunc ? O_TRUNC : 0),
             0644);
  if (out == -1)
    die(argv[3]);
  for (;;) {
    if (usecfr)
      r = copy_file_range(in, NULL, out, NULL, CHUNK, 0);
    else
      r = sendfile(out, in, NULL, CHUNK);
    if (r == -1)
      die(usecfr ? "copy_file_range" : "sendfile");
    if (r == 0)
      break;
    total += r;
  }
  close(in);
  close(out);
  printf("%.1f %lld\n", (now_ns() - t0) / ((double)total / 1048576), total);
  return 0;
}
