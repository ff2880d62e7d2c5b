/*
** sys.c: pyos.sys, Python's "Miscellaneous System Information" and
** "Random numbers". confstr and sysconf live in sys_conf.c, Python's pwd
** and grp look-ups in sys_pwd.c.
*/
#include "sys_int.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <sys/random.h>
#include <sys/types.h>
#include <unistd.h>

/* CPUs in the first affinity mask tried (CPython's NCPUS_START). */
#define NCPUS_START   (sizeof(unsigned long) * CHAR_BIT)


/* ---- CPUs and load ------------------------------------------------------- */

/* cpu_count() -> integer, or nil when unknown (Python's None). */
static int sys_cpu_count (lua_State *L) {
  long n;
  pyos_checknargs(L, 0);
  n = sysconf(_SC_NPROCESSORS_ONLN);
  if (n < 1)
    lua_pushnil(L);
  else
    lua_pushinteger(L, (lua_Integer)n);
  return 1;
}

/* CPUs this process may run on (its affinity mask, grown until the
** kernel accepts its size, as CPython does); -1 when unknown. */
static long affinitycount (lua_State *L) {
  size_t ncpus = NCPUS_START;
  for (;;) {
    size_t size = CPU_ALLOC_SIZE(ncpus);
    cpu_set_t *mask = (cpu_set_t *)pyos_newuserdata(L, size);
    int r = sched_getaffinity(0, size, mask);
    long count = r == 0 ? CPU_COUNT_S(size, mask) : -1;
    lua_pop(L, 1);
    if (r == 0)
      return count;
    if (errno != EINVAL || ncpus > INT_MAX / 2)
      return -1;
    ncpus *= 2;
  }
}

/* process_cpu_count() -> the CPUs the calling thread may use, or
** cpu_count() when the affinity is unknown. */
static int sys_process_cpu_count (lua_State *L) {
  long n;
  pyos_checknargs(L, 0);
  n = affinitycount(L);
  if (n < 1)
    return sys_cpu_count(L);
  lua_pushinteger(L, (lua_Integer)n);
  return 1;
}

/* getloadavg() -> three numbers (1, 5 and 15 minutes). */
static int sys_getloadavg (lua_State *L) {
  double avg[3];
  pyos_checknargs(L, 0);
  errno = 0;
  if (getloadavg(avg, 3) != 3)
    return pyos_pusherror(L, errno != 0 ? errno : EIO, 0, 0);
  lua_pushnumber(L, (lua_Number)avg[0]);
  lua_pushnumber(L, (lua_Number)avg[1]);
  lua_pushnumber(L, (lua_Number)avg[2]);
  return 3;
}


/* ---- Random numbers ------------------------------------------------------ */

/* Fill buf[0..size) from getrandom(2) with flags. Returns the bytes
** filled; on an error before any byte, -1 with errno set. Short reads
** are continued (the kernel caps one call, 512 bytes for GRND_RANDOM);
** with GRND_NONBLOCK, what was read before EAGAIN is returned. */
static ssize_t fillrandom (lua_State *L, char *buf, size_t size, int flags) {
  size_t done = 0;
  while (done < size) {
    ssize_t n = getrandom(buf + done, size - done, (unsigned)flags);
    if (n == -1) {
      if (pyos_retry(L))
        continue;
      if (done > 0 && errno == EAGAIN)
        break;
      return -1;
    }
    done += (size_t)n;
  }
  return (ssize_t)done;
}

/* The read(2) fallback of urandom, for kernels without getrandom. */
static ssize_t filldevice (lua_State *L, char *buf, size_t size) {
  size_t done = 0;
  int fd, e;
  do fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  while (fd == -1 && pyos_retry(L));
  if (fd == -1)
    return -1;
  while (done < size) {
    ssize_t n = read(fd, buf + done, size - done);
    if (n == -1 && pyos_retry(L))
      continue;
    if (n <= 0) {
      e = n == 0 ? EIO : errno;
      close(fd);
      errno = e;
      return -1;
    }
    done += (size_t)n;
  }
  close(fd);
  return (ssize_t)done;
}

/* A buffer of size bytes owned by a userdata pushed on the stack; a
** size the allocator refuses raises "not enough memory". */
static char *newbuffer (lua_State *L, size_t size) {
  return (char *)pyos_newuserdata(L, size > 0 ? size : 1);
}

/* getrandom(size, flags=0) -> string of up to size random bytes. */
static int sys_getrandom (lua_State *L) {
  static const char *const keys[] = {"size", "flags", NULL};
  int opts = pyos_opts(L, 2, 0, keys);
  size_t size;
  int flags;
  ssize_t n;
  char *buf;
  pyos_kwarg(L, opts, 1, "size");
  pyos_kwarg(L, opts, 2, "flags");
  size = pyos_checksize(L, 1);
  flags = (int)pyos_optint(L, 2, 0, INT_MIN, INT_MAX);
  buf = newbuffer(L, size);
  n = fillrandom(L, buf, size, flags);
  if (n == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushlstring(L, buf, (size_t)n);
  return 1;
}

/* urandom(size) -> string of size random bytes, suitable for
** cryptographic use: getrandom(2), or /dev/urandom where the kernel
** lacks it. */
static int sys_urandom (lua_State *L) {
  size_t size;
  ssize_t n;
  char *buf;
  pyos_checknargs(L, 1);
  size = pyos_checksize(L, 1);
  buf = newbuffer(L, size);
  n = fillrandom(L, buf, size, 0);
  if (n == -1 && errno == ENOSYS)
    n = filldevice(L, buf, size);
  if (n == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushlstring(L, buf, (size_t)n);
  return 1;
}


/* ---- Module -------------------------------------------------------------- */

static const pyos_Const sys_consts[] = {
#ifdef GRND_NONBLOCK
  PYOS_CONST(GRND_NONBLOCK),
#endif
#ifdef GRND_RANDOM
  PYOS_CONST(GRND_RANDOM),
#endif
#ifdef RTLD_LAZY
  PYOS_CONST(RTLD_LAZY),
#endif
#ifdef RTLD_NOW
  PYOS_CONST(RTLD_NOW),
#endif
#ifdef RTLD_GLOBAL
  PYOS_CONST(RTLD_GLOBAL),
#endif
#ifdef RTLD_LOCAL
  PYOS_CONST(RTLD_LOCAL),
#endif
#ifdef RTLD_NODELETE
  PYOS_CONST(RTLD_NODELETE),
#endif
#ifdef RTLD_NOLOAD
  PYOS_CONST(RTLD_NOLOAD),
#endif
#ifdef RTLD_DEEPBIND
  PYOS_CONST(RTLD_DEEPBIND),
#endif
  {NULL, 0}
};

/* Python's string data: os.name and the path constants of posixpath.
** altsep is None on POSIX, so it stays absent (nil). */
static const char *const sys_strings[][2] = {
  {"curdir", "."},
  {"defpath", "/bin:/usr/bin"},
  {"devnull", "/dev/null"},
  {"extsep", "."},
  {"linesep", "\n"},
  {"name", "posix"},
  {"pardir", ".."},
  {"pathsep", ":"},
  {"sep", "/"},
  {NULL, NULL}
};

static const luaL_Reg sys_funcs[] = {
  {"cpu_count", sys_cpu_count},
  {"getloadavg", sys_getloadavg},
  {"getrandom", sys_getrandom},
  {"process_cpu_count", sys_process_cpu_count},
  {"urandom", sys_urandom},
  {NULL, NULL}
};

PYOS_EXPORT int luaopen_pyos_sys (lua_State *L) {
  int i;
  pyos_newmodule(L, sys_funcs, sys_consts);
  for (i = 0; sys_strings[i][0] != NULL; i++) {
    lua_pushstring(L, sys_strings[i][1]);
    lua_setfield(L, -2, sys_strings[i][0]);
  }
  pyos_sys_openconf(L);
  pyos_sys_openpwd(L);
  pyos_setnames(L, -1, "pyos.");   /* for the messages */
  return 1;
}
