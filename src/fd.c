/*
** fd.c: pyos.fd, Python's "File Descriptor Operations".
*/
#include "pyos.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

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

static const pyos_Const fd_consts[] = {
  PYOS_CONST(O_RDONLY), PYOS_CONST(O_WRONLY), PYOS_CONST(O_RDWR),
  PYOS_CONST(O_APPEND), PYOS_CONST(O_CREAT), PYOS_CONST(O_EXCL),
  PYOS_CONST(O_TRUNC), PYOS_CONST(O_NONBLOCK), PYOS_CONST(O_NOCTTY),
  PYOS_CONST(O_CLOEXEC),
#ifdef O_DIRECTORY
  PYOS_CONST(O_DIRECTORY),
#endif
#ifdef O_NOFOLLOW
  PYOS_CONST(O_NOFOLLOW),
#endif
  {NULL, 0}
};

static const luaL_Reg fd_funcs[] = {
  {"close", fd_close},
  {"open", fd_open},
  {NULL, NULL}
};

PYOS_EXPORT int luaopen_pyos_fd (lua_State *L) {
  pyos_newmodule(L, fd_funcs, fd_consts);
  return 1;
}
