/*
** sys_pwd.c: Python's pwd and grp modules in pyos.sys: getpwnam,
** getpwuid, getpwall, getgrnam, getgrgid, getgrall.
**
** Look-ups use the thread-safe _r calls with a buffer that is a userdata
** left on the stack: the strings of the struct point into it while the
** result table is made, and Lua frees it on every path (also when an
** allocation raises). The _r calls never run Lua code.
**
** Enumeration (getpwall, getgrall) walks one process-wide stream
** (setpwent/getpwent_r/endpwent), so two enumerations at once would
** share it and each see part of the entries. pyos makes each enumeration
** whole under entlock, a static mutex: the one kind of static state pyos
** allows, as proc_env.c's environment lock (that one lives in pyos.proc,
** another shared object, so pyos.sys has its own). Under the lock no Lua
** function is called: the entries are copied into a userdata made before
** (and made bigger, then walked again, when they did not fit), with the
** _r calls' scratch buffer malloc'ed and freed inside the lock.
*/
#include "sys_int.h"

#include <errno.h>
#include <grp.h>
#include <math.h>
#include <pthread.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#define PYOS_PASSWD     "pyos.struct_passwd"
#define PYOS_GROUP      "pyos.struct_group"
#define PYOS_KEYERROR   "pyos.KeyError"

/* The _r calls' buffer: CPython's default size when sysconf has none,
** doubled on ERANGE up to PW_BUFMAX (then the look-up fails with ERANGE:
** an NSS module that always answers ERANGE must not eat all memory). */
#define PW_BUFMIN       1024
#define PW_BUFMAX       ((size_t)16 * 1024 * 1024)

/* getpwall/getgrall's first copy buffer. */
#define ENT_BUFSTART    ((size_t)16 * 1024)

static pthread_mutex_t entlock = PTHREAD_MUTEX_INITIALIZER;

static const char *const passwd_fields[] = {
  "pw_name", "pw_passwd", "pw_uid", "pw_gid", "pw_gecos", "pw_dir",
  "pw_shell", NULL
};

static const char *const group_fields[] = {
  "gr_name", "gr_passwd", "gr_gid", "gr_mem", NULL
};


/* ---- Results ------------------------------------------------------------- */

/* Push an id as Python's _PyLong_FromUid does: (uid_t)-1 is -1. */
static void pushid (lua_State *L, unsigned int id) {
  if (id == (unsigned int)-1)
    pyos_pushint(L, -1);
  else
    pyos_pushint(L, id);
}

/* Push s, or nil for NULL (Python's None). */
static void pushstr (lua_State *L, const char *s) {
  if (s == NULL)
    lua_pushnil(L);
  else
    lua_pushstring(L, s);
}

/* Set the value at the top as field i (0-based) of the struct-sequence
** table below it: by name and as [i+1]. Pops the value. */
static void setitem (lua_State *L, const char *const fields[], int i) {
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, fields[i]);
  lua_rawseti(L, -2, i + 1);
}

/* Push a struct_passwd table for *pw. */
static void pushpasswd (lua_State *L, const struct passwd *pw) {
  lua_createtable(L, 7, 7);
  pushstr(L, pw->pw_name);    setitem(L, passwd_fields, 0);
  pushstr(L, pw->pw_passwd);  setitem(L, passwd_fields, 1);
  pushid(L, pw->pw_uid);      setitem(L, passwd_fields, 2);
  pushid(L, pw->pw_gid);      setitem(L, passwd_fields, 3);
  pushstr(L, pw->pw_gecos);   setitem(L, passwd_fields, 4);
  pushstr(L, pw->pw_dir);     setitem(L, passwd_fields, 5);
  pushstr(L, pw->pw_shell);   setitem(L, passwd_fields, 6);
  luaL_getmetatable(L, PYOS_PASSWD);
  lua_setmetatable(L, -2);
}

/* Push a struct_group table for name, passwd and gid; its gr_mem is the
** array at the top, which is popped. */
static void pushgroup (lua_State *L, const char *name, const char *passwd,
                       unsigned int gid) {
  lua_createtable(L, 4, 4);
  pushstr(L, name);    setitem(L, group_fields, 0);
  pushstr(L, passwd);  setitem(L, group_fields, 1);
  pushid(L, gid);      setitem(L, group_fields, 2);
  lua_pushvalue(L, -2);
  setitem(L, group_fields, 3);
  luaL_getmetatable(L, PYOS_GROUP);
  lua_setmetatable(L, -2);
  lua_remove(L, -2);
}

/* Push the array of gr->gr_mem, then the struct_group. */
static void pushgr (lua_State *L, const struct group *gr) {
  int n = 0;
  lua_newtable(L);
  if (gr->gr_mem != NULL)
    for (; gr->gr_mem[n] != NULL; n++) {
      lua_pushstring(L, gr->gr_mem[n]);
      lua_rawseti(L, -2, n + 1);
    }
  pushgroup(L, gr->gr_name, gr->gr_passwd, gr->gr_gid);
}

/* Push repr(value at idx): a string as Python's repr, a number, or a
** list of strings as ['a', 'b']. */
static void pushvalue (lua_State *L, int idx) {
  int i, base;
  switch (lua_type(L, idx)) {
    case LUA_TSTRING: {
      size_t len;
      const char *s = lua_tolstring(L, idx, &len);
      pyos_pushrepr(L, s, len);
      return;
    }
    case LUA_TNUMBER:
      lua_pushvalue(L, idx);
      lua_tostring(L, -1);        /* converts in place */
      return;
    case LUA_TTABLE:
      base = lua_gettop(L);
      lua_pushliteral(L, "[");
      for (i = 1; ; i++) {
        lua_rawgeti(L, idx, i);
        if (lua_isnil(L, -1))
          break;
        pushvalue(L, lua_gettop(L));
        lua_remove(L, -2);
        if (i > 1) {
          lua_pushliteral(L, ", ");
          lua_insert(L, -2);
        }
        lua_concat(L, lua_gettop(L) - base);   /* keep the stack short */
      }
      lua_pop(L, 1);
      lua_pushliteral(L, "]");
      lua_concat(L, lua_gettop(L) - base);
      return;
    default:
      lua_pushliteral(L, "None");
      return;
  }
}

/* Python's repr of a struct sequence: pyname(field=repr, ...), from the
** result's [1..n] (as Python's comes from the tuple). */
static int pushrepr (lua_State *L, const char *pyname,
                     const char *const fields[]) {
  int i;
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  lua_pushstring(L, pyname);
  lua_pushliteral(L, "(");
  for (i = 0; fields[i] != NULL; i++) {
    lua_pushstring(L, i > 0 ? ", " : "");
    lua_pushstring(L, fields[i]);
    lua_pushliteral(L, "=");
    lua_rawgeti(L, 1, i + 1);
    pushvalue(L, lua_gettop(L));
    lua_remove(L, -2);
    lua_concat(L, lua_gettop(L) - 1);
  }
  lua_pushliteral(L, ")");
  lua_concat(L, 2);
  return 1;
}

static int passwd_tostring (lua_State *L) {
  return pushrepr(L, "pwd.struct_passwd", passwd_fields);
}

static int group_tostring (lua_State *L) {
  return pushrepr(L, "grp.struct_group", group_fields);
}


/* ---- KeyError ------------------------------------------------------------
** Not found is an answer the caller must expect, so it is returned, as
** pyos returns failures: nil, msg, nil, err. msg is Python's str() of the
** KeyError, which is the repr of its one argument (so it is quoted:
** "getpwnam(): name not found: 'x'" with the double quotes); err is
** {name = "KeyError", args = {text}}, tostring(err) == msg. There is no
** errno (the third value is nil).
*/

/* str(KeyError(text)) for the KeyError at idx: repr(args[1]). */
static void pushkeytext (lua_State *L, int idx) {
  size_t len;
  const char *s;
  lua_getfield(L, idx, "args");
  lua_rawgeti(L, -1, 1);
  s = lua_tolstring(L, -1, &len);
  if (s == NULL)
    lua_pushliteral(L, "");
  else
    pyos_pushrepr(L, s, len);
  lua_replace(L, -3);
  lua_pop(L, 1);
}

static int keyerror_tostring (lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  pushkeytext(L, 1);
  return 1;
}

/* "text" .. err and err .. "text", as OSError's __concat. */
static int keyerror_concat (lua_State *L) {
  int i;
  for (i = 1; i <= 2; i++) {
    if (lua_type(L, i) == LUA_TTABLE && lua_getmetatable(L, i)) {
      luaL_getmetatable(L, PYOS_KEYERROR);
      if (lua_rawequal(L, -1, -2)) {
        pushkeytext(L, i);
        lua_replace(L, i);
      }
      lua_pop(L, 2);
    }
  }
  lua_settop(L, 2);
  lua_concat(L, 2);
  return 1;
}

/* Return the failure values for KeyError(text at the top). */
static int keyerror (lua_State *L) {
  int text = lua_gettop(L);
  lua_pushnil(L);
  lua_pushnil(L);                   /* msg, below */
  lua_pushnil(L);                   /* errno: none */
  lua_createtable(L, 0, 2);
  lua_pushliteral(L, "KeyError");
  lua_setfield(L, -2, "name");
  lua_createtable(L, 1, 0);
  lua_pushvalue(L, text);
  lua_rawseti(L, -2, 1);
  lua_setfield(L, -2, "args");
  luaL_getmetatable(L, PYOS_KEYERROR);
  lua_setmetatable(L, -2);
  pushkeytext(L, lua_gettop(L));
  lua_replace(L, text + 2);
  return 4;
}

/* KeyError("FN(): name not found: 'NAME'") for the name at arg. */
static int namenotfound (lua_State *L, const char *fn, int arg) {
  size_t len;
  const char *name = lua_tolstring(L, arg, &len);
  pyos_pushrepr(L, name, len);
  lua_pushfstring(L, "%s(): name not found: %s", fn, lua_tostring(L, -1));
  return keyerror(L);
}

/* KeyError("FN(): WHAT not found: ID"), or without ": ID" for an id
** outside uid_t (Python's text for those). */
static int idnotfound (lua_State *L, const char *fn, const char *what,
                       int inrange, unsigned int id) {
  if (!inrange)
    lua_pushfstring(L, "%s(): %s not found", fn, what);
  else {
    pushid(L, id);
    lua_pushfstring(L, "%s(): %s not found: %s", fn, what,
                    lua_tostring(L, -1));
  }
  return keyerror(L);
}


/* ---- Arguments and look-ups ---------------------------------------------- */

/* A user or group name: a string without NUL bytes. */
static const char *checkname (lua_State *L, int arg) {
  size_t len;
  const char *name;
  pyos_checknargs(L, 1);
  name = pyos_checkstring(L, arg, &len);
  if (memchr(name, '\0', len) != NULL)
    pyos_argerror(L, arg, "embedded null byte");
  return name;
}

/* The id argument of getpwuid/getgrgid: -1 .. 2^32-1, as Python takes
** it (-1 and 2^32-1 are the same id). With keyoutside, an integer outside
** that range gives 0 (getpwuid answers KeyError "uid not found" for it,
** as Python does); without, it raises (Python's getgrgid raises
** OverflowError). Non-integers raise. */
static int checklookupid (lua_State *L, int arg, int keyoutside,
                          unsigned int *id) {
  long long v;
  pyos_checknargs(L, 1);
  if (keyoutside && lua_type(L, arg) == LUA_TNUMBER) {
    double d = (double)lua_tonumber(L, arg);
    if (isfinite(d) && d == floor(d) && (d < -1.0 || d > 4294967295.0))
      return 0;
  }
  v = pyos_checkint(L, arg, -1, 0xFFFFFFFFLL);
  *id = (unsigned int)v;
  return 1;
}

/* Error numbers of the _r calls that POSIX lists as "not found". */
static int isnotfound (int e) {
  return e == 0 || e == ENOENT || e == ESRCH || e == EBADF || e == EPERM;
}

/* Start size of the _r calls' buffer (sysconf's hint for sc). */
static size_t startsize (int sc) {
  long n = sysconf(sc);
  return n > 0 && (size_t)n <= PW_BUFMAX ? (size_t)n : PW_BUFMIN;
}

/* One look-up: by name when name is not NULL, else by id. */
typedef struct Query {
  const char *name;
  unsigned int id;
} Query;

static int callpw (const Query *q, struct passwd *pw, char *buf,
                   size_t size, struct passwd **res) {
  if (q->name != NULL)
    return getpwnam_r(q->name, pw, buf, size, res);
  return getpwuid_r((uid_t)q->id, pw, buf, size, res);
}

static int callgr (const Query *q, struct group *gr, char *buf,
                   size_t size, struct group **res) {
  if (q->name != NULL)
    return getgrnam_r(q->name, gr, buf, size, res);
  return getgrgid_r((gid_t)q->id, gr, buf, size, res);
}

/* True when the _r call's answer e asks for the call again: EINTR
** (PEP 475), or ERANGE with a buffer that may still grow (*size is
** doubled). */
static int again (lua_State *L, int e, size_t *size) {
  if (e == EINTR) {
    errno = e;
    return pyos_retry(L);
  }
  if (e == ERANGE && *size < PW_BUFMAX) {
    *size *= 2;
    return 1;
  }
  return 0;
}

/* Look the user up into *pw, its strings in a buffer left on the stack.
** Returns 0 when found, -1 when not, else the error number. */
static int lookuppw (lua_State *L, const Query *q, struct passwd *pw) {
  size_t size = startsize(_SC_GETPW_R_SIZE_MAX);
  for (;;) {
    char *buf = (char *)pyos_newuserdata(L, size);
    struct passwd *res = NULL;
    int e = callpw(q, pw, buf, size, &res);
    if (e == 0 && res != NULL)
      return 0;
    if (isnotfound(e))
      return -1;
    if (!again(L, e, &size))
      return e;
    lua_pop(L, 1);
  }
}

static int lookupgr (lua_State *L, const Query *q, struct group *gr) {
  size_t size = startsize(_SC_GETGR_R_SIZE_MAX);
  for (;;) {
    char *buf = (char *)pyos_newuserdata(L, size);
    struct group *res = NULL;
    int e = callgr(q, gr, buf, size, &res);
    if (e == 0 && res != NULL)
      return 0;
    if (isnotfound(e))
      return -1;
    if (!again(L, e, &size))
      return e;
    lua_pop(L, 1);
  }
}

/* getpwnam(name) -> struct_passwd | nil, msg, nil, KeyError */
static int sys_getpwnam (lua_State *L) {
  struct passwd pw;
  Query q;
  int r;
  q.name = checkname(L, 1);
  q.id = 0;
  r = lookuppw(L, &q, &pw);
  if (r == -1)
    return namenotfound(L, "getpwnam", 1);
  if (r != 0)
    return pyos_pusherror(L, r, 0, 0);
  pushpasswd(L, &pw);
  return 1;
}

/* getpwuid(uid) -> struct_passwd | nil, msg, nil, KeyError */
static int sys_getpwuid (lua_State *L) {
  struct passwd pw;
  Query q;
  int r;
  q.name = NULL;
  q.id = 0;
  if (!checklookupid(L, 1, 1, &q.id))
    return idnotfound(L, "getpwuid", "uid", 0, 0);
  r = lookuppw(L, &q, &pw);
  if (r == -1)
    return idnotfound(L, "getpwuid", "uid", 1, q.id);
  if (r != 0)
    return pyos_pusherror(L, r, 0, 0);
  pushpasswd(L, &pw);
  return 1;
}

/* getgrnam(name) -> struct_group | nil, msg, nil, KeyError */
static int sys_getgrnam (lua_State *L) {
  struct group gr;
  Query q;
  int r;
  q.name = checkname(L, 1);
  q.id = 0;
  r = lookupgr(L, &q, &gr);
  if (r == -1)
    return namenotfound(L, "getgrnam", 1);
  if (r != 0)
    return pyos_pusherror(L, r, 0, 0);
  pushgr(L, &gr);
  return 1;
}

/* getgrgid(gid) -> struct_group | nil, msg, nil, KeyError */
static int sys_getgrgid (lua_State *L) {
  struct group gr;
  Query q;
  int r;
  q.name = NULL;
  q.id = 0;
  checklookupid(L, 1, 0, &q.id);
  r = lookupgr(L, &q, &gr);
  if (r == -1)
    return idnotfound(L, "getgrgid", "gid", 1, q.id);
  if (r != 0)
    return pyos_pusherror(L, r, 0, 0);
  pushgr(L, &gr);
  return 1;
}


/* ---- Enumeration --------------------------------------------------------
** The entries are copied into out (cap bytes) as records; an Out keeps
** the bytes they need even past cap, so the caller learns the size to
** make the buffer. A record: the ids (memcpy'd), then the strings, each a
** tag byte (0: NULL, 1: a string) and the string with its NUL. A group
** record has the member count before the strings, then the members.
*/

typedef struct Out {
  char *p;
  size_t cap, len;    /* len may pass cap: then nothing more is copied */
  int n;              /* records */
  int err;            /* the enumeration's error number, 0 if none */
} Out;

static void put (Out *o, const void *src, size_t n) {
  if (o->len <= o->cap && n <= o->cap - o->len)
    memcpy(o->p + o->len, src, n);
  o->len += n;
}

static void putstr (Out *o, const char *s) {
  char tag = s != NULL;
  put(o, &tag, 1);
  if (s != NULL)
    put(o, s, strlen(s) + 1);
}

static void putpasswd (Out *o, const struct passwd *pw) {
  unsigned int ids[2];
  ids[0] = pw->pw_uid;
  ids[1] = pw->pw_gid;
  put(o, ids, sizeof ids);
  putstr(o, pw->pw_name);
  putstr(o, pw->pw_passwd);
  putstr(o, pw->pw_gecos);
  putstr(o, pw->pw_dir);
  putstr(o, pw->pw_shell);
}

static void putgroup (Out *o, const struct group *gr) {
  unsigned int head[2];
  unsigned int i, n = 0;
  if (gr->gr_mem != NULL)
    while (gr->gr_mem[n] != NULL)
      n++;
  head[0] = gr->gr_gid;
  head[1] = n;
  put(o, head, sizeof head);
  putstr(o, gr->gr_name);
  putstr(o, gr->gr_passwd);
  for (i = 0; i < n; i++)
    putstr(o, gr->gr_mem[i]);
}

/* Read back what put/putstr wrote at *p. */
static void get (const char **p, void *dst, size_t n) {
  memcpy(dst, *p, n);
  *p += n;
}

static const char *getstr (const char **p) {
  const char *s;
  if (*(*p)++ == 0)
    return NULL;
  s = *p;
  *p += strlen(s) + 1;
  return s;
}

/* Walk the passwd (pw true) or group stream, copying every entry into o.
** Called with entlock held: no Lua call here. */
static void walk (Out *o, int pw) {
  size_t size = pw ? startsize(_SC_GETPW_R_SIZE_MAX)
                   : startsize(_SC_GETGR_R_SIZE_MAX);
  char *buf = (char *)malloc(size);
  if (buf == NULL) {
    o->err = ENOMEM;
    return;
  }
  if (pw) setpwent(); else setgrent();
  for (;;) {
    struct passwd pwd, *pres = NULL;
    struct group grp, *gres = NULL;
    int e = pw ? getpwent_r(&pwd, buf, size, &pres)
               : getgrent_r(&grp, buf, size, &gres);
    if (e == 0 && (pres != NULL || gres != NULL)) {
      if (pw) putpasswd(o, pres); else putgroup(o, gres);
      o->n++;
    }
    else if (e == ERANGE && size < PW_BUFMAX) {   /* the entry is read again */
      char *nbuf = (char *)realloc(buf, size * 2);
      if (nbuf == NULL) {
        o->err = ENOMEM;
        break;
      }
      buf = nbuf;
      size *= 2;
    }
    else if (e == EINTR)
      continue;
    else {
      if (e != 0 && e != ENOENT)     /* ENOENT: the end */
        o->err = e;
      break;
    }
  }
  if (pw) endpwent(); else endgrent();
  free(buf);
}

/* Copy the whole stream into a userdata left on the stack; grows it and
** walks again until everything fitted. */
static void copyall (lua_State *L, Out *o, int pw) {
  size_t cap = ENT_BUFSTART;
  for (;;) {
    o->p = (char *)pyos_newuserdata(L, cap);
    o->cap = cap;
    o->len = 0;
    o->n = 0;
    o->err = 0;
    pthread_mutex_lock(&entlock);
    walk(o, pw);
    pthread_mutex_unlock(&entlock);
    if (o->err != 0 || o->len <= o->cap)
      return;
    lua_pop(L, 1);
    cap = o->len + o->len / 4;
  }
}

/* getpwall() -> array of struct_passwd | nil, msg, errno, err */
static int sys_getpwall (lua_State *L) {
  Out o;
  const char *p;
  int i;
  pyos_checknargs(L, 0);
  copyall(L, &o, 1);
  if (o.err != 0)
    return pyos_pusherror(L, o.err, 0, 0);
  lua_createtable(L, o.n, 0);
  for (i = 1, p = o.p; i <= o.n; i++) {
    struct passwd pw;
    unsigned int ids[2];
    get(&p, ids, sizeof ids);
    pw.pw_uid = ids[0];
    pw.pw_gid = ids[1];
    pw.pw_name = (char *)getstr(&p);
    pw.pw_passwd = (char *)getstr(&p);
    pw.pw_gecos = (char *)getstr(&p);
    pw.pw_dir = (char *)getstr(&p);
    pw.pw_shell = (char *)getstr(&p);
    pushpasswd(L, &pw);
    lua_rawseti(L, -2, i);
  }
  return 1;
}

/* getgrall() -> array of struct_group | nil, msg, errno, err */
static int sys_getgrall (lua_State *L) {
  Out o;
  const char *p;
  int i;
  pyos_checknargs(L, 0);
  copyall(L, &o, 0);
  if (o.err != 0)
    return pyos_pusherror(L, o.err, 0, 0);
  lua_createtable(L, o.n, 0);
  for (i = 1, p = o.p; i <= o.n; i++) {
    unsigned int head[2], j;
    const char *name, *passwd;
    get(&p, head, sizeof head);
    name = getstr(&p);
    passwd = getstr(&p);
    lua_createtable(L, (int)head[1], 0);
    for (j = 1; j <= head[1]; j++) {
      pushstr(L, getstr(&p));
      lua_rawseti(L, -2, (int)j);
    }
    pushgroup(L, name, passwd, head[0]);
    lua_rawseti(L, -2, i);
  }
  return 1;
}


/* ---- Module -------------------------------------------------------------- */

static const luaL_Reg pwd_funcs[] = {
  {"getgrall", sys_getgrall},
  {"getgrgid", sys_getgrgid},
  {"getgrnam", sys_getgrnam},
  {"getpwall", sys_getpwall},
  {"getpwnam", sys_getpwnam},
  {"getpwuid", sys_getpwuid},
  {NULL, NULL}
};

void pyos_sys_openpwd (lua_State *L) {
  static const luaL_Reg passwd_meta[] = {
    {"__tostring", passwd_tostring},
    {NULL, NULL}
  };
  static const luaL_Reg group_meta[] = {
    {"__tostring", group_tostring},
    {NULL, NULL}
  };
  static const luaL_Reg keyerror_meta[] = {
    {"__concat", keyerror_concat},
    {"__tostring", keyerror_tostring},
    {NULL, NULL}
  };
  pyos_newclass(L, PYOS_PASSWD, passwd_meta, NULL);
  pyos_newclass(L, PYOS_GROUP, group_meta, NULL);
  pyos_newclass(L, PYOS_KEYERROR, keyerror_meta, NULL);
  luaL_getmetatable(L, PYOS_KEYERROR);
  lua_pushliteral(L, "KeyError");    /* as OSError's __name is "OSError" */
  lua_setfield(L, -2, "__name");
  lua_pop(L, 1);
  pyos_setfuncs(L, pwd_funcs, 0);
}
