/*
** fs_info.c: pathconf and pathconf_names, statvfs and its result table,
** utime. Part of pyos.fs.
*/
#include "fs_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define PYOS_STATVFS   "pyos.statvfs_result"


/* ---- pathconf ------------------------------------------------------------ */

/* CPython's table of pathconf names, each where the platform has it. */
static const pyos_Const pathconf_names[] = {
#ifdef _PC_ABI_AIO_XFER_MAX
  {"PC_ABI_AIO_XFER_MAX", _PC_ABI_AIO_XFER_MAX},
#endif
#ifdef _PC_ABI_ASYNC_IO
  {"PC_ABI_ASYNC_IO", _PC_ABI_ASYNC_IO},
#endif
#ifdef _PC_ASYNC_IO
  {"PC_ASYNC_IO", _PC_ASYNC_IO},
#endif
#ifdef _PC_CHOWN_RESTRICTED
  {"PC_CHOWN_RESTRICTED", _PC_CHOWN_RESTRICTED},
#endif
#ifdef _PC_FILESIZEBITS
  {"PC_FILESIZEBITS", _PC_FILESIZEBITS},
#endif
#ifdef _PC_LAST
  {"PC_LAST", _PC_LAST},
#endif
#ifdef _PC_LINK_MAX
  {"PC_LINK_MAX", _PC_LINK_MAX},
#endif
#ifdef _PC_MAX_CANON
  {"PC_MAX_CANON", _PC_MAX_CANON},
#endif
#ifdef _PC_MAX_INPUT
  {"PC_MAX_INPUT", _PC_MAX_INPUT},
#endif
#ifdef _PC_NAME_MAX
  {"PC_NAME_MAX", _PC_NAME_MAX},
#endif
#ifdef _PC_NO_TRUNC
  {"PC_NO_TRUNC", _PC_NO_TRUNC},
#endif
#ifdef _PC_PATH_MAX
  {"PC_PATH_MAX", _PC_PATH_MAX},
#endif
#ifdef _PC_PIPE_BUF
  {"PC_PIPE_BUF", _PC_PIPE_BUF},
#endif
#ifdef _PC_PRIO_IO
  {"PC_PRIO_IO", _PC_PRIO_IO},
#endif
#ifdef _PC_SOCK_MAXBUF
  {"PC_SOCK_MAXBUF", _PC_SOCK_MAXBUF},
#endif
#ifdef _PC_SYNC_IO
  {"PC_SYNC_IO", _PC_SYNC_IO},
#endif
#ifdef _PC_VDISABLE
  {"PC_VDISABLE", _PC_VDISABLE},
#endif
#ifdef _PC_ACL_ENABLED
  {"PC_ACL_ENABLED", _PC_ACL_ENABLED},
#endif
#ifdef _PC_MIN_HOLE_SIZE
  {"PC_MIN_HOLE_SIZE", _PC_MIN_HOLE_SIZE},
#endif
#ifdef _PC_ALLOC_SIZE_MIN
  {"PC_ALLOC_SIZE_MIN", _PC_ALLOC_SIZE_MIN},
#endif
#ifdef _PC_REC_INCR_XFER_SIZE
  {"PC_REC_INCR_XFER_SIZE", _PC_REC_INCR_XFER_SIZE},
#endif
#ifdef _PC_REC_MAX_XFER_SIZE
  {"PC_REC_MAX_XFER_SIZE", _PC_REC_MAX_XFER_SIZE},
#endif
#ifdef _PC_REC_MIN_XFER_SIZE
  {"PC_REC_MIN_XFER_SIZE", _PC_REC_MIN_XFER_SIZE},
#endif
#ifdef _PC_REC_XFER_ALIGN
  {"PC_REC_XFER_ALIGN", _PC_REC_XFER_ALIGN},
#endif
#ifdef _PC_SYMLINK_MAX
  {"PC_SYMLINK_MAX", _PC_SYMLINK_MAX},
#endif
#ifdef _PC_XATTR_ENABLED
  {"PC_XATTR_ENABLED", _PC_XATTR_ENABLED},
#endif
#ifdef _PC_XATTR_EXISTS
  {"PC_XATTR_EXISTS", _PC_XATTR_EXISTS},
#endif
#ifdef _PC_TIMESTAMP_RESOLUTION
  {"PC_TIMESTAMP_RESOLUTION", _PC_TIMESTAMP_RESOLUTION},
#endif
  {NULL, 0}
};


/* pathconf(path, name): path may be an fd. -1 when there is no limit.
** EINVAL names no file (it may be the name's fault), as in Python. */
static int fs_pathconf (lua_State *L) {
  int name;
  long r;
  pyos_checknargs(L, 2);
  pyos_checkpathorfd(L, 1, NULL);           /* the arguments in order */
  name = pyos_checkconfname(L, 2, lua_upvalueindex(1));
  if (pyos_isfdarg(L, 1)) {
    int fd = pyos_checkfd(L, 1);
    errno = 0;
    r = fpathconf(fd, name);
  }
  else {
    const char *path = pyos_checkpathorfd(L, 1, NULL);
    errno = 0;
    r = pathconf(path, name);
  }
  if (r == -1 && errno != 0)
    return pyos_pusherror(L, errno, errno == EINVAL ? 0 : 1, 0);
  pyos_pushint(L, r);
  return 1;
}


/* ---- statvfs ------------------------------------------------------------- */

static const char *const statvfs_names[] = {
  "f_bsize", "f_frsize", "f_blocks", "f_bfree", "f_bavail", "f_files",
  "f_ffree", "f_favail", "f_flag", "f_namemax", NULL
};

/* Python's repr: the ten tuple fields by name. */
static int statvfs_tostring (lua_State *L) {
  luaL_Buffer b;
  char num[32];
  int i;
  pyos_checktable(L, 1);
  luaL_buffinit(L, &b);
  luaL_addstring(&b, "os.statvfs_result(");
  for (i = 0; statvfs_names[i] != NULL; i++) {
    if (i > 0)
      luaL_addstring(&b, ", ");
    luaL_addstring(&b, statvfs_names[i]);
    luaL_addchar(&b, '=');
    lua_rawgeti(L, 1, i + 1);
    if (pyos_isinteger(L, -1))
      snprintf(num, sizeof num, "%lld", (long long)lua_tointeger(L, -1));
    else
      snprintf(num, sizeof num, "%.0f", (double)lua_tonumber(L, -1));
    lua_pop(L, 1);
    lua_pushstring(L, num);
    luaL_addvalue(&b);
  }
  luaL_addchar(&b, ')');
  luaL_pushresult(&b);
  return 1;
}

static void pushstatvfs (lua_State *L, const struct statvfs *s) {
  unsigned long long v[10];
  int i;
  v[0] = s->f_bsize; v[1] = s->f_frsize; v[2] = s->f_blocks;
  v[3] = s->f_bfree; v[4] = s->f_bavail; v[5] = s->f_files;
  v[6] = s->f_ffree; v[7] = s->f_favail; v[8] = s->f_flag;
  v[9] = s->f_namemax;
  lua_createtable(L, 10, 11);
  for (i = 0; i < 10; i++) {
    pyos_pushint(L, v[i]);
    lua_pushvalue(L, -1);
    lua_rawseti(L, -3, i + 1);
    lua_setfield(L, -2, statvfs_names[i]);
  }
  pyos_pushint(L, (long long)s->f_fsid);   /* the same 64 bits */
  lua_setfield(L, -2, "f_fsid");
  luaL_getmetatable(L, PYOS_STATVFS);
  lua_setmetatable(L, -2);
}

/* statvfs(path): path may be an fd. */
static int fs_statvfs (lua_State *L) {
  struct statvfs s;
  int r;
  pyos_checknargs(L, 1);
  if (pyos_isfdarg(L, 1)) {
    int fd = pyos_checkfd(L, 1);
    do r = fstatvfs(fd, &s); while (r == -1 && pyos_retry(L));
  }
  else {
    const char *path = pyos_checkpathorfd(L, 1, NULL);
    do r = statvfs(path, &s); while (r == -1 && pyos_retry(L));
  }
  if (r == -1)
    return pyos_pusherror(L, errno, 1, 0);
  pushstatvfs(L, &s);
  return 1;
}


/* ---- utime --------------------------------------------------------------- */

/* Seconds as a number (times[i] at idx) to a timespec, rounding toward
** minus infinity as Python does (_PyTime_ObjectToTimespec, ROUND_FLOOR). */
static void totimespec (lua_State *L, int idx, int i, struct timespec *ts) {
  double d, intpart, frac;
  if (pyos_isinteger(L, idx)) {
    ts->tv_sec = (time_t)lua_tointeger(L, idx);
    ts->tv_nsec = 0;
    return;
  }
  if (lua_type(L, idx) != LUA_TNUMBER)
    pyos_placetypeerror(L, idx, 2, "times[%d]", i, 0, "number");
  d = (double)lua_tonumber(L, idx);
  if (isnan(d))
    pyos_placeerror(L, 2, "times[%d]", i, 0, "invalid value NaN (not a number)");
  frac = modf(d, &intpart);
  frac = floor(frac * 1e9);
  if (frac >= 1e9) {
    frac -= 1e9;
    intpart += 1.0;
  }
  else if (frac < 0) {
    frac += 1e9;
    intpart -= 1.0;
  }
  if (!(intpart >= -9223372036854775808.0 && intpart < 9223372036854775808.0))
    pyos_placeerror(L, 2, "times[%d]", i, 0,
                    "timestamp out of range for platform time_t");
  ts->tv_sec = (time_t)intpart;
  ts->tv_nsec = (long)frac;
}

/* times = {atime, mtime}, seconds as numbers, at slot 2. */
static void checktimes (lua_State *L, struct timespec ts[2]) {
  int i;
  if (lua_type(L, 2) != LUA_TTABLE || pyos_rawlen(L, 2) != 2)
    pyos_argerror(L, 2, "times must be {atime, mtime}");
  for (i = 0; i < 2; i++) {
    lua_rawgeti(L, 2, i + 1);
    totimespec(L, lua_gettop(L), i + 1, &ts[i]);
    lua_pop(L, 1);
  }
}

/* ns = {atime_ns, mtime_ns}, integers, pushed at the stack top. */
static void checkns (lua_State *L, int opts, struct timespec ts[2]) {
  int i;
  if (lua_type(L, -1) != LUA_TTABLE || pyos_rawlen(L, -1) != 2)
    pyos_kwerror(L, opts, "ns", "must be {atime_ns, mtime_ns}");
  for (i = 0; i < 2; i++) {
    long long ns, sec, nsec;
    lua_rawgeti(L, -1, i + 1);
    ns = pyos_checkintat(L, -1, opts, "option 'ns'[%d]", i + 1, 0,
                         LLONG_MIN, LLONG_MAX);
    lua_pop(L, 1);
    sec = ns / 1000000000LL;
    nsec = ns % 1000000000LL;
    if (nsec < 0) {           /* floor division, as Python's divmod */
      nsec += 1000000000LL;
      sec -= 1;
    }
    ts[i].tv_sec = (time_t)sec;
    ts[i].tv_nsec = (long)nsec;
  }
}

/* utime(path, times=None, *, ns, dir_fd=None, follow_symlinks=True):
** path may be an fd. Neither times nor ns: now. Errors name the file
** (or the fd), as Python's since 3.13. */
static int fs_utime (lua_State *L) {
  static const char *const keys[] = {"times", "ns", "dir_fd",
                                     "follow_symlinks", NULL};
  int opts = pyos_opts(L, 2, 0x2, keys);
  struct timespec ts[2];
  struct timespec *tsp = NULL;
  int dirfd, follow, r;
  pyos_kwarg(L, opts, 2, "times");
  dirfd = pyos_kwdirfd(L, opts, "dir_fd");
  follow = pyos_kwbool(L, opts, "follow_symlinks", 1);
  if (pyos_kwget(L, opts, "ns") != LUA_TNIL) {
    if (!lua_isnoneornil(L, 2))
      return pyos_argerror(L, opts, "you may specify either 'times' or "
                                    "'ns' but not both");
    checkns(L, opts, ts);
    tsp = ts;
  }
  else if (!lua_isnoneornil(L, 2)) {
    checktimes(L, ts);
    tsp = ts;
  }
  lua_pop(L, 1);
  if (pyos_isfdarg(L, 1)) {
    int fd = pyos_checkfd(L, 1);
    if (!follow)
      return pyos_argerror(L, opts, "cannot use fd and follow_symlinks "
                                    "together");
    if (dirfd != AT_FDCWD)
      return pyos_argerror(L, opts, "can't specify dir_fd without "
                                    "matching path");
    r = futimens(fd, tsp);
  }
  else {
    const char *path = pyos_checkpathorfd(L, 1, NULL);
    r = utimensat(dirfd, path, tsp, follow ? 0 : AT_SYMLINK_NOFOLLOW);
  }
  if (r == -1)
    return pyos_pusherror(L, errno, 1, 0);
  return pyos_pushok(L);
}


/* ---- Registration -------------------------------------------------------- */

/* statvfs's f_flag bits: os.ST_*, the names Python has. */
static const pyos_Const fs_info_consts[] = {
#ifdef ST_RDONLY
  PYOS_CONST(ST_RDONLY),
#endif
#ifdef ST_NOSUID
  PYOS_CONST(ST_NOSUID),
#endif
#ifdef ST_NODEV
  PYOS_CONST(ST_NODEV),
#endif
#ifdef ST_NOEXEC
  PYOS_CONST(ST_NOEXEC),
#endif
#ifdef ST_SYNCHRONOUS
  PYOS_CONST(ST_SYNCHRONOUS),
#endif
#ifdef ST_MANDLOCK
  PYOS_CONST(ST_MANDLOCK),
#endif
#ifdef ST_WRITE
  PYOS_CONST(ST_WRITE),
#endif
#ifdef ST_APPEND
  PYOS_CONST(ST_APPEND),
#endif
#ifdef ST_NOATIME
  PYOS_CONST(ST_NOATIME),
#endif
#ifdef ST_NODIRATIME
  PYOS_CONST(ST_NODIRATIME),
#endif
#ifdef ST_RELATIME
  PYOS_CONST(ST_RELATIME),
#endif
  {NULL, 0}
};

/* pathconf's upvalue: a private copy of pathconf_names. */
static const luaL_Reg fs_pathconf_funcs[] = {
  {"pathconf", fs_pathconf},
  {NULL, NULL}
};

static const luaL_Reg fs_info_funcs[] = {
  {"statvfs", fs_statvfs},
  {"utime", fs_utime},
  {NULL, NULL}
};

/* Add the functions and constants of this file to the fs table at -1. */
void pyos_fs_openinfo (lua_State *L) {
  static const luaL_Reg statvfs_meta[] = {
    {"__tostring", statvfs_tostring},
    {NULL, NULL}
  };
  pyos_newclass(L, PYOS_STATVFS, statvfs_meta, NULL);
  lua_newtable(L);
  pyos_setconsts(L, pathconf_names);
  lua_setfield(L, -2, "pathconf_names");
  lua_newtable(L);
  pyos_setconsts(L, pathconf_names);
  pyos_setfuncs(L, fs_pathconf_funcs, 1);
  pyos_setfuncs(L, fs_info_funcs, 0);
  pyos_setconsts(L, fs_info_consts);
}
