/*
** aux.c: the shared argument, option, error and registration helpers
** declared in pyos.h. Linked into every area module.
*/
#include "pyos.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>

#include "uniprint.h"


/* ---- Misuse errors: the public name and the caller's line --------------
** A misuse error reads "bad argument #N to 'pyos.NAME' (MSG)" and points
** at the line that called the public function, the same on every runtime
** and every run. The registry's NAMES table maps each function value of
** the namespace to its public name ('pyos.stat', 'pyos.path.join', and
** 'pyos.DirEntry:stat' for a method, whose self is not counted): the area
** modules fill it as they load, the Lua layer through pyos._aux.setnames.
** Only the error path reads it.
*/

#define NAMES   "pyos.names"

/* Push the names table, made on first use when make is set; else false
** (nothing pushed) when there is none. */
static int pushnames (lua_State *L, int make) {
  lua_getfield(L, LUA_REGISTRYINDEX, NAMES);
  if (lua_type(L, -1) == LUA_TTABLE)
    return 1;
  lua_pop(L, 1);
  if (!make)
    return 0;
  lua_newtable(L);
  lua_createtable(L, 0, 1);          /* functions are its weak keys */
  lua_pushliteral(L, "k");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
  lua_pushvalue(L, -1);
  lua_setfield(L, LUA_REGISTRYINDEX, NAMES);
  return 1;
}

void pyos_setnames (lua_State *L, int t, const char *prefix) {
  int names;
  t = pyos_absindex(L, t);
  pushnames(L, 1);
  names = lua_gettop(L);
  lua_pushnil(L);
  while (lua_next(L, t)) {
    if (lua_type(L, -1) == LUA_TFUNCTION && lua_type(L, -2) == LUA_TSTRING) {
      const char *name;
      lua_pushvalue(L, -1);
      name = lua_pushfstring(L, "%s%s", prefix, lua_tostring(L, -3));
      lua_pushvalue(L, -2);
      lua_rawget(L, names);
      /* a value with two names keeps the first in byte order, whatever
      ** order the tables are walked in */
      if (lua_type(L, -1) == LUA_TSTRING && strcmp(lua_tostring(L, -1), name) < 0)
        lua_pop(L, 3);
      else {
        lua_pop(L, 1);
        lua_rawset(L, names);
      }
    }
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

void pyos_setmethodnames (lua_State *L, int t, const char *tname) {
  t = pyos_absindex(L, t);
  pyos_setnames(L, t, lua_pushfstring(L, "%s:", tname));
  lua_pop(L, 1);
}

/* Name the function at the top of the stack, and pop it. */
static void setname (lua_State *L, const char *name) {
  pushnames(L, 1);
  lua_insert(L, -2);
  lua_pushstring(L, name);
  lua_rawset(L, -3);
  lua_pop(L, 1);
}

/* The public function running: the first function from level 0 up that
** has a name (the C function itself, or the Lua-layer function that
** called a pyos._aux checker, maybe through a local helper), then any
** named function that called that one (the Lua layer passing its
** arguments on to a C function). Pushes the name and returns the level,
** or returns -1 with nothing pushed. */
static int publicname (lua_State *L) {
  lua_Debug ar;
  int names, level, found = -1;
  if (!pushnames(L, 0))
    return -1;
  names = lua_gettop(L);
  for (level = 0; lua_getstack(L, level, &ar); level++) {
    lua_getinfo(L, "f", &ar);
    lua_rawget(L, names);
    if (lua_type(L, -1) == LUA_TSTRING) {
      if (found >= 0)
        lua_remove(L, -2);
      found = level;
    }
    else {
      lua_pop(L, 1);
      if (found >= 0)
        break;
    }
  }
  lua_remove(L, names);
  return found;
}

/* Push "source:line: " of the frame at level, the caller of the public
** function; "" when that is a C function (pcall). A frame that 5.1 marks
** as a lost tail call is skipped, as 5.2+ have none. */
static void pushwhere (lua_State *L, int level) {
  lua_Debug ar;
  for (; lua_getstack(L, level, &ar); level++) {
    lua_getinfo(L, "Sl", &ar);
    if (strcmp(ar.what, "tail") != 0) {
      if (ar.currentline > 0) {
        lua_pushfstring(L, "%s:%d: ", ar.short_src, ar.currentline);
        return;
      }
      break;
    }
  }
  lua_pushliteral(L, "");
}

/* pyos_opts leaves, above the options table it put at slot h, where the
** caller gave it: [h] the table, [h+1] the light userdata OPTSMARK + the
** table's position (one push says both), [h+1+i] the name of the option
** positional slot i was filled from (a light userdata) or nil. */
#define MAXOPTSPOS  32
static const char optsmark[MAXOPTSPOS];

/* The argument number the caller sees for stack index arg, and the
** option its value came from (NULL when none). */
static int callerarg (lua_State *L, int arg, const char **opt) {
  int i, top = lua_gettop(L);
  *opt = NULL;
  for (i = 2; i <= top; i++) {
    const char *p = (const char *)lua_touserdata(L, i);
    if (p >= optsmark && p < optsmark + MAXOPTSPOS
        && lua_type(L, i - 1) == LUA_TTABLE) {
      int h = i - 1, at = (int)(p - optsmark);
      if (arg == h)
        return at;
      if (arg >= 1 && arg < h && h + 1 + arg <= top
          && (*opt = (const char *)lua_touserdata(L, h + 1 + arg)) != NULL)
        return at;
      break;
    }
  }
  return arg;
}

/* True when msg already names option opt ("times[2]: ..."). */
static int namesopt (const char *msg, const char *opt) {
  size_t n = strlen(opt);
  return strncmp(msg, opt, n) == 0 && (msg[n] == '[' || msg[n] == '.');
}

int pyos_argerror (lua_State *L, int arg, const char *msg) {
  lua_Debug ar;
  const char *opt, *name = "?";
  int n = callerarg(L, arg, &opt);
  int level = publicname(L);
  if (level >= 0)
    name = lua_tostring(L, -1);
  else {             /* not in the namespace: what the call site says */
    level = 0;
    if (lua_getstack(L, 0, &ar)) {
      lua_getinfo(L, "n", &ar);
      if (ar.name != NULL)
        name = ar.name;
    }
  }
  pushwhere(L, level + 1);
  if (strchr(name, ':') != NULL && --n == 0)    /* a method's self */
    lua_pushfstring(L, "calling '%s' on bad self (%s)", name, msg);
  else if (opt != NULL && !namesopt(msg, opt))
    lua_pushfstring(L, "bad argument #%d to '%s' (option '%s': %s)",
                    n, name, opt, msg);
  else
    lua_pushfstring(L, "bad argument #%d to '%s' (%s)", n, name, msg);
  lua_concat(L, 2);
  return lua_error(L);
}

/* Name of the type of the value at idx, preferring its __name. An absent
** argument is "nil", not Lua's "no value": a Lua-layer function cannot
** tell the two apart, and the same mistake reads the same from both. */
static const char *typename_of (lua_State *L, int idx) {
  if (lua_type(L, idx) == LUA_TNONE)
    return "nil";
  if (luaL_getmetafield(L, idx, "__name")) {
    if (lua_type(L, -1) == LUA_TSTRING)
      return lua_tostring(L, -1);   /* stays on the stack until the error */
    lua_pop(L, 1);
  }
  if (lua_type(L, idx) == LUA_TLIGHTUSERDATA)
    return "light userdata";
  return luaL_typename(L, idx);
}

const char *pyos_typename (lua_State *L, int idx) {
  return typename_of(L, idx);
}

int pyos_typeerror (lua_State *L, int arg, const char *expected) {
  const char *got = typename_of(L, arg);
  return pyos_argerror(L, arg,
                       lua_pushfstring(L, "%s expected, got %s", expected, got));
}

int pyos_placeerror (lua_State *L, int arg, const char *place, int i, int j,
                     const char *msg) {
  const char *where = lua_pushfstring(L, place, i, j);
  return pyos_argerror(L, arg, lua_pushfstring(L, "%s: %s", where, msg));
}

int pyos_placetypeerror (lua_State *L, int idx, int arg, const char *place,
                         int i, int j, const char *expected) {
  const char *got = typename_of(L, idx);
  return pyos_placeerror(L, arg, place, i, j,
                         lua_pushfstring(L, "%s expected, got %s", expected, got));
}


/* ---- Paths ------------------------------------------------------------- */

/* Replace the value at arg by the result of its __fspath; false if it has
** none. */
static int fspath (lua_State *L, int arg) {
  if (!luaL_getmetafield(L, arg, "__fspath"))
    return 0;
  lua_pushvalue(L, arg);
  lua_call(L, 1, 1);
  if (lua_type(L, -1) != LUA_TSTRING)
    return pyos_argerror(L, arg, lua_pushfstring(L,
                         "__fspath must return a string, got %s",
                         typename_of(L, -1)));
  lua_replace(L, arg);
  return 1;
}

/* The path at arg, whose type is t (what pyos_checkfspath does); expected
** names what the parameter accepts, for the message. */
static const char *topath (lua_State *L, int arg, int t, size_t *len,
                           int nul, const char *expected) {
  size_t l;
  const char *s;
  if (t != LUA_TSTRING && !fspath(L, arg))
    pyos_typeerror(L, arg, expected);
  s = lua_tolstring(L, arg, &l);
  if (!nul && memchr(s, '\0', l) != NULL)
    pyos_argerror(L, arg, "embedded null byte");
  if (len != NULL)
    *len = l;
  return s;
}

/* The common case, a string, in line: stat's path is on the hot path. */
static const char *strpath (lua_State *L, int arg, size_t *len) {
  size_t l;
  const char *s = lua_tolstring(L, arg, &l);
  if (memchr(s, '\0', l) != NULL)
    pyos_argerror(L, arg, "embedded null byte");
  if (len != NULL)
    *len = l;
  return s;
}

const char *pyos_checkfspath (lua_State *L, int arg, size_t *len) {
  return topath(L, arg, lua_type(L, arg), len, 1, "string or path-like");
}

const char *pyos_checkpath (lua_State *L, int arg, size_t *len) {
  int t = lua_type(L, arg);
  if (t == LUA_TSTRING)
    return strpath(L, arg, len);
  return topath(L, arg, t, len, 0, "string or path-like");
}

const char *pyos_checkpathorfd (lua_State *L, int arg, size_t *len) {
  int t = lua_type(L, arg);
  if (t == LUA_TSTRING)
    return strpath(L, arg, len);
  if (t == LUA_TNUMBER) {
    pyos_checkfd(L, arg);
    return NULL;
  }
  return topath(L, arg, t, len, 0, "string, integer or path-like");
}

const char *pyos_optpath (lua_State *L, int arg, const char *def) {
  if (lua_isnoneornil(L, arg))
    return def;
  return pyos_checkpath(L, arg, NULL);
}


/* ---- Integers ---------------------------------------------------------- */

enum { INT_OK, INT_NOTNUMBER, INT_NOTINTEGER, INT_RANGE };

/* Read the value at idx as an integer in [lo, hi] into *out. */
static int tointeger (lua_State *L, int idx, long long lo, long long hi,
                      long long *out) {
  double d;
  long long v;
  if (pyos_isinteger(L, idx)) {
    v = (long long)lua_tointeger(L, idx);
  }
  else {
    if (lua_type(L, idx) != LUA_TNUMBER)
      return INT_NOTNUMBER;
    d = (double)lua_tonumber(L, idx);
    /* in range first (NaN fails it), then exact: no floor() call on the
    ** path every fd and size of 5.1 and LuaJIT takes */
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0))
      return d != d || isinf(d) ? INT_NOTINTEGER : INT_RANGE;
    v = (long long)d;
    if ((double)v != d)
      return INT_NOTINTEGER;
  }
  if (v < lo || v > hi)
    return INT_RANGE;
  *out = v;
  return INT_OK;
}

/* The message for a tointeger failure of the value at idx. */
static const char *intmessage (lua_State *L, int idx, int status,
                               long long lo, long long hi) {
  switch (status) {
    case INT_NOTNUMBER: {
      const char *got = typename_of(L, idx);
      return lua_pushfstring(L, "integer expected, got %s", got);
    }
    case INT_NOTINTEGER:
      return "number has no integer representation";
    default: {
      char buf[96];
      if (lo == 0 && hi > 0 && lua_tonumber(L, idx) < 0)
        return "value must not be negative";
      snprintf(buf, sizeof buf, "value out of range [%lld, %lld]", lo, hi);
      lua_pushstring(L, buf);
      return lua_tostring(L, -1);
    }
  }
}

long long pyos_checkint (lua_State *L, int arg, long long lo, long long hi) {
  long long v = 0;
  int status = tointeger(L, arg, lo, hi, &v);
  if (status != INT_OK)
    pyos_argerror(L, arg, intmessage(L, arg, status, lo, hi));
  return v;
}

long long pyos_optint (lua_State *L, int arg, long long def,
                       long long lo, long long hi) {
  if (lua_isnoneornil(L, arg))
    return def;
  return pyos_checkint(L, arg, lo, hi);
}

long long pyos_checkintat (lua_State *L, int idx, int arg, const char *place,
                           int i, int j, long long lo, long long hi) {
  long long v = 0;
  int status = tointeger(L, idx, lo, hi, &v);
  if (status != INT_OK) {
    idx = pyos_absindex(L, idx);
    pyos_placeerror(L, arg, place, i, j, intmessage(L, idx, status, lo, hi));
  }
  return v;
}

int pyos_checkschedparam (lua_State *L, int idx, int arg, const char *place,
                          int intok) {
  long long v = 0;
  const char *field = ".sched_priority";
  int status;
  idx = pyos_absindex(L, idx);
  if (lua_type(L, idx) == LUA_TTABLE) {
    lua_getfield(L, idx, "sched_priority");
    if (lua_isnil(L, -1)) {
      lua_pop(L, 1);
      lua_rawgeti(L, idx, 1);
      if (!lua_isnil(L, -1))               /* else name sched_priority */
        field = "[1]";
    }
  }
  else if (intok && lua_type(L, idx) == LUA_TNUMBER) {
    lua_pushvalue(L, idx);
    field = "";
  }
  else {
    const char *got = typename_of(L, idx);
    return pyos_argerror(L, arg, lua_pushfstring(L, "%s: %s expected, got %s",
                         place, intok ? "table or integer" : "table", got));
  }
  status = tointeger(L, -1, INT_MIN, INT_MAX, &v);
  if (status != INT_OK) {
    const char *msg = intmessage(L, lua_gettop(L), status, INT_MIN, INT_MAX);
    pyos_argerror(L, arg, lua_pushfstring(L, "%s%s: %s", place, field, msg));
  }
  lua_pop(L, 1);
  return (int)v;
}

int pyos_checkfd (lua_State *L, int arg) {
  return (int)pyos_checkint(L, arg, INT_MIN, INT_MAX);
}

size_t pyos_checksize (lua_State *L, int arg) {
  return (size_t)pyos_checkint(L, arg, 0, SSIZE_MAX);
}

int pyos_checkpid (lua_State *L, int arg) {
  return (int)pyos_checkint(L, arg, INT_MIN, INT_MAX);
}

unsigned int pyos_checkid (lua_State *L, int arg, int unchanged) {
  return (unsigned int)pyos_checkint(L, arg, unchanged ? -1 : 0,
                                     PYOS_MAXID);
}


/* ---- Other types --------------------------------------------------------- */

int pyos_optbool (lua_State *L, int arg, int def) {
  if (lua_isnoneornil(L, arg))
    return def;
  if (lua_type(L, arg) != LUA_TBOOLEAN)
    pyos_typeerror(L, arg, "boolean");
  return lua_toboolean(L, arg);
}

int pyos_checkbool (lua_State *L, int arg) {
  if (lua_type(L, arg) != LUA_TBOOLEAN)
    pyos_typeerror(L, arg, "boolean");
  return lua_toboolean(L, arg);
}

const char *pyos_checkstring (lua_State *L, int arg, size_t *len) {
  if (lua_type(L, arg) != LUA_TSTRING)
    pyos_typeerror(L, arg, "string");
  return lua_tolstring(L, arg, len);
}

const char *pyos_optstring (lua_State *L, int arg, const char *def) {
  if (lua_isnoneornil(L, arg))
    return def;
  return pyos_checkstring(L, arg, NULL);
}

void pyos_checktable (lua_State *L, int arg) {
  if (lua_type(L, arg) != LUA_TTABLE)
    pyos_typeerror(L, arg, "table");
}

void *pyos_checkudata (lua_State *L, int arg, const char *tname) {
  void *p = pyos_testudata(L, arg, tname);
  if (p == NULL)
    pyos_typeerror(L, arg, tname);
  return p;
}

int pyos_iscallable (lua_State *L, int idx) {
  if (lua_type(L, idx) == LUA_TFUNCTION)
    return 1;
  if (!luaL_getmetafield(L, idx, "__call"))
    return 0;
  lua_pop(L, 1);
  return 1;
}

void pyos_checknargs (lua_State *L, int n) {
  if (lua_gettop(L) > n)
    pyos_argerror(L, n + 1, "too many arguments");
}

int pyos_checkconfname (lua_State *L, int arg, int names) {
  int name;
  if (lua_type(L, arg) != LUA_TSTRING)
    return (int)pyos_checkint(L, arg, INT_MIN, INT_MAX);
  lua_pushvalue(L, arg);
  lua_rawget(L, names);
  if (lua_isnil(L, -1))
    return pyos_argerror(L, arg, "unrecognized configuration name");
  name = (int)lua_tointeger(L, -1);
  lua_pop(L, 1);
  return name;
}


/* ---- Options ----------------------------------------------------------- */

static int ispathlike (lua_State *L, int idx) {
  if (!luaL_getmetafield(L, idx, "__fspath"))
    return 0;
  lua_pop(L, 1);
  return 1;
}

static void checkkeys (lua_State *L, int opts, const char *const keys[]) {
  lua_pushnil(L);
  while (lua_next(L, opts)) {
    const char *const *k = keys;
    lua_pop(L, 1);  /* the value */
    if (lua_type(L, -1) == LUA_TSTRING) {
      const char *key = lua_tostring(L, -1);
      for (; k != NULL && *k != NULL; k++)
        if (strcmp(*k, key) == 0)
          break;
      if (k == NULL || *k == NULL)
        pyos_argerror(L, opts,
                      lua_pushfstring(L, "unknown option '%s'", key));
    }
    else
      pyos_argerror(L, opts, lua_pushfstring(L,
                    "option names must be strings, got %s",
                    luaL_typename(L, -1)));
  }
}

int pyos_opts (lua_State *L, int npos, unsigned tslots,
               const char *const keys[]) {
  int top = lua_gettop(L);
  int at, i;
  if (top > npos + 1)
    return pyos_argerror(L, npos + 2, "too many arguments");
  if (top == 0)
    return 0;
  if (top == npos + 1) {
    if (lua_isnil(L, top)) {
      lua_settop(L, npos);
      return 0;
    }
    if (lua_type(L, top) != LUA_TTABLE)
      return pyos_typeerror(L, top, "options table");
  }
  else if (lua_type(L, top) != LUA_TTABLE || (tslots & (1u << (top - 1)))
           || ispathlike(L, top))
    return 0;
  at = top;
  checkkeys(L, at, keys);
  if (npos > 3)     /* up to 8 slots more here: keep a C function's 20 */
    luaL_checkstack(L, npos + 1 + LUA_MINSTACK, "too many arguments");
  if (at != npos + 1) {   /* an earlier slot: the slots after it are absent */
    lua_settop(L, npos + 1);
    lua_pushvalue(L, at);
    lua_replace(L, npos + 1);
    lua_pushnil(L);
    lua_replace(L, at);
  }
  lua_pushlightuserdata(L, (void *)(optsmark + (at < MAXOPTSPOS ? at : 0)));
  for (i = 0; i < npos; i++)          /* the name slots (cheaper than settop) */
    lua_pushnil(L);
  return npos + 1;
}

void pyos_kwarg (lua_State *L, int opts, int pos, const char *name) {
  if (opts == 0)
    return;
  lua_getfield(L, opts, name);
  if (lua_isnil(L, -1))
    lua_pop(L, 1);
  else if (!lua_isnoneornil(L, pos))
    pyos_argerror(L, pos, lua_pushfstring(L,
                  "'%s' given both by position and as an option", name));
  else {
    lua_replace(L, pos);
    lua_pushlightuserdata(L, (void *)name);   /* errors name the option */
    lua_replace(L, opts + 1 + pos);
  }
}

int pyos_kwget (lua_State *L, int opts, const char *name) {
  if (opts == 0) {
    lua_pushnil(L);
    return LUA_TNIL;
  }
  lua_getfield(L, opts, name);
  return lua_type(L, -1);
}

int pyos_kwerror (lua_State *L, int opts, const char *name, const char *msg) {
  return pyos_argerror(L, opts,
                       lua_pushfstring(L, "option '%s': %s", name, msg));
}

long long pyos_kwint (lua_State *L, int opts, const char *name,
                      long long def, long long lo, long long hi) {
  long long v = def;
  if (opts == 0)
    return def;
  if (pyos_kwget(L, opts, name) != LUA_TNIL) {
    int status = tointeger(L, -1, lo, hi, &v);
    if (status != INT_OK)
      pyos_kwerror(L, opts, name, intmessage(L, lua_gettop(L), status, lo, hi));
  }
  lua_pop(L, 1);
  return v;
}

int pyos_kwbool (lua_State *L, int opts, const char *name, int def) {
  int t, v = def;
  if (opts == 0)
    return def;
  t = pyos_kwget(L, opts, name);
  if (t == LUA_TBOOLEAN)
    v = lua_toboolean(L, -1);
  else if (t != LUA_TNIL) {
    const char *got = typename_of(L, -1);
    pyos_kwerror(L, opts, name, lua_pushfstring(L,
                 "boolean expected, got %s", got));
  }
  lua_pop(L, 1);
  return v;
}

double pyos_kwnumber (lua_State *L, int opts, const char *name, double def) {
  double v = def;
  int t;
  if (opts == 0)
    return def;
  t = pyos_kwget(L, opts, name);
  if (t == LUA_TNUMBER)
    v = (double)lua_tonumber(L, -1);
  else if (t != LUA_TNIL) {
    const char *got = typename_of(L, -1);
    pyos_kwerror(L, opts, name, lua_pushfstring(L,
                 "number expected, got %s", got));
  }
  lua_pop(L, 1);
  return v;
}

int pyos_kwdirfd (lua_State *L, int opts, const char *name) {
  return (int)pyos_kwint(L, opts, name, AT_FDCWD, INT_MIN, INT_MAX);
}


/* ---- OSError ----------------------------------------------------------- */

const char *pyos_errname (int err) {
  switch (err) {
    case EAGAIN: case EALREADY: case EINPROGRESS:
#if EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK:
#endif
      return "BlockingIOError";
    case ECHILD: return "ChildProcessError";
    case EPIPE: case ESHUTDOWN: return "BrokenPipeError";
    case ECONNABORTED: return "ConnectionAbortedError";
    case ECONNREFUSED: return "ConnectionRefusedError";
    case ECONNRESET: return "ConnectionResetError";
    case EEXIST: return "FileExistsError";
    case ENOENT: return "FileNotFoundError";
    case EISDIR: return "IsADirectoryError";
    case ENOTDIR: return "NotADirectoryError";
    case EINTR: return "InterruptedError";
    case EACCES: case EPERM: return "PermissionError";
    case ESRCH: return "ProcessLookupError";
    case ETIMEDOUT: return "TimeoutError";
    default: return "OSError";
  }
}

static int isprintable (unsigned int cp) {
  size_t lo = 0, hi = sizeof pyos_unprintable / sizeof pyos_unprintable[0];
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (cp < pyos_unprintable[mid][0])
      hi = mid;
    else if (cp > pyos_unprintable[mid][1])
      lo = mid + 1;
    else
      return 0;
  }
  return 1;
}

#define iscont(c)   (((c) & 0xC0) == 0x80)

/* Length of the valid UTF-8 sequence at s (Python's strict decoder: no
** overlongs, no surrogates, nothing above U+10FFFF), 0 if invalid. */
static size_t utf8seq (const unsigned char *s, size_t n, unsigned int *cp) {
  unsigned int c = s[0];
  if (c >= 0xC2 && c <= 0xDF && n >= 2 && iscont(s[1])) {
    *cp = ((c & 0x1F) << 6) | (s[1] & 0x3F);
    return 2;
  }
  if (c >= 0xE0 && c <= 0xEF && n >= 3 && iscont(s[1]) && iscont(s[2])) {
    if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F))
      return 0;
    *cp = ((c & 0x0F) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3F);
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4 && n >= 4 && iscont(s[1]) && iscont(s[2])
      && iscont(s[3])) {
    if ((c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
      return 0;
    *cp = ((c & 0x07) << 18) | ((s[1] & 0x3Fu) << 12)
          | ((s[2] & 0x3Fu) << 6) | (s[3] & 0x3F);
    return 4;
  }
  return 0;
}

static void addescape (luaL_Buffer *b, unsigned int cp) {
  char buf[12];
  if (cp <= 0xFF)
    snprintf(buf, sizeof buf, "\\x%02x", cp);
  else if (cp <= 0xFFFF)
    snprintf(buf, sizeof buf, "\\u%04x", cp);
  else
    snprintf(buf, sizeof buf, "\\U%08x", cp);
  luaL_addstring(b, buf);
}

/* Bytes that are not UTF-8 decode to U+DC80..U+DCFF (surrogateescape),
** each on its own; decoding resumes at the next byte, which gives the
** same string as Python's error ranges since a continuation byte never
** starts a sequence. */
static void addrepr (luaL_Buffer *b, const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  char quote = '\'';
  size_t i = 0;
  if (memchr(s, '\'', len) && !memchr(s, '"', len))
    quote = '"';
  luaL_addchar(b, quote);
  while (i < len) {
    unsigned int c = p[i], cp;
    size_t n;
    if (c >= 0x20 && c < 0x7F && c != (unsigned char)quote && c != '\\') {
      size_t j = i + 1;     /* a run of plain ASCII goes in at once */
      while (j < len && p[j] >= 0x20 && p[j] < 0x7F
             && p[j] != (unsigned char)quote && p[j] != '\\')
        j++;
      luaL_addlstring(b, s + i, j - i);
      i = j;
    }
    else if (c < 0x80) {
      if (c == (unsigned char)quote || c == '\\') {
        luaL_addchar(b, '\\');
        luaL_addchar(b, (char)c);
      }
      else if (c == '\t') luaL_addstring(b, "\\t");
      else if (c == '\n') luaL_addstring(b, "\\n");
      else if (c == '\r') luaL_addstring(b, "\\r");
      else if (c < 0x20 || c == 0x7F) addescape(b, c);
      else luaL_addchar(b, (char)c);
      i++;
    }
    else if ((n = utf8seq(p + i, len - i, &cp)) == 0) {
      addescape(b, 0xDC00 + c);
      i++;
    }
    else {
      if (isprintable(cp))
        luaL_addlstring(b, s + i, n);
      else
        addescape(b, cp);
      i += n;
    }
  }
  luaL_addchar(b, quote);
}

void pyos_pushrepr (lua_State *L, const char *s, size_t len) {
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  addrepr(&b, s, len);
  luaL_pushresult(&b);
}

/* Push str() of the value at idx, as Python's %S would. */
static void pushstr (lua_State *L, int idx) {
  char buf[32];
  if (lua_type(L, idx) == LUA_TNUMBER) {
    double d = (double)lua_tonumber(L, idx);
    if (pyos_isinteger(L, idx))
      snprintf(buf, sizeof buf, "%lld", (long long)lua_tointeger(L, idx));
    else if (floor(d) == d && fabs(d) < 9.2e18)
      snprintf(buf, sizeof buf, "%lld", (long long)d);
    else
      snprintf(buf, sizeof buf, "%.17g", d);
    lua_pushstring(L, buf);
  }
  else if (lua_type(L, idx) == LUA_TSTRING)
    lua_pushvalue(L, idx);
  else if (!luaL_callmeta(L, idx, "__tostring"))
    lua_pushstring(L, typename_of(L, idx));
}

/* Push repr() of a file name: a string quoted as Python does, else str. */
static void pushname (lua_State *L, int idx) {
  if (lua_type(L, idx) == LUA_TSTRING) {
    size_t len;
    const char *s = lua_tolstring(L, idx, &len);
    pyos_pushrepr(L, s, len);
  }
  else
    pushstr(L, idx);
}

/* Add the decimal digits of v (no snprintf on the failure path). */
static void addint (luaL_Buffer *b, long long v) {
  char buf[24], *p = buf + sizeof buf;
  unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v
                               : (unsigned long long)v;
  do *--p = (char)('0' + u % 10); while ((u /= 10) != 0);
  if (v < 0)
    *--p = '-';
  luaL_addlstring(b, p, (size_t)(buf + sizeof buf - p));
}

/* Add repr() of the file name at idx: a string quoted as Python does, an
** integer fd as its digits, anything else as str(). */
static void addname (lua_State *L, luaL_Buffer *b, int idx) {
  if (lua_type(L, idx) == LUA_TSTRING) {
    size_t len;
    const char *s = lua_tolstring(L, idx, &len);   /* anchored at idx */
    addrepr(b, s, len);
  }
  else if (pyos_isinteger(L, idx))
    addint(b, (long long)lua_tointeger(L, idx));
  else {
    pushname(L, idx);
    luaL_addvalue(b);
  }
}

/* Push Python's str() of OSError(err, strerr, names at fn1, fn2) without
** making the object first: the text a failure returns. */
static void pushtext (lua_State *L, int err, const char *strerr,
                      int fn1, int fn2) {
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  luaL_addlstring(&b, "[Errno ", 7);
  addint(&b, err);
  luaL_addlstring(&b, "] ", 2);
  luaL_addstring(&b, strerr);
  if (fn1 != 0 && !lua_isnil(L, fn1)) {
    luaL_addlstring(&b, ": ", 2);
    addname(L, &b, fn1);
    if (fn2 != 0 && !lua_isnil(L, fn2)) {
      luaL_addlstring(&b, " -> ", 4);
      addname(L, &b, fn2);
    }
  }
  luaL_pushresult(&b);
}

/* Push Python's str() of the OSError table at obj. */
static void pushmessage (lua_State *L, int obj) {
  int base = lua_gettop(L);
  lua_getfield(L, obj, "errno");       /* base+1 */
  lua_getfield(L, obj, "strerror");    /* base+2 */
  lua_getfield(L, obj, "filename");    /* base+3 */
  lua_getfield(L, obj, "filename2");   /* base+4 */
  if (lua_isnil(L, base + 1) || lua_isnil(L, base + 2)) {
    lua_settop(L, base);
    lua_pushliteral(L, "");
    return;
  }
  lua_pushliteral(L, "[Errno ");
  pushstr(L, base + 1);
  lua_pushliteral(L, "] ");
  pushstr(L, base + 2);
  if (!lua_isnil(L, base + 3)) {
    lua_pushliteral(L, ": ");
    pushname(L, base + 3);
    if (!lua_isnil(L, base + 4)) {
      lua_pushliteral(L, " -> ");
      pushname(L, base + 4);
    }
  }
  lua_concat(L, lua_gettop(L) - (base + 4));
  lua_replace(L, base + 1);
  lua_settop(L, base + 1);
}

/* Python's OSError.__str__. */
static int oserror_tostring (lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  pushmessage(L, 1);
  return 1;
}

static int oserror_concat (lua_State *L) {
  int i;
  for (i = 1; i <= 2; i++) {
    if (lua_type(L, i) == LUA_TTABLE && lua_getmetatable(L, i)) {
      luaL_getmetatable(L, PYOS_OSERROR);
      if (lua_rawequal(L, -1, -2)) {
        lua_pushcfunction(L, oserror_tostring);
        lua_pushvalue(L, i);
        lua_call(L, 1, 1);
        lua_replace(L, i);
      }
      lua_pop(L, 2);
    }
  }
  lua_settop(L, 2);
  lua_concat(L, 2);
  return 1;
}

/* This module's key of the OSError metatable (aux.c is linked into each
** area module: each records its own in pyos_openerror). */
static const char oserror_key = 'E';

static void fillerror (lua_State *L, int err) {
  pyos_pushint(L, err);
  lua_setfield(L, -2, "errno");
  lua_pushstring(L, pyos_errname(err));
  lua_setfield(L, -2, "name");
  pyos_setclass(L, &oserror_key);
}

/* OSError(errno [, strerror [, filename [, filename2]]]), called through
** the type's __call: argument 1 is the type itself, dropped so that the
** caller's first argument is argument 1. */
static int oserror_new (lua_State *L) {
  int err;
  lua_remove(L, 1);
  err = (int)pyos_checkint(L, 1, INT_MIN, INT_MAX);
  pyos_checknargs(L, 4);
  lua_settop(L, 4);
  lua_createtable(L, 0, 5);
  if (lua_isnil(L, 2))
    lua_pushstring(L, strerror(err));
  else
    lua_pushvalue(L, 2);
  lua_setfield(L, -2, "strerror");
  lua_pushvalue(L, 3);
  lua_setfield(L, -2, "filename");
  lua_pushvalue(L, 4);
  lua_setfield(L, -2, "filename2");
  fillerror(L, err);
  return 1;
}

/* ---- OSError.of: the object from a raised value ------------------------
** Where errors are raised as text (nginx), the text is parsed back: a
** name is Python's repr() of os.fsdecode(name), which loses nothing. */

static int hexdigits (const char *p, const char *end, int n, unsigned *out) {
  unsigned v = 0;
  int i;
  if (end - p < n)
    return 0;
  for (i = 0; i < n; i++) {
    int c = (unsigned char)p[i];
    if (c >= '0' && c <= '9') v = v * 16 + (unsigned)(c - '0');
    else if (c >= 'a' && c <= 'f') v = v * 16 + (unsigned)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v = v * 16 + (unsigned)(c - 'A' + 10);
    else return 0;
  }
  *out = v;
  return 1;
}

/* Add code point cp as os.fsencode does: U+DC80..U+DCFF are the bytes
** that were not UTF-8. */
static void addcodepoint (luaL_Buffer *b, unsigned cp) {
  if (cp >= 0xDC80 && cp <= 0xDCFF)
    luaL_addchar(b, (char)(cp - 0xDC00));
  else if (cp < 0x80)
    luaL_addchar(b, (char)cp);
  else if (cp < 0x800) {
    luaL_addchar(b, (char)(0xC0 | (cp >> 6)));
    luaL_addchar(b, (char)(0x80 | (cp & 0x3F)));
  }
  else if (cp < 0x10000) {
    luaL_addchar(b, (char)(0xE0 | (cp >> 12)));
    luaL_addchar(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
    luaL_addchar(b, (char)(0x80 | (cp & 0x3F)));
  }
  else {
    luaL_addchar(b, (char)(0xF0 | (cp >> 18)));
    luaL_addchar(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
    luaL_addchar(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
    luaL_addchar(b, (char)(0x80 | (cp & 0x3F)));
  }
}

/* Push the name written at p (a quoted repr or an integer); return the
** position after it, or NULL (nothing pushed) when it is neither. */
static const char *parsename (lua_State *L, const char *p, const char *end) {
  luaL_Buffer b;
  char quote;
  if (p < end && (*p == '-' || (*p >= '0' && *p <= '9'))) {
    long long v = 0;
    int neg = (*p == '-');
    const char *q = p + neg;
    if (q == end || *q < '0' || *q > '9')
      return NULL;
    for (; q < end && *q >= '0' && *q <= '9' && v < 1000000000000LL; q++)
      v = v * 10 + (*q - '0');
    pyos_pushint(L, neg ? -v : v);
    return q;
  }
  if (p == end || (*p != '\'' && *p != '"'))
    return NULL;
  quote = *p++;
  luaL_buffinit(L, &b);
  while (p < end && *p != quote) {
    unsigned cp;
    if (*p != '\\') {
      luaL_addchar(&b, *p++);
      continue;
    }
    if (++p == end)
      break;
    switch (*p++) {
      case 't': luaL_addchar(&b, '\t'); break;
      case 'n': luaL_addchar(&b, '\n'); break;
      case 'r': luaL_addchar(&b, '\r'); break;
      case 'x':
        if (!hexdigits(p, end, 2, &cp)) goto bad;
        addcodepoint(&b, cp); p += 2; break;
      case 'u':
        if (!hexdigits(p, end, 4, &cp)) goto bad;
        addcodepoint(&b, cp); p += 4; break;
      case 'U':
        if (!hexdigits(p, end, 8, &cp) || cp > 0x10FFFF) goto bad;
        addcodepoint(&b, cp); p += 8; break;
      default: luaL_addchar(&b, p[-1]); break;    /* \\ \' \" */
    }
  }
  if (p == end)
    goto bad;
  luaL_pushresult(&b);
  return p + 1;
bad:
  luaL_pushresult(&b);
  lua_pop(L, 1);
  return NULL;
}

/* OSError.of(value): an OSError object, or pyos's text of one, gives the
** object; anything else gives nil. */
static int nothing (lua_State *L) {
  lua_pushnil(L);
  return 1;
}

/* Past the "chunk:line: " that error() and assert() put in front of a
** message, when there is one before "[Errno ". */
static const char *skipposition (const char *s, const char *end) {
  const char *p = s;
  while (end - p >= 9 && memcmp(p, ": [Errno ", 9) != 0)
    p++;
  if (end - p < 9 || p == s)
    return s;
  {
    const char *d = p;
    while (d > s && d[-1] >= '0' && d[-1] <= '9')
      d--;
    if (d == p || d == s || d[-1] != ':')
      return s;
  }
  return p + 2;
}

static int oserror_of (lua_State *L) {
  size_t len;
  const char *s, *end, *p, *colon;
  long long err = 0;
  lua_settop(L, 1);
  if (lua_type(L, 1) == LUA_TTABLE && lua_getmetatable(L, 1)) {
    luaL_getmetatable(L, PYOS_OSERROR);
    if (lua_rawequal(L, -1, -2)) {
      lua_settop(L, 1);
      return 1;
    }
  }
  lua_settop(L, 1);
  if (lua_type(L, 1) != LUA_TSTRING)
    return nothing(L);
  s = lua_tolstring(L, 1, &len);   /* argument 1 anchors it */
  end = s + len;
  s = skipposition(s, end);
  if (end - s < 10 || memcmp(s, "[Errno ", 7) != 0)
    return nothing(L);
  for (p = s + 7; p < end && *p >= '0' && *p <= '9' && err < 100000; p++)
    err = err * 10 + (*p - '0');
  if (p == s + 7 || end - p < 2 || p[0] != ']' || p[1] != ' ')
    return nothing(L);
  p += 2;
  lua_createtable(L, 0, 5);                        /* 2 */
  colon = p;
  while (colon + 1 < end && !(colon[0] == ':' && colon[1] == ' '))
    colon++;
  if (colon + 1 >= end)
    colon = end;
  lua_pushlstring(L, p, (size_t)(colon - p));
  lua_setfield(L, 2, "strerror");
  if (colon < end) {
    p = parsename(L, colon + 2, end);
    if (p == NULL)
      return nothing(L);
    lua_setfield(L, 2, "filename");
    if (p != end) {
      if (end - p < 5 || memcmp(p, " -> ", 4) != 0)
        return nothing(L);
      p = parsename(L, p + 4, end);
      if (p != end)
        return nothing(L);
      lua_setfield(L, 2, "filename2");
    }
  }
  lua_settop(L, 2);
  fillerror(L, (int)err);
  return 1;
}

/* True inside lua-nginx-module (a global ngx with ngx.config), whose
** error log prints "unknown reason" for an error that is not a string. */
static int inngx (lua_State *L) {
  int in = 0;
  lua_getglobal(L, "ngx");
  if (lua_type(L, -1) == LUA_TTABLE) {
    lua_getfield(L, -1, "config");
    in = lua_type(L, -1) == LUA_TTABLE;
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return in;
}

void pyos_openerror (lua_State *L) {
  static const luaL_Reg meta[] = {
    {"__concat", oserror_concat},
    {"__tostring", oserror_tostring},
    {NULL, NULL}
  };
  if (!luaL_newmetatable(L, PYOS_OSERROR)) {
    lua_pop(L, 1);
    pyos_keyclass(L, PYOS_OSERROR, &oserror_key);
    return;
  }
  pyos_keyclass(L, PYOS_OSERROR, &oserror_key);
  pyos_setfuncs(L, meta, 0);
  lua_pushliteral(L, "OSError");
  lua_setfield(L, -2, "__name");
  lua_pushcfunction(L, oserror_of);
  lua_setfield(L, -2, "of");
  lua_pushboolean(L, inngx(L));
  lua_setfield(L, -2, "raise_text");
  lua_createtable(L, 0, 1);          /* the type is callable */
  lua_pushcfunction(L, oserror_new);
  lua_setfield(L, -2, "__call");
  lua_getfield(L, -1, "__call");
  setname(L, "pyos.OSError");
  lua_setmetatable(L, -2);
  lua_getfield(L, -1, "of");
  setname(L, "pyos.OSError.of");
  lua_pop(L, 1);
}

void pyos_pusherrortype (lua_State *L) {
  luaL_getmetatable(L, PYOS_OSERROR);
}

static void newerror (lua_State *L, int err, const char *strerr,
                      int fn1, int fn2) {
  lua_createtable(L, 0, 5);
  lua_pushstring(L, strerr);
  lua_setfield(L, -2, "strerror");
  if (fn1 != 0) {
    lua_pushvalue(L, fn1);
    lua_setfield(L, -2, "filename");
  }
  if (fn2 != 0) {
    lua_pushvalue(L, fn2);
    lua_setfield(L, -2, "filename2");
  }
  fillerror(L, err);
}

void pyos_pushoserror (lua_State *L, int err, int fn1, int fn2) {
  char buf[128];
  newerror(L, err, strerror_r(err, buf, sizeof buf), fn1, fn2);
}

/* The failure values: nil, msg, errno, err. msg is built from the same
** parts as the object (so tostring(err) == msg) and is what assert()
** raises. */
int pyos_pusherror (lua_State *L, int err, int fn1, int fn2) {
  /* GNU strerror_r: a static string, or the text in buf for an unknown
  ** number (never a buffer that Lua code run by a finalizer could change) */
  char buf[128];
  const char *strerr = strerror_r(err, buf, sizeof buf);
  if (fn1 != 0)
    fn1 = pyos_absindex(L, fn1);
  if (fn2 != 0)
    fn2 = pyos_absindex(L, fn2);
  lua_pushnil(L);
  pushtext(L, err, strerr, fn1, fn2);
  pyos_pushint(L, err);
  newerror(L, err, strerr, fn1, fn2);
  return 4;
}

int pyos_failure (lua_State *L, int obj) {
  obj = pyos_absindex(L, obj);
  lua_pushnil(L);
  pushmessage(L, obj);
  lua_getfield(L, obj, "errno");
  lua_pushvalue(L, obj);
  return 4;
}

/* True when the OSError type says errors are raised as their text (set
** where the host shows only string errors: nginx). */
static int raisetext (lua_State *L) {
  int on;
  luaL_getmetatable(L, PYOS_OSERROR);
  lua_getfield(L, -1, "raise_text");
  on = lua_toboolean(L, -1);
  lua_pop(L, 2);
  return on;
}

int pyos_raiseobject (lua_State *L, int obj) {
  obj = pyos_absindex(L, obj);
  if (raisetext(L))
    pushmessage(L, obj);
  else
    lua_pushvalue(L, obj);
  return lua_error(L);
}

int pyos_raiseerror (lua_State *L, int err, int fn1, int fn2) {
  if (fn1 != 0)
    fn1 = pyos_absindex(L, fn1);
  if (fn2 != 0)
    fn2 = pyos_absindex(L, fn2);
  pyos_pushoserror(L, err, fn1, fn2);
  return pyos_raiseobject(L, -1);
}

int pyos_retry (lua_State *L) {
  return errno == EINTR && lua_gethook(L) == NULL;
}

int pyos_pushok (lua_State *L) {
  lua_pushboolean(L, 1);
  return 1;
}


/* ---- Constants, types, modules ----------------------------------------- */

void pyos_setconsts (lua_State *L, const pyos_Const *c) {
  for (; c->name != NULL; c++) {
    pyos_pushint(L, c->value);
    lua_setfield(L, -2, c->name);
  }
}

void pyos_newclass (lua_State *L, const char *tname,
                    const luaL_Reg *mt, const luaL_Reg *meth) {
  if (!luaL_newmetatable(L, tname)) {   /* another module made it */
    lua_pop(L, 1);
    return;
  }
  pyos_setfuncs(L, mt, 0);
  lua_pushstring(L, tname);
  lua_setfield(L, -2, "__name");
  if (meth != NULL) {
    lua_newtable(L);
    pyos_setfuncs(L, meth, 0);
    pyos_setmethodnames(L, -1, tname);
    lua_setfield(L, -2, "__index");
  }
  lua_pop(L, 1);
}

void pyos_keyclass (lua_State *L, const char *tname, const void *key) {
  lua_pushlightuserdata(L, (void *)key);
  luaL_getmetatable(L, tname);
  lua_rawset(L, LUA_REGISTRYINDEX);
}

void pyos_setclass (lua_State *L, const void *key) {
  lua_pushlightuserdata(L, (void *)key);
  lua_rawget(L, LUA_REGISTRYINDEX);
  lua_setmetatable(L, -2);
}

void *pyos_toclass (lua_State *L, int idx, const void *key) {
  void *p = lua_touserdata(L, idx);
  int same;
  if (p == NULL || !lua_getmetatable(L, idx))
    return NULL;
  lua_pushlightuserdata(L, (void *)key);
  lua_rawget(L, LUA_REGISTRYINDEX);
  same = lua_rawequal(L, -1, -2);
  lua_pop(L, 2);
  return same ? p : NULL;
}

void pyos_setprivate (lua_State *L, const char *name, const luaL_Reg *funcs) {
  lua_getfield(L, LUA_REGISTRYINDEX, "_LOADED");
  if (lua_type(L, -1) == LUA_TTABLE) {
    lua_newtable(L);
    pyos_setfuncs(L, funcs, 0);
    lua_setfield(L, -2, name);
  }
  lua_pop(L, 1);
}

/* ---- pyos._aux: the shared layer, for the Lua layer ---------------------
** The Lua layer (lua/pyos/) checks its arguments and fails through these,
** so a mistake or a failure reads the same from a C function and a Lua
** one. A checker f(n, v, ...) is about argument n of the Lua-layer
** function that called it (directly or through a local helper): that
** function's public name and its caller's line are in the message. */

/* Put the value v of a call f(n, v) at index n, where it is in a C
** binding's own stack, so that the shared checkers name argument n.
** Arguments after v must have been read. Returns n. */
static int atarg (lua_State *L) {
  int n = (int)luaL_checkinteger(L, 1);
  luaL_argcheck(L, n >= 1 && n <= 250, 1, "argument number out of range");
  lua_settop(L, 2);
  lua_remove(L, 1);
  if (n > 1) {
    luaL_checkstack(L, n + LUA_MINSTACK, NULL);
    lua_settop(L, n);
    lua_pushvalue(L, 1);
    lua_replace(L, n);
  }
  return n;
}

/* failure(err) -> nil, msg, errno, err */
static int aux_failure (lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  return pyos_failure(L, 1);
}

/* raise(err): raise an OSError as pyos_raiseerror does. */
static int aux_raise (lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  return pyos_raiseobject(L, 1);
}

/* argerror(n, msg): raise "bad argument #n to 'pyos.NAME' (msg)". */
static int aux_argerror (lua_State *L) {
  int n = (int)luaL_checkinteger(L, 1);
  return pyos_argerror(L, n, luaL_checkstring(L, 2));
}

/* typeerror(n, v, expected [, place]): "EXPECTED expected, got TYPE",
** after "PLACE: " when place is given. */
static int aux_typeerror (lua_State *L) {
  int n = (int)luaL_checkinteger(L, 1);
  lua_settop(L, 4);
  const char *expected = luaL_checkstring(L, 3);
  const char *got = typename_of(L, 2);
  const char *msg = lua_pushfstring(L, "%s expected, got %s", expected, got);
  if (!lua_isnoneornil(L, 4))
    msg = lua_pushfstring(L, "%s: %s", luaL_checkstring(L, 4), msg);
  return pyos_argerror(L, n, msg);
}

/* checkpath(n, v [, fdok]) -> v as a string (__fspath applied), or v
** itself when fdok and it is a number; an embedded NUL raises.
** fspath(n, v [, fdok]): the same, NUL bytes allowed. */
static int topatharg (lua_State *L, int nul) {
  int fdok = lua_toboolean(L, 3);
  int n = atarg(L);
  if (fdok && lua_type(L, n) == LUA_TNUMBER) {
    pyos_checkfd(L, n);
    return 1;                        /* index 1 holds v as well */
  }
  topath(L, n, lua_type(L, n), NULL, nul, fdok ? "string, integer or path-like"
                                   : "string or path-like");
  lua_pushvalue(L, n);
  return 1;
}

static int aux_checkpath (lua_State *L) {
  return topatharg(L, 0);
}

/* repr(s) -> Python's repr() of a byte string, as OSError messages show
** names: the one copy, for the Lua layer's messages (shutil, tempfile,
** subprocess). */
static int aux_repr (lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  pyos_pushrepr(L, s, len);
  return 1;
}

static int aux_fspath (lua_State *L) {
  return topatharg(L, 1);
}

/* checkint(n, v, lo, hi) -> v, an integer in [lo, hi]. */
static int aux_checkint (lua_State *L) {
  long long lo = (long long)luaL_checknumber(L, 3);
  long long hi = (long long)luaL_checknumber(L, 4);
  int n = atarg(L);
  pyos_checkint(L, n, lo, hi);
  lua_pushvalue(L, n);
  return 1;
}

/* checknargs(max, ...): raise "too many arguments" when more than max. */
static int aux_checknargs (lua_State *L) {
  int max = (int)luaL_checkinteger(L, 1);
  if (lua_gettop(L) - 1 > max)
    return pyos_argerror(L, max + 1, "too many arguments");
  return 0;
}

/* setnames(t, prefix): name every function of t prefix..key. */
static int aux_setnames (lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  pyos_setnames(L, 1, luaL_checkstring(L, 2));
  return 0;
}

/* ---- args: a Lua-layer function's parameters, checked in C --------------
** args(params, kwonly [, validate]) returns a checker for the parameters
** "name:kind" of params (positional, also given by name in an options
** table) and kwonly (keyword-only: only in the options table; kwonly nil:
** no options table at all). Kinds: path, fspath (NUL allowed), fd, int,
** mode (0 .. 2^32-1), bool, function, table, string, any; a trailing '?'
** allows nil. The checker, called with the function's own arguments,
** returns the checked values, positional ones first (paths as strings).
** validate(values...), when given, returns nil, or the slot and message
** of a mistake the kinds cannot express. */

enum { K_ANY, K_PATH, K_FSPATH, K_FD, K_INT, K_MODE, K_BOOL, K_FUNCTION,
       K_TABLE, K_STRING };

static const char *const kindnames[] = {"any", "path", "fspath", "fd", "int",
  "mode", "bool", "function", "table", "string", NULL};

#define MAXPARAMS  8

typedef struct Params {
  int npos, nkw, hasopts, validate;
  unsigned char kind[MAXPARAMS], optional[MAXPARAMS];
  const char *names[MAXPARAMS + 1];      /* the option keys, NULL-ended */
} Params;

/* Check positional slot i of the function's stack. */
static void checkparam (lua_State *L, const Params *p, int i) {
  int k = p->kind[i - 1];
  if (k == K_ANY || (p->optional[i - 1] && lua_isnoneornil(L, i)))
    return;
  switch (k) {
    case K_PATH: pyos_checkpath(L, i, NULL); break;
    case K_FSPATH: pyos_checkfspath(L, i, NULL); break;
    case K_FD: pyos_checkfd(L, i); break;
    case K_INT: pyos_checkint(L, i, INT_MIN, INT_MAX); break;
    case K_MODE: pyos_checkint(L, i, 0, 0xFFFFFFFFLL); break;
    case K_BOOL: pyos_checkbool(L, i); break;
    case K_FUNCTION:
      if (!pyos_iscallable(L, i))
        pyos_typeerror(L, i, "function");
      break;
    case K_TABLE: pyos_checktable(L, i); break;
    default: pyos_checkstring(L, i, NULL); break;
  }
}

/* Push keyword-only option j, checked (nil when absent). */
static void pushkwparam (lua_State *L, const Params *p, int opts, int j) {
  const char *name = p->names[j];
  switch (p->kind[j]) {
    case K_FD: case K_INT: pyos_kwint(L, opts, name, 0, INT_MIN, INT_MAX); break;
    case K_MODE: pyos_kwint(L, opts, name, 0, 0, 0xFFFFFFFFLL); break;
    case K_BOOL: pyos_kwbool(L, opts, name, 0); break;
    default: break;
  }
  pyos_kwget(L, opts, name);
}

static int params_check (lua_State *L) {
  const Params *p = (const Params *)lua_touserdata(L, lua_upvalueindex(1));
  int i, base, n = p->npos + p->nkw, opts = 0;
  if (p->hasopts) {
    opts = pyos_opts(L, p->npos, 0, p->names);
    for (i = 1; i <= p->npos; i++)
      pyos_kwarg(L, opts, i, p->names[i - 1]);
  }
  else
    pyos_checknargs(L, p->npos);
  for (i = 1; i <= p->npos; i++)     /* an absent one is "no value" */
    checkparam(L, p, i);
  if (opts == 0)
    lua_settop(L, p->npos);
  base = lua_gettop(L);
  luaL_checkstack(L, 2 * n + 3, NULL);
  for (i = 1; i <= p->npos; i++)
    lua_pushvalue(L, i);
  for (i = p->npos; i < n; i++)
    pushkwparam(L, p, opts, i);
  if (p->validate) {
    lua_pushvalue(L, lua_upvalueindex(3));
    for (i = 1; i <= n; i++)
      lua_pushvalue(L, base + i);
    lua_call(L, n, 2);
    if (!lua_isnil(L, -2))
      return pyos_argerror(L, (int)lua_tointeger(L, -2), lua_tostring(L, -1));
    lua_pop(L, 2);
  }
  return n;
}

/* Read the "name:kind" strings of the table at t into p from slot from;
** the names are anchored in the table at anchor. */
static int readparams (lua_State *L, int t, Params *p, int from, int anchor) {
  int i, n = (int)pyos_rawlen(L, t);
  for (i = 1; i <= n; i++) {
    size_t len;
    const char *s, *colon;
    int k, at = from + i - 1;
    luaL_argcheck(L, at < MAXPARAMS, t, "too many parameters");
    lua_rawgeti(L, t, i);
    s = lua_tolstring(L, -1, &len);
    colon = s != NULL ? strchr(s, ':') : NULL;
    luaL_argcheck(L, colon != NULL, t, "\"name:kind\" expected");
    p->optional[at] = s[len - 1] == '?';
    lua_pushlstring(L, colon + 1, len - (size_t)(colon + 1 - s) - p->optional[at]);
    for (k = 0; kindnames[k] != NULL; k++)
      if (strcmp(kindnames[k], lua_tostring(L, -1)) == 0)
        break;
    luaL_argcheck(L, kindnames[k] != NULL, t, "unknown kind");
    p->kind[at] = (unsigned char)k;
    lua_pop(L, 1);
    lua_pushlstring(L, s, (size_t)(colon - s));
    p->names[at] = lua_tostring(L, -1);
    lua_rawseti(L, anchor, at + 1);
    lua_pop(L, 1);
  }
  return n;
}

static int aux_args (lua_State *L) {
  Params *p;
  luaL_checktype(L, 1, LUA_TTABLE);
  if (!lua_isnoneornil(L, 2))
    luaL_checktype(L, 2, LUA_TTABLE);
  if (!lua_isnoneornil(L, 3))
    luaL_checktype(L, 3, LUA_TFUNCTION);
  lua_settop(L, 3);
  p = (Params *)pyos_newuserdata(L, sizeof *p);     /* 4 */
  memset(p, 0, sizeof *p);
  lua_newtable(L);                                   /* 5: the names */
  p->npos = readparams(L, 1, p, 0, 5);
  p->hasopts = !lua_isnil(L, 2);
  if (p->hasopts)
    p->nkw = readparams(L, 2, p, p->npos, 5);
  p->names[p->npos + p->nkw] = NULL;
  p->validate = !lua_isnil(L, 3);
  lua_pushvalue(L, 3);                               /* 6 */
  lua_pushcclosure(L, params_check, 3);
  return 1;
}

/* thread() -> the running thread, the main one too (coroutine.running
** gives nil there on 5.1 and LuaJIT): the walks' generators record which
** thread runs them, to look at its stack later. */
static int aux_thread (lua_State *L) {
  lua_pushthread(L);
  return 1;
}

static void openaux (lua_State *L) {
  static const luaL_Reg funcs[] = {
    {"argerror", aux_argerror},
    {"args", aux_args},
    {"checkint", aux_checkint},
    {"checknargs", aux_checknargs},
    {"checkpath", aux_checkpath},
    {"failure", aux_failure},
    {"fspath", aux_fspath},
    {"raise", aux_raise},
    {"repr", aux_repr},
    {"setnames", aux_setnames},
    {"thread", aux_thread},
    {"typeerror", aux_typeerror},
    {NULL, NULL}
  };
  int made;
  lua_getfield(L, LUA_REGISTRYINDEX, "_LOADED");
  made = lua_type(L, -1) == LUA_TTABLE;
  if (made) {
    lua_getfield(L, -1, "pyos._aux");
    made = lua_type(L, -1) == LUA_TTABLE;
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  if (!made)              /* the first area module loaded makes it */
    pyos_setprivate(L, "pyos._aux", funcs);
}

void pyos_newmodule (lua_State *L, const luaL_Reg *funcs,
                     const pyos_Const *consts) {
  pyos_openerror(L);
  openaux(L);
  lua_newtable(L);
  if (funcs != NULL)
    pyos_setfuncs(L, funcs, 0);
  if (consts != NULL)
    pyos_setconsts(L, consts);
}
