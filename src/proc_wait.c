/*
** proc_wait.c: wait, waitpid, wait3, wait4, waitid, the W* status
** functions, waitstatus_to_exitcode and times. Part of pyos.proc.
** Interrupted waits are retried (PEP 475) unless a Lua hook is pending.
*/
#include "proc_int.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <linux/wait.h>   /* P_PIDFD, which glibc 2.36 lacks */
#include <unistd.h>

#define PYOS_RUSAGE   "pyos.struct_rusage"
#define PYOS_WAITID   "pyos.waitid_result"
#define PYOS_TIMES    "pyos.times_result"

static const char *const rusage_fields[] = {
  "ru_utime", "ru_stime", "ru_maxrss", "ru_ixrss", "ru_idrss", "ru_isrss",
  "ru_minflt", "ru_majflt", "ru_nswap", "ru_inblock", "ru_oublock",
  "ru_msgsnd", "ru_msgrcv", "ru_nsignals", "ru_nvcsw", "ru_nivcsw", NULL
};

static const char *const waitid_fields[] = {
  "si_pid", "si_uid", "si_signo", "si_status", "si_code", NULL
};

static const char *const times_fields[] = {
  "user", "system", "children_user", "children_system", "elapsed", NULL
};

static void setnum (lua_State *L, const char *k, double v) {
  lua_pushnumber(L, (lua_Number)v);
  lua_setfield(L, -2, k);
}

static void setint (lua_State *L, const char *k, long long v) {
  pyos_pushint(L, v);
  lua_setfield(L, -2, k);
}

/* Push ru as a struct_rusage table (Python's resource.struct_rusage). */
static void pushrusage (lua_State *L, const struct rusage *ru) {
  lua_createtable(L, 16, 16);
  setnum(L, "ru_utime", (double)ru->ru_utime.tv_sec
                        + (double)ru->ru_utime.tv_usec * 1e-6);
  setnum(L, "ru_stime", (double)ru->ru_stime.tv_sec
                        + (double)ru->ru_stime.tv_usec * 1e-6);
  setint(L, "ru_maxrss", ru->ru_maxrss);
  setint(L, "ru_ixrss", ru->ru_ixrss);
  setint(L, "ru_idrss", ru->ru_idrss);
  setint(L, "ru_isrss", ru->ru_isrss);
  setint(L, "ru_minflt", ru->ru_minflt);
  setint(L, "ru_majflt", ru->ru_majflt);
  setint(L, "ru_nswap", ru->ru_nswap);
  setint(L, "ru_inblock", ru->ru_inblock);
  setint(L, "ru_oublock", ru->ru_oublock);
  setint(L, "ru_msgsnd", ru->ru_msgsnd);
  setint(L, "ru_msgrcv", ru->ru_msgrcv);
  setint(L, "ru_nsignals", ru->ru_nsignals);
  setint(L, "ru_nvcsw", ru->ru_nvcsw);
  setint(L, "ru_nivcsw", ru->ru_nivcsw);
  pyos_proc_result(L, PYOS_RUSAGE, rusage_fields);
}


/* ---- wait, waitpid, wait3, wait4 --------------------------------------- */

/* wait(): pid, status of any child. */
static int proc_wait (lua_State *L) {
  int status = 0;
  pid_t r;
  pyos_checknargs(L, 0);
  do r = wait(&status); while (r == -1 && pyos_retry(L));
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushinteger(L, r);
  lua_pushinteger(L, status);
  return 2;
}

/* waitpid(pid, options): pid, status; 0, 0 with WNOHANG and nothing. */
static int proc_waitpid (lua_State *L) {
  int status = 0, options;
  pid_t pid, r;
  pyos_checknargs(L, 2);
  pid = (pid_t)pyos_checkpid(L, 1);
  options = (int)pyos_checkint(L, 2, INT_MIN, INT_MAX);
  do r = waitpid(pid, &status, options); while (r == -1 && pyos_retry(L));
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushinteger(L, r);
  lua_pushinteger(L, status);
  return 2;
}

static int wait4result (lua_State *L, pid_t pid, int options) {
  struct rusage ru;
  int status = 0;
  pid_t r;
  memset(&ru, 0, sizeof ru);
  do r = wait4(pid, &status, options, &ru); while (r == -1 && pyos_retry(L));
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  if (r == 0)
    memset(&ru, 0, sizeof ru);
  lua_pushinteger(L, r);
  lua_pushinteger(L, status);
  pushrusage(L, &ru);
  return 3;
}

/* wait3(options): pid, status, rusage. */
static int proc_wait3 (lua_State *L) {
  static const char *const keys[] = {"options", NULL};
  int opts = pyos_opts(L, 1, 0, keys);
  pyos_kwarg(L, opts, 1, "options");
  return wait4result(L, -1, (int)pyos_checkint(L, 1, INT_MIN, INT_MAX));
}

/* wait4(pid, options): pid, status, rusage. */
static int proc_wait4 (lua_State *L) {
  static const char *const keys[] = {"pid", "options", NULL};
  int opts = pyos_opts(L, 2, 0, keys);
  pid_t pid;
  pyos_kwarg(L, opts, 1, "pid");
  pyos_kwarg(L, opts, 2, "options");
  pid = (pid_t)pyos_checkpid(L, 1);
  return wait4result(L, pid, (int)pyos_checkint(L, 2, INT_MIN, INT_MAX));
}

/* waitid(idtype, id, options): waitid_result, or nil with WNOHANG when
** no child is ready. */
static int proc_waitid (lua_State *L) {
  siginfo_t si;
  idtype_t idtype;
  id_t id;
  int options, r;
  pyos_checknargs(L, 3);
  idtype = (idtype_t)pyos_checkint(L, 1, INT_MIN, INT_MAX);
  id = (id_t)pyos_checkint(L, 2, INT_MIN, 0xFFFFFFFFLL);
  options = (int)pyos_checkint(L, 3, INT_MIN, INT_MAX);
  memset(&si, 0, sizeof si);
  do r = waitid(idtype, id, &si, options); while (r == -1 && pyos_retry(L));
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  if (si.si_pid == 0) {
    lua_pushnil(L);
    return 1;
  }
  lua_createtable(L, 5, 5);
  setint(L, "si_pid", si.si_pid);
  setint(L, "si_uid", si.si_uid);
  setint(L, "si_signo", si.si_signo);
  setint(L, "si_status", si.si_status);
  setint(L, "si_code", si.si_code);
  pyos_proc_result(L, PYOS_WAITID, waitid_fields);
  return 1;
}


/* ---- Status decoding --------------------------------------------------- */

/* The status argument of the W* functions. */
static int checkstatus (lua_State *L) {
  pyos_checknargs(L, 1);
  return (int)pyos_checkint(L, 1, INT_MIN, INT_MAX);
}

/* waitstatus_to_exitcode's status (by position or as {status = n}). */
static int kwstatus (lua_State *L) {
  static const char *const keys[] = {"status", NULL};
  int opts = pyos_opts(L, 1, 0, keys);
  pyos_kwarg(L, opts, 1, "status");
  return (int)pyos_checkint(L, 1, INT_MIN, INT_MAX);
}

static int proc_WCOREDUMP (lua_State *L) {
  int st = checkstatus(L);
  lua_pushboolean(L, WCOREDUMP(st));
  return 1;
}

static int proc_WIFCONTINUED (lua_State *L) {
  int st = checkstatus(L);
  lua_pushboolean(L, WIFCONTINUED(st));
  return 1;
}

static int proc_WIFSTOPPED (lua_State *L) {
  int st = checkstatus(L);
  lua_pushboolean(L, WIFSTOPPED(st));
  return 1;
}

static int proc_WIFSIGNALED (lua_State *L) {
  int st = checkstatus(L);
  lua_pushboolean(L, WIFSIGNALED(st));
  return 1;
}

static int proc_WIFEXITED (lua_State *L) {
  int st = checkstatus(L);
  lua_pushboolean(L, WIFEXITED(st));
  return 1;
}

static int proc_WEXITSTATUS (lua_State *L) {
  int st = checkstatus(L);
  lua_pushinteger(L, WEXITSTATUS(st));
  return 1;
}

static int proc_WSTOPSIG (lua_State *L) {
  int st = checkstatus(L);
  lua_pushinteger(L, WSTOPSIG(st));
  return 1;
}

static int proc_WTERMSIG (lua_State *L) {
  int st = checkstatus(L);
  lua_pushinteger(L, WTERMSIG(st));
  return 1;
}

/* waitstatus_to_exitcode(status): the exit code, or -signal; raises for
** a stopped process or an invalid status (Python's ValueError). */
static int proc_waitstatus_to_exitcode (lua_State *L) {
  int st = kwstatus(L);
  if (WIFEXITED(st))
    lua_pushinteger(L, WEXITSTATUS(st));
  else if (WIFSIGNALED(st))
    lua_pushinteger(L, -WTERMSIG(st));
  else if (WIFSTOPPED(st))
    return pyos_argerror(L, 1, lua_pushfstring(L,
                         "process stopped by delivery of signal %d",
                         WSTOPSIG(st)));
  else
    return pyos_argerror(L, 1, lua_pushfstring(L, "invalid wait status: %d",
                                               st));
  return 1;
}


/* ---- times ------------------------------------------------------------- */

/* times(): times_result, seconds as floats. */
static int proc_times (lua_State *L) {
  struct tms t;
  clock_t c;
  double tick = (double)sysconf(_SC_CLK_TCK);
  pyos_checknargs(L, 0);
  c = times(&t);
  if (c == (clock_t)-1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_createtable(L, 5, 5);
  setnum(L, "user", (double)t.tms_utime / tick);
  setnum(L, "system", (double)t.tms_stime / tick);
  setnum(L, "children_user", (double)t.tms_cutime / tick);
  setnum(L, "children_system", (double)t.tms_cstime / tick);
  setnum(L, "elapsed", (double)c / tick);
  pyos_proc_result(L, PYOS_TIMES, times_fields);
  return 1;
}


static const pyos_Const wait_consts[] = {
  PYOS_CONST(WNOHANG), PYOS_CONST(WUNTRACED), PYOS_CONST(WCONTINUED),
  PYOS_CONST(WEXITED), PYOS_CONST(WSTOPPED), PYOS_CONST(WNOWAIT),
  PYOS_CONST(P_PID), PYOS_CONST(P_PGID), PYOS_CONST(P_ALL),
#ifdef P_PIDFD
  PYOS_CONST(P_PIDFD),
#endif
  PYOS_CONST(CLD_EXITED), PYOS_CONST(CLD_KILLED), PYOS_CONST(CLD_DUMPED),
  PYOS_CONST(CLD_TRAPPED), PYOS_CONST(CLD_STOPPED),
  PYOS_CONST(CLD_CONTINUED),
  {NULL, 0}
};

static const luaL_Reg wait_funcs[] = {
  {"WCOREDUMP", proc_WCOREDUMP},
  {"WEXITSTATUS", proc_WEXITSTATUS},
  {"WIFCONTINUED", proc_WIFCONTINUED},
  {"WIFEXITED", proc_WIFEXITED},
  {"WIFSIGNALED", proc_WIFSIGNALED},
  {"WIFSTOPPED", proc_WIFSTOPPED},
  {"WSTOPSIG", proc_WSTOPSIG},
  {"WTERMSIG", proc_WTERMSIG},
  {"times", proc_times},
  {"wait", proc_wait},
  {"wait3", proc_wait3},
  {"wait4", proc_wait4},
  {"waitid", proc_waitid},
  {"waitpid", proc_waitpid},
  {"waitstatus_to_exitcode", proc_waitstatus_to_exitcode},
  {NULL, NULL}
};

void pyos_proc_openwait (lua_State *L) {
  pyos_setfuncs(L, wait_funcs, 0);
  pyos_setconsts(L, wait_consts);
  pyos_proc_newresult(L, PYOS_RUSAGE, "resource.struct_rusage",
                      rusage_fields);
  pyos_proc_newresult(L, PYOS_WAITID, "posix.waitid_result", waitid_fields);
  pyos_proc_newresult(L, PYOS_TIMES, "posix.times_result", times_fields);
}
