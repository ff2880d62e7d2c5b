/* listdir DIR REPS [types]: REPS times open DIR and read it with
** getdents64 (32 KiB buffer, as glibc's readdir), skipping . and ..;
** with "types", also test d_type == DT_DIR (what scandir+is_dir needs).
** Prints ns per entry and the entry count. */
#include "bench.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

static long listonce (const char *path, int types, long *ndirs) {
  char buf[32768];
  long count = 0;
  ssize_t n;
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd == -1)
    die(path);
  while ((n = getdents64(fd, buf, sizeof buf)) > 0) {
    ssize_t off = 0;
    while (off < n) {
      struct dirent64 *d = (struct dirent64 *)(buf + off);
      const char *s = d->d_name;
      off += d->d_reclen;
      if (s[0] == '.' && (s[1] == 0 || (s[1] == '.' && s[2] == 0)))
        continue;
      count++;
      if (types && d->d_type == DT_DIR)
        (*ndirs)++;
    }
  }
  if (n == -1)
    die("getdents64");
  close(fd);
  return count;
}

int main (int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : ".";
  long i, reps = arg_long(argc, argv, 2, 10), count = 0, ndirs = 0;
  int types = argc > 3 && strcmp(argv[3], "types") == 0;
  double t0 = now_ns();
  for (i = 0; i < reps; i++)
    count = listonce(path, types, &ndirs);
  printf("%.2f %ld\n", (now_ns() - t0) / ((double)count * reps), count);
  return 0;
}
