/*
** fs_int.h: what the files of pyos.fs share beyond pyos.h.
*/
#ifndef PYOS_FS_INT_H
#define PYOS_FS_INT_H

#include "pyos.h"

/* fs_info.c: add pathconf, pathconf_names, statvfs (and its ST_*
** constants) and utime to the fs table at the top of the stack. */
PYOS_API void pyos_fs_openinfo (lua_State *L);

/* fs_path.c: set package.loaded["pyos._path"], pyos.path's C half. */
PYOS_API void pyos_fs_openpath (lua_State *L);

#endif
