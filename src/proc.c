/*
** proc.c: pyos.proc, Python's "Process Parameters" and "Process
** Management". Also home of OSError, error and the errno table. The
** other parts of the area: proc_ids.c (user and group ids), proc_env.c
** (environ), proc_spawn.c (posix_spawn), proc_exec.c (exec*, spawn*,
** fork, kill, system), proc_wait.c (wait*, W*, times).
*/
#include "proc_int.h"

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "errnames.h"

#define PYOS_UNAME      "pyos.uname_result"


/* ---- Struct-sequence tables (uname_result, times_result, ...) ---------- */

void pyos_proc_result (lua_State *L, const char *tname,
                       const char *const fields[]) {
  int i;
  for (i = 0; fields[i] != NULL; i++) {
    lua_getfield(L, -1, fields[i]);
    lua_rawseti(L, -2, i + 1);
  }
  luaL_getmetatable(L, tname);
  lua_setmetatable(L, -2);
}

/* __tostring: pyname(field=repr, ...), fields from the metatable. */
static int result_tostring (lua_State *L) {
  int i, base;
  lua_settop(L, 1);
  if (!lua_getmetatable(L, 1))
    return 0;
  lua_getfield(L, 2, "__fields");     /* 3 */
  base = lua_gettop(L);
  lua_getfield(L, 2, "__pyname");
  lua_pushliteral(L, "(");
  for (i = 1; ; i++) {
    luaL_checkstack(L, 4, "too many fields");
    lua_rawgeti(L, 3, i);
    if (lua_isnil(L, -1)) {
      lua_pop(L, 1);
      break;
    }
    if (i > 1) {
      lua_pushliteral(L, ", ");
      lua_insert(L, -2);
    }
    lua_pushliteral(L, "=");
    lua_rawgeti(L, 1, i);
    if (lua_type(L, -1) == LUA_TSTRING) {
      size_t len;
      const char *s = lua_tolstring(L, -1, &len);
      pyos_pushrepr(L, s, len);
      lua_remove(L, -2);
    }
    else if (lua_type(L, -1) == LUA_TNUMBER)
      lua_tostring(L, -1);            /* converts in place */
    else {
      lua_pushstring(L, luaL_typename(L, -1));
      lua_remove(L, -2);
    }
    lua_concat(L, lua_gettop(L) - base);   /* keep the stack short */
  }
  lua_pushliteral(L, ")");
  lua_concat(L, lua_gettop(L) - base);
  return 1;
}

void pyos_proc_newresult (lua_State *L, const char *tname,
                          const char *pyname, const char *const fields[]) {
  static const luaL_Reg meta[] = {
    {"__tostring", result_tostring},
    {NULL, NULL}
  };
  int i;
  pyos_newclass(L, tname, meta, NULL);
  luaL_getmetatable(L, tname);
  lua_pushstring(L, pyname);
  lua_setfield(L, -2, "__pyname");
  lua_newtable(L);
  for (i = 0; fields[i] != NULL; i++) {
    lua_pushstring(L, fields[i]);
    lua_rawseti(L, -2, i + 1);
  }
  lua_setfield(L, -2, "__fields");
  lua_pop(L, 1);
}


/* ---- Errors ------------------------------------------------------------ */

/* strerror(code): the system's message for an error number. */
static int proc_strerror (lua_State *L) {
  int code;
  pyos_checknargs(L, 1);
  code = (int)pyos_checkint(L, 1, INT_MIN, INT_MAX);
  lua_pushstring(L, strerror(code));
  return 1;
}

/* Push pyos.errno: every errno name to its number, and errorcode[n] back
** to the first name given for n. */
static void pusherrno (lua_State *L) {
  const pyos_Const *c;
  lua_newtable(L);
  pyos_setconsts(L, pyos_errnames);
  lua_newtable(L);
  for (c = pyos_errnames; c->name != NULL; c++) {
    lua_rawgeti(L, -1, (int)c->value);
    if (lua_isnil(L, -1)) {
      lua_pushstring(L, c->name);
      lua_rawseti(L, -3, (int)c->value);
    }
    lua_pop(L, 1);
  }
  lua_setfield(L, -2, "errorcode");
}


/* ---- The process and its terminal -------------------------------------- */

static int proc_getpid (lua_State *L) {
  pyos_checknargs(L, 0);
  lua_pushinteger(L, getpid());
  return 1;
}

static int proc_getppid (lua_State *L) {
  pyos_checknargs(L, 0);
  lua_pushinteger(L, getppid());
  return 1;
}

static int proc_getpgrp (lua_State *L) {
  pyos_checknargs(L, 0);
  lua_pushinteger(L, getpgrp());
  return 1;
}

/* getpgid(pid): pid 0 is the calling process. */
static int proc_getpgid (lua_State *L) {
  pid_t r;
  pyos_checknargs(L, 1);
  r = getpgid((pid_t)pyos_checkpid(L, 1));
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushinteger(L, r);
  return 1;
}

static int proc_setpgid (lua_State *L) {
  pid_t pid, pgrp;
  pyos_checknargs(L, 2);
  pid = (pid_t)pyos_checkpid(L, 1);
  pgrp = (pid_t)pyos_checkpid(L, 2);
  if (setpgid(pid, pgrp) == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}

/* setpgrp(): setpgid(0, 0). */
static int proc_setpgrp (lua_State *L) {
  pyos_checknargs(L, 0);
  if (setpgid(0, 0) == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}

static int proc_getsid (lua_State *L) {
  pid_t r;
  pyos_checknargs(L, 1);
  r = getsid((pid_t)pyos_checkpid(L, 1));
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushinteger(L, r);
  return 1;
}

/* setsid(): true, as Python's None (the new session id is getsid(0)). */
static int proc_setsid (lua_State *L) {
  pyos_checknargs(L, 0);
  if (setsid() == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}

/* ctermid(): the name of the controlling terminal ("/dev/tty"). */
static int proc_ctermid (lua_State *L) {
  char buf[L_ctermid + 1];
  pyos_checknargs(L, 0);
  if (ctermid(buf) == NULL || buf[0] == '\0')
    return pyos_pusherror(L, errno ? errno : ENOTTY, 0, 0);
  lua_pushstring(L, buf);
  return 1;
}

/* getlogin(): the user logged in on the controlling terminal. The _r
** form: getlogin's static buffer is shared by every thread. */
static int proc_getlogin (lua_State *L) {
  char name[LOGIN_NAME_MAX + 1];
  int e;
  pyos_checknargs(L, 0);
  e = getlogin_r(name, sizeof name);
  if (e != 0)
    return pyos_pusherror(L, e, 0, 0);
  lua_pushstring(L, name);
  return 1;
}

/* umask(mask): sets it, returns the previous one. */
static int proc_umask (lua_State *L) {
  mode_t mask;
  pyos_checknargs(L, 1);
  mask = (mode_t)pyos_checkint(L, 1, INT_MIN, INT_MAX);
  lua_pushinteger(L, (lua_Integer)umask(mask));
  return 1;
}

/* uname(): uname_result {sysname, nodename, release, version, machine}. */
static const char *const uname_fields[] = {
  "sysname", "nodename", "release", "version", "machine", NULL
};

static int proc_uname (lua_State *L) {
  struct utsname u;
  pyos_checknargs(L, 0);
  if (uname(&u) == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_createtable(L, 5, 5);
  lua_pushstring(L, u.sysname);
  lua_setfield(L, -2, "sysname");
  lua_pushstring(L, u.nodename);
  lua_setfield(L, -2, "nodename");
  lua_pushstring(L, u.release);
  lua_setfield(L, -2, "release");
  lua_pushstring(L, u.version);
  lua_setfield(L, -2, "version");
  lua_pushstring(L, u.machine);
  lua_setfield(L, -2, "machine");
  pyos_proc_result(L, PYOS_UNAME, uname_fields);
  return 1;
}


/* ---- Priorities -------------------------------------------------------- */

/* getpriority(which, who): -1 is a valid priority, so errno decides. */
static int proc_getpriority (lua_State *L) {
  int which, who, r;
  pyos_checknargs(L, 2);
  which = (int)pyos_checkint(L, 1, INT_MIN, INT_MAX);
  who = (int)pyos_checkint(L, 2, INT_MIN, INT_MAX);
  errno = 0;
  r = getpriority(which, (id_t)who);
  if (r == -1 && errno != 0)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushinteger(L, r);
  return 1;
}

static int proc_setpriority (lua_State *L) {
  int which, who, prio;
  pyos_checknargs(L, 3);
  which = (int)pyos_checkint(L, 1, INT_MIN, INT_MAX);
  who = (int)pyos_checkint(L, 2, INT_MIN, INT_MAX);
  prio = (int)pyos_checkint(L, 3, INT_MIN, INT_MAX);
  if (setpriority(which, (id_t)who, prio) == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}


/* ---- Namespaces -------------------------------------------------------- */

/* setns(fd, nstype=0) */
static int proc_setns (lua_State *L) {
  static const char *const keys[] = {"fd", "nstype", NULL};
  int opts = pyos_opts(L, 2, 0, keys);
  int fd, nstype;
  pyos_kwarg(L, opts, 1, "fd");
  pyos_kwarg(L, opts, 2, "nstype");
  fd = pyos_checkfd(L, 1);
  nstype = (int)pyos_optint(L, 2, 0, INT_MIN, INT_MAX);
  if (setns(fd, nstype) == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}

/* unshare(flags) */
static int proc_unshare (lua_State *L) {
  static const char *const keys[] = {"flags", NULL};
  int opts = pyos_opts(L, 1, 0, keys);
  int flags;
  pyos_kwarg(L, opts, 1, "flags");
  flags = (int)pyos_checkint(L, 1, INT_MIN, INT_MAX);
  if (unshare(flags) == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}


static const pyos_Const proc_consts[] = {
  PYOS_CONST(PRIO_PROCESS), PYOS_CONST(PRIO_PGRP), PYOS_CONST(PRIO_USER),
#ifdef NGROUPS_MAX
  PYOS_CONST(NGROUPS_MAX),
#endif
#ifdef CLONE_FILES
  PYOS_CONST(CLONE_FILES),
#endif
#ifdef CLONE_FS
  PYOS_CONST(CLONE_FS),
#endif
#ifdef CLONE_NEWCGROUP
  PYOS_CONST(CLONE_NEWCGROUP),
#endif
#ifdef CLONE_NEWIPC
  PYOS_CONST(CLONE_NEWIPC),
#endif
#ifdef CLONE_NEWNET
  PYOS_CONST(CLONE_NEWNET),
#endif
#ifdef CLONE_NEWNS
  PYOS_CONST(CLONE_NEWNS),
#endif
#ifdef CLONE_NEWPID
  PYOS_CONST(CLONE_NEWPID),
#endif
#ifdef CLONE_NEWTIME
  PYOS_CONST(CLONE_NEWTIME),
#endif
#ifdef CLONE_NEWUSER
  PYOS_CONST(CLONE_NEWUSER),
#endif
#ifdef CLONE_NEWUTS
  PYOS_CONST(CLONE_NEWUTS),
#endif
#ifdef CLONE_SIGHAND
  PYOS_CONST(CLONE_SIGHAND),
#endif
#ifdef CLONE_SYSVSEM
  PYOS_CONST(CLONE_SYSVSEM),
#endif
#ifdef CLONE_THREAD
  PYOS_CONST(CLONE_THREAD),
#endif
#ifdef CLONE_VM
  PYOS_CONST(CLONE_VM),
#endif
  {NULL, 0}
};

static const luaL_Reg proc_funcs[] = {
  {"ctermid", proc_ctermid},
  {"getlogin", proc_getlogin},
  {"getpgid", proc_getpgid},
  {"getpgrp", proc_getpgrp},
  {"getpid", proc_getpid},
  {"getppid", proc_getppid},
  {"getpriority", proc_getpriority},
  {"getsid", proc_getsid},
  {"setns", proc_setns},
  {"setpgid", proc_setpgid},
  {"setpgrp", proc_setpgrp},
  {"setpriority", proc_setpriority},
  {"setsid", proc_setsid},
  {"strerror", proc_strerror},
  {"umask", proc_umask},
  {"uname", proc_uname},
  {"unshare", proc_unshare},
  {NULL, NULL}
};

PYOS_EXPORT int luaopen_pyos_proc (lua_State *L) {
  pyos_newmodule(L, proc_funcs, proc_consts);
  pyos_proc_newresult(L, PYOS_UNAME, "posix.uname_result", uname_fields);
  pusherrno(L);
  lua_setfield(L, -2, "errno");
  pyos_pusherrortype(L);
  lua_setfield(L, -2, "OSError");
  pyos_pusherrortype(L);
  lua_setfield(L, -2, "error");
  pyos_proc_openids(L);
  pyos_proc_openenv(L);
  pyos_proc_openspawn(L);
  pyos_proc_openexec(L);
  pyos_proc_openwait(L);
  pyos_proc_opensubprocess(L);
  pyos_setnames(L, -1, "pyos.");   /* for the messages */
  return 1;
}
