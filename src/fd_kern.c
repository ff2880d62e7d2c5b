/*
** fd_kern.c: descriptors that the kernel makes for its own objects:
** memfd_create, eventfd and timerfd. Part of pyos.fd. Every one is
** created non-inheritable (MFD_CLOEXEC, EFD_CLOEXEC, TFD_CLOEXEC are
** always added).
*/
#include "fd_int.h"

#include <linux/memfd.h>     /* MFD_HUGE_*: before <sys/mman.h> */

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

static int pushnewfd (lua_State *L, int fd) {
  if (fd == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushinteger(L, fd);
  return 1;
}

/* memfd_create(name, flags=MFD_CLOEXEC) */
static int fd_memfd_create (lua_State *L) {
  static const char *const keys[] = {"name", "flags", NULL};
  int opts = pyos_opts(L, 2, 0, keys);
  const char *name;
  unsigned int flags;
  pyos_kwarg(L, opts, 1, "name");
  pyos_kwarg(L, opts, 2, "flags");
  name = pyos_checkpath(L, 1, NULL);
  flags = (unsigned int)pyos_optint(L, 2, MFD_CLOEXEC, 0, UINT_MAX);
  return pushnewfd(L, memfd_create(name, flags | MFD_CLOEXEC));
}

/* eventfd(initval, flags=EFD_CLOEXEC) */
static int fd_eventfd (lua_State *L) {
  static const char *const keys[] = {"initval", "flags", NULL};
  int opts = pyos_opts(L, 2, 0, keys);
  unsigned int init;
  int flags;
  pyos_kwarg(L, opts, 1, "initval");
  pyos_kwarg(L, opts, 2, "flags");
  init = (unsigned int)pyos_checkint(L, 1, 0, UINT_MAX);
  flags = (int)pyos_optint(L, 2, EFD_CLOEXEC, INT_MIN, INT_MAX);
  return pushnewfd(L, eventfd(init, flags | EFD_CLOEXEC));
}

/* eventfd_read(fd): the counter (or 1 with EFD_SEMAPHORE); blocks at 0
** unless the fd is non-blocking. */
static int fd_eventfd_read (lua_State *L) {
  eventfd_t v;
  int fd, r;
  pyos_checknargs(L, 1);
  fd = pyos_checkfd(L, 1);
  do r = eventfd_read(fd, &v); while (r == -1 && pyos_retry(L));
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  pyos_pushint(L, v);
  return 1;
}

/* eventfd_write(fd, value): add value to the counter. */
static int fd_eventfd_write (lua_State *L) {
  eventfd_t v;
  int fd, r;
  pyos_checknargs(L, 2);
  fd = pyos_checkfd(L, 1);
  v = (eventfd_t)pyos_checkint(L, 2, 0, LLONG_MAX);
  do r = eventfd_write(fd, v); while (r == -1 && pyos_retry(L));
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}


/* ---- timerfd ----------------------------------------------------------- */

/* timerfd_create(clockid, {flags=0}) */
static int fd_timerfd_create (lua_State *L) {
  static const char *const keys[] = {"flags", NULL};
  int opts = pyos_opts(L, 1, 0, keys);
  int clockid, flags;
  clockid = (int)pyos_checkint(L, 1, INT_MIN, INT_MAX);
  flags = (int)pyos_kwint(L, opts, "flags", 0, INT_MIN, INT_MAX);
  return pushnewfd(L, timerfd_create(clockid, flags | TFD_CLOEXEC));
}

/* Option `name` in seconds (a number, default 0) as a timespec, rounded
** toward minus infinity as Python does. */
static void kwseconds (lua_State *L, int opts, const char *name,
                       struct timespec *ts) {
  double d = pyos_kwnumber(L, opts, name, 0), sec;
  if (isnan(d) || isinf(d) || fabs(d) >= 9.2e18)
    pyos_kwerror(L, opts, name, "value out of range");
  sec = floor(d);
  ts->tv_sec = (time_t)sec;
  ts->tv_nsec = (long)floor((d - sec) * 1e9);
  if (ts->tv_nsec >= 1000000000L) {
    ts->tv_sec++;
    ts->tv_nsec -= 1000000000L;
  }
}

/* Option `name` in nanoseconds (an integer, default 0) as a timespec. */
static void kwnanoseconds (lua_State *L, int opts, const char *name,
                           struct timespec *ts) {
  long long ns = pyos_kwint(L, opts, name, 0, LLONG_MIN, LLONG_MAX);
  ts->tv_sec = (time_t)(ns / 1000000000LL);
  ts->tv_nsec = (long)(ns % 1000000000LL);
  if (ts->tv_nsec < 0) {
    ts->tv_sec--;
    ts->tv_nsec += 1000000000L;
  }
}

static void pushseconds (lua_State *L, const struct timespec *ts) {
  lua_pushnumber(L, (lua_Number)((double)ts->tv_sec + ts->tv_nsec * 1e-9));
}

static void pushnanoseconds (lua_State *L, const struct timespec *ts) {
  pyos_pushint(L, (long long)ts->tv_sec * 1000000000LL + ts->tv_nsec);
}

/* The two values of an itimerspec: next expiration, interval. */
static int pushitimer (lua_State *L, const struct itimerspec *it, int ns) {
  if (ns) {
    pushnanoseconds(L, &it->it_value);
    pushnanoseconds(L, &it->it_interval);
  }
  else {
    pushseconds(L, &it->it_value);
    pushseconds(L, &it->it_interval);
  }
  return 2;
}

static int settime (lua_State *L, int ns) {
  static const char *const keys[] = {"flags", "initial", "interval", NULL};
  int opts = pyos_opts(L, 1, 0, keys);
  struct itimerspec nv, old;
  int fd, flags;
  fd = pyos_checkfd(L, 1);
  flags = (int)pyos_kwint(L, opts, "flags", 0, INT_MIN, INT_MAX);
  if (ns) {
    kwnanoseconds(L, opts, "initial", &nv.it_value);
    kwnanoseconds(L, opts, "interval", &nv.it_interval);
  }
  else {
    kwseconds(L, opts, "initial", &nv.it_value);
    kwseconds(L, opts, "interval", &nv.it_interval);
  }
  if (timerfd_settime(fd, flags, &nv, &old) == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pushitimer(L, &old, ns);
}

/* timerfd_settime(fd, {flags=0, initial=0.0, interval=0.0}) -> the old
** next_expiration, interval (seconds) */
static int fd_timerfd_settime (lua_State *L) {
  return settime(L, 0);
}

/* timerfd_settime_ns(fd, {flags=0, initial=0, interval=0}) -> the old
** next_expiration, interval (nanoseconds) */
static int fd_timerfd_settime_ns (lua_State *L) {
  return settime(L, 1);
}

static int gettime (lua_State *L, int ns) {
  struct itimerspec it;
  int fd;
  pyos_checknargs(L, 1);
  fd = pyos_checkfd(L, 1);
  if (timerfd_gettime(fd, &it) == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pushitimer(L, &it, ns);
}

/* timerfd_gettime(fd) -> next_expiration, interval (seconds) */
static int fd_timerfd_gettime (lua_State *L) {
  return gettime(L, 0);
}

/* timerfd_gettime_ns(fd) -> next_expiration, interval (nanoseconds) */
static int fd_timerfd_gettime_ns (lua_State *L) {
  return gettime(L, 1);
}


static const pyos_Const kern_consts[] = {
  PYOS_CONST(MFD_CLOEXEC), PYOS_CONST(MFD_ALLOW_SEALING),
  PYOS_CONST(MFD_HUGETLB),
#ifdef MFD_NOEXEC_SEAL
  PYOS_CONST(MFD_NOEXEC_SEAL),
#endif
#ifdef MFD_EXEC
  PYOS_CONST(MFD_EXEC),
#endif
#ifdef MFD_HUGE_SHIFT
  PYOS_CONST(MFD_HUGE_SHIFT), PYOS_CONST(MFD_HUGE_MASK),
  PYOS_CONST(MFD_HUGE_64KB), PYOS_CONST(MFD_HUGE_512KB),
  PYOS_CONST(MFD_HUGE_1MB), PYOS_CONST(MFD_HUGE_2MB),
  PYOS_CONST(MFD_HUGE_8MB), PYOS_CONST(MFD_HUGE_16MB),
  PYOS_CONST(MFD_HUGE_32MB), PYOS_CONST(MFD_HUGE_256MB),
  PYOS_CONST(MFD_HUGE_512MB), PYOS_CONST(MFD_HUGE_1GB),
  PYOS_CONST(MFD_HUGE_2GB), PYOS_CONST(MFD_HUGE_16GB),
#endif
  PYOS_CONST(EFD_CLOEXEC), PYOS_CONST(EFD_NONBLOCK),
  PYOS_CONST(EFD_SEMAPHORE),
  PYOS_CONST(TFD_CLOEXEC), PYOS_CONST(TFD_NONBLOCK),
  PYOS_CONST(TFD_TIMER_ABSTIME),
#ifdef TFD_TIMER_CANCEL_ON_SET
  PYOS_CONST(TFD_TIMER_CANCEL_ON_SET),
#endif
  {NULL, 0}
};

static const luaL_Reg kern_funcs[] = {
  {"eventfd", fd_eventfd},
  {"eventfd_read", fd_eventfd_read},
  {"eventfd_write", fd_eventfd_write},
  {"memfd_create", fd_memfd_create},
  {"timerfd_create", fd_timerfd_create},
  {"timerfd_gettime", fd_timerfd_gettime},
  {"timerfd_gettime_ns", fd_timerfd_gettime_ns},
  {"timerfd_settime", fd_timerfd_settime},
  {"timerfd_settime_ns", fd_timerfd_settime_ns},
  {NULL, NULL}
};

void pyos_fd_openkern (lua_State *L) {
  pyos_setfuncs(L, kern_funcs, 0);
  pyos_setconsts(L, kern_consts);
}
