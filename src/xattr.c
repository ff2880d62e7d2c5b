/*
** xattr.c: pyos.xattr, Python's "Linux extended attributes".
*/
#include "pyos.h"

static const luaL_Reg xattr_funcs[] = {
  {NULL, NULL}
};

PYOS_EXPORT int luaopen_pyos_xattr (lua_State *L) {
  pyos_newmodule(L, xattr_funcs, NULL);
  return 1;
}
