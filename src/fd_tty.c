/*
** fd_tty.c: terminals and pseudo-terminals. Part of pyos.fd.
*/
#include "fd_int.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <utmp.h>

#define PYOS_TERMSIZE   "pyos.terminal_size"

/* isatty(fd): never an error (false for a bad fd). */
static int fd_isatty (lua_State *L) {
  int fd;
  pyos_checknargs(L, 1);
  fd = pyos_checkfd(L, 1);
  lua_pushboolean(L, isatty(fd));
  return 1;
}

/* ttyname(fd): the terminal's device path. */
static int fd_ttyname (lua_State *L) {
  char buf[PATH_MAX];
  int fd, r;
  pyos_checknargs(L, 1);
  fd = pyos_checkfd(L, 1);
  r = ttyname_r(fd, buf, sizeof buf);
  if (r != 0)
    return pyos_pusherror(L, r, 0, 0);
  lua_pushstring(L, buf);
  return 1;
}

/* ptsname(fd): the slave device of the pty master fd. */
static int fd_ptsname (lua_State *L) {
  char buf[PATH_MAX];
  int fd, r;
  pyos_checknargs(L, 1);
  fd = pyos_checkfd(L, 1);
  r = ptsname_r(fd, buf, sizeof buf);
  if (r != 0)
    return pyos_pusherror(L, r, 0, 0);
  lua_pushstring(L, buf);
  return 1;
}

/* posix_openpt(oflag): a pty master; O_CLOEXEC is always added. */
static int fd_posix_openpt (lua_State *L) {
  int flags, fd;
  pyos_checknargs(L, 1);
  flags = (int)pyos_checkint(L, 1, INT_MIN, INT_MAX);
  fd = posix_openpt(flags | O_CLOEXEC);
  if (fd == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushinteger(L, fd);
  return 1;
}

/* grantpt(fd) */
static int fd_grantpt (lua_State *L) {
  int fd;
  pyos_checknargs(L, 1);
  fd = pyos_checkfd(L, 1);
  if (grantpt(fd) == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}

/* unlockpt(fd) */
static int fd_unlockpt (lua_State *L) {
  int fd;
  pyos_checknargs(L, 1);
  fd = pyos_checkfd(L, 1);
  if (unlockpt(fd) == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}

/* Open the slave of master m non-inheritable; -1 with errno on failure. */
static int openslave (int m) {
  char name[PATH_MAX];
  int r;
  if (grantpt(m) == -1 || unlockpt(m) == -1)
    return -1;
  r = ptsname_r(m, name, sizeof name);
  if (r != 0) {
    errno = r;
    return -1;
  }
  return open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
}

/* openpty(): master, slave; both non-inheritable from the start. */
static int fd_openpty (lua_State *L) {
  int m, s;
  pyos_checknargs(L, 0);
  m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (m == -1)
    return pyos_pusherror(L, errno, 0, 0);
  s = openslave(m);
  if (s == -1) {
    int e = errno;
    close(m);
    return pyos_pusherror(L, e, 0, 0);
  }
  lua_pushinteger(L, m);
  lua_pushinteger(L, s);
  return 2;
}

/* login_tty(fd): new session, fd its controlling terminal and the
** stdin, stdout and stderr of the process; fd is closed. */
static int fd_login_tty (lua_State *L) {
  int fd;
  pyos_checknargs(L, 1);
  fd = pyos_checkfd(L, 1);
  if (login_tty(fd) == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}

/* tcgetpgrp(fd): the foreground process group of the terminal. */
static int fd_tcgetpgrp (lua_State *L) {
  int fd;
  pid_t pg;
  pyos_checknargs(L, 1);
  fd = pyos_checkfd(L, 1);
  pg = tcgetpgrp(fd);
  if (pg == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushinteger(L, pg);
  return 1;
}

/* tcsetpgrp(fd, pg) */
static int fd_tcsetpgrp (lua_State *L) {
  int fd;
  pid_t pg;
  pyos_checknargs(L, 2);
  fd = pyos_checkfd(L, 1);
  pg = (pid_t)pyos_checkpid(L, 2);
  if (tcsetpgrp(fd, pg) == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}

/* Python's repr: os.terminal_size(columns=80, lines=24). */
static int termsize_tostring (lua_State *L) {
  pyos_checktable(L, 1);
  lua_rawgeti(L, 1, 1);
  lua_rawgeti(L, 1, 2);
  lua_pushfstring(L, "os.terminal_size(columns=%d, lines=%d)",
                  (int)lua_tointeger(L, -2), (int)lua_tointeger(L, -1));
  return 1;
}

/* get_terminal_size(fd=1): {columns=, lines=, [1]=columns, [2]=lines}. */
static int fd_get_terminal_size (lua_State *L) {
  struct winsize w;
  int fd;
  pyos_checknargs(L, 1);
  fd = (int)pyos_optint(L, 1, STDOUT_FILENO, INT_MIN, INT_MAX);
  if (ioctl(fd, TIOCGWINSZ, &w) == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_createtable(L, 2, 2);
  lua_pushinteger(L, w.ws_col);
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, "columns");
  lua_rawseti(L, -2, 1);
  lua_pushinteger(L, w.ws_row);
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, "lines");
  lua_rawseti(L, -2, 2);
  luaL_getmetatable(L, PYOS_TERMSIZE);
  lua_setmetatable(L, -2);
  return 1;
}

/* The encoding of the environment's locale (LC_ALL, LC_CTYPE, LANG), as
** Python sees it: the C and POSIX locales mean UTF-8 (PEP 538/540). */
static void pushencoding (lua_State *L) {
  locale_t loc = newlocale(LC_CTYPE_MASK, "", (locale_t)0);
  const char *cs = NULL;
  if (loc != (locale_t)0)
    cs = nl_langinfo_l(CODESET, loc);
  if (cs == NULL || *cs == '\0' || strcmp(cs, "ANSI_X3.4-1968") == 0)
    cs = "utf-8";
  lua_pushstring(L, cs);
  if (loc != (locale_t)0)
    freelocale(loc);
}

/* device_encoding(fd): the terminal's encoding, nil when fd is not a
** terminal. */
static int fd_device_encoding (lua_State *L) {
  int fd;
  pyos_checknargs(L, 1);
  fd = pyos_checkfd(L, 1);
  if (!isatty(fd))
    lua_pushnil(L);
  else
    pushencoding(L);
  return 1;
}

static const luaL_Reg tty_funcs[] = {
  {"device_encoding", fd_device_encoding},
  {"get_terminal_size", fd_get_terminal_size},
  {"grantpt", fd_grantpt},
  {"isatty", fd_isatty},
  {"login_tty", fd_login_tty},
  {"openpty", fd_openpty},
  {"posix_openpt", fd_posix_openpt},
  {"ptsname", fd_ptsname},
  {"tcgetpgrp", fd_tcgetpgrp},
  {"tcsetpgrp", fd_tcsetpgrp},
  {"ttyname", fd_ttyname},
  {"unlockpt", fd_unlockpt},
  {NULL, NULL}
};

void pyos_fd_opentty (lua_State *L) {
  static const luaL_Reg meta[] = {
    {"__tostring", termsize_tostring},
    {NULL, NULL}
  };
  pyos_newclass(L, PYOS_TERMSIZE, meta, NULL);
  pyos_setfuncs(L, tty_funcs, 0);
}
