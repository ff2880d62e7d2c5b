/*
** xattr.c: pyos.xattr, Python's "Linux extended attributes".
**
** path may be a string (or path-like) or an open fd; the attribute name
** is checked like a path (no NUL byte). Values are Lua strings of bytes.
** Buffers are sized by asking the kernel first (size 0), and the call is
** made again when the value grew in between (ERANGE).
*/
#include "pyos.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/types.h>
#include <sys/xattr.h>

/* glibc's <limits.h> takes XATTR_SIZE_MAX from the kernel's; be sure. */
#if defined(__linux__) && !defined(XATTR_SIZE_MAX)
#include <linux/limits.h>
#endif

/* Where an xattr call looks: an fd, or a path with or without following
** a final symlink. */
typedef struct Target {
  int isfd;             /* use fd, not path */
  int fd;
  const char *path;
  int follow;
} Target;

/* Read path (arg 1, string or fd) and follow_symlinks from opts. As in
** Python 3.14, an fd with follow_symlinks=false raises. */
static void checktarget (lua_State *L, int opts, Target *t) {
  t->follow = pyos_kwbool(L, opts, "follow_symlinks", 1);
  t->path = NULL;
  t->fd = -1;
  t->isfd = pyos_isfdarg(L, 1);
  if (t->isfd) {
    t->fd = pyos_checkfd(L, 1);      /* the kernel refuses bad ones */
    if (!t->follow)
      pyos_argerror(L, opts, "cannot use fd and follow_symlinks together");
  }
  else
    t->path = pyos_checkpathorfd(L, 1, NULL);
}

static ssize_t dogetxattr (const Target *t, const char *name, void *buf,
                           size_t size) {
  if (t->isfd)
    return fgetxattr(t->fd, name, buf, size);
  if (t->follow)
    return getxattr(t->path, name, buf, size);
  return lgetxattr(t->path, name, buf, size);
}

static ssize_t dolistxattr (const Target *t, char *buf, size_t size) {
  if (t->isfd)
    return flistxattr(t->fd, buf, size);
  if (t->follow)
    return listxattr(t->path, buf, size);
  return llistxattr(t->path, buf, size);
}

/* A scratch buffer owned by a userdata pushed on the stack. */
static char *scratch (lua_State *L, size_t size) {
  return (char *)pyos_newuserdata(L, size > 0 ? size : 1);
}

/* getxattr(path, attribute, *, follow_symlinks=True) -> bytes. */
static int xattr_getxattr (lua_State *L) {
  static const char *const keys[] = {"follow_symlinks", NULL};
  int opts = pyos_opts(L, 2, 0, keys);
  const char *name;
  Target t;
  ssize_t n, r;
  checktarget(L, opts, &t);
  name = pyos_checkpath(L, 2, NULL);
  for (;;) {
    char *buf;
    n = dogetxattr(&t, name, NULL, 0);
    if (n == -1)
      return pyos_pusherror(L, errno, 1, 0);
    if (n == 0) {
      lua_pushliteral(L, "");
      return 1;
    }
    buf = scratch(L, (size_t)n);
    r = dogetxattr(&t, name, buf, (size_t)n);
    if (r >= 0) {
      lua_pushlstring(L, buf, (size_t)r);
      return 1;
    }
    if (errno != ERANGE)        /* ERANGE: it grew since the query */
      return pyos_pusherror(L, errno, 1, 0);
    lua_pop(L, 1);
  }
}

/* setxattr(path, attribute, value, flags=0, *, follow_symlinks=True). */
static int xattr_setxattr (lua_State *L) {
  static const char *const keys[] = {"flags", "follow_symlinks", NULL};
  int opts = pyos_opts(L, 4, 0, keys);
  const char *name, *value;
  size_t len;
  int flags, r;
  Target t;
  pyos_kwarg(L, opts, 4, "flags");
  checktarget(L, opts, &t);
  name = pyos_checkpath(L, 2, NULL);
  value = pyos_checkstring(L, 3, &len);
  flags = (int)pyos_optint(L, 4, 0, INT_MIN, INT_MAX);
  if (t.isfd)
    r = fsetxattr(t.fd, name, value, len, flags);
  else if (t.follow)
    r = setxattr(t.path, name, value, len, flags);
  else
    r = lsetxattr(t.path, name, value, len, flags);
  if (r == -1)
    return pyos_pusherror(L, errno, 1, 0);
  return pyos_pushok(L);
}

/* removexattr(path, attribute, *, follow_symlinks=True). */
static int xattr_removexattr (lua_State *L) {
  static const char *const keys[] = {"follow_symlinks", NULL};
  int opts = pyos_opts(L, 2, 0, keys);
  const char *name;
  Target t;
  int r;
  checktarget(L, opts, &t);
  name = pyos_checkpath(L, 2, NULL);
  if (t.isfd)
    r = fremovexattr(t.fd, name);
  else if (t.follow)
    r = removexattr(t.path, name);
  else
    r = lremovexattr(t.path, name);
  if (r == -1)
    return pyos_pusherror(L, errno, 1, 0);
  return pyos_pushok(L);
}

/* Push the NUL-separated names of buf[0..n) as an array. */
static void pushnames (lua_State *L, const char *buf, size_t n) {
  size_t i = 0;
  int k = 0;
  lua_newtable(L);
  while (i < n) {
    size_t len = strnlen(buf + i, n - i);
    if (len > 0) {
      lua_pushlstring(L, buf + i, len);
      lua_rawseti(L, -2, ++k);
    }
    i += len + 1;
  }
}

/* listxattr(path=None, *, follow_symlinks=True) -> array of names. A nil
** path is '.', and, as in Python, an error then names no file. */
static int xattr_listxattr (lua_State *L) {
  static const char *const keys[] = {"follow_symlinks", NULL};
  int opts = pyos_opts(L, 1, 0, keys);
  int fn = lua_isnoneornil(L, 1) ? 0 : 1;
  Target t;
  ssize_t n, r;
  if (fn == 0) {
    if (lua_gettop(L) < 1)
      lua_settop(L, 1);
    lua_pushliteral(L, ".");
    lua_replace(L, 1);
  }
  checktarget(L, opts, &t);
  for (;;) {
    char *buf;
    n = dolistxattr(&t, NULL, 0);
    if (n == -1)
      return pyos_pusherror(L, errno, fn, 0);
    buf = scratch(L, (size_t)n);
    r = n == 0 ? 0 : dolistxattr(&t, buf, (size_t)n);
    if (r >= 0) {
      pushnames(L, buf, (size_t)r);
      return 1;
    }
    if (errno != ERANGE)        /* ERANGE: the list grew since the query */
      return pyos_pusherror(L, errno, fn, 0);
    lua_pop(L, 1);
  }
}

static const pyos_Const xattr_consts[] = {
#ifdef XATTR_CREATE
  PYOS_CONST(XATTR_CREATE),
#endif
#ifdef XATTR_REPLACE
  PYOS_CONST(XATTR_REPLACE),
#endif
#ifdef XATTR_SIZE_MAX
  PYOS_CONST(XATTR_SIZE_MAX),
#endif
  {NULL, 0}
};

static const luaL_Reg xattr_funcs[] = {
  {"getxattr", xattr_getxattr},
  {"listxattr", xattr_listxattr},
  {"removexattr", xattr_removexattr},
  {"setxattr", xattr_setxattr},
  {NULL, NULL}
};

PYOS_EXPORT int luaopen_pyos_xattr (lua_State *L) {
  pyos_newmodule(L, xattr_funcs, xattr_consts);
  pyos_setnames(L, -1, "pyos.");   /* for the messages */
  return 1;
}
