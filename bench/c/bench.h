/*
** bench.h: the clock and error helper of the C baselines. Each baseline
** prints one line, "NS_PER_OP [CHECK]", which bench/lib.sh reads.
*/
#ifndef BENCH_H
#define BENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <time.h>

static inline double now_ns (void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static inline void die (const char *what) {
  fprintf(stderr, "%s: %s\n", what, strerror(errno));
  exit(1);
}

static inline long arg_long (int argc, char **argv, int i, long def) {
  return i < argc ? atol(argv[i]) : def;
}

#endif
