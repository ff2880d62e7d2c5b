/*
** fuzz_args.c: a libFuzzer target for pyos's argument layer.
**
** It embeds Lua 5.4, loads every pyos module (compiled into this binary
** with coverage), and calls the exports with fuzzer-chosen arguments: nil,
** booleans, integers, boundary numbers, NaN and inf, strings with and
** without NUL bytes, options tables with known and unknown keys, arrays,
** functions and path-like tables. Every call runs under lua_pcall: a Lua
** error is a fine outcome, a crash or a sanitizer report is a bug.
**
** Kept safe: functions that end or replace the process, change its
** identity or reach outside it are never called (see `excluded`); paths
** are names without '/' or '.' inside a temp dir the target chdir'ed into;
** integers that could name the fuzzer's own descriptors are moved past
** them; every descriptor a call creates is made non-blocking, and closed
** after each input (after a full GC, so objects that own one go first).
*/
#include "lua.h"
#include "lualib.h"
#include "lauxlib.h"

#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int luaopen_pyos_fs (lua_State *L);
int luaopen_pyos_fd (lua_State *L);
int luaopen_pyos_proc (lua_State *L);
int luaopen_pyos_sched (lua_State *L);
int luaopen_pyos_xattr (lua_State *L);
int luaopen_pyos_sys (lua_State *L);

#ifndef PYOS_ROOT
#define PYOS_ROOT "."
#endif

#define MAXFUNCS   1024
#define MAXCALLS   4
#define MAXARGS    6
#define FDSPAN     64

static lua_State *L;
static int nfuncs;
static char *funcs[MAXFUNCS];
static int firstfd;         /* descriptors below this are the fuzzer's */

/* Never called: they end, replace or fork the process, change identity,
** leave the temp dir, block, or act outside the process. */
static const char *const excluded[] = {
  "abort", "_exit", "execl", "execle", "execlp", "execlpe", "execv",
  "execve", "execvp", "execvpe", "fork", "forkpty", "kill", "killpg",
  "setuid", "seteuid", "setreuid", "setresuid", "setgid", "setegid",
  "setregid", "setresgid", "setgroups", "initgroups", "setsid", "setpgid",
  "setpgrp", "chroot", "unshare", "setns", "chdir", "fchdir", "umask",
  "putenv", "unsetenv", "sched_setscheduler", "sched_setparam",
  "sched_setaffinity", "system", "popen", "posix_spawn", "posix_spawnp",
  "spawnl", "spawnle", "spawnlp", "spawnlpe", "spawnv", "spawnve",
  "spawnvp", "spawnvpe", "login_tty", "tcsetpgrp", "register_at_fork",
  "sync", "nice", "setpriority", "mkfifo", "mknod", "posix_fallocate",
  "walk", "fwalk", "removedirs", "renames", "environ", "environb",
  "reload_environ", "wait", "wait3", "wait4", "waitpid", "waitid",
  "OSError", "error", NULL
};

/* Functions whose size arguments would make a huge allocation on purpose
** (a valid request): boundary sizes are kept small for them. */
static const char *const sized[] = {
  "urandom", "getrandom", "read", "pread", "readv", "preadv", "confstr",
  "buffer", NULL
};

/* Functions that act on every descriptor from a number on: a negative
** start means 0, so every number they get is moved past the fuzzer's. */
static const char *const fdranges[] = {"closerange", NULL};

static int inlist (const char *const *list, const char *name) {
  for (; *list != NULL; list++)
    if (strcmp(*list, name) == 0)
      return 1;
  return 0;
}

/* ---- Input reader ------------------------------------------------------ */

typedef struct Input {
  const uint8_t *p;
  size_t n;
} Input;

static unsigned byte (Input *in) {
  if (in->n == 0)
    return 0;
  in->n--;
  return *in->p++;
}

static const char *const optnames[] = {
  "dir_fd", "follow_symlinks", "mode", "flags", "exist_ok", "ns", "topdown",
  "onerror", "followlinks", "effective_ids", "src_dir_fd", "dst_dir_fd",
  "target_is_directory", "inheritable", "offset", "strict", "zz", "",
  "setpgroup", "resetids", "setsid", "setsigmask", "setsigdef", "scheduler",
  "file_actions", "env", "times", "device", "count", "default"
};
#define NOPTNAMES (sizeof optnames / sizeof optnames[0])

/* Strings that reach deeper than random bytes; sizes include NULs. */
static const struct { const char *s; size_t len; } words[] = {
  {"a", 1}, {"b", 1}, {"f", 1}, {"", 0}, {"user.x", 6}, {"user.y", 6},
  {"trusted.z", 9}, {"SC_PAGESIZE", 11}, {"SC_ARG_MAX", 10},
  {"PC_NAME_MAX", 11}, {"CS_PATH", 7}, {"HOME", 4}, {"PATH", 4},
  {"a\0b", 3}, {"\0", 1}, {"r", 1}, {"w", 1}, {"rb", 2}, {"a+", 2},
  {"\xff\xfe", 2}
};
#define NWORDS (sizeof words / sizeof words[0])

static const double boundaries[] = {
  0, -1, 1, 2, 3, 0.5, -0.5, 3.0, 255, 256, 4096, 65536,
  2147483647.0, 2147483648.0, -2147483648.0, -2147483649.0,
  4294967295.0, 4294967296.0, 9007199254740992.0, 9223372036854775807.0,
  -9223372036854775808.0, 1e300, -1e300
};
#define NBOUNDARIES (sizeof boundaries / sizeof boundaries[0])

static int issized, isfdrange;

/* An integer that may name a descriptor: never one of the fuzzer's. */
static double keepfd (double v) {
  if (isfdrange && v < firstfd)
    return firstfd + fmod(fabs(v), FDSPAN);
  if (v >= 0 && v < firstfd && v == floor(v))
    return v + firstfd;
  return v;
}

/* Push a name without '/' or '.', so no path leaves the temp dir (and no
** symlink made from one can point out of it). */
static void pushname (Input *in) {
  char buf[64];
  size_t len = byte(in) % sizeof buf, i;
  for (i = 0; i < len; i++) {
    unsigned c = byte(in);
    buf[i] = (c == '/' || c == '.') ? '_' : (char)c;
  }
  lua_pushlstring(L, buf, len);
}

static void pushint (Input *in) {
  int v = (int)(int16_t)(byte(in) | (byte(in) << 8));
  lua_pushinteger(L, (lua_Integer)keepfd(v));
}

static int fspath (lua_State *L1) {
  lua_pushliteral(L1, "p");
  (void)L1;
  return 1;
}

static int nothing (lua_State *L1) {
  (void)L1;
  return 0;
}

static void pushvalue (Input *in, int depth);

static void pushtable (Input *in, int depth) {
  unsigned i, n = byte(in) % 4;
  lua_createtable(L, 0, 0);
  if (byte(in) & 1) {            /* options: named keys */
    for (i = 0; i < n; i++) {
      pushvalue(in, depth + 1);
      lua_setfield(L, -2, optnames[byte(in) % NOPTNAMES]);
    }
  }
  else {                         /* array */
    for (i = 1; i <= n; i++) {
      pushvalue(in, depth + 1);
      lua_rawseti(L, -2, (int)i);
    }
  }
}

static void pushvalue (Input *in, int depth) {
  unsigned kind = byte(in) % 14;
  if (depth > 2)
    kind %= 6;
  switch (kind) {
    case 0: lua_pushnil(L); break;
    case 1: lua_pushboolean(L, byte(in) & 1); break;
    case 2: case 3: pushint(in); break;
    case 4: {
      double d = boundaries[byte(in) % NBOUNDARIES];
      if (issized && fabs(d) > 65536)
        d = 65536;
      lua_pushnumber(L, keepfd(d));   /* 2.0 is fd 2 too */
      break;
    }
    case 5: pushname(in); break;
    case 6: case 7: pushname(in); break;
    case 8: {
      unsigned w = byte(in) % NWORDS;
      lua_pushlstring(L, words[w].s, words[w].len);
      break;
    }
    case 9: lua_pushnumber(L, (byte(in) & 1) ? NAN : INFINITY); break;
    case 10: case 11: pushtable(in, depth); break;
    case 12: lua_pushcfunction(L, nothing); break;
    default:                     /* a path-like table */
      lua_createtable(L, 0, 0);
      lua_createtable(L, 0, 1);
      lua_pushcfunction(L, fspath);
      lua_setfield(L, -2, "__fspath");
      lua_setmetatable(L, -2);
      break;
  }
}

/* ---- Descriptors ------------------------------------------------------- */

/* Make every descriptor past the fuzzer's non-blocking, so that no call
** of a later input can block on one (a pipe, an eventfd, a timerfd). */
static void unblockfds (void) {
  int fd;
  for (fd = firstfd; fd < firstfd + FDSPAN; fd++) {
    int fl = fcntl(fd, F_GETFL);
    if (fl != -1 && !(fl & O_NONBLOCK))
      fcntl(fd, F_SETFL, fl | O_NONBLOCK);
  }
}

static void closefds (void) {
  int fd;
  for (fd = firstfd; fd < firstfd + FDSPAN; fd++)
    close(fd);
}

/* ---- Setup and the target ---------------------------------------------- */

static void preload (const char *name, lua_CFunction open) {
  lua_getglobal(L, "package");
  lua_getfield(L, -1, "preload");
  lua_pushcfunction(L, open);
  lua_setfield(L, -2, name);
  lua_pop(L, 2);
}

static int cmpstr (const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

int LLVMFuzzerInitialize (int *argc, char ***argv) {
  char dir[] = "/tmp/pyos-fuzz.XXXXXX";
  (void)argc; (void)argv;
  L = luaL_newstate();
  luaL_openlibs(L);
  preload("pyos.fs", luaopen_pyos_fs);
  preload("pyos.fd", luaopen_pyos_fd);
  preload("pyos.proc", luaopen_pyos_proc);
  preload("pyos.sched", luaopen_pyos_sched);
  preload("pyos.xattr", luaopen_pyos_xattr);
  preload("pyos.sys", luaopen_pyos_sys);
  lua_getglobal(L, "package");
  lua_pushliteral(L, PYOS_ROOT "/lua/?.lua;" PYOS_ROOT "/lua/?/init.lua");
  lua_setfield(L, -2, "path");
  lua_pop(L, 1);
  lua_getglobal(L, "require");
  lua_pushliteral(L, "pyos");
  if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
    fprintf(stderr, "fuzz: require 'pyos' failed: %s\n", lua_tostring(L, -1));
    exit(1);
  }
  lua_setglobal(L, "pyos");
  lua_getglobal(L, "pyos");
  lua_pushnil(L);
  while (lua_next(L, -2) && nfuncs < MAXFUNCS) {
    if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TFUNCTION
        && !inlist(excluded, lua_tostring(L, -2)))
      funcs[nfuncs++] = strdup(lua_tostring(L, -2));
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  qsort(funcs, nfuncs, sizeof funcs[0], cmpstr);
  if (mkdtemp(dir) == NULL || chdir(dir) != 0) {
    perror("fuzz: temp dir");
    exit(1);
  }
  /* Fill every free descriptor below 64 with /dev/null: those are the
  ** fuzzer's, and descriptors made by pyos calls start at 64. */
  firstfd = 64;
  while (open("/dev/null", O_RDONLY) < firstfd - 1)
    ;
  fprintf(stderr, "fuzz: %d pyos functions in %s\n", nfuncs, dir);
  return 0;
}

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size) {
  Input in = {data, size};
  int c;
  for (c = 0; c < MAXCALLS && in.n > 0; c++) {
    const char *name = funcs[byte(&in) % nfuncs];
    int i, nargs = (int)(byte(&in) % (MAXARGS + 1));
    issized = inlist(sized, name);
    isfdrange = inlist(fdranges, name);
    lua_getglobal(L, "pyos");
    lua_getfield(L, -1, name);
    for (i = 0; i < nargs; i++)
      pushvalue(&in, 0);
    if (lua_pcall(L, nargs, 2, 0) == LUA_OK && lua_type(L, -2) == LUA_TFUNCTION) {
      int k;                    /* an iterator: step it a little */
      for (k = 0; k < 3; k++) {
        lua_pushvalue(L, -2);
        lua_pushvalue(L, -2);
        lua_pushnil(L);
        if (lua_pcall(L, 2, 1, 0) != LUA_OK || lua_isnil(L, -1)) {
          lua_pop(L, 1);
          break;
        }
        lua_pop(L, 1);
      }
    }
    lua_settop(L, 0);
    unblockfds();
  }
  lua_gc(L, LUA_GCCOLLECT, 0);
  closefds();
  return 0;
}
