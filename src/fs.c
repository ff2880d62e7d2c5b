/*
** fs.c: pyos.fs, Python's "Files and Directories". stat and the stat
** module live in fs_stat.c, scandir and listdir in fs_dir.c, pathconf,
** statvfs and utime in fs_info.c.
*/
#include "fs_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <unistd.h>


/* ---- Argument helpers -------------------------------------------------- */

/* A mode argument (mkdir, chmod, ...); nil or none gives def. */
static mode_t optmode (lua_State *L, int arg, mode_t def) {
  return (mode_t)pyos_optint(L, arg, def, 0, 0xFFFFFFFFLL);
}

/* Push the bytes of a buffer-growing call: fill(buf, size) returns the
** length written, or -1 with errno set; a result that fills the whole
** buffer may be truncated, so the call is repeated with a bigger one.
** Returns -1 (errno kept) on failure, else 0 with the string pushed. */
typedef ssize_t (*pyos_Fill) (void *ud, char *buf, size_t size);

static int pushgrown (lua_State *L, pyos_Fill fill, void *ud) {
  char stackbuf[4096];
  char *buf = stackbuf;
  size_t size = sizeof stackbuf;
  for (;;) {
    ssize_t n = fill(ud, buf, size);
    if (n < 0)
      return -1;
    if ((size_t)n < size) {
      lua_pushlstring(L, buf, (size_t)n);
      if (buf != stackbuf)
        lua_remove(L, -2);       /* the userdata holding the big buffer */
      return 0;
    }
    if (buf != stackbuf)
      lua_pop(L, 1);
    size *= 2;
    buf = (char *)pyos_newuserdata(L, size);
  }
}


/* ---- access, chdir, getcwd --------------------------------------------- */

/* access(path, mode, *, dir_fd=None, effective_ids=False,
** follow_symlinks=True): true or false, never an error triple. */
static int fs_access (lua_State *L) {
  static const char *const keys[] = {"mode", "dir_fd", "effective_ids",
                                     "follow_symlinks", NULL};
  int opts = pyos_opts(L, 2, 0, keys);
  const char *path;
  int mode, r;
  pyos_kwarg(L, opts, 2, "mode");
  path = pyos_checkpath(L, 1, NULL);
  mode = (int)pyos_checkint(L, 2, INT_MIN, INT_MAX);
  if (opts == 0)
    r = access(path, mode);
  else {
    int dirfd = pyos_kwdirfd(L, opts, "dir_fd");
    int flags = 0;
    if (pyos_kwbool(L, opts, "effective_ids", 0))
      flags |= AT_EACCESS;
    if (!pyos_kwbool(L, opts, "follow_symlinks", 1))
      flags |= AT_SYMLINK_NOFOLLOW;
    r = faccessat(dirfd, path, mode, flags);
  }
  lua_pushboolean(L, r == 0);
  return 1;
}

/* chdir(path): path may be an fd. */
static int fs_chdir (lua_State *L) {
  int r;
  pyos_checknargs(L, 1);
  if (pyos_isfdarg(L, 1)) {
    int fd = pyos_checkfd(L, 1);
    r = fchdir(fd);
  }
  else
    r = chdir(pyos_checkpathorfd(L, 1, NULL));
  if (r == -1)
    return pyos_pusherror(L, errno, 1, 0);
  return pyos_pushok(L);
}

static int fs_fchdir (lua_State *L) {
  int fd;
  pyos_checknargs(L, 1);
  fd = pyos_checkfd(L, 1);
  if (fchdir(fd) == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}

static ssize_t fillcwd (void *ud, char *buf, size_t size) {
  (void)ud;
  if (getcwd(buf, size) != NULL)
    return (ssize_t)strlen(buf);
  return errno == ERANGE ? (ssize_t)size : -1;
}

/* getcwd() and getcwdb(): Lua strings are bytes, so both give the same
** string. */
static int pushcwd (lua_State *L) {
  pyos_checknargs(L, 0);
  if (pushgrown(L, fillcwd, NULL) == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return 1;
}

static int fs_getcwd (lua_State *L) { return pushcwd(L); }
static int fs_getcwdb (lua_State *L) { return pushcwd(L); }


/* ---- Permissions and owners -------------------------------------------- */

/* chmod(path, mode, *, dir_fd=None, follow_symlinks=True): path may be
** an fd (then, as in Python, dir_fd and follow_symlinks are ignored).
** Linux cannot change a symlink's mode: follow_symlinks=false on one
** raises, as Python's NotImplementedError. */
static int fs_chmod (lua_State *L) {
  static const char *const keys[] = {"mode", "dir_fd", "follow_symlinks",
                                     NULL};
  int opts = pyos_opts(L, 2, 0, keys);
  int dirfd, follow, r;
  mode_t mode;
  pyos_kwarg(L, opts, 2, "mode");
  pyos_checkpathorfd(L, 1, NULL);           /* the arguments in order */
  mode = (mode_t)pyos_checkint(L, 2, 0, 0xFFFFFFFFLL);
  dirfd = pyos_kwdirfd(L, opts, "dir_fd");
  follow = pyos_kwbool(L, opts, "follow_symlinks", 1);
  if (pyos_isfdarg(L, 1)) {
    int fd = pyos_checkfd(L, 1);
    r = fchmod(fd, mode);
  }
  else {
    const char *path = pyos_checkpathorfd(L, 1, NULL);
    if (dirfd == AT_FDCWD && follow)
      r = chmod(path, mode);
    else {
      r = fchmodat(dirfd, path, mode, follow ? 0 : AT_SYMLINK_NOFOLLOW);
      if (r == -1 && !follow && (errno == ENOTSUP || errno == EOPNOTSUPP)) {
        if (dirfd != AT_FDCWD)
          return pyos_argerror(L, opts, "cannot use dir_fd and "
                                        "follow_symlinks together");
        return pyos_argerror(L, opts, "follow_symlinks unavailable on "
                                      "this platform");
      }
    }
  }
  if (r == -1)
    return pyos_pusherror(L, errno, 1, 0);
  return pyos_pushok(L);
}

/* chown(path, uid, gid, *, dir_fd=None, follow_symlinks=True): path may
** be an fd; -1 leaves an id unchanged. */
static int fs_chown (lua_State *L) {
  static const char *const keys[] = {"uid", "gid", "dir_fd",
                                     "follow_symlinks", NULL};
  int opts = pyos_opts(L, 3, 0, keys);
  int dirfd, follow, r;
  uid_t uid;
  gid_t gid;
  pyos_kwarg(L, opts, 2, "uid");
  pyos_kwarg(L, opts, 3, "gid");
  pyos_checkpathorfd(L, 1, NULL);           /* the arguments in order */
  uid = (uid_t)pyos_checkid(L, 2, 1);
  gid = (gid_t)pyos_checkid(L, 3, 1);
  dirfd = pyos_kwdirfd(L, opts, "dir_fd");
  follow = pyos_kwbool(L, opts, "follow_symlinks", 1);
  if (pyos_isfdarg(L, 1)) {
    int fd = pyos_checkfd(L, 1);
    if (dirfd != AT_FDCWD)
      return pyos_argerror(L, opts, "can't specify both dir_fd and fd");
    if (!follow)
      return pyos_argerror(L, opts, "cannot use fd and follow_symlinks "
                                    "together");
    r = fchown(fd, uid, gid);
  }
  else {
    const char *path = pyos_checkpathorfd(L, 1, NULL);
    if (dirfd == AT_FDCWD)
      r = follow ? chown(path, uid, gid) : lchown(path, uid, gid);
    else
      r = fchownat(dirfd, path, uid, gid, follow ? 0 : AT_SYMLINK_NOFOLLOW);
  }
  if (r == -1)
    return pyos_pusherror(L, errno, 1, 0);
  return pyos_pushok(L);
}

static int fs_lchown (lua_State *L) {
  const char *path;
  uid_t uid;
  gid_t gid;
  pyos_checknargs(L, 3);
  path = pyos_checkpath(L, 1, NULL);
  uid = (uid_t)pyos_checkid(L, 2, 1);
  gid = (gid_t)pyos_checkid(L, 3, 1);
  if (lchown(path, uid, gid) == -1)
    return pyos_pusherror(L, errno, 1, 0);
  return pyos_pushok(L);
}

static int fs_chroot (lua_State *L) {
  const char *path;
  pyos_checknargs(L, 1);
  path = pyos_checkpath(L, 1, NULL);
  if (chroot(path) == -1)
    return pyos_pusherror(L, errno, 1, 0);
  return pyos_pushok(L);
}


/* ---- Creating and removing names --------------------------------------- */

/* link(src, dst, *, src_dir_fd=None, dst_dir_fd=None,
** follow_symlinks=True). As in Python, the plain call is link(2), which
** on Linux does not follow a symlink src; the others are linkat(2). */
static int fs_link (lua_State *L) {
  static const char *const keys[] = {"src_dir_fd", "dst_dir_fd",
                                     "follow_symlinks", NULL};
  int opts = pyos_opts(L, 2, 0, keys);
  const char *src = pyos_checkpath(L, 1, NULL);
  const char *dst = pyos_checkpath(L, 2, NULL);
  int sfd = pyos_kwdirfd(L, opts, "src_dir_fd");
  int dfd = pyos_kwdirfd(L, opts, "dst_dir_fd");
  int follow = pyos_kwbool(L, opts, "follow_symlinks", 1);
  int r;
  if (sfd == AT_FDCWD && dfd == AT_FDCWD && follow)
    r = link(src, dst);
  else
    r = linkat(sfd, src, dfd, dst, follow ? AT_SYMLINK_FOLLOW : 0);
  if (r == -1)
    return pyos_pusherror(L, errno, 1, 2);
  return pyos_pushok(L);
}

/* symlink(src, dst, target_is_directory=False, *, dir_fd=None): the
** flag only matters on Windows; it is checked and ignored. */
static int fs_symlink (lua_State *L) {
  static const char *const keys[] = {"target_is_directory", "dir_fd", NULL};
  int opts = pyos_opts(L, 3, 0, keys);
  const char *src, *dst;
  int dirfd;
  pyos_kwarg(L, opts, 3, "target_is_directory");
  src = pyos_checkpath(L, 1, NULL);
  dst = pyos_checkpath(L, 2, NULL);
  pyos_optbool(L, 3, 0);
  dirfd = pyos_kwdirfd(L, opts, "dir_fd");
  if (symlinkat(src, dirfd, dst) == -1)
    return pyos_pusherror(L, errno, 1, 2);
  return pyos_pushok(L);
}

/* mkdir(path, mode=0o777, *, dir_fd=None). */
static int fs_mkdir (lua_State *L) {
  static const char *const keys[] = {"mode", "dir_fd", NULL};
  int opts = pyos_opts(L, 2, 0, keys);
  const char *path;
  mode_t mode;
  int dirfd, r;
  pyos_kwarg(L, opts, 2, "mode");
  path = pyos_checkpath(L, 1, NULL);
  mode = optmode(L, 2, 0777);
  dirfd = pyos_kwdirfd(L, opts, "dir_fd");
  r = dirfd == AT_FDCWD ? mkdir(path, mode) : mkdirat(dirfd, path, mode);
  if (r == -1)
    return pyos_pusherror(L, errno, 1, 0);
  return pyos_pushok(L);
}

/* mkfifo(path, mode=0o666, *, dir_fd=None): Python's errors name no
** file here. */
static int fs_mkfifo (lua_State *L) {
  static const char *const keys[] = {"mode", "dir_fd", NULL};
  int opts = pyos_opts(L, 2, 0, keys);
  const char *path;
  mode_t mode;
  int dirfd, r;
  pyos_kwarg(L, opts, 2, "mode");
  path = pyos_checkpath(L, 1, NULL);
  mode = optmode(L, 2, 0666);
  dirfd = pyos_kwdirfd(L, opts, "dir_fd");
  do r = mkfifoat(dirfd, path, mode); while (r == -1 && pyos_retry(L));
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}

/* mknod(path, mode=0o600, device=0, *, dir_fd=None): no file name in
** errors, as in Python. */
static int fs_mknod (lua_State *L) {
  static const char *const keys[] = {"mode", "device", "dir_fd", NULL};
  int opts = pyos_opts(L, 3, 0, keys);
  const char *path;
  mode_t mode;
  dev_t dev;
  int dirfd, r;
  pyos_kwarg(L, opts, 2, "mode");
  pyos_kwarg(L, opts, 3, "device");
  path = pyos_checkpath(L, 1, NULL);
  mode = optmode(L, 2, 0600);
  dev = (dev_t)pyos_optint(L, 3, 0, LLONG_MIN, LLONG_MAX);
  dirfd = pyos_kwdirfd(L, opts, "dir_fd");
  do r = mknodat(dirfd, path, mode, dev); while (r == -1 && pyos_retry(L));
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}

/* unlinkat with flags 0 (unlink, remove) or AT_REMOVEDIR (rmdir). */
static int removename (lua_State *L, int flags) {
  static const char *const keys[] = {"dir_fd", NULL};
  int opts = pyos_opts(L, 1, 0, keys);
  const char *path = pyos_checkpath(L, 1, NULL);
  int dirfd = pyos_kwdirfd(L, opts, "dir_fd");
  int r;
  if (dirfd != AT_FDCWD)
    r = unlinkat(dirfd, path, flags);
  else
    r = flags ? rmdir(path) : unlink(path);
  if (r == -1)
    return pyos_pusherror(L, errno, 1, 0);
  return pyos_pushok(L);
}

static int fs_unlink (lua_State *L) { return removename(L, 0); }
static int fs_remove (lua_State *L) { return removename(L, 0); }
static int fs_rmdir (lua_State *L) { return removename(L, AT_REMOVEDIR); }

/* rename and replace(src, dst, *, src_dir_fd=None, dst_dir_fd=None):
** the same on POSIX. */
static int renamename (lua_State *L) {
  static const char *const keys[] = {"src_dir_fd", "dst_dir_fd", NULL};
  int opts = pyos_opts(L, 2, 0, keys);
  const char *src = pyos_checkpath(L, 1, NULL);
  const char *dst = pyos_checkpath(L, 2, NULL);
  int sfd = pyos_kwdirfd(L, opts, "src_dir_fd");
  int dfd = pyos_kwdirfd(L, opts, "dst_dir_fd");
  if (renameat(sfd, src, dfd, dst) == -1)
    return pyos_pusherror(L, errno, 1, 2);
  return pyos_pushok(L);
}

static int fs_rename (lua_State *L) { return renamename(L); }
static int fs_replace (lua_State *L) { return renamename(L); }

typedef struct {
  int dirfd;
  const char *path;
} ReadlinkArgs;

static ssize_t filllink (void *ud, char *buf, size_t size) {
  const ReadlinkArgs *a = (const ReadlinkArgs *)ud;
  return readlinkat(a->dirfd, a->path, buf, size);
}

/* readlink(path, *, dir_fd=None). */
static int fs_readlink (lua_State *L) {
  static const char *const keys[] = {"dir_fd", NULL};
  int opts = pyos_opts(L, 1, 0, keys);
  ReadlinkArgs a;
  a.path = pyos_checkpath(L, 1, NULL);
  a.dirfd = pyos_kwdirfd(L, opts, "dir_fd");
  if (pushgrown(L, filllink, &a) == -1)
    return pyos_pusherror(L, errno, 1, 0);
  return 1;
}


/* ---- Devices ------------------------------------------------------------ */

static dev_t checkdev (lua_State *L) {
  pyos_checknargs(L, 1);
  return (dev_t)pyos_checkint(L, 1, LLONG_MIN, LLONG_MAX);
}

static int fs_major (lua_State *L) {
  pyos_pushint(L, major(checkdev(L)));
  return 1;
}

static int fs_minor (lua_State *L) {
  pyos_pushint(L, minor(checkdev(L)));
  return 1;
}

static int fs_makedev (lua_State *L) {
  unsigned int ma, mi;
  pyos_checknargs(L, 2);
  ma = (unsigned int)pyos_checkint(L, 1, 0, UINT_MAX);
  mi = (unsigned int)pyos_checkint(L, 2, 0, UINT_MAX);
  pyos_pushint(L, (long long)makedev(ma, mi));
  return 1;
}


/* ---- Sizes and the disk ------------------------------------------------ */

/* truncate(path, length): path may be an fd (then, as in Python, errors
** name no file). */
static int fs_truncate (lua_State *L) {
  off_t length;
  int r;
  pyos_checknargs(L, 2);
  pyos_checkpathorfd(L, 1, NULL);           /* the arguments in order */
  length = (off_t)pyos_checkint(L, 2, LLONG_MIN, LLONG_MAX);
  if (pyos_isfdarg(L, 1)) {
    int fd = pyos_checkfd(L, 1);
    do r = ftruncate(fd, length); while (r == -1 && pyos_retry(L));
    if (r == -1)
      return pyos_pusherror(L, errno, 0, 0);
  }
  else {
    const char *path = pyos_checkpathorfd(L, 1, NULL);
    do r = truncate(path, length); while (r == -1 && pyos_retry(L));
    if (r == -1)
      return pyos_pusherror(L, errno, 1, 0);
  }
  return pyos_pushok(L);
}

static int fs_sync (lua_State *L) {
  pyos_checknargs(L, 0);
  sync();
  return pyos_pushok(L);
}


/* ---- The module ---------------------------------------------------------- */

static const pyos_Const fs_consts[] = {
  PYOS_CONST(F_OK), PYOS_CONST(R_OK), PYOS_CONST(W_OK), PYOS_CONST(X_OK),
  {NULL, 0}
};

static const luaL_Reg fs_funcs[] = {
  {"access", fs_access},
  {"chdir", fs_chdir},
  {"chmod", fs_chmod},
  {"chown", fs_chown},
  {"chroot", fs_chroot},
  {"fchdir", fs_fchdir},
  {"getcwd", fs_getcwd},
  {"getcwdb", fs_getcwdb},
  {"lchown", fs_lchown},
  {"link", fs_link},
  {"major", fs_major},
  {"makedev", fs_makedev},
  {"minor", fs_minor},
  {"mkdir", fs_mkdir},
  {"mkfifo", fs_mkfifo},
  {"mknod", fs_mknod},
  {"readlink", fs_readlink},
  {"remove", fs_remove},
  {"rename", fs_rename},
  {"replace", fs_replace},
  {"rmdir", fs_rmdir},
  {"symlink", fs_symlink},
  {"sync", fs_sync},
  {"truncate", fs_truncate},
  {"unlink", fs_unlink},
  {NULL, NULL}
};

PYOS_EXPORT int luaopen_pyos_fs (lua_State *L) {
  pyos_newmodule(L, fs_funcs, fs_consts);
  pyos_fs_openstat(L);
  pyos_fs_opendir(L);
  pyos_fs_openinfo(L);
  pyos_fs_openpath(L);
  pyos_setnames(L, -1, "pyos.");   /* for the messages */
  return 1;
}
