/*
** fd_int.h: what the files of pyos.fd share beyond pyos.h.
*/
#ifndef PYOS_FD_INT_H
#define PYOS_FD_INT_H

#include "pyos.h"

#include <stddef.h>
#include <sys/types.h>

/* Reads up to this size are served by one buffer that read and pread keep
** between calls (no allocation per call); bigger ones get a buffer sized
** by pyos_fd_readcap and released afterwards. */
#define PYOS_FD_KEEP     ((size_t)4 << 20)

/* How many bytes to allocate for a read of n bytes at offset off (-1: the
** current position): n itself up to PYOS_FD_KEEP; above it, what a regular
** file still holds plus headroom, else at most 64 MiB. Never more than one
** read(2) transfers (0x7ffff000), never n blindly. */
PYOS_API size_t pyos_fd_readcap (int fd, size_t n, long long off);

/* fd_vec.c: readv, writev, preadv, pwritev, sendfile, copy_file_range,
** splice and their RWF_* / SPLICE_F_* constants. */
PYOS_API void pyos_fd_openvec (lua_State *L);

/* fd_tty.c: terminals and ptys (isatty, ttyname, openpty, login_tty,
** posix_openpt, grantpt, unlockpt, ptsname, tcgetpgrp, tcsetpgrp,
** get_terminal_size, device_encoding). */
PYOS_API void pyos_fd_opentty (lua_State *L);

/* fd_kern.c: memfd_create, eventfd*, timerfd_* and their constants. */
PYOS_API void pyos_fd_openkern (lua_State *L);

/* fd_buf.c: buffer, readinto and the Buffer type. */
PYOS_API void pyos_fd_openbuf (lua_State *L);

/* The bytes of the Buffer at idx and their count, or NULL for anything
** else. */
PYOS_API char *pyos_fd_tobuffer (lua_State *L, int idx, size_t *len);

/* The bytes of the string or Buffer at idx (a Buffer's pointer is only
** good while it is reachable from Lua), or NULL for anything else. */
PYOS_API const char *pyos_fd_todata (lua_State *L, int idx, size_t *len);

/* As pyos_fd_todata, for the data argument of write and the like: a
** number is taken as its string, as Lua's file:write does; anything else
** raises. */
PYOS_API const char *pyos_fd_checkdata (lua_State *L, int arg, size_t *len);

/* fd_file.c: fdopen. */
PYOS_API void pyos_fd_openfile (lua_State *L);

#endif
