/*
** proc.c: pyos.proc, Python's "Process Parameters" and "Process
** Management". Also home of OSError, error and the errno table.
*/
#include "pyos.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include "errnames.h"

/* strerror(code): the system's message for an error number. */
static int proc_strerror (lua_State *L) {
  int code;
  pyos_checknargs(L, 1);
  code = (int)pyos_checkint(L, 1, INT_MIN, INT_MAX);
  lua_pushstring(L, strerror(code));
  return 1;
}

/* Push pyos.errno: every errno name to its number, and errorcode[n] back
** to the first name given for n. */
static void pusherrno (lua_State *L) {
  const pyos_Const *c;
  lua_newtable(L);
  pyos_setconsts(L, pyos_errnames);
  lua_newtable(L);
  for (c = pyos_errnames; c->name != NULL; c++) {
    lua_rawgeti(L, -1, (int)c->value);
    if (lua_isnil(L, -1)) {
      lua_pushstring(L, c->name);
      lua_rawseti(L, -3, (int)c->value);
    }
    lua_pop(L, 1);
  }
  lua_setfield(L, -2, "errorcode");
}

static const luaL_Reg proc_funcs[] = {
  {"strerror", proc_strerror},
  {NULL, NULL}
};

PYOS_EXPORT int luaopen_pyos_proc (lua_State *L) {
  pyos_newmodule(L, proc_funcs, NULL);
  pusherrno(L);
  lua_setfield(L, -2, "errno");
  pyos_pusherrortype(L);
  lua_setfield(L, -2, "OSError");
  pyos_pusherrortype(L);
  lua_setfield(L, -2, "error");
  return 1;
}
