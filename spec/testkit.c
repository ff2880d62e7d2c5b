/*
** testkit.c: test-only helpers for the specs, never part of pyos.
** Independent of pyos, so a pyos bug cannot hide itself from them.
*/
#include "compat.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

static int cmpint (const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

/* fds(): sorted array of this process's open file descriptors. */
static int tk_fds (lua_State *L) {
  int list[4096], n = 0, i;
  struct dirent *e;
  DIR *d = opendir("/proc/self/fd");
  if (d == NULL)
    return luaL_error(L, "cannot open /proc/self/fd");
  while ((e = readdir(d)) != NULL && n < 4096) {
    int fd;
    if (e->d_name[0] == '.')
      continue;
    fd = atoi(e->d_name);
    if (fd != dirfd(d))
      list[n++] = fd;
  }
  closedir(d);
  qsort(list, n, sizeof list[0], cmpint);
  lua_createtable(L, n, 0);
  for (i = 0; i < n; i++) {
    lua_pushinteger(L, list[i]);
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}

/* fdtarget(fd): readlink of /proc/self/fd/fd, or nil. */
static int tk_fdtarget (lua_State *L) {
  char path[64], buf[4096];
  ssize_t n;
  snprintf(path, sizeof path, "/proc/self/fd/%d", (int)luaL_checkinteger(L, 1));
  n = readlink(path, buf, sizeof buf);
  if (n < 0)
    return 0;
  lua_pushlstring(L, buf, (size_t)n);
  return 1;
}

/* children(): array of the pids of this process's children, from
** /proc/self/task/TID/children (every thread). */
static int tk_children (lua_State *L) {
  DIR *d = opendir("/proc/self/task");
  struct dirent *e;
  int n = 0;
  lua_newtable(L);
  if (d == NULL)
    return 1;
  while ((e = readdir(d)) != NULL) {
    char path[300];
    FILE *f;
    long pid;
    if (e->d_name[0] == '.')
      continue;
    snprintf(path, sizeof path, "/proc/self/task/%s/children", e->d_name);
    f = fopen(path, "r");
    if (f == NULL)
      continue;
    while (fscanf(f, "%ld", &pid) == 1) {
      lua_pushinteger(L, pid);
      lua_rawseti(L, -2, ++n);
    }
    fclose(f);
  }
  closedir(d);
  return 1;
}

static volatile sig_atomic_t alarms;

static void onalarm (int sig) {
  (void)sig;
  alarms++;
}

/* interrupt(seconds [, interval]): SIGALRM after seconds (then every
** interval), with a handler installed WITHOUT SA_RESTART, so a blocking
** system call really fails with EINTR. interrupt(0) disarms. Returns the
** number of alarms delivered so far. */
static int tk_interrupt (lua_State *L) {
  double s = luaL_checknumber(L, 1), every = luaL_optnumber(L, 2, 0);
  struct itimerval it;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = onalarm;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;
  sigaction(SIGALRM, &sa, NULL);
  memset(&it, 0, sizeof it);
  it.it_value.tv_sec = (time_t)s;
  it.it_value.tv_usec = (suseconds_t)((s - (double)(time_t)s) * 1e6);
  it.it_interval.tv_sec = (time_t)every;
  it.it_interval.tv_usec = (suseconds_t)((every - (double)(time_t)every) * 1e6);
  setitimer(ITIMER_REAL, &it, NULL);
  lua_pushinteger(L, alarms);
  return 1;
}

/* alarms(): SIGALRMs delivered to the interrupt() handler so far. */
static int tk_alarms (lua_State *L) {
  lua_pushinteger(L, alarms);
  return 1;
}

static volatile sig_atomic_t reaped;

/* nginx's worker on SIGCHLD: reap every child there is. */
static void reapall (int sig) {
  int e = errno;
  (void)sig;
  while (waitpid(-1, NULL, WNOHANG) > 0)
    reaped++;
  errno = e;
}

/* reapall("handler" | "ignore" | nil): SIGCHLD as a host that takes its
** children's statuses has it: a handler that reaps every child (nginx's
** workers; SA_RESTART as nginx's), SIG_IGN, or back to SIG_DFL. Returns
** the children the handler has reaped so far. */
static int tk_reapall (lua_State *L) {
  const char *mode = luaL_optstring(L, 1, NULL);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sigemptyset(&sa.sa_mask);
  if (mode == NULL)
    sa.sa_handler = SIG_DFL;
  else if (strcmp(mode, "ignore") == 0)
    sa.sa_handler = SIG_IGN;
  else {
    sa.sa_handler = reapall;
    sa.sa_flags = SA_RESTART;
  }
  sigaction(SIGCHLD, &sa, NULL);
  lua_pushinteger(L, reaped);
  return 1;
}

/* isroot(): effective uid 0. */
static int tk_isroot (lua_State *L) {
  lua_pushboolean(L, geteuid() == 0);
  return 1;
}

static const luaL_Reg tk_funcs[] = {
  {"alarms", tk_alarms},
  {"children", tk_children},
  {"fds", tk_fds},
  {"fdtarget", tk_fdtarget},
  {"interrupt", tk_interrupt},
  {"isroot", tk_isroot},
  {"reapall", tk_reapall},
  {NULL, NULL}
};

__attribute__((visibility("default")))
int luaopen_pyos_testkit (lua_State *L) {
  lua_newtable(L);
  pyos_setfuncs(L, tk_funcs, 0);
  return 1;
}
