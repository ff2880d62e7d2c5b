/*
** fs_dir_walk.c: the C half of walk and fwalk (lua/pyos/_walk.lua).
** One call reads a whole directory and splits its names into dirs and
** files by d_type, so a walk costs one Lua round trip per directory, not
** per entry; fwalk's open directories are a stack of fds, onto which
** pushdir opens one without following a symlink it did not mean to.
**
** These are not public names (every key of the fs table is one), so they
** live in a private module of their own, package.loaded["pyos._fsdir"],
** set when pyos.fs is loaded; _walk.lua requires it.
*/
#include "fs_dir_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

enum { K_FILE, K_DIR, K_LINKDIR, K_DROP };

/* readdir's mode beyond strict (a boolean): rmtree's, symlinks as files. */
#define NOFOLLOW 2

/* Where the entries of a directory being read are: an fd for
** fstatat, and for walk the directory's path too, since Python's walk
** stats the joined path (whose symlinks count towards ELOOP). */
typedef struct Where {
  int fd;
  const char *dir;         /* NULL: stat relative to fd (fwalk) */
  size_t dirlen;
} Where;

static int statat (lua_State *L, int fd, const char *name, struct stat *st,
                   int flags) {
  int r;
  do r = fstatat(fd, name, st, flags);
  while (r == -1 && pyos_retry(L));
  return r;
}

/* stat or lstat of an entry: 0, or -1 with errno set. */
static int statentry (lua_State *L, const Where *w, const char *name,
                      struct stat *st, int flags) {
  char path[PATH_MAX];
  size_t namelen;
  int sep;
  if (w->dir == NULL)
    return statat(L, w->fd, name, st, flags);
  namelen = strlen(name);
  sep = w->dirlen > 0 && w->dir[w->dirlen - 1] != '/';
  if (w->dirlen + sep + namelen >= sizeof path) {
    errno = ENAMETOOLONG;
    return -1;
  }
  memcpy(path, w->dir, w->dirlen);
  path[w->dirlen] = '/';
  memcpy(path + w->dirlen + sep, name, namelen + 1);
  return statat(L, AT_FDCWD, path, st, flags);
}

/* True when name is a symlink (false when lstat fails, as islink). */
static int islinkat (lua_State *L, const Where *w, const char *name) {
  struct stat st;
  return statentry(L, w, name, &st, AT_SYMLINK_NOFOLLOW) == 0
         && S_ISLNK(st.st_mode);
}

/* What shutil.rmtree makes of an entry: entry.is_dir(follow_symlinks=
** False), so a symlink is a file and is never followed; only DT_UNKNOWN
** costs an lstat (a failing one counts as "not a directory"). */
static int kindnofollow (lua_State *L, const Where *w,
                         const struct dirent64 *d) {
  struct stat st;
  if (d->d_type == DT_DIR)
    return K_DIR;
  if (d->d_type == DT_UNKNOWN
      && statentry(L, w, d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0
      && S_ISDIR(st.st_mode))
    return K_DIR;
  return K_FILE;
}

/* What os.walk makes of an entry: entry.is_dir() (a failing stat counts
** as "not a directory"), and for a directory entry.is_symlink(). d_type
** answers without a system call except for symlinks (is_dir follows them)
** and DT_UNKNOWN. strict is fwalk's rule: an entry whose is_dir() raised
** is kept (as a file) only when it is a symlink; NOFOLLOW is rmtree's. */
static int kindof (lua_State *L, const Where *w, const struct dirent64 *d,
                   int strict) {
  struct stat st;
  if (strict == NOFOLLOW)
    return kindnofollow(L, w, d);
  switch (d->d_type) {
    case DT_DIR:
      return K_DIR;
    case DT_LNK:
      if (statentry(L, w, d->d_name, &st, 0) == 0 && S_ISDIR(st.st_mode))
        return K_LINKDIR;
      return K_FILE;
    case DT_UNKNOWN:
      if (statentry(L, w, d->d_name, &st, 0) == 0) {
        if (!S_ISDIR(st.st_mode))
          return K_FILE;
        return islinkat(L, w, d->d_name) ? K_LINKDIR : K_DIR;
      }
      if (errno == ENOENT || !strict || islinkat(L, w, d->d_name))
        return K_FILE;
      return K_DROP;
    default:
      return K_FILE;
  }
}

/* Presize the tables at base (dirs) and base + 1 (files) for the first
** getdents64 result buf[0 .. len), by d_type (a guess for the entries it
** leaves open): filling a table that grows from empty costs a rehash at
** each power of two (~150 instructions an entry on 5.4). Returns the
** guess for dirs, to size kinds. */
static int presize (lua_State *L, int base, const char *buf, size_t len) {
  size_t off = 0;
  int ndirs = 0, nfiles = 0;
  while (off < len) {
    const struct dirent64 *d = (const struct dirent64 *)(const void *)(buf + off);
    off += d->d_reclen;
    if (d->d_type == DT_DIR)
      ndirs++;
    else
      nfiles++;
  }
  ndirs = ndirs > 2 ? ndirs - 2 : 0;                   /* . and .. */
  lua_createtable(L, ndirs, 0);
  lua_replace(L, base);
  lua_createtable(L, nfiles, 0);
  lua_replace(L, base + 1);
  return ndirs;
}

/* One read of readdir, in the caller's C frame: where, how, what was
** read ahead (walk's), the outcome. */
typedef struct Read {
  Where w;
  int strict;
  int eof;                  /* buf holds the whole directory */
  size_t len;               /* bytes read ahead into buf */
  int ok, err;              /* readall's result and errno */
  pyos_DirBuf buf;
} Read;

/* Read the directory into r->buf until its end or until no entry more
** may fit: 0, or -1 with errno set. No Lua call: nothing can raise. */
static int readwhole (lua_State *L, Read *r) {
  r->len = 0;
  r->eof = 0;
  while (sizeof r->buf.b - r->len >= sizeof(struct dirent64)) {
    ssize_t n = pyos_dir_read(L, r->w.fd, r->buf.b + r->len,
                              sizeof r->buf.b - r->len);
    if (n == -1)
      return -1;
    if (n == 0) {
      r->eof = 1;
      break;
    }
    r->len += (size_t)n;
  }
  return 0;
}

/* Read the directory to the end (what readwhole left in r->buf first)
** into the tables at base (dirs), base + 1 (files), base + 2 (kinds: dir
** name -> is a symlink; created on the first dir). The three slots hold
** nil on entry: the tables are made (presized) once the first entries
** are read. False on a read error, errno set. */
static int readall (lua_State *L, Read *r, int base) {
  const Where *w = &r->w;
  int ndirs = 0, nfiles = 0, dirhint = 0;
  ssize_t got = (ssize_t)r->len;
  if (got == 0 && !r->eof)
    got = pyos_dir_read(L, w->fd, r->buf.b, sizeof r->buf.b);
  while (got > 0) {
    size_t off = 0;
    if (ndirs == 0 && nfiles == 0)
      dirhint = presize(L, base, r->buf.b, (size_t)got);
    while (off < (size_t)got) {
      struct dirent64 *d = (struct dirent64 *)(void *)(r->buf.b + off);
      int kind;
      off += d->d_reclen;
      if (pyos_dir_isdots(d->d_name))
        continue;
      kind = kindof(L, w, d, r->strict);
      if (kind == K_DROP)
        continue;
      lua_pushlstring(L, d->d_name, strlen(d->d_name));
      if (kind == K_FILE) {
        lua_rawseti(L, base + 1, ++nfiles);
        continue;
      }
      if (ndirs == 0) {
        lua_createtable(L, 0, dirhint);
        lua_replace(L, base + 2);
      }
      lua_pushvalue(L, -1);
      lua_rawseti(L, base, ++ndirs);
      lua_pushboolean(L, kind == K_LINKDIR);
      lua_rawset(L, base + 2);
    }
    got = r->eof ? 0 : pyos_dir_read(L, w->fd, r->buf.b, sizeof r->buf.b);
  }
  if (lua_isnil(L, base)) {             /* an empty directory */
    lua_newtable(L);
    lua_replace(L, base);
    lua_newtable(L);
    lua_replace(L, base + 1);
  }
  return got == 0;
}

/* readall into three new slots at the top: dirs, files, kinds. */
static int readtop (lua_State *L, Read *r) {
  int base = lua_gettop(L) + 1;
  lua_pushnil(L);                       /* readall makes the tables */
  lua_pushnil(L);
  lua_pushnil(L);
  r->ok = readall(L, r, base);
  r->err = errno;
  return 3;
}

/* readdir's protected part (the Read is a light userdata at 1). */
static int readall_p (lua_State *L) {
  return readtop(L, (Read *)lua_touserdata(L, 1));
}

/* readdir(path | fd, strict | "nofollow") -> dirs, files, kinds | nil,
** err, errno. A path is opened and closed here; an fd is read from its
** offset and rewound, not closed. kinds is nil when there is no
** directory. "nofollow" (rmtree): symlinks are files, never stat'ed.
** A path's directory is read whole into the C stack first when it fits
** (the usual case) and its fd closed before any Lua value is made, so an
** error (out of memory) leaks nothing. A larger one is read on under
** lua_pcall (readall_p, upvalue 1), the fd held by this C frame. (A guard
** userdata per directory did that at ~1,500 instructions, its __gc made
** it a finalizer; a pcall costs a few hundred, reading ahead nothing.) */
static int fsdir_readdir (lua_State *L) {
  Read r;
  int status;
  r.strict = lua_type(L, 2) == LUA_TSTRING ? NOFOLLOW : lua_toboolean(L, 2);
  r.len = 0;
  r.eof = 0;
  lua_settop(L, 1);
  r.w.dir = NULL;
  r.w.dirlen = 0;
  if (pyos_isfdarg(L, 1)) {             /* fwalk's: the caller holds it */
    r.w.fd = pyos_checkfd(L, 1);
    readtop(L, &r);
    lseek(r.w.fd, 0, SEEK_SET);
  }
  else {
    r.w.dir = pyos_checkpath(L, 1, &r.w.dirlen);
    r.w.fd = pyos_dir_openat(L, AT_FDCWD, r.w.dir, O_RDONLY | O_DIRECTORY);
    if (r.w.fd == -1)
      return pyos_pusherror(L, errno, 1, 0);
    if (readwhole(L, &r) == -1) {
      int e = errno;
      close(r.w.fd);
      return pyos_pusherror(L, e, 1, 0);
    }
    if (r.eof) {                        /* walk stats by path, not by fd */
      close(r.w.fd);
      r.w.fd = -1;
      readtop(L, &r);
    }
    else {
      lua_pushvalue(L, lua_upvalueindex(1));
      lua_pushlightuserdata(L, &r);
      status = lua_pcall(L, 1, 3, 0);
      close(r.w.fd);
      if (status != 0)
        return lua_error(L);
    }
  }
  if (!r.ok)
    return pyos_pusherror(L, r.err, 1, 0);
  return 3;
}

/* ---- fwalk's open directories ------------------------------------------
** One stack of fds per fwalk: pushdir opens a directory onto it, popdir
** closes the top one, closedirs all; its __gc closes what a loop left by
** break. (A guard userdata per directory cost ~2,500 instructions on 5.4:
** the userdata, its finalizer, two method calls.) These functions have
** the stack's metatable as upvalue 1. */

#define PYOS_FDSTACK "pyos.FdStack"

typedef struct FdStack {
  int n, cap;
  int *fds;                 /* fds[0 .. n) are open; malloc'd */
} FdStack;

/* The stack at 1 (its metatable left above the arguments). */
static FdStack *tostack (lua_State *L) {
  return (FdStack *)pyos_dir_checktype(L, 1, lua_upvalueindex(1),
                                       PYOS_FDSTACK);
}

static void closeall (FdStack *s) {
  while (s->n > 0)
    close(s->fds[--s->n]);
}

/* fdstack() -> an empty stack. */
static int fsdir_fdstack (lua_State *L) {
  FdStack *s = (FdStack *)pyos_newuserdata(L, sizeof *s);
  s->n = s->cap = 0;
  s->fds = NULL;
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_setmetatable(L, -2);
  return 1;
}

/* __gc: every fd closed, the array freed. */
static int fdstack_gc (lua_State *L) {
  FdStack *s = (FdStack *)lua_touserdata(L, 1);
  closeall(s);
  free(s->fds);
  s->fds = NULL;
  s->cap = 0;
  return 0;
}

/* closedirs(stack): every fd closed. */
static int fsdir_closedirs (lua_State *L) {
  closeall(tostack(L));
  return 0;
}

/* popdir(stack): the top fd closed. */
static int fsdir_popdir (lua_State *L) {
  FdStack *s = tostack(L);
  if (s->n > 0)
    close(s->fds[--s->n]);
  return 0;
}

/* Room for one fd more, made before the open so that a failing
** allocation (it raises) leaks nothing. */
static void reserve (lua_State *L, FdStack *s) {
  int *fds;
  int cap;
  if (s->n < s->cap)
    return;
  cap = s->cap > 0 ? 2 * s->cap : 16;
  fds = (int *)realloc(s->fds, (size_t)cap * sizeof *fds);
  if (fds == NULL) {
    lua_pushliteral(L, "not enough memory");
    lua_error(L);
  }
  s->fds = fds;
  s->cap = cap;
}

/* pushdir(stack, dirfd | nil, name, follow) -> fd | false | nil, err,
** errno. fwalk's open of a directory, onto the stack: without follow,
** lstat first (not a directory: false), open with O_NOFOLLOW, and compare
** st_dev and st_ino of the lstat with an fstat of what was opened
** (another file: false), as CPython's symlink-race check. */
static int fsdir_pushdir (lua_State *L) {
  FdStack *s;
  int dirfd, follow, fd;
  int flags = O_RDONLY | O_DIRECTORY | O_NONBLOCK;
  const char *name;
  struct stat before, after;
  lua_settop(L, 4);
  s = tostack(L);
  dirfd = lua_isnoneornil(L, 2) ? AT_FDCWD : pyos_checkfd(L, 2);
  name = pyos_checkpath(L, 3, NULL);          /* anchored at 3 */
  follow = lua_toboolean(L, 4);
  lua_settop(L, 4);                           /* tostack's metatable */
  reserve(L, s);
  if (!follow) {
    if (statat(L, dirfd, name, &before, AT_SYMLINK_NOFOLLOW) == -1)
      return pyos_pusherror(L, errno, 3, 0);
    if (!S_ISDIR(before.st_mode)) {
      lua_pushboolean(L, 0);
      return 1;
    }
    flags |= O_NOFOLLOW;
  }
  fd = pyos_dir_openat(L, dirfd, name, flags);
  if (fd == -1) {
    int e = errno;
    if (!follow && (e == ELOOP || e == ENOTDIR)) {   /* swapped: skip it */
      lua_pushboolean(L, 0);
      return 1;
    }
    return pyos_pusherror(L, e, 3, 0);
  }
  if (!follow) {
    if (fstat(fd, &after) == -1) {
      int e = errno;
      close(fd);
      return pyos_pusherror(L, e, 0, 0);
    }
    if (before.st_dev != after.st_dev || before.st_ino != after.st_ino) {
      close(fd);
      lua_pushboolean(L, 0);
      return 1;
    }
  }
  s->fds[s->n++] = fd;
  lua_pushinteger(L, fd);
  return 1;
}

void pyos_fs_openwalk (lua_State *L) {
  static const luaL_Reg stack_meta[] = {
    {"__gc", fdstack_gc},
    {NULL, NULL}
  };
  static const luaL_Reg stack_funcs[] = {
    {"closedirs", fsdir_closedirs},
    {"fdstack", fsdir_fdstack},
    {"popdir", fsdir_popdir},
    {"pushdir", fsdir_pushdir},
    {NULL, NULL}
  };
  static const luaL_Reg none[] = {{NULL, NULL}};
  pyos_newclass(L, PYOS_FDSTACK, stack_meta, NULL);
  pyos_setprivate(L, "pyos._fsdir", none);
  lua_getfield(L, LUA_REGISTRYINDEX, "_LOADED");
  lua_getfield(L, -1, "pyos._fsdir");
  if (lua_type(L, -1) == LUA_TTABLE) {
    luaL_getmetatable(L, PYOS_FDSTACK);     /* the stack functions' upvalue */
    pyos_setfuncs(L, stack_funcs, 1);
    lua_pushcfunction(L, readall_p);        /* readdir: a closure */
    lua_pushcclosure(L, fsdir_readdir, 1);
    lua_setfield(L, -2, "readdir");
  }
  lua_pop(L, 2);
}
