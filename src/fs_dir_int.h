/*
** fs_dir_int.h: what fs_dir.c (scandir, DirEntry, listdir) and
** fs_dir_walk.c (the private helpers of walk and fwalk) share.
*/
#ifndef PYOS_FS_DIR_INT_H
#define PYOS_FS_DIR_INT_H

#include "pyos.h"

#include <dirent.h>
#include <sys/types.h>

/* Bytes asked of getdents64 at a time (glibc's readdir uses 32 KiB). */
#define PYOS_DIRBUF   32768

/* A getdents64 buffer, aligned for struct dirent64. */
typedef union pyos_DirBuf {
  struct dirent64 align;
  char b[PYOS_DIRBUF];
} pyos_DirBuf;

/* Registry name of the descriptor guard (an fd closed on collection). */
#define PYOS_DIRFD    "pyos.DirFd"

typedef struct pyos_DirFd {
  int fd;           /* -1 once closed */
  char *buf;        /* a malloc'd buffer the guard frees, or NULL */
} pyos_DirFd;

/* openat(dirfd, path, flags | O_CLOEXEC), retried on EINTR; on EMFILE or
** ENFILE, one full garbage collection (unclosed iterators may hold fds)
** and one more try. Returns the fd, or -1 with errno set. */
PYOS_API int pyos_dir_openat (lua_State *L, int dirfd, const char *path,
                              int flags);

/* The directory open on fd, for reading without closing fd: a duplicate
** (close-on-exec, sharing fd's offset), checked to be a directory.
** Returns it, or -1 with errno set; *dupfailed tells whether the dup
** itself failed (Python names no file then). */
PYOS_API int pyos_dir_dup (lua_State *L, int fd, int *dupfailed);

/* getdents64 into p[0 .. n), retried on EINTR: bytes read, 0 at the end,
** -1 and errno. */
PYOS_API ssize_t pyos_dir_read (lua_State *L, int fd, char *p, size_t n);

/* Two tables on the stack are the same table. PUC Lua: when their
** addresses are (lua_topointer: ~25 instructions an entry fewer than
** lua_rawequal on 5.4); on LuaJIT lua_rawequal is the cheaper (~20). */
#if defined(LUA_JITLIBNAME)
#define pyos_dir_sametable(L, a, b)  lua_rawequal(L, (a), (b))
#else
#define pyos_dir_sametable(L, a, b) \
  (lua_topointer(L, (a)) == lua_topointer(L, (b)))
#endif

/* luaL_checkudata for the hot paths: the metatable to compare with is at
** mt (an upvalue), so no registry lookup; a mismatch raises
** luaL_checkudata's usual message. On success the object's metatable is
** left on the stack (a pop is a call more, and most callers only push
** their results). */
static inline void *pyos_dir_checktype (lua_State *L, int idx, int mt,
                                        const char *tname) {
  void *p = lua_touserdata(L, idx);
  if (p != NULL && lua_getmetatable(L, idx) && pyos_dir_sametable(L, -1, mt))
    return p;
  return pyos_checkudata(L, idx, tname);
}

/* True for "." and "..". Inline: it is asked of every entry read. */
static inline int pyos_dir_isdots (const char *s) {
  return s[0] == '.' && (s[1] == '\0' || (s[1] == '.' && s[2] == '\0'));
}

/* Push a new guard holding no descriptor yet (fd -1) and no buffer:
** __gc and :close() close and free what it holds, once. */
PYOS_API pyos_DirFd *pyos_dir_newguard (lua_State *L);

/* Close the guard's descriptor and free its buffer, if any. */
PYOS_API void pyos_dir_closeguard (pyos_DirFd *g);

/* fs_dir_walk.c: create the guard type and package.loaded["pyos._fsdir"]
** (the C half of walk and fwalk, private to lua/pyos/_walk.lua). */
PYOS_API void pyos_fs_openwalk (lua_State *L);

#endif
