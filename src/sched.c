/*
** sched.c: pyos.sched, Python's "Interface to the scheduler".
*/
#include "pyos.h"

#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <string.h>
#include <sys/types.h>
#include <time.h>

/* glibc lacks SCHED_NORMAL (and older ones SCHED_DEADLINE): the kernel's
** header has them. Included only when missing, as CPython does. */
#if defined(__linux__) && (!defined(SCHED_NORMAL) || !defined(SCHED_DEADLINE))
#include <linux/sched.h>
#endif

#define PYOS_SCHEDPARAM   "pyos.sched_param"

/* CPUs in the first mask tried (CPython's NCPUS_START). */
#define NCPUS_START   (sizeof(unsigned long) * CHAR_BIT)


/* ---- sched_param ------------------------------------------------------- */

static int schedparam_tostring (lua_State *L) {
  pyos_checktable(L, 1);
  lua_getfield(L, 1, "sched_priority");
  lua_pushfstring(L, "posix.sched_param(sched_priority=%d)",
                  (int)lua_tointeger(L, -1));
  return 1;
}

/* Push {sched_priority = n, [1] = n} with the sched_param metatable. */
static void pushparam (lua_State *L, int prio) {
  lua_createtable(L, 1, 1);
  lua_pushinteger(L, prio);
  lua_setfield(L, -2, "sched_priority");
  lua_pushinteger(L, prio);
  lua_rawseti(L, -2, 1);
  luaL_getmetatable(L, PYOS_SCHEDPARAM);
  lua_setmetatable(L, -2);
}

/* sched_param(sched_priority): Python's struct sequence as a table. */
static int sched_sched_param (lua_State *L) {
  static const char *const keys[] = {"sched_priority", NULL};
  int opts = pyos_opts(L, 1, 0, keys);
  pyos_kwarg(L, opts, 1, "sched_priority");
  pushparam(L, (int)pyos_checkint(L, 1, INT_MIN, INT_MAX));
  return 1;
}

/* The param argument: a table with sched_priority, or {n}. */
static int checkparam (lua_State *L, int arg) {
  pyos_checktable(L, arg);
  return pyos_checkschedparam(L, arg, arg, "param", 0);
}


/* ---- Policies and parameters ------------------------------------------- */

static int sched_sched_get_priority_min (lua_State *L) {
  int policy, r;
  pyos_checknargs(L, 1);
  policy = (int)pyos_checkint(L, 1, INT_MIN, INT_MAX);
  r = sched_get_priority_min(policy);
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushinteger(L, r);
  return 1;
}

static int sched_sched_get_priority_max (lua_State *L) {
  int policy, r;
  pyos_checknargs(L, 1);
  policy = (int)pyos_checkint(L, 1, INT_MIN, INT_MAX);
  r = sched_get_priority_max(policy);
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushinteger(L, r);
  return 1;
}

static int sched_sched_getscheduler (lua_State *L) {
  pid_t pid;
  int r;
  pyos_checknargs(L, 1);
  pid = (pid_t)pyos_checkpid(L, 1);
  r = sched_getscheduler(pid);
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushinteger(L, r);
  return 1;
}

/* sched_setscheduler(pid, policy, param). */
static int sched_sched_setscheduler (lua_State *L) {
  struct sched_param sp;
  pid_t pid;
  int policy;
  pyos_checknargs(L, 3);
  pid = (pid_t)pyos_checkpid(L, 1);
  policy = (int)pyos_checkint(L, 2, INT_MIN, INT_MAX);
  memset(&sp, 0, sizeof sp);
  sp.sched_priority = checkparam(L, 3);
  if (sched_setscheduler(pid, policy, &sp) == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}

static int sched_sched_getparam (lua_State *L) {
  struct sched_param sp;
  pid_t pid;
  pyos_checknargs(L, 1);
  pid = (pid_t)pyos_checkpid(L, 1);
  if (sched_getparam(pid, &sp) == -1)
    return pyos_pusherror(L, errno, 0, 0);
  pushparam(L, sp.sched_priority);
  return 1;
}

static int sched_sched_setparam (lua_State *L) {
  struct sched_param sp;
  pid_t pid;
  pyos_checknargs(L, 2);
  pid = (pid_t)pyos_checkpid(L, 1);
  memset(&sp, 0, sizeof sp);
  sp.sched_priority = checkparam(L, 2);
  if (sched_setparam(pid, &sp) == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}

/* sched_rr_get_interval(pid): seconds, as a float. */
static int sched_sched_rr_get_interval (lua_State *L) {
  struct timespec ts;
  pid_t pid;
  pyos_checknargs(L, 1);
  pid = (pid_t)pyos_checkpid(L, 1);
  if (sched_rr_get_interval(pid, &ts) == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushnumber(L, (lua_Number)((double)ts.tv_sec + ts.tv_nsec * 1e-9));
  return 1;
}

static int sched_sched_yield (lua_State *L) {
  pyos_checknargs(L, 0);
  sched_yield();
  return pyos_pushok(L);
}


/* ---- Affinity ------------------------------------------------------------ */

/* A zeroed CPU mask for ncpus CPUs, owned by a userdata pushed on the
** stack (so a Lua error cannot leak it). *size gets CPU_ALLOC_SIZE. */
static cpu_set_t *newmask (lua_State *L, size_t ncpus, size_t *size) {
  cpu_set_t *mask;
  *size = CPU_ALLOC_SIZE(ncpus);
  mask = (cpu_set_t *)pyos_newuserdata(L, *size);
  CPU_ZERO_S(*size, mask);
  return mask;
}

/* The CPU named by the table entry whose key is at -2 and value at -1:
** an array element (the value, mask[i]) or a set member ({[cpu] = true},
** the key); -1 for a set member marked false. */
static long long entrycpu (lua_State *L, int arg) {
  if (lua_type(L, -1) == LUA_TBOOLEAN) {
    if (!lua_toboolean(L, -1))
      return -1;
    return pyos_checkintat(L, -2, arg, "mask key", 0, 0, 0, INT_MAX - 1);
  }
  return pyos_checkintat(L, -1, arg, "mask[%d]", (int)lua_tonumber(L, -2), 0,
                         0, INT_MAX - 1);
}

/* Highest CPU of the mask table at arg, -1 when empty. */
static long long maxcpu (lua_State *L, int arg) {
  long long max = -1;
  lua_pushnil(L);
  while (lua_next(L, arg)) {
    long long cpu = entrycpu(L, arg);
    if (cpu > max)
      max = cpu;
    lua_pop(L, 1);
  }
  return max;
}

/* sched_setaffinity(pid, mask): mask an array of CPUs or a {[cpu] = true}
** set; the C mask is as large as its highest CPU needs. */
static int sched_sched_setaffinity (lua_State *L) {
  size_t ncpus = NCPUS_START, size;
  cpu_set_t *mask;
  long long max;
  pid_t pid;
  pyos_checknargs(L, 2);
  pid = (pid_t)pyos_checkpid(L, 1);
  pyos_checktable(L, 2);
  max = maxcpu(L, 2);
  while ((long long)ncpus <= max)
    ncpus *= 2;
  mask = newmask(L, ncpus, &size);
  lua_pushnil(L);
  while (lua_next(L, 2)) {
    long long cpu = entrycpu(L, 2);
    if (cpu >= 0)
      CPU_SET_S((size_t)cpu, size, mask);
    lua_pop(L, 1);
  }
  if (sched_setaffinity(pid, size, mask) == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}

/* sched_getaffinity(pid): sorted array of CPUs. The mask grows until the
** kernel accepts its size (EINVAL: smaller than the kernel's), as in
** CPython. */
static int sched_sched_getaffinity (lua_State *L) {
  size_t ncpus = NCPUS_START, size, cpu;
  cpu_set_t *mask;
  pid_t pid;
  int count, n = 0;
  pyos_checknargs(L, 1);
  pid = (pid_t)pyos_checkpid(L, 1);
  for (;;) {
    mask = newmask(L, ncpus, &size);
    if (sched_getaffinity(pid, size, mask) == 0)
      break;
    if (errno != EINVAL || ncpus > INT_MAX / 2)
      return pyos_pusherror(L, errno, 0, 0);
    lua_pop(L, 1);
    ncpus *= 2;
  }
  count = CPU_COUNT_S(size, mask);
  lua_createtable(L, count, 0);
  for (cpu = 0; n < count && cpu < size * CHAR_BIT; cpu++) {
    if (CPU_ISSET_S(cpu, size, mask)) {
      lua_pushinteger(L, (lua_Integer)cpu);
      lua_rawseti(L, -2, ++n);
    }
  }
  return 1;
}


/* ---- Module -------------------------------------------------------------- */

static const pyos_Const sched_consts[] = {
  PYOS_CONST(SCHED_OTHER),
  PYOS_CONST(SCHED_FIFO),
  PYOS_CONST(SCHED_RR),
#ifdef SCHED_BATCH
  PYOS_CONST(SCHED_BATCH),
#endif
#ifdef SCHED_IDLE
  PYOS_CONST(SCHED_IDLE),
#endif
#ifdef SCHED_DEADLINE
  PYOS_CONST(SCHED_DEADLINE),
#endif
#ifdef SCHED_NORMAL
  PYOS_CONST(SCHED_NORMAL),
#endif
#ifdef SCHED_RESET_ON_FORK
  PYOS_CONST(SCHED_RESET_ON_FORK),
#endif
  {NULL, 0}
};

static const luaL_Reg sched_funcs[] = {
  {"sched_get_priority_max", sched_sched_get_priority_max},
  {"sched_get_priority_min", sched_sched_get_priority_min},
  {"sched_getaffinity", sched_sched_getaffinity},
  {"sched_getparam", sched_sched_getparam},
  {"sched_getscheduler", sched_sched_getscheduler},
  {"sched_param", sched_sched_param},
  {"sched_rr_get_interval", sched_sched_rr_get_interval},
  {"sched_setaffinity", sched_sched_setaffinity},
  {"sched_setparam", sched_sched_setparam},
  {"sched_setscheduler", sched_sched_setscheduler},
  {"sched_yield", sched_sched_yield},
  {NULL, NULL}
};

PYOS_EXPORT int luaopen_pyos_sched (lua_State *L) {
  static const luaL_Reg param_meta[] = {
    {"__tostring", schedparam_tostring},
    {NULL, NULL}
  };
  pyos_newmodule(L, sched_funcs, sched_consts);
  pyos_newclass(L, PYOS_SCHEDPARAM, param_meta, NULL);
  pyos_setnames(L, -1, "pyos.");   /* for the messages */
  return 1;
}
