/*
** compat.h: the only place where Lua versions differ.
** Included first by every pyos source file. Every shim carries a pyos_
** prefix so it can never clash with what a runtime's headers already
** define (LuaJIT 2.1 has some 5.2 functions, but not all of them).
*/
#ifndef PYOS_COMPAT_H
#define PYOS_COMPAT_H

#include "lua.h"
#include "lauxlib.h"

#if LUA_VERSION_NUM == 501   /* Lua 5.1 and LuaJIT */

#define pyos_rawlen(L, i)          lua_objlen(L, (i))
#define pyos_newuserdata(L, sz)    lua_newuserdata(L, (sz))
#define pyos_absindex(L, i) \
  (((i) > 0 || (i) <= LUA_REGISTRYINDEX) ? (i) : lua_gettop(L) + (i) + 1)

static inline void pyos_setfuncs (lua_State *L, const luaL_Reg *l, int nup) {
  int i;
  for (; l->name != NULL; l++) {
    for (i = 0; i < nup; i++)
      lua_pushvalue(L, -nup);
    lua_pushcclosure(L, l->func, nup);
    lua_setfield(L, -(nup + 2), l->name);
  }
  lua_pop(L, nup);
}

static inline void *pyos_testudata (lua_State *L, int i, const char *tname) {
  void *p = lua_touserdata(L, i);
  if (p == NULL || !lua_getmetatable(L, i))
    return NULL;
  lua_getfield(L, LUA_REGISTRYINDEX, tname);
  if (!lua_rawequal(L, -1, -2))
    p = NULL;
  lua_pop(L, 2);
  return p;
}

/* 5.1 has no integer subtype: every number is a double. */
#define pyos_isinteger(L, i)       0

/* lua_pushinteger would go through ptrdiff_t; a double keeps 53 bits. */
#define pyos_pushint(L, v)         lua_pushnumber(L, (lua_Number)(v))

#else                         /* Lua 5.2, 5.3, 5.4 */

#define pyos_rawlen(L, i)          lua_rawlen(L, (i))
#define pyos_absindex(L, i)        lua_absindex(L, (i))
#define pyos_setfuncs(L, l, n)     luaL_setfuncs(L, (l), (n))
#define pyos_testudata(L, i, t)    luaL_testudata(L, (i), (t))

#if LUA_VERSION_NUM >= 504
#define pyos_newuserdata(L, sz)    lua_newuserdatauv(L, (sz), 0)
#else
#define pyos_newuserdata(L, sz)    lua_newuserdata(L, (sz))
#endif

#if LUA_VERSION_NUM >= 503
#define pyos_isinteger(L, i)       lua_isinteger(L, (i))
#define pyos_pushint(L, v)         lua_pushinteger(L, (lua_Integer)(v))
#else
#define pyos_isinteger(L, i)       0
#define pyos_pushint(L, v)         lua_pushnumber(L, (lua_Number)(v))
#endif

#endif

/* Lua 5.4's to-be-closed variables: the generic for's 4th value. */
#if LUA_VERSION_NUM >= 504
#define PYOS_HAVE_CLOSE 1
#else
#define PYOS_HAVE_CLOSE 0
#endif

#endif
