/*
** threadhost: pyos on many threads at once, each thread with its own
** lua_State, as Neovim's work pool and nginx's thread pool run it.
**
**   threadhost SCRIPT NTHREADS COUNT [ARG]
**
** SCRIPT returns a function(tid, count, arg); every thread calls it in
** its own state and it raises on any wrong result. The states are made
** (and pyos required) one by one on the main thread first, so that the
** threads only run pyos. At the end the host checks that no fd was left
** open. Prints one line per thread that failed, then
** "threadhost: N threads x COUNT: ok|FAILED, T s" and exits 0 or 1.
** Built against the runtime's shared library (make threadhost).
*/
#define _GNU_SOURCE
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lua.h"
#include "lauxlib.h"
#include "lualib.h"

#define MAXTHREADS 64

typedef struct Worker {
  lua_State *L;
  pthread_t thread;
  int tid, count;
  const char *arg;
  char error[512];
} Worker;

static int countfds (void) {
  int n = 0;
  struct dirent *d;
  DIR *dir = opendir("/proc/self/fd");
  if (dir == NULL)
    return -1;
  while ((d = readdir(dir)) != NULL)
    if (d->d_name[0] != '.')
      n++;
  closedir(dir);
  return n - 1;    /* the DIR's own fd */
}

static void seterror (Worker *w, lua_State *L) {
  const char *msg = lua_tostring(L, -1);
  snprintf(w->error, sizeof w->error, "%s",
           msg != NULL ? msg : "(error object is not a string)");
}

/* Load SCRIPT in a new state; leaves its function on the stack. */
static int prepare (Worker *w, const char *script) {
  lua_State *L = luaL_newstate();
  w->L = L;
  if (L == NULL) {
    snprintf(w->error, sizeof w->error, "cannot make a lua_State");
    return 0;
  }
  luaL_openlibs(L);
  if (luaL_loadfile(L, script) != 0 || lua_pcall(L, 0, 1, 0) != 0) {
    seterror(w, L);
    return 0;
  }
  if (lua_type(L, -1) != LUA_TFUNCTION) {
    snprintf(w->error, sizeof w->error, "%s did not return a function", script);
    return 0;
  }
  return 1;
}

/* The message handler: the error's text (its __tostring for an object)
** and debug.traceback (no luaL_traceback in Lua 5.1). */
static int traceback (lua_State *L) {
  if (lua_type(L, 1) != LUA_TSTRING && !luaL_callmeta(L, 1, "__tostring"))
    lua_pushliteral(L, "(error object is not a string)");
  else if (lua_type(L, 1) == LUA_TSTRING)
    lua_pushvalue(L, 1);
  lua_getglobal(L, "debug");
  if (lua_type(L, -1) != LUA_TTABLE) {
    lua_pop(L, 1);
    return 1;
  }
  lua_getfield(L, -1, "traceback");
  lua_pushvalue(L, -3);
  lua_pushinteger(L, 2);
  lua_call(L, 2, 1);
  return 1;
}

static void *run (void *p) {
  Worker *w = (Worker *)p;
  lua_State *L = w->L;
  int fn = lua_gettop(L);
  lua_pushcfunction(L, traceback);
  lua_insert(L, fn);
  lua_pushinteger(L, w->tid);
  lua_pushinteger(L, w->count);
  lua_pushstring(L, w->arg);
  if (lua_pcall(L, 3, 0, fn) != 0)
    seterror(w, L);
  return NULL;
}

int main (int argc, char **argv) {
  static Worker workers[MAXTHREADS];
  struct timespec t0, t1;
  int n, count, i, before, after, failed = 0;
  if (argc < 4) {
    fprintf(stderr, "usage: threadhost SCRIPT NTHREADS COUNT [ARG]\n");
    return 2;
  }
  n = atoi(argv[2]);
  count = atoi(argv[3]);
  if (n < 1 || n > MAXTHREADS || count < 0) {
    fprintf(stderr, "threadhost: 1..%d threads\n", MAXTHREADS);
    return 2;
  }
  for (i = 0; i < n; i++) {
    Worker *w = &workers[i];
    w->tid = i + 1;
    w->count = count;
    w->arg = argc > 4 ? argv[4] : "";
    if (!prepare(w, argv[1])) {
      fprintf(stderr, "threadhost: thread %d: %s\n", w->tid, w->error);
      return 1;
    }
  }
  before = countfds();
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (i = 0; i < n; i++)
    if (pthread_create(&workers[i].thread, NULL, run, &workers[i]) != 0) {
      fprintf(stderr, "threadhost: pthread_create failed\n");
      return 1;
    }
  for (i = 0; i < n; i++)
    pthread_join(workers[i].thread, NULL);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  for (i = 0; i < n; i++) {
    if (workers[i].error[0] != '\0') {
      fprintf(stderr, "threadhost: thread %d: %s\n", workers[i].tid,
              workers[i].error);
      failed++;
    }
    lua_close(workers[i].L);
  }
  after = countfds();
  if (after != before) {
    fprintf(stderr, "threadhost: %d fds open before the threads, %d after\n",
            before, after);
    failed++;
  }
  printf("threadhost: %d threads x %d: %s, %.3f s\n", n, count,
         failed ? "FAILED" : "ok",
         (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
  return failed ? 1 : 0;
}
