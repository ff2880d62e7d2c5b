/*
** fd.c: pyos.fd, Python's "File Descriptor Operations": open, close,
** read, write and the calls on one descriptor. The other parts of the
** area: fd_vec.c (vectored and in-kernel copies), fd_tty.c (terminals),
** fd_kern.c (memfd, eventfd, timerfd), fd_file.c (fdopen).
*/
#include "fd_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

/* Reads up to this size use a buffer on the C stack. */
#define SMALLREAD   8192

/* Linux transfers at most this much in one read or write (MAX_RW_COUNT). */
#define MAXRW       ((size_t)0x7ffff000)

/* Cap for a big read from something that is not a regular file: more than
** a pipe, a socket or a tty ever holds at once. */
#define BIGREAD     ((size_t)64 << 20)

/* The read buffer kept between calls: upvalue 1 of read and pread. busy
** while a read holds it: lua_pushlstring can run a finalizer before it
** copies (LuaJIT), and a read in that finalizer must not resize or free
** the buffer being copied from; it gets a buffer of its own. */
typedef struct ReadCache {
  char *p;
  size_t size;
  int busy;
} ReadCache;


/* ---- open, close ------------------------------------------------------- */

/* open(path, flags, mode=0o777, *, dir_fd=None): O_CLOEXEC is always
** added (PEP 446). */
static int fd_open (lua_State *L) {
  static const char *const keys[] = {"flags", "mode", "dir_fd", NULL};
  int opts = pyos_opts(L, 3, 0, keys);
  const char *path;
  int flags, dirfd, fd;
  mode_t mode;
  pyos_kwarg(L, opts, 2, "flags");
  pyos_kwarg(L, opts, 3, "mode");
  path = pyos_checkpath(L, 1, NULL);
  flags = (int)pyos_checkint(L, 2, INT_MIN, INT_MAX);
  mode = (mode_t)pyos_optint(L, 3, 0777, 0, 0xFFFFFFFFLL);
  dirfd = pyos_kwdirfd(L, opts, "dir_fd");
  do fd = openat(dirfd, path, flags | O_CLOEXEC, mode);
  while (fd == -1 && pyos_retry(L));
  if (fd == -1)
    return pyos_pusherror(L, errno, 1, 0);
  lua_pushinteger(L, fd);
  return 1;
}

/* close(fd): never retried on EINTR, the fd is gone either way (as in
** Python). */
static int fd_close (lua_State *L) {
  int fd;
  pyos_checknargs(L, 1);
  fd = pyos_checkfd(L, 1);
  if (close(fd) == -1 && errno != EINTR)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}

/* Close every fd in [lo, hi], ignoring errors: close_range(2) where the
** kernel has it, else one close per possible fd. */
static void closeall (int lo, int hi) {
  long max;
  int fd;
#ifdef SYS_close_range
  if (syscall(SYS_close_range, (unsigned int)lo, (unsigned int)hi, 0) == 0)
    return;
#endif
  max = sysconf(_SC_OPEN_MAX);
  if (max > 0 && hi >= max)
    hi = (int)(max - 1);
  for (fd = lo; fd <= hi; fd++)
    close(fd);
}

/* closerange(fd_low, fd_high): close fd_low <= fd < fd_high, errors
** ignored (as in Python). */
static int fd_closerange (lua_State *L) {
  int lo, hi;
  pyos_checknargs(L, 2);
  lo = pyos_checkfd(L, 1);
  hi = pyos_checkfd(L, 2);
  if (lo < 0)
    lo = 0;
  if (hi > lo)
    closeall(lo, hi - 1);
  return pyos_pushok(L);
}


/* ---- dup --------------------------------------------------------------- */

/* dup(fd): the copy is non-inheritable. */
static int fd_dup (lua_State *L) {
  int fd, r;
  pyos_checknargs(L, 1);
  fd = pyos_checkfd(L, 1);
  do r = fcntl(fd, F_DUPFD_CLOEXEC, 0); while (r == -1 && pyos_retry(L));
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushinteger(L, r);
  return 1;
}

/* dup2(fd, fd2, inheritable=True): returns fd2. inheritable=false uses
** dup3(O_CLOEXEC), which refuses fd == fd2 (EINVAL), as in Python. */
static int fd_dup2 (lua_State *L) {
  static const char *const keys[] = {"inheritable", NULL};
  int opts = pyos_opts(L, 3, 0, keys);
  int fd, fd2, inheritable, r;
  pyos_kwarg(L, opts, 3, "inheritable");
  fd = pyos_checkfd(L, 1);
  fd2 = pyos_checkfd(L, 2);
  inheritable = pyos_optbool(L, 3, 1);
  do r = inheritable ? dup2(fd, fd2) : dup3(fd, fd2, O_CLOEXEC);
  while (r == -1 && pyos_retry(L));
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushinteger(L, r);
  return 1;
}


/* ---- read, write ------------------------------------------------------- */

size_t pyos_fd_readcap (int fd, size_t n, long long off) {
  struct stat st;
  size_t cap = BIGREAD;
  if (n <= PYOS_FD_KEEP)
    return n;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
    long long left;
    if (off < 0)
      off = (long long)lseek(fd, 0, SEEK_CUR);
    left = off < 0 || st.st_size <= off ? 0 : (long long)st.st_size - off;
    /* headroom for a file that grows, and for /proc files (size 0) */
    cap = (size_t)left < MAXRW - PYOS_FD_KEEP ? (size_t)left + PYOS_FD_KEEP
                                              : MAXRW;
  }
  return n < cap ? n : cap;
}

/* A buffer of n bytes from the cache of the calling function, or, when
** an outer read holds that one, a userdata left on the stack. */
static char *cachebuf (lua_State *L, size_t n) {
  ReadCache *c = (ReadCache *)lua_touserdata(L, lua_upvalueindex(1));
  if (c->busy)
    return (char *)pyos_newuserdata(L, n);
  if (n > c->size) {
    free(c->p);
    c->size = 0;
    c->p = (char *)malloc(n);
    if (c->p == NULL)
      luaL_error(L, "not enough memory");
    c->size = n;
  }
  c->busy = 1;
  return c->p;
}

/* After a read into buf: the cache is free again; a buffer bigger than
** PYOS_FD_KEEP is given back. */
static void releasecache (lua_State *L, const char *buf) {
  ReadCache *c = (ReadCache *)lua_touserdata(L, lua_upvalueindex(1));
  if (buf != c->p)
    return;
  c->busy = 0;
  if (c->size > PYOS_FD_KEEP) {
    free(c->p);
    c->p = NULL;
    c->size = 0;
  }
}

static int cache_gc (lua_State *L) {
  ReadCache *c = (ReadCache *)lua_touserdata(L, 1);
  free(c->p);
  c->p = NULL;
  c->size = 0;
  return 0;
}

/* read(fd, n): at most n bytes; "" at end of file. */
static int fd_read (lua_State *L) {
  char small[SMALLREAD];
  char *buf = small;
  int fd;
  size_t n;
  ssize_t r;
  pyos_checknargs(L, 2);
  fd = pyos_checkfd(L, 1);
  n = pyos_checksize(L, 2);
  if (n > SMALLREAD) {
    n = pyos_fd_readcap(fd, n, -1);
    buf = cachebuf(L, n);
  }
  do r = read(fd, buf, n); while (r == -1 && pyos_retry(L));
  if (r == -1) {
    int e = errno;
    if (buf != small)
      releasecache(L, buf);
    return pyos_pusherror(L, e, 0, 0);
  }
  lua_pushlstring(L, buf, (size_t)r);
  if (buf != small)
    releasecache(L, buf);
  return 1;
}

/* pread(fd, n, offset): read at offset, the file position unchanged. */
static int fd_pread (lua_State *L) {
  char small[SMALLREAD];
  char *buf = small;
  int fd;
  size_t n;
  off_t off;
  ssize_t r;
  pyos_checknargs(L, 3);
  fd = pyos_checkfd(L, 1);
  n = pyos_checksize(L, 2);
  off = (off_t)pyos_checkint(L, 3, LLONG_MIN, LLONG_MAX);
  if (n > SMALLREAD) {
    n = pyos_fd_readcap(fd, n, (long long)off);
    buf = cachebuf(L, n);
  }
  do r = pread(fd, buf, n, off); while (r == -1 && pyos_retry(L));
  if (r == -1) {
    int e = errno;
    if (buf != small)
      releasecache(L, buf);
    return pyos_pusherror(L, e, 0, 0);
  }
  lua_pushlstring(L, buf, (size_t)r);
  if (buf != small)
    releasecache(L, buf);
  return 1;
}

/* write(fd, data): the number of bytes written (maybe fewer). */
static int fd_write (lua_State *L) {
  size_t len;
  const char *data;
  int fd;
  ssize_t r;
  pyos_checknargs(L, 2);
  fd = pyos_checkfd(L, 1);
  data = pyos_fd_checkdata(L, 2, &len);
  do r = write(fd, data, len); while (r == -1 && pyos_retry(L));
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushinteger(L, (lua_Integer)r);
  return 1;
}

/* pwrite(fd, data, offset): write at offset, the position unchanged. */
static int fd_pwrite (lua_State *L) {
  size_t len;
  const char *data;
  int fd;
  off_t off;
  ssize_t r;
  pyos_checknargs(L, 3);
  fd = pyos_checkfd(L, 1);
  data = pyos_fd_checkdata(L, 2, &len);
  off = (off_t)pyos_checkint(L, 3, LLONG_MIN, LLONG_MAX);
  do r = pwrite(fd, data, len, off); while (r == -1 && pyos_retry(L));
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushinteger(L, (lua_Integer)r);
  return 1;
}

/* lseek(fd, pos, whence): the new position from the start. */
static int fd_lseek (lua_State *L) {
  int fd, how;
  off_t pos, r;
  pyos_checknargs(L, 3);
  fd = pyos_checkfd(L, 1);
  pos = (off_t)pyos_checkint(L, 2, LLONG_MIN, LLONG_MAX);
  how = (int)pyos_checkint(L, 3, INT_MIN, INT_MAX);
  r = lseek(fd, pos, how);
  if (r == (off_t)-1)
    return pyos_pusherror(L, errno, 0, 0);
  pyos_pushint(L, r);
  return 1;
}


/* ---- the file behind the fd -------------------------------------------- */

/* fchmod(fd, mode) */
static int fd_fchmod (lua_State *L) {
  int fd, r;
  mode_t mode;
  pyos_checknargs(L, 2);
  fd = pyos_checkfd(L, 1);
  mode = (mode_t)pyos_checkint(L, 2, 0, 0xFFFFFFFFLL);
  do r = fchmod(fd, mode); while (r == -1 && pyos_retry(L));
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}

/* fchown(fd, uid, gid): -1 leaves one unchanged. */
static int fd_fchown (lua_State *L) {
  int fd, r;
  uid_t uid;
  gid_t gid;
  pyos_checknargs(L, 3);
  fd = pyos_checkfd(L, 1);
  uid = (uid_t)pyos_checkid(L, 2, 1);
  gid = (gid_t)pyos_checkid(L, 3, 1);
  do r = fchown(fd, uid, gid); while (r == -1 && pyos_retry(L));
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}

/* fsync(fd) and fdatasync(fd): one fd in, true out. */
static int syncfd (lua_State *L, int (*sync)(int)) {
  int fd, r;
  pyos_checknargs(L, 1);
  fd = pyos_checkfd(L, 1);
  do r = sync(fd); while (r == -1 && pyos_retry(L));
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}

static int fd_fsync (lua_State *L) {
  return syncfd(L, fsync);
}

static int fd_fdatasync (lua_State *L) {
  return syncfd(L, fdatasync);
}

/* ftruncate(fd, length) */
static int fd_ftruncate (lua_State *L) {
  int fd, r;
  off_t len;
  pyos_checknargs(L, 2);
  fd = pyos_checkfd(L, 1);
  len = (off_t)pyos_checkint(L, 2, LLONG_MIN, LLONG_MAX);
  do r = ftruncate(fd, len); while (r == -1 && pyos_retry(L));
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}

/* lockf(fd, cmd, len): F_LOCK, F_TLOCK, F_ULOCK or F_TEST over len bytes
** from the current position (0: to the end of the file). */
static int fd_lockf (lua_State *L) {
  int fd, cmd, r;
  off_t len;
  pyos_checknargs(L, 3);
  fd = pyos_checkfd(L, 1);
  cmd = (int)pyos_checkint(L, 2, INT_MIN, INT_MAX);
  len = (off_t)pyos_checkint(L, 3, LLONG_MIN, LLONG_MAX);
  do r = lockf(fd, cmd, len); while (r == -1 && pyos_retry(L));
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}

/* posix_fallocate(fd, offset, len): the call returns its error number. */
static int fd_posix_fallocate (lua_State *L) {
  int fd, r;
  off_t off, len;
  pyos_checknargs(L, 3);
  fd = pyos_checkfd(L, 1);
  off = (off_t)pyos_checkint(L, 2, LLONG_MIN, LLONG_MAX);
  len = (off_t)pyos_checkint(L, 3, LLONG_MIN, LLONG_MAX);
  do errno = r = posix_fallocate(fd, off, len);
  while (r == EINTR && pyos_retry(L));
  if (r != 0)
    return pyos_pusherror(L, r, 0, 0);
  return pyos_pushok(L);
}

/* posix_fadvise(fd, offset, len, advice): POSIX_FADV_*. */
static int fd_posix_fadvise (lua_State *L) {
  int fd, advice, r;
  off_t off, len;
  pyos_checknargs(L, 4);
  fd = pyos_checkfd(L, 1);
  off = (off_t)pyos_checkint(L, 2, LLONG_MIN, LLONG_MAX);
  len = (off_t)pyos_checkint(L, 3, LLONG_MIN, LLONG_MAX);
  advice = (int)pyos_checkint(L, 4, INT_MIN, INT_MAX);
  do errno = r = posix_fadvise(fd, off, len, advice);
  while (r == EINTR && pyos_retry(L));
  if (r != 0)
    return pyos_pusherror(L, r, 0, 0);
  return pyos_pushok(L);
}


/* ---- flags of the fd --------------------------------------------------- */

/* get_blocking and get_inheritable: false when the flag bit (O_NONBLOCK
   of F_GETFL, FD_CLOEXEC of F_GETFD) is set. */
static int getflag (lua_State *L, int getcmd, int bit) {
  int fd, fl;
  pyos_checknargs(L, 1);
  fd = pyos_checkfd(L, 1);
  fl = fcntl(fd, getcmd);
  if (fl == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushboolean(L, !(fl & bit));
  return 1;
}

/* set_blocking and set_inheritable: true clears the flag bit, false sets
   it; no second fcntl when nothing changes. */
static int setflag (lua_State *L, int getcmd, int setcmd, int bit) {
  int fd, clear, fl, r = 0;
  pyos_checknargs(L, 2);
  fd = pyos_checkfd(L, 1);
  clear = pyos_checkbool(L, 2);
  fl = fcntl(fd, getcmd);
  if (fl != -1) {
    int nfl = clear ? (fl & ~bit) : (fl | bit);
    if (nfl != fl)
      r = fcntl(fd, setcmd, nfl);
  }
  if (fl == -1 || r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}

static int fd_get_blocking (lua_State *L) {
  return getflag(L, F_GETFL, O_NONBLOCK);
}

static int fd_set_blocking (lua_State *L) {
  return setflag(L, F_GETFL, F_SETFL, O_NONBLOCK);
}

static int fd_get_inheritable (lua_State *L) {
  return getflag(L, F_GETFD, FD_CLOEXEC);
}

static int fd_set_inheritable (lua_State *L) {
  return setflag(L, F_GETFD, F_SETFD, FD_CLOEXEC);
}


/* ---- pipes ------------------------------------------------------------- */

static int pushpipe (lua_State *L, int flags) {
  int fds[2];
  if (pipe2(fds, flags | O_CLOEXEC) == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushinteger(L, fds[0]);
  lua_pushinteger(L, fds[1]);
  return 2;
}

/* pipe(): read end, write end; both non-inheritable. */
static int fd_pipe (lua_State *L) {
  pyos_checknargs(L, 0);
  return pushpipe(L, 0);
}

/* pipe2(flags): O_NONBLOCK, O_DIRECT; O_CLOEXEC is always added. */
static int fd_pipe2 (lua_State *L) {
  int flags;
  pyos_checknargs(L, 1);
  flags = (int)pyos_checkint(L, 1, INT_MIN, INT_MAX);
  return pushpipe(L, flags);
}


static const pyos_Const fd_consts[] = {
  PYOS_CONST(O_RDONLY), PYOS_CONST(O_WRONLY), PYOS_CONST(O_RDWR),
  PYOS_CONST(O_APPEND), PYOS_CONST(O_CREAT), PYOS_CONST(O_EXCL),
  PYOS_CONST(O_TRUNC), PYOS_CONST(O_NONBLOCK), PYOS_CONST(O_NOCTTY),
  PYOS_CONST(O_CLOEXEC),
#ifdef O_ACCMODE
  PYOS_CONST(O_ACCMODE),
#endif
#ifdef O_ASYNC
  PYOS_CONST(O_ASYNC),
#endif
#ifdef O_DIRECT
  PYOS_CONST(O_DIRECT),
#endif
#ifdef O_DIRECTORY
  PYOS_CONST(O_DIRECTORY),
#endif
#ifdef O_DSYNC
  PYOS_CONST(O_DSYNC),
#endif
#ifdef O_FSYNC
  PYOS_CONST(O_FSYNC),
#endif
#ifdef O_LARGEFILE
  PYOS_CONST(O_LARGEFILE),
#endif
#ifdef O_NDELAY
  PYOS_CONST(O_NDELAY),
#endif
#ifdef O_NOATIME
  PYOS_CONST(O_NOATIME),
#endif
#ifdef O_NOFOLLOW
  PYOS_CONST(O_NOFOLLOW),
#endif
#ifdef O_PATH
  PYOS_CONST(O_PATH),
#endif
#ifdef O_RSYNC
  PYOS_CONST(O_RSYNC),
#endif
#ifdef O_SYNC
  PYOS_CONST(O_SYNC),
#endif
#ifdef O_TMPFILE
  PYOS_CONST(O_TMPFILE),
#endif
  PYOS_CONST(SEEK_SET), PYOS_CONST(SEEK_CUR), PYOS_CONST(SEEK_END),
#ifdef SEEK_DATA
  PYOS_CONST(SEEK_DATA),
#endif
#ifdef SEEK_HOLE
  PYOS_CONST(SEEK_HOLE),
#endif
  PYOS_CONST(F_LOCK), PYOS_CONST(F_TLOCK), PYOS_CONST(F_ULOCK),
  PYOS_CONST(F_TEST),
#ifdef POSIX_FADV_NORMAL
  PYOS_CONST(POSIX_FADV_NORMAL), PYOS_CONST(POSIX_FADV_SEQUENTIAL),
  PYOS_CONST(POSIX_FADV_RANDOM), PYOS_CONST(POSIX_FADV_NOREUSE),
  PYOS_CONST(POSIX_FADV_WILLNEED), PYOS_CONST(POSIX_FADV_DONTNEED),
#endif
  {NULL, 0}
};

static const luaL_Reg fd_funcs[] = {
  {"close", fd_close},
  {"closerange", fd_closerange},
  {"dup", fd_dup},
  {"dup2", fd_dup2},
  {"fchmod", fd_fchmod},
  {"fchown", fd_fchown},
  {"fdatasync", fd_fdatasync},
  {"fsync", fd_fsync},
  {"ftruncate", fd_ftruncate},
  {"get_blocking", fd_get_blocking},
  {"get_inheritable", fd_get_inheritable},
  {"lockf", fd_lockf},
  {"lseek", fd_lseek},
  {"open", fd_open},
  {"pipe", fd_pipe},
  {"pipe2", fd_pipe2},
  {"posix_fadvise", fd_posix_fadvise},
  {"posix_fallocate", fd_posix_fallocate},
  {"pwrite", fd_pwrite},
  {"set_blocking", fd_set_blocking},
  {"set_inheritable", fd_set_inheritable},
  {"write", fd_write},
  {NULL, NULL}
};

/* The functions that share the read buffer (upvalue 1). */
static const luaL_Reg fd_readfuncs[] = {
  {"pread", fd_pread},
  {"read", fd_read},
  {NULL, NULL}
};

static void pushcache (lua_State *L) {
  ReadCache *c = (ReadCache *)pyos_newuserdata(L, sizeof *c);
  c->p = NULL;
  c->size = 0;
  c->busy = 0;
  lua_createtable(L, 0, 1);
  lua_pushcfunction(L, cache_gc);
  lua_setfield(L, -2, "__gc");
  lua_setmetatable(L, -2);
}

PYOS_EXPORT int luaopen_pyos_fd (lua_State *L) {
  pyos_newmodule(L, fd_funcs, fd_consts);
  pushcache(L);
  pyos_setfuncs(L, fd_readfuncs, 1);
  pyos_fd_openvec(L);
  pyos_fd_opentty(L);
  pyos_fd_openkern(L);
  pyos_fd_openfile(L);
  pyos_fd_openbuf(L);
  pyos_setnames(L, -1, "pyos.");   /* for the messages */
  return 1;
}
