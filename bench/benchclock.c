/*
** benchclock: a monotonic clock for the Lua side of the benchmarks.
** benchclock.ns() -> nanoseconds (a number) since the module was loaded,
** from clock_gettime(CLOCK_MONOTONIC). Built per runtime by bench/run.sh
** into build/bench/<runtime>/; not part of pyos.
*/
#include <time.h>

#include <lua.h>
#include <lauxlib.h>

static struct timespec start;

static int clock_ns (lua_State *L) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  lua_pushnumber(L, (lua_Number)(t.tv_sec - start.tv_sec) * 1e9
                    + (lua_Number)(t.tv_nsec - start.tv_nsec));
  return 1;
}

__attribute__((visibility("default")))
int luaopen_benchclock (lua_State *L) {
  clock_gettime(CLOCK_MONOTONIC, &start);
  lua_createtable(L, 0, 1);
  lua_pushcfunction(L, clock_ns);
  lua_setfield(L, -2, "ns");
  return 1;
}
