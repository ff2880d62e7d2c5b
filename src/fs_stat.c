/*
** fs_stat.c: stat, lstat, fstat, the stat_result type, and the helpers
** and constants of Python's stat module. Part of pyos.fs.
*/
#include "pyos.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>


/* ---- stat_result ------------------------------------------------------- */

enum {
  F_MODE = 1, F_INO, F_DEV, F_NLINK, F_UID, F_GID, F_SIZE,
  F_ATIME, F_MTIME, F_CTIME,               /* floats, seconds */
  F_ATIME_NS, F_MTIME_NS, F_CTIME_NS,      /* integers, nanoseconds */
  F_BLKSIZE, F_BLOCKS, F_RDEV,
  F_ATIME_INT, F_MTIME_INT, F_CTIME_INT    /* tuple slots 8..10 only */
};

/* The named fields, in the order __pairs gives them. */
static const char *const stat_names[] = {
  NULL, "st_mode", "st_ino", "st_dev", "st_nlink", "st_uid", "st_gid",
  "st_size", "st_atime", "st_mtime", "st_ctime", "st_atime_ns",
  "st_mtime_ns", "st_ctime_ns", "st_blksize", "st_blocks", "st_rdev"
};
#define NNAMES   16

/* Python's tuple view: integer times at 8..10 (Lua's 1-based 7..9 of
** Python's 0-based tuple). */
static const int stat_tuple[] = {
  0, F_MODE, F_INO, F_DEV, F_NLINK, F_UID, F_GID, F_SIZE,
  F_ATIME_INT, F_MTIME_INT, F_CTIME_INT
};
#define NTUPLE   10

#define tostat(L, i)   ((struct stat *)luaL_checkudata(L, (i), PYOS_STAT))

/* Python computes the float as sec + nsec * 1e-9; so does pyos, so that
** the two agree to the last bit. */
static void pushtime (lua_State *L, const struct timespec *t) {
  lua_pushnumber(L, (lua_Number)((double)t->tv_sec + t->tv_nsec * 1e-9));
}

static void pushns (lua_State *L, const struct timespec *t) {
  pyos_pushint(L, (long long)t->tv_sec * 1000000000LL + t->tv_nsec);
}

static void pushfield (lua_State *L, const struct stat *st, int f) {
  switch (f) {
    case F_MODE: pyos_pushint(L, st->st_mode); break;
    case F_INO: pyos_pushint(L, st->st_ino); break;
    case F_DEV: pyos_pushint(L, st->st_dev); break;
    case F_NLINK: pyos_pushint(L, st->st_nlink); break;
    case F_UID: pyos_pushint(L, st->st_uid); break;
    case F_GID: pyos_pushint(L, st->st_gid); break;
    case F_SIZE: pyos_pushint(L, st->st_size); break;
    case F_ATIME: pushtime(L, &st->st_atim); break;
    case F_MTIME: pushtime(L, &st->st_mtim); break;
    case F_CTIME: pushtime(L, &st->st_ctim); break;
    case F_ATIME_NS: pushns(L, &st->st_atim); break;
    case F_MTIME_NS: pushns(L, &st->st_mtim); break;
    case F_CTIME_NS: pushns(L, &st->st_ctim); break;
    case F_BLKSIZE: pyos_pushint(L, st->st_blksize); break;
    case F_BLOCKS: pyos_pushint(L, st->st_blocks); break;
    case F_RDEV: pyos_pushint(L, st->st_rdev); break;
    case F_ATIME_INT: pyos_pushint(L, st->st_atim.tv_sec); break;
    case F_MTIME_INT: pyos_pushint(L, st->st_mtim.tv_sec); break;
    case F_CTIME_INT: pyos_pushint(L, st->st_ctim.tv_sec); break;
    default: lua_pushnil(L); break;
  }
}

/* Field number of the key at idx: upvalue 1 maps names to numbers (and
** "totable" to its function, which gives 0 here). */
static int fieldof (lua_State *L, int idx) {
  int f = 0;
  if (lua_type(L, idx) == LUA_TNUMBER) {
    lua_Number n = lua_tonumber(L, idx);
    if (n >= 1 && n <= NTUPLE && n == (int)n)
      f = stat_tuple[(int)n];
  }
  else if (lua_type(L, idx) == LUA_TSTRING) {
    lua_pushvalue(L, idx);
    lua_rawget(L, lua_upvalueindex(1));
    f = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
  }
  return f;
}

static int stat_index (lua_State *L) {
  const struct stat *st = tostat(L, 1);
  int f = fieldof(L, 2);
  if (f == 0 && lua_type(L, 2) == LUA_TSTRING) {   /* a method, or nil */
    lua_pushvalue(L, 2);
    lua_rawget(L, lua_upvalueindex(1));
    if (lua_type(L, -1) == LUA_TFUNCTION)
      return 1;
    lua_pop(L, 1);
  }
  pushfield(L, st, f);
  return 1;
}

static int stat_len (lua_State *L) {
  tostat(L, 1);
  lua_pushinteger(L, NTUPLE);
  return 1;
}

/* Equal when the ten tuple fields are, as Python compares them. */
static int stat_eq (lua_State *L) {
  const struct stat *a = tostat(L, 1);
  const struct stat *b = tostat(L, 2);
  lua_pushboolean(L, a->st_mode == b->st_mode && a->st_ino == b->st_ino
                  && a->st_dev == b->st_dev && a->st_nlink == b->st_nlink
                  && a->st_uid == b->st_uid && a->st_gid == b->st_gid
                  && a->st_size == b->st_size
                  && a->st_atim.tv_sec == b->st_atim.tv_sec
                  && a->st_mtim.tv_sec == b->st_mtim.tv_sec
                  && a->st_ctim.tv_sec == b->st_ctim.tv_sec);
  return 1;
}

/* Python's repr: the ten tuple fields, times as integers. */
static int stat_tostring (lua_State *L) {
  const struct stat *st = tostat(L, 1);
  char buf[512];
  snprintf(buf, sizeof buf, "os.stat_result(st_mode=%lu, st_ino=%llu, "
           "st_dev=%llu, st_nlink=%llu, st_uid=%lu, st_gid=%lu, "
           "st_size=%lld, st_atime=%lld, st_mtime=%lld, st_ctime=%lld)",
           (unsigned long)st->st_mode, (unsigned long long)st->st_ino,
           (unsigned long long)st->st_dev, (unsigned long long)st->st_nlink,
           (unsigned long)st->st_uid, (unsigned long)st->st_gid,
           (long long)st->st_size, (long long)st->st_atim.tv_sec,
           (long long)st->st_mtim.tv_sec, (long long)st->st_ctim.tv_sec);
  lua_pushstring(L, buf);
  return 1;
}

/* __pairs iterator: the named fields in order. */
static int stat_next (lua_State *L) {
  const struct stat *st = tostat(L, 1);
  int f = lua_isnil(L, 2) ? 0 : fieldof(L, 2);
  if (f >= NNAMES)
    return 0;
  lua_pushstring(L, stat_names[f + 1]);
  pushfield(L, st, f + 1);
  return 2;
}

/* st:totable(): a plain table of the named fields, what pairs(st) gives,
** for what takes no userdata (ngx.run_worker_thread, serializers) and
** for pairs on Lua 5.1 and LuaJIT. */
static int stat_totable (lua_State *L) {
  const struct stat *st = tostat(L, 1);
  int f;
  pyos_checknargs(L, 1);
  lua_createtable(L, 0, NNAMES);
  for (f = 1; f <= NNAMES; f++) {
    pushfield(L, st, f);
    lua_setfield(L, -2, stat_names[f]);
  }
  return 1;
}

static int stat_pairs (lua_State *L) {
  tostat(L, 1);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushcclosure(L, stat_next, 1);
  lua_pushvalue(L, 1);
  lua_pushnil(L);
  return 3;
}

/* The metatable's key (pyos_keyclass): pyos_newstat runs once per stat
** call. */
static const char statkey = 0;

/* Not zeroed: the caller fills it with a stat call (which writes the
** whole struct) or drops it when the call fails. */
struct stat *pyos_newstat (lua_State *L) {
  struct stat *st = (struct stat *)pyos_newuserdata(L, sizeof *st);
  pyos_setclass(L, &statkey);
  return st;
}

void pyos_pushstat (lua_State *L, const struct stat *st) {
  memcpy(pyos_newstat(L), st, sizeof *st);
}

static void openstat (lua_State *L) {
  static const luaL_Reg meta[] = {
    {"__eq", stat_eq},
    {"__len", stat_len},
    {"__tostring", stat_tostring},
    {NULL, NULL}
  };
  static const luaL_Reg withnames[] = {
    {"__index", stat_index},
    {"__pairs", stat_pairs},
    {NULL, NULL}
  };
  int i;
  if (!luaL_newmetatable(L, PYOS_STAT)) {
    lua_pop(L, 1);
    return;
  }
  pyos_setfuncs(L, meta, 0);
  lua_pushliteral(L, "os.stat_result");
  lua_setfield(L, -2, "__name");
  lua_createtable(L, 0, NNAMES + 1);     /* name -> field number */
  for (i = 1; i <= NNAMES; i++) {
    lua_pushinteger(L, i);
    lua_setfield(L, -2, stat_names[i]);
  }
  lua_pushcfunction(L, stat_totable);    /* and the one method */
  lua_setfield(L, -2, "totable");
  pyos_setfuncs(L, withnames, 1);
  lua_pop(L, 1);
  pyos_keyclass(L, PYOS_STAT, &statkey);
}


/* ---- stat, lstat, fstat ------------------------------------------------ */

/* Shared by stat and lstat: arguments already checked up to opts. */
static int dostat (lua_State *L, int opts, int follow) {
  int dirfd = pyos_kwdirfd(L, opts, "dir_fd");
  struct stat *st;
  int r;
  if (pyos_isfdarg(L, 1)) {
    int fd = pyos_checkfd(L, 1);
    if (dirfd != AT_FDCWD)
      return pyos_argerror(L, opts, "can't specify dir_fd without matching "
                                    "path");
    if (!follow)
      return pyos_argerror(L, opts, "cannot use fd and follow_symlinks "
                                    "together");
    st = pyos_newstat(L);
    do r = fstat(fd, st); while (r == -1 && pyos_retry(L));
  }
  else {
    const char *path = pyos_checkpathorfd(L, 1, NULL);
    st = pyos_newstat(L);
    if (dirfd == AT_FDCWD && follow)
      do r = stat(path, st); while (r == -1 && pyos_retry(L));
    else
      do r = fstatat(dirfd, path, st, follow ? 0 : AT_SYMLINK_NOFOLLOW);
      while (r == -1 && pyos_retry(L));
  }
  if (r == -1)
    return pyos_pusherror(L, errno, 1, 0);
  return 1;
}

static int fs_stat (lua_State *L) {
  static const char *const keys[] = {"dir_fd", "follow_symlinks", NULL};
  int opts = pyos_opts(L, 1, 0, keys);
  return dostat(L, opts, pyos_kwbool(L, opts, "follow_symlinks", 1));
}

static int fs_lstat (lua_State *L) {
  static const char *const keys[] = {"dir_fd", NULL};
  int opts = pyos_opts(L, 1, 0, keys);
  pyos_checkpath(L, 1, NULL);          /* no fd here, as in Python */
  return dostat(L, opts, 0);
}

static int fs_fstat (lua_State *L) {
  int fd, r;
  struct stat *st;
  pyos_checknargs(L, 1);
  fd = pyos_checkfd(L, 1);
  st = pyos_newstat(L);
  do r = fstat(fd, st); while (r == -1 && pyos_retry(L));
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return 1;
}


/* ---- Python's stat module ---------------------------------------------- */

static unsigned int checkmode (lua_State *L) {
  pyos_checknargs(L, 1);
  return (unsigned int)pyos_checkint(L, 1, 0, 0xFFFFFFFFLL);
}

static int pushtype (lua_State *L, unsigned int type) {
  lua_pushboolean(L, (checkmode(L) & S_IFMT) == type);
  return 1;
}

static int fs_S_ISDIR (lua_State *L) { return pushtype(L, S_IFDIR); }
static int fs_S_ISCHR (lua_State *L) { return pushtype(L, S_IFCHR); }
static int fs_S_ISBLK (lua_State *L) { return pushtype(L, S_IFBLK); }
static int fs_S_ISREG (lua_State *L) { return pushtype(L, S_IFREG); }
static int fs_S_ISFIFO (lua_State *L) { return pushtype(L, S_IFIFO); }
static int fs_S_ISLNK (lua_State *L) { return pushtype(L, S_IFLNK); }
static int fs_S_ISSOCK (lua_State *L) { return pushtype(L, S_IFSOCK); }

/* Doors, event ports and whiteouts do not exist on Linux. Each is a
** function of its own, so that a misuse names the one called. */
static int isnone (lua_State *L) {
  checkmode(L);
  lua_pushboolean(L, 0);
  return 1;
}

static int fs_S_ISDOOR (lua_State *L) { return isnone(L); }
static int fs_S_ISPORT (lua_State *L) { return isnone(L); }
static int fs_S_ISWHT (lua_State *L) { return isnone(L); }

static int fs_S_IMODE (lua_State *L) {
  pyos_pushint(L, checkmode(L) & 07777);
  return 1;
}

static int fs_S_IFMT (lua_State *L) {
  pyos_pushint(L, checkmode(L) & S_IFMT);
  return 1;
}

static char filetype (unsigned int mode) {
  switch (mode & S_IFMT) {
    case S_IFREG: return '-';
    case S_IFDIR: return 'd';
    case S_IFLNK: return 'l';
    case S_IFBLK: return 'b';
    case S_IFCHR: return 'c';
    case S_IFIFO: return 'p';
    case S_IFSOCK: return 's';
    default: return '?';
  }
}

/* One rwx triple; special is set-id or sticky, shown as s/S or t/T. */
static void permtriple (char *p, unsigned int mode, unsigned int r,
                        unsigned int w, unsigned int x, unsigned int special,
                        char setc) {
  p[0] = (mode & r) ? 'r' : '-';
  p[1] = (mode & w) ? 'w' : '-';
  if (mode & special)
    p[2] = (mode & x) ? setc : (char)(setc - 'a' + 'A');
  else
    p[2] = (mode & x) ? 'x' : '-';
}

static int fs_filemode (lua_State *L) {
  unsigned int mode = checkmode(L);
  char buf[10];
  buf[0] = filetype(mode);
  permtriple(buf + 1, mode, S_IRUSR, S_IWUSR, S_IXUSR, S_ISUID, 's');
  permtriple(buf + 4, mode, S_IRGRP, S_IWGRP, S_IXGRP, S_ISGID, 's');
  permtriple(buf + 7, mode, S_IROTH, S_IWOTH, S_IXOTH, S_ISVTX, 't');
  lua_pushlstring(L, buf, sizeof buf);
  return 1;
}

/* Python's stat module defines these on every platform. ST_* index the
** tuple view; Lua's is 1-based, so they are Python's values plus one. */
static const pyos_Const fs_stat_consts[] = {
  {"S_IFDIR", S_IFDIR}, {"S_IFCHR", S_IFCHR}, {"S_IFBLK", S_IFBLK},
  {"S_IFREG", S_IFREG}, {"S_IFIFO", S_IFIFO}, {"S_IFLNK", S_IFLNK},
  {"S_IFSOCK", S_IFSOCK}, {"S_IFDOOR", 0}, {"S_IFPORT", 0}, {"S_IFWHT", 0},
  PYOS_CONST(S_ISUID), PYOS_CONST(S_ISGID), PYOS_CONST(S_ISVTX),
  {"S_ENFMT", S_ISGID}, {"S_IREAD", S_IRUSR}, {"S_IWRITE", S_IWUSR},
  {"S_IEXEC", S_IXUSR},
  PYOS_CONST(S_IRWXU), PYOS_CONST(S_IRUSR), PYOS_CONST(S_IWUSR),
  PYOS_CONST(S_IXUSR), PYOS_CONST(S_IRWXG), PYOS_CONST(S_IRGRP),
  PYOS_CONST(S_IWGRP), PYOS_CONST(S_IXGRP), PYOS_CONST(S_IRWXO),
  PYOS_CONST(S_IROTH), PYOS_CONST(S_IWOTH), PYOS_CONST(S_IXOTH),
  {"ST_MODE", 1}, {"ST_INO", 2}, {"ST_DEV", 3}, {"ST_NLINK", 4},
  {"ST_UID", 5}, {"ST_GID", 6}, {"ST_SIZE", 7}, {"ST_ATIME", 8},
  {"ST_MTIME", 9}, {"ST_CTIME", 10},
  {"UF_NODUMP", 0x1}, {"UF_IMMUTABLE", 0x2}, {"UF_APPEND", 0x4},
  {"UF_OPAQUE", 0x8}, {"UF_NOUNLINK", 0x10}, {"UF_COMPRESSED", 0x20},
  {"UF_HIDDEN", 0x8000}, {"SF_ARCHIVED", 0x10000},
  {"SF_IMMUTABLE", 0x20000}, {"SF_APPEND", 0x40000},
  {"SF_NOUNLINK", 0x100000}, {"SF_SNAPSHOT", 0x200000},
  {"FILE_ATTRIBUTE_READONLY", 1}, {"FILE_ATTRIBUTE_HIDDEN", 2},
  {"FILE_ATTRIBUTE_SYSTEM", 4}, {"FILE_ATTRIBUTE_DIRECTORY", 16},
  {"FILE_ATTRIBUTE_ARCHIVE", 32}, {"FILE_ATTRIBUTE_DEVICE", 64},
  {"FILE_ATTRIBUTE_NORMAL", 128}, {"FILE_ATTRIBUTE_TEMPORARY", 256},
  {"FILE_ATTRIBUTE_SPARSE_FILE", 512},
  {"FILE_ATTRIBUTE_REPARSE_POINT", 1024},
  {"FILE_ATTRIBUTE_COMPRESSED", 2048}, {"FILE_ATTRIBUTE_OFFLINE", 4096},
  {"FILE_ATTRIBUTE_NOT_CONTENT_INDEXED", 8192},
  {"FILE_ATTRIBUTE_ENCRYPTED", 16384},
  {"FILE_ATTRIBUTE_INTEGRITY_STREAM", 32768},
  {"FILE_ATTRIBUTE_VIRTUAL", 65536},
  {"FILE_ATTRIBUTE_NO_SCRUB_DATA", 131072},
  {NULL, 0}
};

static const luaL_Reg fs_stat_funcs[] = {
  {"S_IFMT", fs_S_IFMT},
  {"S_IMODE", fs_S_IMODE},
  {"S_ISBLK", fs_S_ISBLK},
  {"S_ISCHR", fs_S_ISCHR},
  {"S_ISDIR", fs_S_ISDIR},
  {"S_ISDOOR", fs_S_ISDOOR},
  {"S_ISFIFO", fs_S_ISFIFO},
  {"S_ISLNK", fs_S_ISLNK},
  {"S_ISPORT", fs_S_ISPORT},
  {"S_ISREG", fs_S_ISREG},
  {"S_ISSOCK", fs_S_ISSOCK},
  {"S_ISWHT", fs_S_ISWHT},
  {"filemode", fs_filemode},
  {"fstat", fs_fstat},
  {"lstat", fs_lstat},
  {"stat", fs_stat},
  {NULL, NULL}
};

/* Add the functions and constants of this file to the fs table at -1. */
void pyos_fs_openstat (lua_State *L) {
  openstat(L);
  pyos_setfuncs(L, fs_stat_funcs, 0);
  pyos_setconsts(L, fs_stat_consts);
}
