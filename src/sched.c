/*
** sched.c: pyos.sched, Python's "Interface to the scheduler".
*/
#include "pyos.h"

static const luaL_Reg sched_funcs[] = {
  {NULL, NULL}
};

PYOS_EXPORT int luaopen_pyos_sched (lua_State *L) {
  pyos_newmodule(L, sched_funcs, NULL);
  return 1;
}
