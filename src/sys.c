/*
** sys.c: pyos.sys, Python's "Miscellaneous System Information and Random numbers".
*/
#include "pyos.h"

static const luaL_Reg sys_funcs[] = {
  {NULL, NULL}
};

PYOS_EXPORT int luaopen_pyos_sys (lua_State *L) {
  pyos_newmodule(L, sys_funcs, NULL);
  return 1;
}
