/*
** fs.c: pyos.fs, Python's "Files and Directories". stat and the stat
** module live in fs_stat.c, scandir and listdir in fs_dir.c.
*/
#include "pyos.h"

#include <errno.h>

static const luaL_Reg fs_funcs[] = {
  {NULL, NULL}
};

PYOS_EXPORT int luaopen_pyos_fs (lua_State *L) {
  pyos_newmodule(L, fs_funcs, NULL);
  pyos_fs_openstat(L);
  pyos_fs_opendir(L);
  return 1;
}
