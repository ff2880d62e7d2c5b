/*
** fs_dir.c: scandir and its DirEntry, listdir. Part of pyos.fs.
*/
#include "pyos.h"

static const luaL_Reg fs_dir_funcs[] = {
  {NULL, NULL}
};

/* Add the functions of this file to the fs table at -1. */
void pyos_fs_opendir (lua_State *L) {
  pyos_setfuncs(L, fs_dir_funcs, 0);
}
