/*
** fs_dir.c: scandir and its DirEntry, listdir. Part of pyos.fs.
** Directories are read with getdents64 straight into a buffer; names go
** to Lua without a readdir(3) layer. The private helpers of walk and
** fwalk live in fs_dir_walk.c.
*/
#include "fs_dir_int.h"

#include "lualib.h"     /* LUA_JITLIBNAME: LuaJIT gets a Lua __index */

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#define PYOS_SCANDIR    "pyos.ScandirIterator"
#define PYOS_DIRENTRY   "pyos.DirEntry"


/* ---- Reading directories (shared with fs_dir_walk.c) ------------------ */

int pyos_dir_openat (lua_State *L, int dirfd, const char *path, int flags) {
  int fd, collected = 0;
  for (;;) {
    do fd = openat(dirfd, path, flags | O_CLOEXEC);
    while (fd == -1 && pyos_retry(L));
    if (fd != -1 || collected || (errno != EMFILE && errno != ENFILE))
      return fd;
    collected = 1;
    lua_gc(L, LUA_GCCOLLECT, 0);
  }
}

/* F_DUPFD_CLOEXEC, with the same one collection on EMFILE. */
static int dupfd (lua_State *L, int fd) {
  int d, collected = 0;
  for (;;) {
    d = fcntl(fd, F_DUPFD_CLOEXEC, 0);
    if (d != -1 || collected || (errno != EMFILE && errno != ENFILE))
      return d;
    collected = 1;
    lua_gc(L, LUA_GCCOLLECT, 0);
  }
}

/* As fdopendir(3): the duplicate must be a directory. */
int pyos_dir_dup (lua_State *L, int fd, int *dupfailed) {
  struct stat st;
  int d = dupfd(L, fd);
  int r;
  *dupfailed = d == -1;
  if (d == -1)
    return -1;
  r = fstat(d, &st);
  if (r == -1 || !S_ISDIR(st.st_mode)) {
    int e = r == -1 ? errno : ENOTDIR;
    close(d);
    errno = e;
    return -1;
  }
  return d;
}

ssize_t pyos_dir_read (lua_State *L, int fd, char *p, size_t n) {
  ssize_t got;
  do got = getdents64(fd, p, n);
  while (got == -1 && pyos_retry(L));
  return got;
}

/* The entry at offset off of a getdents64 result. */
static struct dirent64 *direntat (pyos_DirBuf *buf, size_t off) {
  return (struct dirent64 *)(void *)(buf->b + off);
}


/* ---- The descriptor guard ---------------------------------------------- */

#define toguard(L, i)   ((pyos_DirFd *)pyos_checkudata(L, (i), PYOS_DIRFD))

pyos_DirFd *pyos_dir_newguard (lua_State *L) {
  pyos_DirFd *g = (pyos_DirFd *)pyos_newuserdata(L, sizeof *g);
  g->fd = -1;
  g->buf = NULL;
  luaL_getmetatable(L, PYOS_DIRFD);
  lua_setmetatable(L, -2);
  return g;
}

void pyos_dir_closeguard (pyos_DirFd *g) {
  if (g->fd >= 0) {
    close(g->fd);
    g->fd = -1;
  }
  free(g->buf);
  g->buf = NULL;
}

static int guard_close (lua_State *L) {
  pyos_dir_closeguard(toguard(L, 1));
  return 0;
}

static int guard_fileno (lua_State *L) {
  lua_pushinteger(L, toguard(L, 1)->fd);
  return 1;
}

static void openguard (lua_State *L) {
  static const luaL_Reg meta[] = {
    {"__close", guard_close},
    {"__gc", guard_close},
    {NULL, NULL}
  };
  static const luaL_Reg meth[] = {
    {"close", guard_close},
    {"fileno", guard_fileno},
    {NULL, NULL}
  };
  pyos_newclass(L, PYOS_DIRFD, meta, meth);
}


/* ---- listdir ----------------------------------------------------------- */

/* Read the whole directory on g->fd (from its offset) into one buffer
** before making any string: the kernel's walk over the directory and
** Lua's string table then do not evict each other from the caches. The
** first PYOS_DIRBUF bytes go to stackbuf; a bigger directory moves to a
** heap buffer owned by the guard. Sets *buf and returns the bytes read,
** or -1 (errno set). */
static ssize_t readwhole (lua_State *L, pyos_DirFd *g, pyos_DirBuf *stackbuf,
                          char **buf) {
  char *p = stackbuf->b;
  size_t cap = sizeof stackbuf->b, used = 0;
  for (;;) {
    ssize_t n;
    if (cap - used < PYOS_DIRBUF / 2) {         /* room for a good read */
      char *q = (char *)realloc(g->buf, cap * 2);
      if (q == NULL)
        return luaL_error(L, "not enough memory");
      if (g->buf == NULL)
        memcpy(q, p, used);
      g->buf = p = q;
      cap *= 2;
    }
    n = pyos_dir_read(L, g->fd, p + used, cap - used);
    if (n <= 0) {
      *buf = p;
      return n == 0 ? (ssize_t)used : -1;
    }
    used += (size_t)n;
  }
}

/* Count the names in buf[0 .. len) other than . and .. */
static int countnames (const char *buf, size_t len) {
  size_t off = 0;
  int n = 0;
  while (off < len) {
    const struct dirent64 *d = (const struct dirent64 *)(const void *)(buf + off);
    off += d->d_reclen;
    n += !pyos_dir_isdots(d->d_name);
  }
  return n;
}

/* Push an array of the names in buf[0 .. len). */
static void pushnames (lua_State *L, const char *buf, size_t len) {
  size_t off = 0;
  int n = 0;
  lua_createtable(L, countnames(buf, len), 0);
  while (off < len) {
    const struct dirent64 *d = (const struct dirent64 *)(const void *)(buf + off);
    off += d->d_reclen;
    if (pyos_dir_isdots(d->d_name))
      continue;
    lua_pushlstring(L, d->d_name, strlen(d->d_name));
    lua_rawseti(L, -2, ++n);
  }
}

/* listdir(path='.'): the names in directory order, without . and ..;
** path may be an fd (read through a duplicate, then rewound, as Python). */
static int fs_listdir (lua_State *L) {
  pyos_DirBuf stackbuf;
  pyos_DirFd *g;
  char *buf = NULL;
  ssize_t len;
  int byfd, e;
  pyos_checknargs(L, 1);
  lua_settop(L, 1);
  byfd = pyos_isfdarg(L, 1);
  if (!byfd && lua_isnil(L, 1)) {
    lua_pushliteral(L, ".");
    lua_replace(L, 1);
  }
  g = pyos_dir_newguard(L);
  if (byfd) {
    int dupfailed;
    g->fd = pyos_dir_dup(L, pyos_checkfd(L, 1), &dupfailed);
    if (g->fd == -1)
      return pyos_pusherror(L, errno, dupfailed ? 0 : 1, 0);
  }
  else {
    const char *path = pyos_checkpathorfd(L, 1, NULL);
    g->fd = pyos_dir_openat(L, AT_FDCWD, path, O_RDONLY | O_DIRECTORY);
    if (g->fd == -1)
      return pyos_pusherror(L, errno, 1, 0);
  }
  len = readwhole(L, g, &stackbuf, &buf);
  e = errno;
  if (byfd)
    lseek(g->fd, 0, SEEK_SET);
  close(g->fd);
  g->fd = -1;
  if (len < 0) {
    pyos_dir_closeguard(g);
    return pyos_pusherror(L, e, 1, 0);
  }
  pushnames(L, buf, (size_t)len);
  pyos_dir_closeguard(g);               /* frees a heap buffer */
  return 1;
}


/* ---- DirEntry ---------------------------------------------------------- */

enum { HAVE_LSTAT = 1, HAVE_STAT = 2, HAVE_CACHE = 4 };

/* One entry, kept small: most loops only test d_type, and an entry of
** under 128 bytes is one of malloc's fast bins (the struct stat cache
** inline made each entry ~260 bytes and malloc + free most of the cost of
** a scandir loop). The stats are cached on demand in a second userdata,
** the entry's reference (HAVE_CACHE): [0] lstat, [1] stat. The name is
** the last namelen bytes of the path. Every byte counts: an entry of 56
** bytes of userdata header (5.4), the 25 below and a path of up to 38
** bytes stays under 120, in the fast bins. */
typedef struct DirEntry {
  unsigned long long ino;
  struct stat *cache;        /* the reference's bytes, once HAVE_CACHE */
  int dirfd;                 /* AT_FDCWD, or the fd given to scandir */
  unsigned char type;        /* d_type */
  unsigned char have;        /* HAVE_* */
  unsigned short pathlen;    /* < PATH_MAX + 256: scandir opened the dir */
  unsigned char namelen;     /* a name is at most 255 bytes */
  char path[1];              /* pathlen bytes and a NUL */
} DirEntry;


/* pyos_dir_checktype, with the stack as it was. */
static void *checktype (lua_State *L, int idx, int mt, const char *tname) {
  void *p = pyos_dir_checktype(L, idx, mt, tname);
  lua_pop(L, 1);
  return p;
}

/* Every DirEntry method has the DirEntry metatable as upvalue 1. */
#define toentry(L) \
  ((DirEntry *)checktype(L, 1, lua_upvalueindex(1), PYOS_DIRENTRY))

static const char *entryname (const DirEntry *e) {
  return e->path + e->pathlen - e->namelen;
}

/* Push a new entry for the getdents64 record d (whose name is namelen
** bytes): path is dir + sep + name (dirlen 0: the bare name). */
static void newentry (lua_State *L, int mt, const struct dirent64 *d,
                      size_t namelen, const char *dir, size_t dirlen, int sep,
                      int dirfd) {
  size_t pathlen = dirlen + (sep != 0) + namelen;
  DirEntry *e = (DirEntry *)pyos_newuserdataref(L, offsetof(DirEntry, path)
                                                   + pathlen + 1);
  char *p = e->path;
  e->ino = d->d_ino;
  e->dirfd = dirfd;
  e->type = d->d_type;
  e->have = 0;
  e->pathlen = (unsigned short)pathlen;
  e->namelen = (unsigned char)namelen;
  memcpy(p, dir, dirlen);
  if (sep)
    p[dirlen] = '/';
  memcpy(p + pathlen - namelen, d->d_name, namelen + 1);
  lua_pushvalue(L, mt);
  lua_setmetatable(L, -2);
}

/* The stat cache of the entry at index 1, made on first use. The entry
** keeps it alive as its reference; if that is no longer the cache (only
** the debug library can change it), a new empty cache replaces it. */
static struct stat *statcache (lua_State *L, DirEntry *e) {
  if (e->have & HAVE_CACHE) {
    int same;
    pyos_getref(L, 1);
    same = lua_touserdata(L, -1) == (void *)e->cache;
    lua_pop(L, 1);
    if (same)
      return e->cache;
    e->have = 0;
  }
  e->cache = (struct stat *)pyos_newuserdata(L, 2 * sizeof *e->cache);
  pyos_setref(L, 1);
  e->have = HAVE_CACHE;
  return e->cache;
}

static int dostat (lua_State *L, DirEntry *e, struct stat *st, int flags) {
  int r;
  do r = fstatat(e->dirfd, e->path, st, flags);
  while (r == -1 && pyos_retry(L));
  return r == -1 ? errno : 0;
}

/* The cached lstat: 0, or the error number. */
static int getlstat (lua_State *L, DirEntry *e, struct stat **st) {
  int err = 0;
  *st = statcache(L, e);
  if (!(e->have & HAVE_LSTAT)) {
    err = dostat(L, e, *st, AT_SYMLINK_NOFOLLOW);
    if (err == 0)
      e->have |= HAVE_LSTAT;
  }
  return err;
}

/* Python's is_symlink: d_type when known, else lstat (a vanished entry
** is not a symlink). */
static int islink (lua_State *L, DirEntry *e, int *result) {
  struct stat *st;
  int err;
  if (e->type != DT_UNKNOWN) {
    *result = e->type == DT_LNK;
    return 0;
  }
  err = getlstat(L, e, &st);
  *result = err == 0 && S_ISLNK(st->st_mode);
  return err == ENOENT ? 0 : err;
}

/* The cached stat (follow) or lstat: 0, or the error number. As Python,
** stat of an entry that is not a symlink is its lstat. */
static int getstat (lua_State *L, DirEntry *e, int follow, struct stat **st) {
  int err, link;
  if (!follow || (e->type != DT_LNK && e->type != DT_UNKNOWN))
    return getlstat(L, e, st);
  *st = statcache(L, e) + 1;
  if (e->have & HAVE_STAT)
    return 0;
  err = islink(L, e, &link);
  if (err != 0)
    return err;
  if (link)
    err = dostat(L, e, *st, 0);
  else {
    struct stat *l;
    err = getlstat(L, e, &l);
    if (err == 0)
      **st = *l;
  }
  if (err == 0)
    e->have |= HAVE_STAT;
  return err;
}

static int raiseentry (lua_State *L, DirEntry *e, int err) {
  lua_pushlstring(L, e->path, e->pathlen);
  return pyos_raiseerror(L, err, -1, 0);
}

/* The follow_symlinks option of is_dir, is_file and stat (default true),
** from a call of nargs arguments. */
static int optfollow (lua_State *L, int nargs) {
  static const char *const keys[] = {"follow_symlinks", NULL};
  int opts;
  if (nargs == 1)                         /* e:is_dir(), the common call */
    return 1;
  lua_settop(L, nargs);                   /* drop what pyos_dir_checktype left */
  opts = pyos_opts(L, 1, 0, keys);
  return pyos_kwbool(L, opts, "follow_symlinks", 1);
}

/* Python's DirEntry_test_mode for S_IFDIR and S_IFREG. */
static int testmode (lua_State *L, unsigned int mode) {
  int nargs = lua_gettop(L);
  DirEntry *e = (DirEntry *)pyos_dir_checktype(L, 1, lua_upvalueindex(1),
                                          PYOS_DIRENTRY);
  int follow = optfollow(L, nargs);
  int result;
  if (e->type == DT_UNKNOWN || (follow && e->type == DT_LNK)) {
    struct stat *st;
    int err = getstat(L, e, follow, &st);
    if (err != 0 && err != ENOENT)
      return raiseentry(L, e, err);
    result = err == 0 && (st->st_mode & S_IFMT) == mode;
  }
  else if (e->type == DT_LNK)
    result = 0;
  else
    result = e->type == (mode == S_IFDIR ? DT_DIR : DT_REG);
  lua_pushboolean(L, result);
  return 1;
}

static int entry_is_dir (lua_State *L) {
  return testmode(L, S_IFDIR);
}

static int entry_is_file (lua_State *L) {
  return testmode(L, S_IFREG);
}

static int entry_is_symlink (lua_State *L) {
  DirEntry *e = toentry(L);
  int link, err;
  pyos_checknargs(L, 1);
  err = islink(L, e, &link);
  if (err != 0)
    return raiseentry(L, e, err);
  lua_pushboolean(L, link);
  return 1;
}

/* Junctions are a Windows thing. */
static int entry_is_junction (lua_State *L) {
  toentry(L);
  pyos_checknargs(L, 1);
  lua_pushboolean(L, 0);
  return 1;
}

static int entry_inode (lua_State *L) {
  DirEntry *e = toentry(L);
  pyos_checknargs(L, 1);
  pyos_pushint(L, e->ino);
  return 1;
}

/* stat({follow_symlinks=true}): the cached stat_result (a copy), or
** nil, err, errno. */
static int entry_stat (lua_State *L) {
  DirEntry *e = toentry(L);
  int follow = optfollow(L, lua_gettop(L));
  struct stat *st;
  int err = getstat(L, e, follow, &st);
  if (err != 0) {
    lua_pushlstring(L, e->path, e->pathlen);
    return pyos_pusherror(L, err, -1, 0);
  }
  pyos_pushstat(L, st);
  return 1;
}

static int entry_fspath (lua_State *L) {
  DirEntry *e = toentry(L);
  lua_pushlstring(L, e->path, e->pathlen);
  return 1;
}

static int entry_tostring (lua_State *L) {
  DirEntry *e = toentry(L);
  lua_pushliteral(L, "<DirEntry ");
  pyos_pushrepr(L, entryname(e), e->namelen);
  lua_pushliteral(L, ">");
  lua_concat(L, 3);
  return 1;
}

/* The fields name and path (nil for any other key). The metatable is at
** mt. */
static int entry_field (lua_State *L, int mt) {
  DirEntry *e = (DirEntry *)pyos_dir_checktype(L, 1, mt, PYOS_DIRENTRY);
  size_t len = 0;
  const char *k = lua_type(L, 2) == LUA_TSTRING ? lua_tolstring(L, 2, &len)
                                                : "";
  if (len == 4 && memcmp(k, "name", 4) == 0)
    lua_pushlstring(L, entryname(e), e->namelen);
  else if (len == 4 && memcmp(k, "path", 4) == 0)
    lua_pushlstring(L, e->path, e->pathlen);
  else
    lua_pushnil(L);
  return 1;
}

/* __index: the methods (a table, upvalue 1) first, then the fields
** (the metatable is upvalue 2). On PUC Lua a C function that skips the
** type check for a method (nothing of the entry is read) is the cheapest
** lookup: ~400 instructions on 5.4, against ~480 for a Lua function and
** ~850 for the C version that checked first. LuaJIT compiles a Lua
** function, and its lookup then costs nothing: it gets index_chunk. */
#if defined(LUA_JITLIBNAME)
static const char index_chunk[] =
  "local methods, field = ...\n"
  "return function (entry, key)\n"
  "  local method = methods[key]\n"
  "  if method ~= nil then return method end\n"
  "  return field(entry, key)\n"
  "end\n";

/* The fields alone, for index_chunk: the metatable is upvalue 1. */
static int entry_fields (lua_State *L) {
  return entry_field(L, lua_upvalueindex(1));
}

/* Push LuaJIT's __index: index_chunk over the methods table at -2 and
** entry_fields (the metatable at -1 is its upvalue, and is popped). */
static void pushindex (lua_State *L) {
  if (luaL_loadbuffer(L, index_chunk, sizeof index_chunk - 1,
                      "=pyos.DirEntry.__index") != 0)
    lua_error(L);
  lua_insert(L, -3);                      /* chunk, methods, mt */
  lua_pushcclosure(L, entry_fields, 1);
  lua_call(L, 2, 1);
}
#else
static int entry_index (lua_State *L) {
  lua_pushvalue(L, 2);
  lua_rawget(L, lua_upvalueindex(1));
  if (!lua_isnil(L, -1))
    return 1;
  return entry_field(L, lua_upvalueindex(2));
}

/* Push PUC Lua's __index: entry_index over the methods table at -2 and
** the metatable at -1 (both popped). */
static void pushindex (lua_State *L) {
  lua_pushcclosure(L, entry_index, 2);
}
#endif

static void openentry (lua_State *L) {
  static const luaL_Reg meta[] = {
    {"__fspath", entry_fspath},
    {"__tostring", entry_tostring},
    {NULL, NULL}
  };
  static const luaL_Reg meth[] = {
    {"inode", entry_inode},
    {"is_dir", entry_is_dir},
    {"is_file", entry_is_file},
    {"is_junction", entry_is_junction},
    {"is_symlink", entry_is_symlink},
    {"stat", entry_stat},
    {NULL, NULL}
  };
  if (!luaL_newmetatable(L, PYOS_DIRENTRY)) {   /* made by an earlier load */
    lua_pop(L, 1);
    return;
  }
  lua_pushliteral(L, PYOS_DIRENTRY);
  lua_setfield(L, -2, "__name");
  lua_pushvalue(L, -1);
  pyos_setfuncs(L, meta, 1);
  lua_newtable(L);
  lua_pushvalue(L, -2);
  pyos_setfuncs(L, meth, 1);
  pyos_setmethodnames(L, -1, PYOS_DIRENTRY);
  lua_pushvalue(L, -2);
  pushindex(L);
  lua_setfield(L, -2, "__index");
  lua_pop(L, 1);
}


/* ---- scandir ----------------------------------------------------------- */

/* The iterator. Born closed (fd -1); the directory path (what entries
** are joined to) follows the struct. */
typedef struct Scandir {
  int fd;                   /* -1 once closed */
  int userfd;               /* the fd given to scandir, or -1 */
  size_t pos, end;          /* the unread part of buf */
  size_t pathlen;
  int sep;                  /* join with a '/' */
  pyos_DirBuf buf;
  char path[1];             /* pathlen bytes and a NUL */
} Scandir;

#define toscandir(L)   ((Scandir *)pyos_checkudata(L, 1, PYOS_SCANDIR))

/* Release the descriptor, once; an fd-based one is rewound first, as
** Python does, so that the caller's fd reads from the start again. */
static void closescandir (Scandir *it) {
  if (it->fd >= 0) {
    if (it->userfd >= 0)
      lseek(it->fd, 0, SEEK_SET);
    close(it->fd);
    it->fd = -1;
  }
}

static int scandir_gc (lua_State *L) {
  closescandir(toscandir(L));
  return 0;
}

static int scandir_close (lua_State *L) {
  Scandir *it = toscandir(L);
  pyos_checknargs(L, 1);
  closescandir(it);
  return pyos_pushok(L);
}

/* Read more entries; false at the end. Raises the OSError on a read
** error (the directory as filename, as Python). */
static int refill (lua_State *L, Scandir *it) {
  ssize_t n = pyos_dir_read(L, it->fd, it->buf.b, sizeof it->buf.b);
  int e = errno;
  if (n > 0) {
    it->pos = 0;
    it->end = (size_t)n;
    return 1;
  }
  closescandir(it);
  if (n == 0)
    return 0;
  if (it->userfd >= 0)
    lua_pushinteger(L, it->userfd);
  else
    lua_pushlstring(L, it->path, it->pathlen);
  return pyos_raiseerror(L, e, -1, 0);
}

/* __call: the next DirEntry, or nil at the end (and after close). The
** DirEntry metatable is upvalue 1, the iterator's own upvalue 2. */
static int scandir_next (lua_State *L) {
  Scandir *it = (Scandir *)pyos_dir_checktype(L, 1, lua_upvalueindex(2),
                                         PYOS_SCANDIR);
  struct dirent64 *d;
  if (it->fd < 0)
    return 0;
  for (;;) {
    if (it->pos >= it->end && !refill(L, it))
      return 0;
    d = direntat(&it->buf, it->pos);
    it->pos += d->d_reclen;
    if (!pyos_dir_isdots(d->d_name))
      break;
  }
  {
    /* the entry is copied out of it->buf first: making the DirEntry may
    ** run a finalizer that calls this iterator again and refills it */
    struct dirent64 copy;
    size_t namelen = strlen(d->d_name);
    copy.d_ino = d->d_ino;
    copy.d_type = d->d_type;
    memcpy(copy.d_name, d->d_name, namelen + 1);
    if (it->userfd >= 0)    /* the bare name, stat relative to the fd */
      newentry(L, lua_upvalueindex(1), &copy, namelen, "", 0, 0, it->userfd);
    else
      newentry(L, lua_upvalueindex(1), &copy, namelen, it->path, it->pathlen,
               it->sep, AT_FDCWD);
  }
  return 1;
}

/* scandir(path='.'): iterator, nil, nil, iterator (its own closing
** value, for Lua 5.4's generic for) | nil, err, errno. path may be an fd:
** it is not closed, and entries' paths are their bare names. */
static int fs_scandir (lua_State *L) {
  Scandir *it;
  const char *path = "";
  size_t len = 0;
  int byfd;
  pyos_checknargs(L, 1);
  lua_settop(L, 1);
  byfd = pyos_isfdarg(L, 1);
  if (!byfd) {
    if (lua_isnil(L, 1)) {
      lua_pushliteral(L, ".");
      lua_replace(L, 1);
    }
    path = pyos_checkpathorfd(L, 1, &len);
  }
  it = (Scandir *)pyos_newuserdata(L, sizeof(Scandir) + len);
  it->fd = -1;
  it->userfd = -1;
  it->pos = it->end = 0;
  it->pathlen = len;
  it->sep = len > 0 && path[len - 1] != '/';
  memcpy(it->path, path, len + 1);
  luaL_getmetatable(L, PYOS_SCANDIR);
  lua_setmetatable(L, -2);
  if (byfd) {
    int dupfailed, fd = pyos_checkfd(L, 1);
    it->fd = pyos_dir_dup(L, fd, &dupfailed);
    if (it->fd == -1)
      return pyos_pusherror(L, errno, dupfailed ? 0 : 1, 0);
    it->userfd = fd;
  }
  else {
    it->fd = pyos_dir_openat(L, AT_FDCWD, path, O_RDONLY | O_DIRECTORY);
    if (it->fd == -1)
      return pyos_pusherror(L, errno, 1, 0);
  }
  lua_pushnil(L);
  lua_pushnil(L);
  lua_pushvalue(L, -3);
  return 4;
}

static void openscandir (lua_State *L) {
  static const luaL_Reg meta[] = {
    {"__close", scandir_gc},
    {"__gc", scandir_gc},
    {NULL, NULL}
  };
  static const luaL_Reg meth[] = {
    {"close", scandir_close},
    {NULL, NULL}
  };
  pyos_newclass(L, PYOS_SCANDIR, meta, meth);
  luaL_getmetatable(L, PYOS_SCANDIR);
  lua_getfield(L, -1, "__call");
  if (lua_isnil(L, -1)) {
    luaL_getmetatable(L, PYOS_DIRENTRY);
    lua_pushvalue(L, -3);
    lua_pushcclosure(L, scandir_next, 2);
    lua_setfield(L, -3, "__call");
  }
  lua_pop(L, 2);
}


static const luaL_Reg fs_dir_funcs[] = {
  {"listdir", fs_listdir},
  {"scandir", fs_scandir},
  {NULL, NULL}
};

/* Add the functions of this file to the fs table at -1. */
void pyos_fs_opendir (lua_State *L) {
  openguard(L);
  openentry(L);
  openscandir(L);
  pyos_setfuncs(L, fs_dir_funcs, 0);
  pyos_fs_openwalk(L);
}
