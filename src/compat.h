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

/* A userdata that keeps one Lua value alive (its reference). 5.3 and 5.4
** store any value as the user value; 5.2 takes only a table there, and
** 5.1 (and LuaJIT) only a table as the environment, so the value goes
** into a one-slot table. pyos_setref pops the value into the userdata at
** i; pyos_getref pushes it. */
#if LUA_VERSION_NUM >= 504
#define pyos_newuserdataref(L, sz) lua_newuserdatauv(L, (sz), 1)
#define pyos_setref(L, i)          ((void)lua_setiuservalue(L, (i), 1))
#define pyos_getref(L, i)          ((void)lua_getiuservalue(L, (i), 1))
#elif LUA_VERSION_NUM == 503
#define pyos_newuserdataref(L, sz) lua_newuserdata(L, (sz))
#define pyos_setref(L, i)          lua_setuservalue(L, (i))
#define pyos_getref(L, i)          ((void)lua_getuservalue(L, (i)))
#else
#if LUA_VERSION_NUM == 501
#define pyos_setenvtable(L, i)     ((void)lua_setfenv(L, (i)))
#define pyos_getenvtable(L, i)     lua_getfenv(L, (i))
#else
#define pyos_setenvtable(L, i)     lua_setuservalue(L, (i))
#define pyos_getenvtable(L, i)     lua_getuservalue(L, (i))
#endif
#define pyos_newuserdataref(L, sz) lua_newuserdata(L, (sz))
static inline void pyos_setref (lua_State *L, int i) {
  i = pyos_absindex(L, i);
  lua_createtable(L, 1, 0);
  lua_insert(L, -2);
  lua_rawseti(L, -2, 1);
  pyos_setenvtable(L, i);
}
static inline void pyos_getref (lua_State *L, int i) {
  pyos_getenvtable(L, i);
  if (lua_type(L, -1) != LUA_TTABLE) {   /* only the debug library does that */
    lua_pop(L, 1);
    lua_pushnil(L);
    return;
  }
  lua_rawgeti(L, -1, 1);
  lua_remove(L, -2);
}
#endif

/* Lua 5.4's to-be-closed variables: the generic for's 4th value. */
#if LUA_VERSION_NUM >= 504
#define PYOS_HAVE_CLOSE 1
#else
#define PYOS_HAVE_CLOSE 0
#endif

#endif
