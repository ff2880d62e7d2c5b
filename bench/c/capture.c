/* capture FILE N: posix_spawn `cat FILE` with stdout on a pipe, read it
** all into one growing buffer, waitpid; N times. Reads of 8 KiB, as
** pyos.subprocess: pipe_read copies into (and faults in) the reader's
** pages holding the pipe's lock, so bigger reads into fresh pages stall
** the writer (bench/README.md, "capture, 256 MiB"). */
#include "bench.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

enum { READSIZE = 8192 };

static size_t capture (char *const *args, char **buf, size_t *cap) {
  posix_spawn_file_actions_t fa;
  size_t len = 0;
  pid_t pid;
  int fds[2], status, e;
  if (pipe2(fds, O_CLOEXEC) == -1)
    die("pipe2");
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
  if ((e = posix_spawnp(&pid, args[0], &fa, NULL, args, environ)) != 0) {
    errno = e;
    die("posix_spawnp");
  }
  posix_spawn_file_actions_destroy(&fa);
  close(fds[1]);
  for (;;) {
    ssize_t r;
    if (*cap - len < READSIZE) {
      *cap = *cap * 2 + 65536;
      if ((*buf = realloc(*buf, *cap)) == NULL)
        die("realloc");
    }
    r = read(fds[0], *buf + len, READSIZE);
    if (r == -1)
      die("read");
    if (r == 0)
      break;
    len += (size_t)r;
  }
  close(fds[0]);
  if (waitpid(pid, &status, 0) == -1)
    die("waitpid");
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    fprintf(stderr, "capture: cat failed\n");
    exit(1);
  }
  return len;
}

int main (int argc, char **argv) {
  char *args[] = {"cat", NULL, NULL};
  long i, n = arg_long(argc, argv, 2, 3);
  size_t len = 0;
  double t0;
  if (argc < 2) {
    fprintf(stderr, "usage: capture FILE [N]\n");
    return 2;
  }
  args[1] = argv[1];
  t0 = now_ns();
  for (i = 0; i < n; i++) {
    /* A fresh buffer each run, as the Lua and Python rows have. */
    char *buf = NULL;
    size_t cap = 0;
    len = capture(args, &buf, &cap);
    free(buf);
  }
  printf("%.0f %zu\n", (now_ns() - t0) / n, len);
  return 0;
}
