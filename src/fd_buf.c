/*
** fd_buf.c: pyos.buffer, a fixed-size mutable byte buffer, and readinto.
** Part of pyos.fd.
**
** Lua strings are immutable, so every read that returns one is an
** allocation and a copy. A Buffer is what Python's bytearray and
** memoryview are to os.readinto and os.write: readinto, readv and preadv
** fill it in place, and write, pwrite, writev and pwritev take it (or a
** view of part of it) wherever they take a string. A copy loop over one
** Buffer allocates nothing per chunk.
**
** A buffer never changes size, so a view can never dangle: a view points
** into its root's bytes and keeps the root alive (its user value).
*/
#include "fd_int.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define PYOS_BUFFER   "pyos.Buffer"

/* The most one read(2) or write(2) moves on Linux (MAX_RW_COUNT); it also
** keeps a buffer under LuaJIT's 2 GiB object limit. */
#define MAXBUFFER     ((size_t)0x7ffff000)

typedef struct Buffer {
  char *p;         /* the bytes: after this struct (a root) or in the root */
  size_t len;
  int isview;      /* a view: its reference is the root */
} Buffer;

/* The metatable's key (pyos_keyclass): write and readinto find it
** without hashing a name. */
static const char bufkey = 0;

#define rawbuffer(L, idx)   ((Buffer *)pyos_toclass(L, (idx), &bufkey))

/* A view's bytes live only as long as its root, its reference. Only the
** debug library can change that reference, but then the root may be
** gone: so a view is used only while its reference is a root Buffer
** whose bytes hold the view's. */
static void checkview (lua_State *L, int idx, const Buffer *v) {
  Buffer *root;
  uintptr_t at, start;
  pyos_getref(L, idx);
  root = rawbuffer(L, -1);
  at = (uintptr_t)v->p;
  start = root != NULL ? (uintptr_t)root->p : 0;
  if (root == NULL || root->isview || at < start || at - start > root->len
      || v->len > root->len - (at - start))
    luaL_error(L, "pyos.Buffer view without its buffer (its reference "
                  "was changed through the debug library)");
  lua_pop(L, 1);
}

/* The Buffer at idx, or NULL. */
static Buffer *tobuffer (lua_State *L, int idx) {
  Buffer *b = rawbuffer(L, idx);
  if (b != NULL && b->isview)
    checkview(L, idx, b);
  return b;
}

static Buffer *checkbuffer (lua_State *L, int arg) {
  Buffer *b = tobuffer(L, arg);
  if (b == NULL)
    pyos_typeerror(L, arg, PYOS_BUFFER);
  return b;
}

char *pyos_fd_tobuffer (lua_State *L, int idx, size_t *len) {
  Buffer *b = tobuffer(L, idx);
  if (b == NULL)
    return NULL;
  *len = b->len;
  return b->p;
}

const char *pyos_fd_todata (lua_State *L, int idx, size_t *len) {
  if (lua_type(L, idx) == LUA_TSTRING)
    return lua_tolstring(L, idx, len);
  return pyos_fd_tobuffer(L, idx, len);
}

const char *pyos_fd_checkdata (lua_State *L, int arg, size_t *len) {
  const char *p = pyos_fd_todata(L, arg, len);
  if (p == NULL) {
    if (lua_type(L, arg) == LUA_TNUMBER)     /* as Lua's own file:write */
      return lua_tolstring(L, arg, len);
    pyos_typeerror(L, arg, "string or " PYOS_BUFFER);
  }
  return p;
}

/* A new root buffer of len bytes, uninitialized. */
static Buffer *newbuffer (lua_State *L, size_t len) {
  Buffer *b = (Buffer *)pyos_newuserdata(L, sizeof *b + len);
  b->p = (char *)(b + 1);
  b->len = len;
  b->isview = 0;
  pyos_setclass(L, &bufkey);
  return b;
}


/* ---- Positions, as string.sub counts them ------------------------------ */

/* A first position i: negative counts from the end; clamped to 1. */
static size_t startpos (long long i, size_t len) {
  if (i > 0)                        /* past the end: len + 1, an empty range */
    return (unsigned long long)i > len ? len + 1 : (size_t)i;
  if (i == 0 || i < -(long long)len)
    return 1;
  return len + (size_t)(i + 1);
}

/* A last position j: negative counts from the end; clamped to len. */
static size_t endpos (long long j, size_t len) {
  if (j > (long long)len)
    return len;
  if (j >= 0)
    return (size_t)j;
  if (j < -(long long)len)
    return 0;
  return len + (size_t)(j + 1);
}

#define optpos(L, arg, def)   pyos_optint(L, (arg), (def), LLONG_MIN, LLONG_MAX)

/* Arguments 2 and 3, positions i and j of b (j defaults to jdef, or to i
** itself when jdef is 0, as string.byte): an offset, and the count in
** *count (0 for an empty range). */
static size_t range (lua_State *L, Buffer *b, long long jdef, size_t *count) {
  long long rawi = optpos(L, 2, 1);
  size_t i = startpos(rawi, b->len);
  size_t j = endpos(optpos(L, 3, jdef != 0 ? jdef : rawi), b->len);
  *count = i > j ? 0 : j - i + 1;
  return i > j ? 0 : i - 1;
}


/* ---- pyos.buffer, readinto --------------------------------------------- */

/* buffer(size | data): size zero bytes, or a copy of a string or Buffer. */
static int fd_buffer (lua_State *L) {
  size_t len;
  const char *data;
  pyos_checknargs(L, 1);
  data = pyos_fd_todata(L, 1, &len);
  if (data == NULL) {
    if (lua_type(L, 1) != LUA_TNUMBER)
      return pyos_typeerror(L, 1, "integer, string or " PYOS_BUFFER);
    len = pyos_checksize(L, 1);
  }
  if (len > MAXBUFFER)
    return pyos_argerror(L, 1, "buffer size too large (at most 0x7ffff000)");
  if (data != NULL)
    memcpy(newbuffer(L, len)->p, data, len);
  else
    memset(newbuffer(L, len)->p, 0, len);
  return 1;
}

/* readinto(fd, buffer): read at most #buffer bytes into it; the count, 0
** at end of file (or for an empty buffer). */
static int fd_readinto (lua_State *L) {
  Buffer *b;
  int fd;
  ssize_t r;
  pyos_checknargs(L, 2);
  fd = pyos_checkfd(L, 1);
  b = checkbuffer(L, 2);
  do r = read(fd, b->p, b->len); while (r == -1 && pyos_retry(L));
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushinteger(L, (lua_Integer)r);
  return 1;
}


/* ---- Methods ----------------------------------------------------------- */

/* b:sub([i [, j]]): bytes i .. j as a string (string.sub's positions). */
static int buf_sub (lua_State *L) {
  Buffer *b = checkbuffer(L, 1);
  size_t n, off;
  pyos_checknargs(L, 3);
  off = range(L, b, -1, &n);
  lua_pushlstring(L, b->p + off, n);
  return 1;
}

/* b:view([i [, j]]): a Buffer over bytes i .. j of b, sharing them. */
static int buf_view (lua_State *L) {
  Buffer *b = checkbuffer(L, 1), *v;
  size_t n, off;
  pyos_checknargs(L, 3);
  off = range(L, b, -1, &n);
  v = (Buffer *)pyos_newuserdataref(L, sizeof *v);
  v->p = b->p + off;
  v->len = n;
  v->isview = 1;
  pyos_setclass(L, &bufkey);
  if (b->isview)                        /* a view of a view: keep the root */
    pyos_getref(L, 1);
  else
    lua_pushvalue(L, 1);
  pyos_setref(L, -2);
  return 1;
}

/* b:byte([i [, j]]): the bytes i .. j (default j = i) as integers. */
static int buf_byte (lua_State *L) {
  Buffer *b = checkbuffer(L, 1);
  size_t n, off, k;
  pyos_checknargs(L, 3);
  off = range(L, b, 0, &n);
  if (n >= INT_MAX || !lua_checkstack(L, (int)n))
    return pyos_argerror(L, 2, "buffer slice too long");
  for (k = 0; k < n; k++)
    lua_pushinteger(L, (unsigned char)b->p[off + k]);
  return (int)n;
}

/* b:set(i, data): copy a string or Buffer into b from position i (which
** may count from the end); the data must fit. */
static int buf_set (lua_State *L) {
  Buffer *b = checkbuffer(L, 1);
  long long i;
  size_t len, at;
  const char *data;
  pyos_checknargs(L, 3);
  i = pyos_checkint(L, 2, LLONG_MIN, LLONG_MAX);
  data = pyos_fd_checkdata(L, 3, &len);
  if (i < 0 && i >= -(long long)b->len)
    i += (long long)b->len + 1;
  if (i < 1 || (unsigned long long)i > b->len + 1)
    return pyos_argerror(L, 2, "position out of range");
  at = (size_t)i - 1;
  if (len > b->len - at) {
    char msg[128];
    snprintf(msg, sizeof msg, "%zu bytes of data do not fit at position "
             "%lld of a buffer of %zu", len, i, b->len);
    return pyos_argerror(L, 3, msg);
  }
  memmove(b->p + at, data, len);        /* data may be a view of b */
  return 0;
}

static int buf_len (lua_State *L) {
  lua_pushinteger(L, (lua_Integer)checkbuffer(L, 1)->len);
  return 1;
}

static int buf_tostring (lua_State *L) {
  Buffer *b = checkbuffer(L, 1);
  lua_pushfstring(L, "<" PYOS_BUFFER " of %d bytes>", (int)b->len);
  return 1;
}

static void openbuffer (lua_State *L) {
  static const luaL_Reg meta[] = {
    {"__len", buf_len},
    {"__tostring", buf_tostring},
    {NULL, NULL}
  };
  static const luaL_Reg meth[] = {
    {"byte", buf_byte},
    {"set", buf_set},
    {"sub", buf_sub},
    {"view", buf_view},
    {NULL, NULL}
  };
  pyos_newclass(L, PYOS_BUFFER, meta, meth);
  pyos_keyclass(L, PYOS_BUFFER, &bufkey);
}

static const luaL_Reg buf_funcs[] = {
  {"buffer", fd_buffer},
  {"readinto", fd_readinto},
  {NULL, NULL}
};

void pyos_fd_openbuf (lua_State *L) {
  openbuffer(L);
  pyos_setfuncs(L, buf_funcs, 0);
}
