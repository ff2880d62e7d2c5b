/* walk DIR: the limit for a tree walk: openat + getdents64 per directory,
** the kernel's d_type (lstat only for DT_UNKNOWN), never following
** symlinks. Prints ns per entry and the number of entries below DIR. */
#include "bench.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static long count;

static void walk (int dirfd, const char *name) {
  char buf[32768];
  ssize_t n;
  int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd == -1)
    die(name);
  while ((n = getdents64(fd, buf, sizeof buf)) > 0) {
    ssize_t off = 0;
    while (off < n) {
      struct dirent64 *d = (struct dirent64 *)(buf + off);
      const char *s = d->d_name;
      int type = d->d_type;
      off += d->d_reclen;
      if (s[0] == '.' && (s[1] == 0 || (s[1] == '.' && s[2] == 0)))
        continue;
      count++;
      if (type == DT_UNKNOWN) {
        struct stat st;
        if (fstatat(fd, s, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode))
          type = DT_DIR;
      }
      if (type == DT_DIR)
        walk(fd, s);
    }
  }
  if (n == -1)
    die("getdents64");
  close(fd);
}

int main (int argc, char **argv) {
  double t0 = now_ns();
  walk(AT_FDCWD, argc > 1 ? argv[1] : ".");
  printf("%.2f %ld\n", (now_ns() - t0) / (double)count, count);
  return 0;
}
