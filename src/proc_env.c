/*
** proc_env.c: the process environment, part of pyos.proc: getenv,
** getenvb, putenv, unsetenv, and pyos.environ (== pyos.environb), a live
** proxy over the C environment (getenv/setenv/unsetenv and `environ`).
**
** The proxy is an empty userdata whose metatable (PYOS_ENVIRON) does the
** work, so no method name ever hides a variable: environ.X reads,
** environ.X = "v" sets, environ.X = nil unsets, environ() returns a plain
** snapshot table, pairs(environ) iterates a snapshot where the runtime
** honours __pairs (5.2+).
**
** A userdata, not a table: Lua 5.1's and LuaJIT's pairs ignore __pairs
** and check only the type, so over an empty table they iterate nothing
** without a word, while over a userdata they raise ("table expected, got
** userdata"). No C value makes them iterate it or name environ() in that
** message (luaB_pairs is luaL_checktype, next is raw; only a LuaJIT FFI
** cdata gets __pairs there, a third type on one runtime), so a raise is
** the most they allow; stat_result, the other userdata with __pairs,
** behaves the same. environ() is the snapshot that iterates everywhere.
*/
#include "proc_int.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

extern char **environ;


/* ---- The lock -----------------------------------------------------------
** pyos's one piece of mutable static state: every read or change of the
** environment that pyos makes holds it (glibc's setenv reallocates
** `environ` and its strings under its own lock, which getenv and a walk
** of `environ` do not take). It is held only around C work: nothing is
** pushed (a GC step could run a finalizer that calls pyos) and no Lua code
** runs while it is held, so a finalizer may call pyos again, and no error
** is raised with it held. What is read under it is copied before it is
** released. */

static pthread_mutex_t envlock = PTHREAD_MUTEX_INITIALIZER;

void pyos_proc_lockenv (void) {
  pthread_mutex_lock(&envlock);
}

void pyos_proc_unlockenv (void) {
  pthread_mutex_unlock(&envlock);
}

/* A name C's getenv can look up exactly: non-empty, no '=' and no NUL. */
static int goodname (const char *s, size_t len) {
  return len > 0 && memchr(s, '=', len) == NULL && memchr(s, '\0', len) == NULL;
}

/* Push the value of name, or nil (names C cannot hold are never set).
** name is anchored by the caller. The value is copied under the lock into
** buf; a longer one gets a userdata (made with the lock released) and is
** read again. */
static void pushvalue (lua_State *L, const char *name, size_t len) {
  char small[256];
  char *buf = small;
  size_t cap = sizeof small;
  if (!goodname(name, len)) {
    lua_pushnil(L);
    return;
  }
  for (;;) {
    const char *v;
    size_t vl = 0;
    pyos_proc_lockenv();
    v = getenv(name);
    if (v != NULL && (vl = strlen(v)) <= cap)
      memcpy(buf, v, vl);
    pyos_proc_unlockenv();
    if (v == NULL) {
      lua_pushnil(L);
      return;
    }
    if (vl <= cap) {
      lua_pushlstring(L, buf, vl);   /* buf: the C stack or an anchored userdata */
      return;
    }
    cap = vl + vl / 2;
    buf = (char *)pyos_newuserdata(L, cap);
  }
}

/* Copy the environment's strings ("NAME=value\0" each) into buf of size
** cap under the lock; returns the bytes they take (more than cap: not
** copied). */
static size_t copyenv (char *buf, size_t cap) {
  size_t total = 0;
  char **e;
  pyos_proc_lockenv();
  for (e = environ; e != NULL && *e != NULL; e++)
    total += strlen(*e) + 1;
  if (total <= cap) {
    char *p = buf;
    for (e = environ; e != NULL && *e != NULL; e++) {
      size_t n = strlen(*e) + 1;
      memcpy(p, *e, n);
      p += n;
    }
  }
  pyos_proc_unlockenv();
  return total;
}

/* Push a new table of the whole environment (the first of two entries
** with the same name wins, as getenv finds it): a copy taken under the
** lock into a userdata, then the table made from the copy. */
static void pushsnapshot (lua_State *L) {
  size_t cap = 4096, total;
  char *buf = (char *)pyos_newuserdata(L, cap), *p;
  while ((total = copyenv(buf, cap)) > cap) {
    lua_pop(L, 1);
    cap = total + total / 4;
    buf = (char *)pyos_newuserdata(L, cap);
  }
  lua_newtable(L);
  for (p = buf; p < buf + total; p += strlen(p) + 1) {
    const char *eq = strchr(p, '=');
    if (eq == NULL)
      continue;
    lua_pushlstring(L, p, (size_t)(eq - p));
    lua_pushvalue(L, -1);
    lua_rawget(L, -3);
    if (lua_isnil(L, -1)) {
      lua_pop(L, 1);
      lua_pushstring(L, eq + 1);
      lua_rawset(L, -3);
    }
    else
      lua_pop(L, 2);
  }
  lua_remove(L, -2);    /* the copy */
}

/* setenv, or unsetenv when value is NULL, under the lock; the errno or 0. */
static int setvar (const char *name, const char *value) {
  int r, e;
  pyos_proc_lockenv();
  r = value != NULL ? setenv(name, value, 1) : unsetenv(name);
  e = errno;
  pyos_proc_unlockenv();
  return r == -1 ? e : 0;
}


/* ---- getenv, putenv, unsetenv ------------------------------------------ */

/* getenv(key, default=nil): the value, or default. Lua's os.getenv with
** the default of Python's. */
static int proc_getenv (lua_State *L) {
  size_t len;
  const char *name;
  pyos_checknargs(L, 2);
  name = pyos_checkstring(L, 1, &len);
  pushvalue(L, name, len);
  if (lua_isnil(L, -1))
    lua_pushvalue(L, 2);
  return 1;
}

/* getenvb(key, default=nil): the same (Lua strings are bytes); a function
** of its own, so that its errors name it. */
static int proc_getenvb (lua_State *L) {
  return proc_getenv(L);
}

/* A name to set or unset: NUL, '=' or empty raise (Python's ValueError). */
static const char *checkname (lua_State *L, int arg) {
  size_t len;
  const char *name = pyos_checkpath(L, arg, &len);
  if (len == 0 || memchr(name, '=', len) != NULL)
    pyos_argerror(L, arg, "illegal environment variable name");
  return name;
}

/* putenv(key, value): setenv, so pyos.environ sees it too. */
static int proc_putenv (lua_State *L) {
  const char *name, *value;
  int e;
  pyos_checknargs(L, 2);
  name = checkname(L, 1);
  value = pyos_checkpath(L, 2, NULL);
  if ((e = setvar(name, value)) != 0)
    return pyos_pusherror(L, e, 0, 0);
  return pyos_pushok(L);
}

static int proc_unsetenv (lua_State *L) {
  const char *name;
  int e;
  pyos_checknargs(L, 1);
  name = checkname(L, 1);
  if ((e = setvar(name, NULL)) != 0)
    return pyos_pusherror(L, e, 0, 0);
  return pyos_pushok(L);
}


/* ---- The environ proxy ------------------------------------------------- */

static int environ_index (lua_State *L) {
  size_t len;
  const char *name;
  if (lua_type(L, 2) != LUA_TSTRING)
    return luaL_error(L, "pyos.environ: name must be a string, got %s",
                      luaL_typename(L, 2));
  name = lua_tolstring(L, 2, &len);
  pushvalue(L, name, len);
  return 1;
}

static int environ_newindex (lua_State *L) {
  size_t len, vlen;
  const char *name, *value;
  int e;
  if (lua_type(L, 2) != LUA_TSTRING)
    return luaL_error(L, "pyos.environ: name must be a string, got %s",
                      luaL_typename(L, 2));
  name = lua_tolstring(L, 2, &len);
  if (memchr(name, '\0', len) != NULL)
    return luaL_error(L, "pyos.environ: embedded null byte");
  if (len == 0 || memchr(name, '=', len) != NULL)
    return luaL_error(L, "pyos.environ: illegal environment variable name");
  if (lua_isnil(L, 3)) {
    if ((e = setvar(name, NULL)) != 0)
      return luaL_error(L, "pyos.environ: %s", strerror(e));
    return 0;
  }
  if (lua_type(L, 3) != LUA_TSTRING)
    return luaL_error(L, "pyos.environ: value must be a string, got %s",
                      luaL_typename(L, 3));
  value = lua_tolstring(L, 3, &vlen);
  if (memchr(value, '\0', vlen) != NULL)
    return luaL_error(L, "pyos.environ: embedded null byte");
  if ((e = setvar(name, value)) != 0)
    return luaL_error(L, "pyos.environ: %s", strerror(e));
  return 0;
}

/* environ(): a snapshot, a plain table. */
static int environ_call (lua_State *L) {
  pushsnapshot(L);
  return 1;
}

/* next over a snapshot (no global `next` needed). */
static int snapshot_next (lua_State *L) {
  lua_settop(L, 2);
  if (lua_next(L, 1))
    return 2;
  lua_pushnil(L);
  return 1;
}

/* pairs(environ): next over a snapshot. */
static int environ_pairs (lua_State *L) {
  lua_pushcfunction(L, snapshot_next);
  pushsnapshot(L);
  lua_pushnil(L);
  return 3;
}

static int environ_tostring (lua_State *L) {
  lua_pushliteral(L, "pyos.environ");
  return 1;
}

static const luaL_Reg environ_meta[] = {
  {"__call", environ_call},
  {"__index", environ_index},
  {"__newindex", environ_newindex},
  {"__pairs", environ_pairs},
  {"__tostring", environ_tostring},
  {NULL, NULL}
};

static const luaL_Reg env_funcs[] = {
  {"getenv", proc_getenv},
  {"getenvb", proc_getenvb},
  {"putenv", proc_putenv},
  {"unsetenv", proc_unsetenv},
  {NULL, NULL}
};

void pyos_proc_openenv (lua_State *L) {
  pyos_setfuncs(L, env_funcs, 0);
  pyos_newclass(L, PYOS_ENVIRON, environ_meta, NULL);
  pyos_newuserdata(L, 0);            /* the proxy: no state of its own */
  luaL_getmetatable(L, PYOS_ENVIRON);
  lua_setmetatable(L, -2);
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, "environ");
  lua_setfield(L, -2, "environb");
  lua_pushboolean(L, 1);
  lua_setfield(L, -2, "supports_bytes_environ");
}
