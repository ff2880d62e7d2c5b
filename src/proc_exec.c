/*
** proc_exec.c: exec*, the spawn*v* family, fork, forkpty,
** register_at_fork, _exit, abort, kill, killpg, nice, pidfd_open and
** system. Part of pyos.proc. (The l variants of exec and spawn, and
** popen, are in lua/pyos/_proc.lua.)
*/
#include "proc_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sysexits.h>
#include <sys/pidfd.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* Registry key of the register_at_fork lists. */
#define ATFORK   "pyos.proc.atfork"

/* Python's spawn modes. */
enum { P_WAIT_ = 0, P_NOWAIT_ = 1 };


/* ---- exec -------------------------------------------------------------- */

/* execv(path, argv): path a string or an fd (fexecve). Returns only on
** failure; Python names no file in execv's error. */
static int proc_execv (lua_State *L) {
  pyos_Argv argv;
  const char *path = NULL;
  int fd = -1, e;
  pyos_checknargs(L, 2);
  lua_settop(L, 2);
  if (pyos_isfdarg(L, 1))
    fd = pyos_checkfd(L, 1);
  else
    path = pyos_checkpathorfd(L, 1, NULL);
  pyos_proc_argv(L, 2, &argv, 1);
  pyos_proc_lockenv();          /* execv reads environ */
  if (path != NULL)
    execv(path, argv.v);
  else
    fexecve(fd, argv.v, environ);
  e = errno;
  pyos_proc_unlockenv();
  return pyos_pusherror(L, e, 0, 0);
}

/* execve(path, argv, env): path a string or an fd (fexecve). */
static int proc_execve (lua_State *L) {
  pyos_Argv argv;
  pyos_Envp env;
  const char *path = NULL;
  int fd = -1, e;
  pyos_checknargs(L, 3);
  lua_settop(L, 3);     /* what the readers push goes above the parameters */
  if (pyos_isfdarg(L, 1))
    fd = pyos_checkfd(L, 1);
  else
    path = pyos_checkpathorfd(L, 1, NULL);
  pyos_proc_argv(L, 2, &argv, 1);
  if (lua_isnoneornil(L, 3))
    pyos_typeerror(L, 3, "table");
  pyos_proc_envp(L, 3, &env);
  pyos_proc_envbegin(&env);
  if (path != NULL)
    execve(path, argv.v, env.v);
  else
    fexecve(fd, argv.v, env.v);
  e = errno;
  pyos_proc_envend(&env);
  return pyos_pusherror(L, e, 1, 0);
}

/* execvp(file, argv) and execvpe(file, argv, env): Python's _execvpe,
** PATH taken from env when one is given. */
static int execp (lua_State *L, int hasenv) {
  char name[PATH_MAX * 2];
  pyos_Argv argv;
  pyos_Envp env;
  const char *file;
  int e;
  pyos_checknargs(L, hasenv ? 3 : 2);
  lua_settop(L, 3);
  file = pyos_checkpath(L, 1, NULL);
  pyos_proc_argv(L, 2, &argv, 1);
  if (hasenv && lua_isnoneornil(L, 3))
    pyos_typeerror(L, 3, "table");
  pyos_proc_envp(L, hasenv ? 3 : 0, &env);
  pyos_proc_envbegin(&env);
  e = pyos_proc_execsearch(file, env.path, argv.v, env.v, name, sizeof name);
  pyos_proc_envend(&env);
  if (!hasenv)
    return pyos_pusherror(L, e, 0, 0);
  lua_pushstring(L, name);
  return pyos_pusherror(L, e, -1, 0);
}

static int proc_execvp (lua_State *L) {
  return execp(L, 0);
}

static int proc_execvpe (lua_State *L) {
  return execp(L, 1);
}


/* ---- spawn*v* ---------------------------------------------------------- */

/* Wait for pid as Python's spawn* do: the exit code, or -signal. */
static int waitchild (lua_State *L, pid_t pid) {
  int status;
  pid_t r;
  for (;;) {
    do r = waitpid(pid, &status, 0); while (r == -1 && pyos_retry(L));
    if (r == -1)
      return pyos_pusherror(L, errno, 0, 0);
    if (WIFSTOPPED(status))
      continue;
    if (WIFSIGNALED(status))
      lua_pushinteger(L, -WTERMSIG(status));
    else
      lua_pushinteger(L, WEXITSTATUS(status));
    return 1;
  }
}

/* spawnv(mode, path, argv [, env]): fork; the child execs or _exit(127),
** as in Python (a program that cannot run gives 127). */
static int spawnv (lua_State *L, int hasenv, int usepath) {
  pyos_Argv argv;
  pyos_Envp env;
  const char *path;
  int mode, e;
  pid_t pid;
  pyos_checknargs(L, hasenv ? 4 : 3);
  lua_settop(L, 4);
  mode = (int)pyos_checkint(L, 1, INT_MIN, INT_MAX);
  path = pyos_checkpath(L, 2, NULL);
  pyos_proc_argv(L, 3, &argv, 0);
  if (hasenv && lua_isnoneornil(L, 4))
    pyos_typeerror(L, 4, "table");
  pyos_proc_envp(L, hasenv ? 4 : 0, &env);
  pyos_proc_envbegin(&env);     /* the child execs with the lock held */
  pid = fork();
  if (pid == 0) {
    if (usepath)
      pyos_proc_execsearch(path, env.path, argv.v, env.v, NULL, 0);
    else
      execve(path, argv.v, env.v);
    _exit(127);
  }
  e = errno;
  pyos_proc_envend(&env);
  if (pid == -1)
    return pyos_pusherror(L, e, 0, 0);
  if (mode == P_NOWAIT_) {
    lua_pushinteger(L, pid);
    return 1;
  }
  return waitchild(L, pid);
}

static int proc_spawnv (lua_State *L) {
  return spawnv(L, 0, 0);
}

static int proc_spawnve (lua_State *L) {
  return spawnv(L, 1, 0);
}

static int proc_spawnvp (lua_State *L) {
  return spawnv(L, 0, 1);
}

static int proc_spawnvpe (lua_State *L) {
  return spawnv(L, 1, 1);
}


/* ---- fork -------------------------------------------------------------- */

/* Push the list `which` of the register_at_fork table. */
static void pushhooks (lua_State *L, const char *which) {
  lua_getfield(L, LUA_REGISTRYINDEX, ATFORK);
  lua_getfield(L, -1, which);
  lua_remove(L, -2);
}

/* Call the hooks of list `which`, in order or reversed. An error in one
** is reported on stderr and ignored, as Python does. */
static void runhooks (lua_State *L, const char *which, int reverse) {
  int n, i;
  pushhooks(L, which);
  n = (int)pyos_rawlen(L, -1);
  for (i = 1; i <= n; i++) {
    lua_rawgeti(L, -1, reverse ? n + 1 - i : i);
    if (lua_pcall(L, 0, 0, 0) != 0) {
      const char *msg = lua_tostring(L, -1);
      fprintf(stderr, "pyos: error in register_at_fork %s callback: %s\n",
              which, msg != NULL ? msg : "(error object is not a string)");
      lua_pop(L, 1);
    }
  }
  lua_pop(L, 1);
}

/* fork(): 0 in the child, the child's pid in the parent. Runs the
** register_at_fork callbacks. */
static int proc_fork (lua_State *L) {
  pid_t pid;
  int e;
  pyos_checknargs(L, 0);
  runhooks(L, "before", 1);
  pyos_proc_lockenv();          /* no child is born with it held */
  pid = fork();
  e = errno;
  pyos_proc_unlockenv();
  runhooks(L, pid == 0 ? "after_in_child" : "after_in_parent", 0);
  if (pid == -1)
    return pyos_pusherror(L, e, 0, 0);
  lua_pushinteger(L, pid);
  return 1;
}

/* forkpty(): pid, fd of the pty's master (non-inheritable); -1 as fd in
** the child. */
static int proc_forkpty (lua_State *L) {
  int master = -1, e;
  pid_t pid;
  pyos_checknargs(L, 0);
  runhooks(L, "before", 1);
  pyos_proc_lockenv();
  pid = forkpty(&master, NULL, NULL, NULL);
  e = errno;
  pyos_proc_unlockenv();
  if (pid > 0)
    fcntl(master, F_SETFD, FD_CLOEXEC);
  runhooks(L, pid == 0 ? "after_in_child" : "after_in_parent", 0);
  if (pid == -1)
    return pyos_pusherror(L, e, 0, 0);
  lua_pushinteger(L, pid);
  lua_pushinteger(L, pid == 0 ? -1 : master);
  return 2;
}

/* register_at_fork({before =, after_in_parent =, after_in_child =}) */
static int proc_register_at_fork (lua_State *L) {
  static const char *const keys[] = {"before", "after_in_parent",
                                     "after_in_child", NULL};
  int opts = pyos_opts(L, 0, 0, keys);
  int i, any = 0;
  for (i = 0; keys[i] != NULL; i++) {
    int t = pyos_kwget(L, opts, keys[i]);
    if (t != LUA_TNIL) {
      if (!pyos_iscallable(L, -1))
        pyos_kwerror(L, opts, keys[i], lua_pushfstring(L,
                     "function expected, got %s", pyos_typename(L, -1)));
      any = 1;
    }
    lua_pop(L, 1);
  }
  if (!any)
    return pyos_argerror(L, 1, "at least one of before, after_in_parent, "
                         "after_in_child is required");
  for (i = 0; keys[i] != NULL; i++) {
    if (pyos_kwget(L, opts, keys[i]) != LUA_TNIL) {
      pushhooks(L, keys[i]);
      lua_pushvalue(L, -2);
      lua_rawseti(L, -2, (int)pyos_rawlen(L, -2) + 1);
      lua_pop(L, 1);
    }
    lua_pop(L, 1);
  }
  return pyos_pushok(L);
}


/* ---- Ending and signalling processes ----------------------------------- */

/* _exit(n): at once, without Lua's teardown, atexit or stdio flushes. */
static int proc__exit (lua_State *L) {
  int n;
  pyos_checknargs(L, 1);
  n = (int)pyos_checkint(L, 1, INT_MIN, INT_MAX);
  _exit(n);
  return 0;
}

static int proc_abort (lua_State *L) {
  pyos_checknargs(L, 0);
  abort();
  return 0;
}

static int proc_kill (lua_State *L) {
  pid_t pid;
  int sig;
  pyos_checknargs(L, 2);
  pid = (pid_t)pyos_checkpid(L, 1);
  sig = (int)pyos_checkint(L, 2, INT_MIN, INT_MAX);
  if (kill(pid, sig) == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}

static int proc_killpg (lua_State *L) {
  pid_t pgid;
  int sig;
  pyos_checknargs(L, 2);
  pgid = (pid_t)pyos_checkpid(L, 1);
  sig = (int)pyos_checkint(L, 2, INT_MIN, INT_MAX);
  if (killpg(pgid, sig) == -1)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}

/* nice(increment): the new niceness (-1 is one, so errno decides). */
static int proc_nice (lua_State *L) {
  int inc, r;
  pyos_checknargs(L, 1);
  inc = (int)pyos_checkint(L, 1, INT_MIN, INT_MAX);
  errno = 0;
  r = nice(inc);
  if (r == -1 && errno != 0)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushinteger(L, r);
  return 1;
}

/* pidfd_open(pid, flags=0): an fd for the process (always close-on-exec). */
static int proc_pidfd_open (lua_State *L) {
  static const char *const keys[] = {"pid", "flags", NULL};
  int opts = pyos_opts(L, 2, 0, keys);
  pid_t pid;
  unsigned int flags;
  long fd;
  pyos_kwarg(L, opts, 1, "pid");
  pyos_kwarg(L, opts, 2, "flags");
  pid = (pid_t)pyos_checkpid(L, 1);
  flags = (unsigned int)pyos_optint(L, 2, 0, 0, 0xFFFFFFFFLL);
  fd = syscall(SYS_pidfd_open, pid, flags);
  if (fd == -1)
    return pyos_pusherror(L, errno, 0, 0);
  lua_pushinteger(L, (lua_Integer)fd);
  return 1;
}

/* system(command): the wait status C's system() returns. */
static int proc_system (lua_State *L) {
  const char *cmd;
  pyos_checknargs(L, 1);
  cmd = pyos_checkpath(L, 1, NULL);
  lua_pushinteger(L, system(cmd));
  return 1;
}


static const pyos_Const exec_consts[] = {
  {"P_WAIT", P_WAIT_}, {"P_NOWAIT", P_NOWAIT_}, {"P_NOWAITO", P_NOWAIT_},
#ifdef EX_OK
  PYOS_CONST(EX_OK),
#endif
#ifdef EX_USAGE
  PYOS_CONST(EX_USAGE), PYOS_CONST(EX_DATAERR), PYOS_CONST(EX_NOINPUT),
  PYOS_CONST(EX_NOUSER), PYOS_CONST(EX_NOHOST), PYOS_CONST(EX_UNAVAILABLE),
  PYOS_CONST(EX_SOFTWARE), PYOS_CONST(EX_OSERR), PYOS_CONST(EX_OSFILE),
  PYOS_CONST(EX_CANTCREAT), PYOS_CONST(EX_IOERR), PYOS_CONST(EX_TEMPFAIL),
  PYOS_CONST(EX_PROTOCOL), PYOS_CONST(EX_NOPERM), PYOS_CONST(EX_CONFIG),
#endif
#ifdef EX_NOTFOUND
  PYOS_CONST(EX_NOTFOUND),
#endif
#ifdef PIDFD_NONBLOCK
  PYOS_CONST(PIDFD_NONBLOCK),
#endif
  PYOS_CONST(SIGABRT), PYOS_CONST(SIGALRM), PYOS_CONST(SIGBUS),
  PYOS_CONST(SIGCHLD), PYOS_CONST(SIGCONT), PYOS_CONST(SIGFPE),
  PYOS_CONST(SIGHUP), PYOS_CONST(SIGILL), PYOS_CONST(SIGINT),
  PYOS_CONST(SIGKILL), PYOS_CONST(SIGPIPE), PYOS_CONST(SIGPROF),
  PYOS_CONST(SIGQUIT), PYOS_CONST(SIGSEGV), PYOS_CONST(SIGSTOP),
  PYOS_CONST(SIGSYS), PYOS_CONST(SIGTERM), PYOS_CONST(SIGTRAP),
  PYOS_CONST(SIGTSTP), PYOS_CONST(SIGTTIN), PYOS_CONST(SIGTTOU),
  PYOS_CONST(SIGURG), PYOS_CONST(SIGUSR1), PYOS_CONST(SIGUSR2),
  PYOS_CONST(SIGVTALRM), PYOS_CONST(SIGWINCH), PYOS_CONST(SIGXCPU),
  PYOS_CONST(SIGXFSZ),
#ifdef SIGIO
  PYOS_CONST(SIGIO),
#endif
#ifdef SIGIOT
  PYOS_CONST(SIGIOT),
#endif
#ifdef SIGPOLL
  PYOS_CONST(SIGPOLL),
#endif
#ifdef SIGPWR
  PYOS_CONST(SIGPWR),
#endif
#ifdef SIGSTKFLT
  PYOS_CONST(SIGSTKFLT),
#endif
#ifdef NSIG
  PYOS_CONST(NSIG),
#endif
  {NULL, 0}
};

static const luaL_Reg exec_funcs[] = {
  {"_exit", proc__exit},
  {"abort", proc_abort},
  {"execv", proc_execv},
  {"execve", proc_execve},
  {"execvp", proc_execvp},
  {"execvpe", proc_execvpe},
  {"fork", proc_fork},
  {"forkpty", proc_forkpty},
  {"kill", proc_kill},
  {"killpg", proc_killpg},
  {"nice", proc_nice},
  {"pidfd_open", proc_pidfd_open},
  {"register_at_fork", proc_register_at_fork},
  {"spawnv", proc_spawnv},
  {"spawnve", proc_spawnve},
  {"spawnvp", proc_spawnvp},
  {"spawnvpe", proc_spawnvpe},
  {"system", proc_system},
  {NULL, NULL}
};

void pyos_proc_openexec (lua_State *L) {
  pyos_setfuncs(L, exec_funcs, 0);
  pyos_setconsts(L, exec_consts);
  /* SIGRTMIN and SIGRTMAX are calls in glibc, not constants */
  lua_pushinteger(L, SIGRTMIN);
  lua_setfield(L, -2, "SIGRTMIN");
  lua_pushinteger(L, SIGRTMAX);
  lua_setfield(L, -2, "SIGRTMAX");
  lua_getfield(L, LUA_REGISTRYINDEX, ATFORK);
  if (lua_isnil(L, -1)) {
    lua_createtable(L, 0, 3);
    lua_newtable(L);
    lua_setfield(L, -2, "before");
    lua_newtable(L);
    lua_setfield(L, -2, "after_in_parent");
    lua_newtable(L);
    lua_setfield(L, -2, "after_in_child");
    lua_setfield(L, LUA_REGISTRYINDEX, ATFORK);
  }
  lua_pop(L, 1);
}
