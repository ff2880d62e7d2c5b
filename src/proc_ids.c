/*
** proc_ids.c: user and group ids of the process, part of pyos.proc.
*/
#include "proc_int.h"

#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <sys/types.h>
#include <unistd.h>

/* Group lists up to this size are read on the C stack. */
#define SMALLGROUPS   256


static int proc_getuid (lua_State *L) {
  pyos_checknargs(L, 0);
  pyos_pushint(L, getuid());
  return 1;
}

static int proc_geteuid (lua_State *L) {
  pyos_checknargs(L, 0);
  pyos_pushint(L, geteuid());
  return 1;
}

static int proc_getgid (lua_State *L) {
  pyos_checknargs(L, 0);
  pyos_pushint(L, getgid());
  return 1;
}

static int proc_getegid (lua_State *L) {
  pyos_checknargs(L, 0);
  pyos_pushint(L, getegid());
  return 1;
}

/* getresuid(): ruid, euid, suid. */
static int proc_getresuid (lua_State *L) {
  uid_t r, e, s;
  pyos_checknargs(L, 0);
  if (getresuid(&r, &e, &s) == -1)
    return pyos_pusherror(L, errno, 0, 0);
  pyos_pushint(L, r);
  pyos_pushint(L, e);
  pyos_pushint(L, s);
  return 3;
}

/* getresgid(): rgid, egid, sgid. */
static int proc_getresgid (lua_State *L) {
  gid_t r, e, s;
  pyos_checknargs(L, 0);
  if (getresgid(&r, &e, &s) == -1)
    return pyos_pusherror(L, errno, 0, 0);
  pyos_pushint(L, r);
  pyos_pushint(L, e);
  pyos_pushint(L, s);
  return 3;
}

/* The setters: check every id, then make the call. */
static int idresult (lua_State *L, int r) {
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}

static int proc_setuid (lua_State *L) {
  uid_t u;
  pyos_checknargs(L, 1);
  u = (uid_t)pyos_checkid(L, 1, 0);
  return idresult(L, setuid(u));
}

static int proc_seteuid (lua_State *L) {
  uid_t u;
  pyos_checknargs(L, 1);
  u = (uid_t)pyos_checkid(L, 1, 0);
  return idresult(L, seteuid(u));
}

static int proc_setgid (lua_State *L) {
  gid_t g;
  pyos_checknargs(L, 1);
  g = (gid_t)pyos_checkid(L, 1, 0);
  return idresult(L, setgid(g));
}

static int proc_setegid (lua_State *L) {
  gid_t g;
  pyos_checknargs(L, 1);
  g = (gid_t)pyos_checkid(L, 1, 0);
  return idresult(L, setegid(g));
}

static int proc_setreuid (lua_State *L) {
  uid_t r, e;
  pyos_checknargs(L, 2);
  r = (uid_t)pyos_checkid(L, 1, 1);
  e = (uid_t)pyos_checkid(L, 2, 1);
  return idresult(L, setreuid(r, e));
}

static int proc_setregid (lua_State *L) {
  gid_t r, e;
  pyos_checknargs(L, 2);
  r = (gid_t)pyos_checkid(L, 1, 1);
  e = (gid_t)pyos_checkid(L, 2, 1);
  return idresult(L, setregid(r, e));
}

static int proc_setresuid (lua_State *L) {
  uid_t r, e, s;
  pyos_checknargs(L, 3);
  r = (uid_t)pyos_checkid(L, 1, 1);
  e = (uid_t)pyos_checkid(L, 2, 1);
  s = (uid_t)pyos_checkid(L, 3, 1);
  return idresult(L, setresuid(r, e, s));
}

static int proc_setresgid (lua_State *L) {
  gid_t r, e, s;
  pyos_checknargs(L, 3);
  r = (gid_t)pyos_checkid(L, 1, 1);
  e = (gid_t)pyos_checkid(L, 2, 1);
  s = (gid_t)pyos_checkid(L, 3, 1);
  return idresult(L, setresgid(r, e, s));
}

/* Push an array of n gids. */
static void pushgroups (lua_State *L, const gid_t *g, int n) {
  int i;
  lua_createtable(L, n, 0);
  for (i = 0; i < n; i++) {
    pyos_pushint(L, g[i]);
    lua_rawseti(L, -2, i + 1);
  }
}

/* A gid array of n entries: on the stack up to SMALLGROUPS, else a
** userdata pushed on the Lua stack. */
static gid_t *groupbuf (lua_State *L, gid_t *small, int n) {
  if (n <= SMALLGROUPS)
    return small;
  return (gid_t *)pyos_newuserdata(L, (size_t)n * sizeof(gid_t));
}

/* getgroups(): the supplementary group ids. */
static int proc_getgroups (lua_State *L) {
  gid_t small[SMALLGROUPS], *g;
  int n;
  pyos_checknargs(L, 0);
  n = getgroups(0, NULL);
  if (n == -1)
    return pyos_pusherror(L, errno, 0, 0);
  g = groupbuf(L, small, n);
  n = getgroups(n, g);
  if (n == -1)
    return pyos_pusherror(L, errno, 0, 0);
  pushgroups(L, g, n);
  return 1;
}

/* setgroups(groups): an array of gids. */
static int proc_setgroups (lua_State *L) {
  gid_t small[SMALLGROUPS], *g;
  int n, i;
  pyos_checknargs(L, 1);
  pyos_checktable(L, 1);
  n = (int)pyos_rawlen(L, 1);
  g = groupbuf(L, small, n);
  for (i = 0; i < n; i++) {
    lua_rawgeti(L, 1, i + 1);
    g[i] = (gid_t)pyos_checkintat(L, -1, 1, "groups[%d]", i + 1, 0, 0,
                                  PYOS_MAXID);
    lua_pop(L, 1);
  }
  return idresult(L, setgroups((size_t)n, g));
}

/* getgrouplist(user, group): user's groups, group included. */
static int proc_getgrouplist (lua_State *L) {
  gid_t small[SMALLGROUPS], *g = small;
  const char *user;
  gid_t group;
  int n = SMALLGROUPS;
  pyos_checknargs(L, 2);
  user = pyos_checkpath(L, 1, NULL);
  group = (gid_t)pyos_checkid(L, 2, 0);
  while (getgrouplist(user, group, g, &n) == -1) {
    if (n <= 0 || n > 1 << 20)
      return pyos_pusherror(L, EINVAL, 0, 0);
    n += 16;   /* room for a group added meanwhile */
    g = (gid_t *)pyos_newuserdata(L, (size_t)n * sizeof(gid_t));
  }
  pushgroups(L, g, n);
  return 1;
}

/* initgroups(username, gid) */
static int proc_initgroups (lua_State *L) {
  const char *user;
  gid_t group;
  pyos_checknargs(L, 2);
  user = pyos_checkpath(L, 1, NULL);
  group = (gid_t)pyos_checkid(L, 2, 0);
  return idresult(L, initgroups(user, group));
}

static const luaL_Reg ids_funcs[] = {
  {"getegid", proc_getegid},
  {"geteuid", proc_geteuid},
  {"getgid", proc_getgid},
  {"getgrouplist", proc_getgrouplist},
  {"getgroups", proc_getgroups},
  {"getresgid", proc_getresgid},
  {"getresuid", proc_getresuid},
  {"getuid", proc_getuid},
  {"initgroups", proc_initgroups},
  {"setegid", proc_setegid},
  {"seteuid", proc_seteuid},
  {"setgid", proc_setgid},
  {"setgroups", proc_setgroups},
  {"setregid", proc_setregid},
  {"setresgid", proc_setresgid},
  {"setresuid", proc_setresuid},
  {"setreuid", proc_setreuid},
  {"setuid", proc_setuid},
  {NULL, NULL}
};

void pyos_proc_openids (lua_State *L) {
  pyos_setfuncs(L, ids_funcs, 0);
}
