/* threadstat K PATH N: K threads, each making N stat calls on PATH.<i>; the
** aggregate ns per stat (the limit for the thread host's rows: how well
** stat itself scales on this machine). */
#include "bench.h"

#include <pthread.h>
#include <sys/stat.h>

static const char *path;
static long n;

/* Thread tid stats PATH.<tid>, a file of its own (as the Lua rows). */
static void *run (void *arg) {
  struct stat st;
  char mine[4096];
  long i;
  snprintf(mine, sizeof mine, "%s.%ld", path, (long)(size_t)arg);
  for (i = 0; i < n; i++)
    if (stat(mine, &st) == -1)
      die(mine);
  return NULL;
}

int main (int argc, char **argv) {
  pthread_t t[64];
  long k = arg_long(argc, argv, 1, 1), i;
  double t0;
  path = argc > 2 ? argv[2] : ".";
  n = arg_long(argc, argv, 3, 500000);
  if (k < 1 || k > 64)
    return 2;
  t0 = now_ns();
  for (i = 0; i < k; i++)
    if (pthread_create(&t[i], NULL, run, (void *)(size_t)(i + 1)) != 0)
      die("pthread_create");
  for (i = 0; i < k; i++)
    pthread_join(t[i], NULL);
  printf("%.1f ok\n", (now_ns() - t0) / ((double)k * (double)n));
  return 0;
}
