/*
** timeit OUT CMD [ARGS...]: run CMD, then write "WALL_NS MAXRSS_KB" of it
** to the file OUT (wait4's rusage: the child's peak resident set). Exits
** with CMD's status (128+signal when killed).
*/
#include "bench.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main (int argc, char **argv) {
  struct rusage ru;
  double t0, t1;
  int status;
  pid_t pid;
  FILE *out;
  if (argc < 3) {
    fprintf(stderr, "usage: timeit OUT CMD [ARGS...]\n");
    return 2;
  }
  t0 = now_ns();
  pid = fork();
  if (pid == -1)
    die("fork");
  if (pid == 0) {
    execvp(argv[2], argv + 2);
    fprintf(stderr, "timeit: %s: %s\n", argv[2], strerror(errno));
    _exit(127);
  }
  if (wait4(pid, &status, 0, &ru) == -1)
    die("wait4");
  t1 = now_ns();
  out = fopen(argv[1], "w");
  if (out == NULL)
    die(argv[1]);
  fprintf(out, "%.0f %ld\n", t1 - t0, ru.ru_maxrss);
  fclose(out);
  if (WIFSIGNALED(status))
    return 128 + WTERMSIG(status);
  return WEXITSTATUS(status);
}
