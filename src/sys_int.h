/*
** sys_int.h: what the files of pyos.sys share.
*/
#ifndef PYOS_SYS_INT_H
#define PYOS_SYS_INT_H

#include "pyos.h"

/* sys_conf.c: add confstr, confstr_names, sysconf and sysconf_names to
** the sys table at the top of the stack. */
PYOS_API void pyos_sys_openconf (lua_State *L);

/* sys_pwd.c: add getpwnam, getpwuid, getpwall, getgrnam, getgrgid and
** getgrall (Python's pwd and grp) to the sys table at the top of the
** stack. */
PYOS_API void pyos_sys_openpwd (lua_State *L);

#endif
