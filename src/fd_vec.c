/*
** fd_vec.c: vectored I/O (readv, writev, preadv, pwritev) and the copies
** that stay in the kernel (sendfile, copy_file_range, splice). Part of
** pyos.fd.
**
** readv and preadv take an array of sizes and return an array of strings
** (shorter or empty ones after a short read) and the total, or, as in
** Python, an array of Buffers (fd_buf.c) to fill and return the total;
** writev and pwritev take an array of strings and Buffers.
*/
#include "fd_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/sendfile.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

/* Vectors up to this length live on the C stack. */
#define SMALLVEC   64

/* An array of n iovecs: on the stack (small) or in a userdata that the
** collector frees. */
static struct iovec *newiov (lua_State *L, size_t n, struct iovec *small) {
  if (n <= SMALLVEC)
    return small;
  return (struct iovec *)pyos_newuserdata(L, n * sizeof(struct iovec));
}

/* Element i of the size array at t: an integer 0 .. SSIZE_MAX. */
static size_t sizeat (lua_State *L, int t, size_t i) {
  size_t n;
  lua_rawgeti(L, t, (int)i);
  n = (size_t)pyos_checkintat(L, -1, t, "buffers[%d]", (int)i, 0, 0,
                              SSIZE_MAX);
  lua_pop(L, 1);
  return n;
}

/* Number of entries of the array at t; more than IOV_MAX is the kernel's
** EINVAL. */
static size_t veclen (lua_State *L, int t) {
  pyos_checktable(L, t);
  return (size_t)pyos_rawlen(L, t);
}

/* One readv / preadv / preadv2 call into iov[0 .. n). */
static ssize_t doreadv (lua_State *L, int fd, const struct iovec *iov,
                        size_t n, off_t off, int flags) {
  ssize_t r;
  do {
    if (off < 0)
      r = readv(fd, iov, (int)n);
    else if (flags == 0)
      r = preadv(fd, iov, (int)n, off);
    else
      r = preadv2(fd, iov, (int)n, off, flags);
  } while (r == -1 && pyos_retry(L));
  return r;
}

/* Python's own form: read into the n Buffers at t, in place; push the
** total. */
static int readbuffers (lua_State *L, int fd, int t, size_t n, off_t off,
                        int flags) {
  struct iovec small[SMALLVEC], *iov = newiov(L, n, small);
  size_t i;
  ssize_t r;
  for (i = 0; i < n; i++) {
    lua_rawgeti(L, t, (int)i + 1);
    iov[i].iov_base = pyos_fd_tobuffer(L, -1, &iov[i].iov_len);
    if (iov[i].iov_base == NULL)   /* sizes and Buffers do not mix */
      pyos_placetypeerror(L, -1, t, "buffers[%d]", (int)i + 1, 0,
                          "pyos.Buffer");
    lua_pop(L, 1);          /* the table keeps the buffer alive */
  }
  r = doreadv(L, fd, iov, n, off, flags);
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushinteger(L, (lua_Integer)r);
  return 1;
}

/* readv / preadv / preadv2 into the sizes at t: push the array of
** strings and the total; or, when t holds Buffers, into them (Python's
** form): push the total. off < 0 means the current position. */
static int readvec (lua_State *L, int fd, int t, off_t off, int flags) {
  struct iovec small[SMALLVEC], *iov;
  size_t n = veclen(L, t), i, total = 0, cap, left;
  char *buf;
  ssize_t r;
  int isbuffer;
  if (n > IOV_MAX)
    return pyos_pusherror(L, EINVAL, 0, 0);
  lua_rawgeti(L, t, 1);
  isbuffer = pyos_fd_tobuffer(L, -1, &cap) != NULL;
  lua_pop(L, 1);
  if (isbuffer)
    return readbuffers(L, fd, t, n, off, flags);
  for (i = 1; i <= n; i++) {
    size_t s = sizeat(L, t, i);
    if (s > (size_t)SSIZE_MAX - total)
      return pyos_argerror(L, t, "total size too large");
    total += s;
  }
  cap = pyos_fd_readcap(fd, total, (long long)off);
  buf = (char *)pyos_newuserdata(L, cap > 0 ? cap : 1);
  iov = newiov(L, n, small);
  for (i = 0, left = cap; i < n; i++) {
    size_t s = sizeat(L, t, i + 1);
    iov[i].iov_base = buf + (cap - left);
    iov[i].iov_len = s < left ? s : left;
    left -= iov[i].iov_len;
  }
  r = doreadv(L, fd, iov, n, off, flags);
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_createtable(L, (int)n, 0);
  for (i = 0, left = (size_t)r; i < n; i++) {
    size_t s = iov[i].iov_len < left ? iov[i].iov_len : left;
    lua_pushlstring(L, (const char *)iov[i].iov_base, s);
    lua_rawseti(L, -2, (int)i + 1);
    left -= s;
  }
  lua_pushinteger(L, (lua_Integer)r);
  return 2;
}

/* writev / pwritev / pwritev2 of the strings at t: push the count. */
static int writevec (lua_State *L, int fd, int t, off_t off, int flags) {
  struct iovec small[SMALLVEC], *iov;
  size_t n = veclen(L, t), i;
  ssize_t r;
  if (n > IOV_MAX)
    return pyos_pusherror(L, EINVAL, 0, 0);
  iov = newiov(L, n, small);
  for (i = 0; i < n; i++) {
    size_t len;
    const char *data;
    lua_rawgeti(L, t, (int)i + 1);
    data = pyos_fd_todata(L, -1, &len);
    if (data == NULL)
      pyos_placetypeerror(L, -1, t, "buffers[%d]", (int)i + 1, 0,
                          "string or pyos.Buffer");
    iov[i].iov_base = (void *)data;
    iov[i].iov_len = len;
    lua_pop(L, 1);          /* the table keeps the string or buffer alive */
  }
  do {
    if (off < 0)
      r = writev(fd, iov, (int)n);
    else if (flags == 0)
      r = pwritev(fd, iov, (int)n, off);
    else
      r = pwritev2(fd, iov, (int)n, off, flags);
  } while (r == -1 && pyos_retry(L));
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushinteger(L, (lua_Integer)r);
  return 1;
}

/* readv(fd, sizes) -> strings, total */
static int fd_readv (lua_State *L) {
  int fd;
  pyos_checknargs(L, 2);
  fd = pyos_checkfd(L, 1);
  return readvec(L, fd, 2, -1, 0);
}

/* The arguments of preadv and pwritev: (fd, table, offset, flags=0). */
static int checkposvec (lua_State *L, off_t *off, int *flags) {
  int fd;
  pyos_checknargs(L, 4);
  fd = pyos_checkfd(L, 1);
  pyos_checktable(L, 2);
  *off = (off_t)pyos_checkint(L, 3, 0, LLONG_MAX);
  *flags = (int)pyos_optint(L, 4, 0, INT_MIN, INT_MAX);
  return fd;
}

/* preadv(fd, sizes, offset, flags=0) -> strings, total */
static int fd_preadv (lua_State *L) {
  int flags;
  off_t off;
  int fd = checkposvec(L, &off, &flags);
  return readvec(L, fd, 2, off, flags);
}

/* writev(fd, buffers) -> count */
static int fd_writev (lua_State *L) {
  int fd;
  pyos_checknargs(L, 2);
  fd = pyos_checkfd(L, 1);
  return writevec(L, fd, 2, -1, 0);
}

/* pwritev(fd, buffers, offset, flags=0) -> count */
static int fd_pwritev (lua_State *L) {
  int flags;
  off_t off;
  int fd = checkposvec(L, &off, &flags);
  return writevec(L, fd, 2, off, flags);
}


/* ---- copies in the kernel ---------------------------------------------- */

/* An optional offset at arg: nil gives NULL (the current position). */
static loff_t *optoffset (lua_State *L, int arg, loff_t *off) {
  if (lua_isnoneornil(L, arg))
    return NULL;
  *off = (loff_t)pyos_checkint(L, arg, LLONG_MIN, LLONG_MAX);
  return off;
}

/* sendfile(out_fd, in_fd, offset, count): offset nil reads from in_fd's
** position and advances it. */
static int fd_sendfile (lua_State *L) {
  static const char *const keys[] = {"out_fd", "in_fd", "offset", "count",
                                     NULL};
  int opts = pyos_opts(L, 4, 0, keys);
  int out, in;
  loff_t off, *poff;
  size_t count;
  ssize_t r;
  pyos_kwarg(L, opts, 1, "out_fd");
  pyos_kwarg(L, opts, 2, "in_fd");
  pyos_kwarg(L, opts, 3, "offset");
  pyos_kwarg(L, opts, 4, "count");
  out = pyos_checkfd(L, 1);
  in = pyos_checkfd(L, 2);
  poff = optoffset(L, 3, &off);
  count = pyos_checksize(L, 4);
  do r = sendfile(out, in, (off_t *)poff, count);
  while (r == -1 && pyos_retry(L));
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushinteger(L, (lua_Integer)r);
  return 1;
}

/* The arguments copy_file_range and splice share, by position or name:
** src, dst, count, offset_src, offset_dst (a nil offset: the fd's own). */
typedef struct KernelCopy {
  int src, dst;
  size_t count;
  loff_t osrc, odst, *psrc, *pdst;
} KernelCopy;

static void checkkcopy (lua_State *L, int opts, KernelCopy *k) {
  pyos_kwarg(L, opts, 1, "src");
  pyos_kwarg(L, opts, 2, "dst");
  pyos_kwarg(L, opts, 3, "count");
  pyos_kwarg(L, opts, 4, "offset_src");
  pyos_kwarg(L, opts, 5, "offset_dst");
  k->src = pyos_checkfd(L, 1);
  k->dst = pyos_checkfd(L, 2);
  k->count = pyos_checksize(L, 3);
  k->psrc = optoffset(L, 4, &k->osrc);
  k->pdst = optoffset(L, 5, &k->odst);
}

/* copy_file_range(src, dst, count, offset_src=None, offset_dst=None) */
static int fd_copy_file_range (lua_State *L) {
  static const char *const keys[] = {"src", "dst", "count", "offset_src",
                                     "offset_dst", NULL};
  int opts = pyos_opts(L, 5, 0, keys);
  KernelCopy k;
  ssize_t r;
  checkkcopy(L, opts, &k);
  do r = copy_file_range(k.src, k.psrc, k.dst, k.pdst, k.count, 0);
  while (r == -1 && pyos_retry(L));
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushinteger(L, (lua_Integer)r);
  return 1;
}

/* splice(src, dst, count, offset_src=None, offset_dst=None, flags=0) */
static int fd_splice (lua_State *L) {
  static const char *const keys[] = {"src", "dst", "count", "offset_src",
                                     "offset_dst", "flags", NULL};
  int opts = pyos_opts(L, 6, 0, keys);
  KernelCopy k;
  unsigned int flags;
  ssize_t r;
  checkkcopy(L, opts, &k);
  pyos_kwarg(L, opts, 6, "flags");
  flags = (unsigned int)pyos_optint(L, 6, 0, 0, UINT_MAX);
  do r = splice(k.src, k.psrc, k.dst, k.pdst, k.count, flags);
  while (r == -1 && pyos_retry(L));
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushinteger(L, (lua_Integer)r);
  return 1;
}


static const pyos_Const vec_consts[] = {
#ifdef RWF_APPEND
  PYOS_CONST(RWF_APPEND),
#endif
#ifdef RWF_DSYNC
  PYOS_CONST(RWF_DSYNC),
#endif
#ifdef RWF_HIPRI
  PYOS_CONST(RWF_HIPRI),
#endif
#ifdef RWF_NOAPPEND
  PYOS_CONST(RWF_NOAPPEND),
#endif
#ifdef RWF_NOWAIT
  PYOS_CONST(RWF_NOWAIT),
#endif
#ifdef RWF_SYNC
  PYOS_CONST(RWF_SYNC),
#endif
#ifdef SPLICE_F_MORE
  PYOS_CONST(SPLICE_F_MORE),
#endif
#ifdef SPLICE_F_MOVE
  PYOS_CONST(SPLICE_F_MOVE),
#endif
#ifdef SPLICE_F_NONBLOCK
  PYOS_CONST(SPLICE_F_NONBLOCK),
#endif
  {NULL, 0}
};

static const luaL_Reg vec_funcs[] = {
  {"copy_file_range", fd_copy_file_range},
  {"preadv", fd_preadv},
  {"pwritev", fd_pwritev},
  {"readv", fd_readv},
  {"sendfile", fd_sendfile},
  {"splice", fd_splice},
  {"writev", fd_writev},
  {NULL, NULL}
};

void pyos_fd_openvec (lua_State *L) {
  pyos_setfuncs(L, vec_funcs, 0);
  pyos_setconsts(L, vec_consts);
}
