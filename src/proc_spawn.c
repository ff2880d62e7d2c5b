/*
** proc_spawn.c: posix_spawn and posix_spawnp, and the argv/env
** conversion and PATH search that exec* and spawn* share. Part of
** pyos.proc.
**
** Every argument is checked (and may raise) before anything is created:
** arrays are on the C stack or in Lua userdata (collected with the
** stack), so an error never leaks; the spawn attributes and file actions
** are made after the last check and destroyed before returning.
*/
#include "proc_int.h"

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

extern char **environ;

/* Python's identifiers of file actions. */
enum { SPAWN_OPEN, SPAWN_CLOSE, SPAWN_DUP2, SPAWN_CLOSEFROM };

#if defined(__GLIBC__) && defined(__GLIBC_PREREQ)
#if __GLIBC_PREREQ(2, 34)
#define HAVE_CLOSEFROM  1
#endif
#endif

/* File actions up to this many are kept on the C stack. */
#define SMALLFA  8

/* Python's os.defpath: the PATH of an environment without one. */
#define DEFPATH  "/bin:/usr/bin"


/* ---- argv and env ------------------------------------------------------ */

/* argv[i], the string at the top of the stack, or the result of its
** __fspath (replacing it). */
static const char *argstring (lua_State *L, int arg, int i, size_t *len) {
  if (lua_type(L, -1) != LUA_TSTRING) {
    if (!luaL_getmetafield(L, -1, "__fspath"))
      pyos_placetypeerror(L, -1, arg, "argv[%d]", i, 0, "string or path-like");
    lua_insert(L, -2);
    lua_call(L, 1, 1);
    if (lua_type(L, -1) != LUA_TSTRING)
      pyos_placeerror(L, arg, "argv[%d]", i, 0, lua_pushfstring(L,
                      "__fspath must return a string, got %s",
                      pyos_typename(L, -1)));
  }
  return lua_tolstring(L, -1, len);
}

void pyos_proc_argv (lua_State *L, int arg, pyos_Argv *a, int exec) {
  int n, i, anchor;
  pyos_checktable(L, arg);
  n = (int)pyos_rawlen(L, arg);
  if (n <= 0)
    pyos_argerror(L, arg, "argv must not be empty");
  a->n = n;
  lua_createtable(L, n, 0);       /* anchors every string a->v points at */
  anchor = lua_gettop(L);
  if (n < PYOS_SMALLV)
    a->v = a->small;
  else
    a->v = (char **)pyos_newuserdata(L, ((size_t)n + 1) * sizeof(char *));
  for (i = 1; i <= n; i++) {
    size_t len;
    const char *s;
    luaL_checkstack(L, 3, "argv too long");
    lua_rawgeti(L, arg, i);
    s = argstring(L, arg, i, &len);
    if (memchr(s, '\0', len) != NULL)
      pyos_placeerror(L, arg, "argv[%d]", i, 0, "embedded null byte");
    if (exec && i == 1 && len == 0)
      pyos_argerror(L, arg, "argv first element cannot be empty");
    lua_rawseti(L, anchor, i);
    a->v[i - 1] = (char *)s;      /* anchored now */
  }
  a->v[n] = NULL;
}

static int isenviron (lua_State *L, int arg) {
  int r = 0;
  if (lua_getmetatable(L, arg)) {
    luaL_getmetatable(L, PYOS_ENVIRON);
    r = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
  }
  return r;
}

/* Check the env table at arg and copy its names and values, in pairs,
** into the array priv (a table no Lua code can reach): the second pass
** reads only priv, so a finalizer that changes the user's table between
** the passes changes nothing. Returns the entry count, sets *total to the
** bytes "name=value\0" of all entries take. */
static size_t checkenv (lua_State *L, int arg, int priv, size_t *total,
                        const char **path) {
  size_t m = 0;
  *total = 0;
  lua_pushnil(L);
  while (lua_next(L, arg)) {
    size_t kl, vl;
    const char *k, *v;
    if (lua_type(L, -2) != LUA_TSTRING)
      pyos_placetypeerror(L, -2, arg, "env key", 0, 0, "string");
    k = lua_tolstring(L, -2, &kl);
    if (lua_type(L, -1) != LUA_TSTRING) {
      const char *got = pyos_typename(L, -1);
      pyos_argerror(L, arg, lua_pushfstring(L,
                    "env['%s']: string expected, got %s", k, got));
    }
    v = lua_tolstring(L, -1, &vl);
    if (memchr(k, '\0', kl) != NULL || memchr(v, '\0', vl) != NULL)
      pyos_argerror(L, arg, "env: embedded null byte");
    if (kl == 0 || memchr(k, '=', kl) != NULL)
      pyos_argerror(L, arg, "env: illegal environment variable name");
    if (kl == 4 && memcmp(k, "PATH", 4) == 0)
      *path = v;                  /* anchored in priv below */
    *total += kl + vl + 2;
    m++;
    lua_pushvalue(L, -2);
    lua_rawseti(L, priv, (int)(2 * m - 1));
    lua_rawseti(L, priv, (int)(2 * m));   /* pops the value */
  }
  return m;
}

void pyos_proc_envp (lua_State *L, int arg, pyos_Envp *e) {
  size_t m, total, i = 0;
  char **v;
  char *p;
  int priv;
  e->path = NULL;
  e->v = NULL;
  e->current = 0;
  if (arg == 0 || lua_isnoneornil(L, arg)
      || isenviron(L, arg)) {     /* the proxy: the real one, read later */
    e->current = 1;
    return;
  }
  pyos_checktable(L, arg);
  lua_newtable(L);
  priv = lua_gettop(L);
  m = checkenv(L, arg, priv, &total, &e->path);
  v = m < PYOS_SMALLENV ? e->small : NULL;
  p = total <= PYOS_ENVBUF ? e->buf : NULL;
  if (v == NULL || p == NULL) {   /* one block for what does not fit */
    size_t vsize = v == NULL ? (m + 1) * sizeof(char *) : 0;
    char *block = (char *)pyos_newuserdata(L, vsize + (p == NULL ? total : 0));
    if (v == NULL)
      v = (char **)(void *)block;
    if (p == NULL)
      p = block + vsize;
  }
  for (i = 0; i < m; i++) {      /* from priv: strings, as checked */
    size_t kl, vl;
    const char *k, *s;
    lua_rawgeti(L, priv, (int)(2 * i + 1));
    lua_rawgeti(L, priv, (int)(2 * i + 2));
    k = lua_tolstring(L, -2, &kl);
    s = lua_tolstring(L, -1, &vl);
    v[i] = p;
    memcpy(p, k, kl);
    p[kl] = '=';
    memcpy(p + kl + 1, s, vl);
    p[kl + 1 + vl] = '\0';
    p += kl + vl + 2;
    lua_pop(L, 2);
  }
  v[m] = NULL;
  e->v = v;
}

void pyos_proc_envbegin (pyos_Envp *e) {
  if (e->current) {
    pyos_proc_lockenv();
    e->v = environ;
    e->path = getenv("PATH");
  }
}

void pyos_proc_envend (pyos_Envp *e) {
  if (e->current) {
    e->v = NULL;
    e->path = NULL;
    pyos_proc_unlockenv();
  }
}


/* ---- PATH search ------------------------------------------------------- */

/* dir/file into buf (Python's os.path.join); ENAMETOOLONG when too long. */
static int joinpath (char *buf, size_t size, const char *dir, size_t dl,
                     const char *file) {
  size_t fl = strlen(file);
  int slash = dl > 0 && dir[dl - 1] != '/';
  if (dl + (size_t)slash + fl + 1 > size)
    return ENAMETOOLONG;
  memcpy(buf, dir, dl);
  if (slash)
    buf[dl] = '/';
  memcpy(buf + dl + (size_t)slash, file, fl + 1);
  return 0;
}

static void setname (char *name, size_t namesize, const char *s) {
  size_t n;
  if (name == NULL || namesize == 0)
    return;
  n = strlen(s);
  if (n >= namesize)
    n = namesize - 1;
  memcpy(name, s, n);
  name[n] = '\0';
}

int pyos_proc_execsearch (const char *file, const char *path,
                          char *const argv[], char *const envp[],
                          char *name, size_t namesize) {
  char buf[PATH_MAX * 2];
  const char *p;
  int saved = 0, last = ENOENT;
  if (strchr(file, '/') != NULL) {
    execve(file, argv, envp);
    setname(name, namesize, file);
    return errno;
  }
  p = path != NULL ? path : DEFPATH;
  for (;;) {
    const char *end = strchrnul(p, ':');
    int e = joinpath(buf, sizeof buf, p, (size_t)(end - p), file);
    if (e == 0) {
      execve(buf, argv, envp);
      e = errno;
    }
    if (e != ENOENT && e != ENOTDIR && saved == 0) {
      saved = e;
      setname(name, namesize, buf);
    }
    else if (saved == 0)
      setname(name, namesize, buf);
    last = e;
    if (*end == '\0')
      break;
    p = end + 1;
  }
  return saved != 0 ? saved : last;
}


/* ---- posix_spawn options ----------------------------------------------- */

typedef struct FileAction {
  int tag, fd, fd2, flags;
  mode_t mode;
  const char *path;
} FileAction;

typedef struct SpawnOpts {
  int nfa;
  FileAction *fa;
  short flags;
  pid_t pgroup;
  sigset_t mask, def;
  int policy;
  struct sched_param param;
  FileAction fasmall[SMALLFA];
} SpawnOpts;

/* Elements required by each file action: open, close, dup2, closefrom. */
static const struct {
  const char *name;
  int len;
} fakinds[] = {{"open", 5}, {"close", 2}, {"dup2", 3}, {"closefrom", 2}};

static int hasclosefrom (void) {
#ifdef HAVE_CLOSEFROM
  return 1;
#else
  return 0;
#endif
}

/* Element j of file action i (the table at t), in [lo, hi]. */
static long long faint (lua_State *L, int opts, int t, int i, int j,
                        long long lo, long long hi) {
  long long v;
  lua_rawgeti(L, t, j);
  v = pyos_checkintat(L, -1, opts, "option 'file_actions'[%d][%d]", i, j,
                      lo, hi);
  lua_pop(L, 1);
  return v;
}

/* anchor: a table of the path strings the actions point at (an option's
** __index may run Lua code later that empties the user's tables). */
static void checkaction (lua_State *L, int opts, int t, int i, FileAction *a,
                         int anchor) {
  int tag;
  size_t len;
  if (lua_type(L, t) != LUA_TTABLE)
    pyos_placetypeerror(L, t, opts, "option 'file_actions'[%d]", i, 0, "table");
  tag = (int)faint(L, opts, t, i, 1, INT_MIN, INT_MAX);
  if (tag < SPAWN_OPEN || tag > SPAWN_CLOSEFROM
      || (tag == SPAWN_CLOSEFROM && !hasclosefrom()))
    pyos_placeerror(L, opts, "option 'file_actions'[%d][1]", i, 0,
                    "unknown file_actions identifier");
  if ((int)pyos_rawlen(L, t) != fakinds[tag].len)
    pyos_placeerror(L, opts, "option 'file_actions'[%d]", i, 0,
                    lua_pushfstring(L, "a %s file_action must have %d elements",
                                    fakinds[tag].name, fakinds[tag].len));
  a->tag = tag;
  a->fd = (int)faint(L, opts, t, i, 2, INT_MIN, INT_MAX);
  if (tag == SPAWN_DUP2)
    a->fd2 = (int)faint(L, opts, t, i, 3, INT_MIN, INT_MAX);
  if (tag == SPAWN_OPEN) {
    lua_rawgeti(L, t, 3);
    if (lua_type(L, -1) != LUA_TSTRING)
      pyos_placetypeerror(L, -1, opts, "option 'file_actions'[%d][3]", i, 0,
                          "string");
    a->path = lua_tolstring(L, -1, &len);
    if (memchr(a->path, '\0', len) != NULL)
      pyos_placeerror(L, opts, "option 'file_actions'[%d][3]", i, 0,
                      "embedded null byte");
    lua_rawseti(L, anchor, i);    /* anchored: pops it */
    a->flags = (int)faint(L, opts, t, i, 4, INT_MIN, INT_MAX);
    a->mode = (mode_t)faint(L, opts, t, i, 5, 0, 0xFFFFFFFFLL);
  }
}

static void checkactions (lua_State *L, int opts, SpawnOpts *o) {
  int t, n, i, anchor;
  o->nfa = 0;
  if (pyos_kwget(L, opts, "file_actions") == LUA_TNIL)
    return;
  t = lua_gettop(L);
  if (lua_type(L, t) != LUA_TTABLE)
    pyos_placetypeerror(L, t, opts, "option 'file_actions'", 0, 0, "table");
  n = (int)pyos_rawlen(L, t);
  lua_newtable(L);
  anchor = lua_gettop(L);
  o->fa = n <= SMALLFA ? o->fasmall
        : (FileAction *)pyos_newuserdata(L, (size_t)n * sizeof(FileAction));
  for (i = 1; i <= n; i++) {
    lua_rawgeti(L, t, i);
    checkaction(L, opts, lua_gettop(L), i, &o->fa[i - 1], anchor);
    lua_pop(L, 1);
  }
  o->nfa = n;
}

/* A signal set option: an array of signal numbers (place: the option's
** element, "option 'setsigmask'[%d]"). False when absent. */
static int checksigset (lua_State *L, int opts, const char *name,
                        const char *place, sigset_t *set) {
  int t, n, i;
  if (pyos_kwget(L, opts, name) == LUA_TNIL) {
    lua_pop(L, 1);
    return 0;
  }
  t = lua_gettop(L);
  if (lua_type(L, t) != LUA_TTABLE)
    pyos_kwerror(L, opts, name, lua_pushfstring(L, "table expected, got %s",
                                                pyos_typename(L, t)));
  sigemptyset(set);
  n = (int)pyos_rawlen(L, t);
  for (i = 1; i <= n; i++) {
    lua_rawgeti(L, t, i);
    sigaddset(set, (int)pyos_checkintat(L, -1, opts, place, i, 0, 1, NSIG - 1));
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return 1;
}

/* scheduler = {policy, param}: policy may be nil; param a sched_param
** table (sched_priority) or an integer priority. */
static int checksched (lua_State *L, int opts, SpawnOpts *o) {
  int t;
  if (pyos_kwget(L, opts, "scheduler") == LUA_TNIL) {
    lua_pop(L, 1);
    return 0;
  }
  t = lua_gettop(L);
  if (lua_type(L, t) != LUA_TTABLE)
    pyos_kwerror(L, opts, "scheduler", lua_pushfstring(L,
                 "table expected, got %s", pyos_typename(L, t)));
  lua_rawgeti(L, t, 1);
  o->policy = lua_isnil(L, -1) ? -1
            : (int)pyos_checkintat(L, -1, opts, "option 'scheduler'[1]", 0, 0,
                                   0, INT_MAX);
  lua_pop(L, 1);
  memset(&o->param, 0, sizeof o->param);
  lua_rawgeti(L, t, 2);
  o->param.sched_priority = pyos_checkschedparam(L, -1, opts,
                                                 "option 'scheduler'[2]", 1);
  lua_pop(L, 2);
  return 1;
}

static short setsidflag (void) {
#ifdef POSIX_SPAWN_SETSID
  return POSIX_SPAWN_SETSID;
#else
  return 0;
#endif
}

static void checkopts (lua_State *L, int opts, SpawnOpts *o) {
  o->flags = 0;
  o->nfa = 0;
  if (opts == 0)
    return;
  checkactions(L, opts, o);
  if (pyos_kwget(L, opts, "setpgroup") != LUA_TNIL) {
    o->pgroup = (pid_t)pyos_kwint(L, opts, "setpgroup", 0, 0, INT_MAX);
    o->flags |= POSIX_SPAWN_SETPGROUP;
  }
  lua_pop(L, 1);
  if (pyos_kwbool(L, opts, "resetids", 0))
    o->flags |= POSIX_SPAWN_RESETIDS;
  if (pyos_kwbool(L, opts, "setsid", 0)) {
    if (setsidflag() == 0)
      pyos_kwerror(L, opts, "setsid", "not supported on this system");
    o->flags |= setsidflag();
  }
  if (checksigset(L, opts, "setsigmask", "option 'setsigmask'[%d]", &o->mask))
    o->flags |= POSIX_SPAWN_SETSIGMASK;
  if (checksigset(L, opts, "setsigdef", "option 'setsigdef'[%d]", &o->def))
    o->flags |= POSIX_SPAWN_SETSIGDEF;
  if (checksched(L, opts, o)) {
    o->flags |= POSIX_SPAWN_SETSCHEDPARAM;
    if (o->policy != -1)
      o->flags |= POSIX_SPAWN_SETSCHEDULER;
  }
}


/* ---- posix_spawn ------------------------------------------------------- */

static int addclosefrom (posix_spawn_file_actions_t *fa, int fd) {
#ifdef HAVE_CLOSEFROM
  return posix_spawn_file_actions_addclosefrom_np(fa, fd);
#else
  (void)fa;
  (void)fd;
  return ENOSYS;
#endif
}

static int addactions (posix_spawn_file_actions_t *fa, const SpawnOpts *o) {
  int i, e = 0;
  for (i = 0; i < o->nfa && e == 0; i++) {
    const FileAction *a = &o->fa[i];
    switch (a->tag) {
      case SPAWN_OPEN:
        e = posix_spawn_file_actions_addopen(fa, a->fd, a->path, a->flags,
                                             a->mode);
        break;
      case SPAWN_CLOSE:
        e = posix_spawn_file_actions_addclose(fa, a->fd);
        break;
      case SPAWN_DUP2:
        e = posix_spawn_file_actions_adddup2(fa, a->fd, a->fd2);
        break;
      default:
        e = addclosefrom(fa, a->fd);
        break;
    }
  }
  return e;
}

static int setattr (posix_spawnattr_t *attr, const SpawnOpts *o) {
  int e = posix_spawnattr_setflags(attr, o->flags);
  if (e == 0 && (o->flags & POSIX_SPAWN_SETPGROUP))
    e = posix_spawnattr_setpgroup(attr, o->pgroup);
  if (e == 0 && (o->flags & POSIX_SPAWN_SETSIGMASK))
    e = posix_spawnattr_setsigmask(attr, &o->mask);
  if (e == 0 && (o->flags & POSIX_SPAWN_SETSIGDEF))
    e = posix_spawnattr_setsigdefault(attr, &o->def);
  if (e == 0 && (o->flags & POSIX_SPAWN_SETSCHEDULER))
    e = posix_spawnattr_setschedpolicy(attr, o->policy);
  if (e == 0 && (o->flags & POSIX_SPAWN_SETSCHEDPARAM))
    e = posix_spawnattr_setschedparam(attr, &o->param);
  return e;
}

/* Nothing below raises: what is made here is destroyed before return.
** The current environment is read under the lock, at the spawn itself. */
static int spawnnow (lua_State *L, int usepath, const char *path,
                     char *const argv[], pyos_Envp *env,
                     const SpawnOpts *o) {
  posix_spawnattr_t attr;
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t *pattr = NULL;
  posix_spawn_file_actions_t *pfa = NULL;
  pid_t pid = -1;
  int e = 0, spawned = 0;
  if (o->flags != 0 && (e = posix_spawnattr_init(&attr)) == 0) {
    pattr = &attr;
    e = setattr(&attr, o);
  }
  if (e == 0 && o->nfa > 0 && (e = posix_spawn_file_actions_init(&fa)) == 0) {
    pfa = &fa;
    e = addactions(&fa, o);
  }
  if (e == 0) {
    spawned = 1;
    pyos_proc_envbegin(env);
    e = usepath ? posix_spawnp(&pid, path, pfa, pattr, argv, env->v)
                : posix_spawn(&pid, path, pfa, pattr, argv, env->v);
    pyos_proc_envend(env);
  }
  if (pfa != NULL)
    posix_spawn_file_actions_destroy(pfa);
  if (pattr != NULL)
    posix_spawnattr_destroy(pattr);
  if (e != 0)
    return pyos_pusherror(L, e, spawned ? 1 : 0, 0);
  lua_pushinteger(L, pid);
  return 1;
}

static int spawn (lua_State *L, int usepath) {
  static const char *const keys[] = {"file_actions", "setpgroup", "resetids",
    "setsid", "setsigmask", "setsigdef", "scheduler", NULL};
  int opts = pyos_opts(L, 3, 6u, keys);   /* slots 2 and 3 take tables */
  const char *path;
  pyos_Argv argv;
  pyos_Envp env;
  SpawnOpts o;
  lua_settop(L, 4);     /* what the readers push goes above the parameters */
  path = pyos_checkpath(L, 1, NULL);
  pyos_proc_argv(L, 2, &argv, 0);
  pyos_proc_envp(L, 3, &env);
  checkopts(L, opts, &o);
  return spawnnow(L, usepath, path, argv.v, &env, &o);
}

/* posix_spawn(path, argv, env=nil, opts): the child's pid. */
static int proc_posix_spawn (lua_State *L) {
  return spawn(L, 0);
}

/* posix_spawnp(file, argv, env=nil, opts): file searched in PATH. */
static int proc_posix_spawnp (lua_State *L) {
  return spawn(L, 1);
}

static const pyos_Const spawn_consts[] = {
  {"POSIX_SPAWN_OPEN", SPAWN_OPEN},
  {"POSIX_SPAWN_CLOSE", SPAWN_CLOSE},
  {"POSIX_SPAWN_DUP2", SPAWN_DUP2},
#ifdef HAVE_CLOSEFROM
  {"POSIX_SPAWN_CLOSEFROM", SPAWN_CLOSEFROM},
#endif
  {NULL, 0}
};

static const luaL_Reg spawn_funcs[] = {
  {"posix_spawn", proc_posix_spawn},
  {"posix_spawnp", proc_posix_spawnp},
  {NULL, NULL}
};

void pyos_proc_openspawn (lua_State *L) {
  pyos_setfuncs(L, spawn_funcs, 0);
  pyos_setconsts(L, spawn_consts);
}
