/* spawn posix_spawn|fork N: start /bin/true N times and wait for it. */
#include "bench.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main (int argc, char **argv) {
  static char *const args[] = {"/bin/true", NULL};
  int usefork = argc > 1 && strcmp(argv[1], "fork") == 0;
  long i, n = arg_long(argc, argv, 2, 2000);
  double t0 = now_ns();
  for (i = 0; i < n; i++) {
    pid_t pid;
    int status, e;
    if (usefork) {
      pid = fork();
      if (pid == -1)
        die("fork");
      if (pid == 0) {
        execve(args[0], args, environ);
        _exit(127);
      }
    }
    else if ((e = posix_spawn(&pid, args[0], NULL, NULL, args, environ)) != 0) {
      errno = e;
      die("posix_spawn");
    }
    if (waitpid(pid, &status, 0) == -1)
      die("waitpid");
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      fprintf(stderr, "spawn: /bin/true failed\n");
      return 1;
    }
  }
  printf("%.0f\n", (now_ns() - t0) / n);
  return 0;
}
