/*
** proc_subprocess.c: pyos._subprocess, the private C helpers of
** pyos.subprocess (lua/pyos/subprocess.lua). Part of pyos.proc; none of
** these names is public.
**
** spawn starts the child with clone(CLONE_VM | CLONE_VFORK | CLONE_PIDFD),
** as glibc's posix_spawn does with its own clone: the parent is suspended
** until the child execs or exits, the child runs on a stack of its own,
** so it can do what posix_spawn cannot (umask, a chdir whose failure
** names cwd, close_range around pass_fds) and report a failure (errno
** and step) through a close-on-exec pipe, as Python's. The pidfd gives
** race-free waiting with a time-out (poll) and signalling
** (pidfd_send_signal); without one
** (kernels before 5.2) waiting falls back to waitpid polling.
**
** In a host that reaps children itself (nginx's workers call waitpid(-1)
** on SIGCHLD) the child is started through a reaper process (see "the
** reaper" below). A child started directly but reaped by someone else
** anyway: its exit status is read back from the pidfd (PIDFD_GET_INFO
** with PIDFD_INFO_EXIT, Linux 6.15); on older kernels it is lost and the
** returncode is 0, as Python's. */
#include "proc_int.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef CLONE_PIDFD
#define CLONE_PIDFD  0x00001000
#endif

#define PYOS_CHILD   "pyos.subprocess.child"
#define ACTIVE       "pyos.subprocess.active"   /* registry: pidfd/pid left */

/* The child's stack: the child's frames never return (it execs or
** exits), so ASan's shadow of them must be cleared before the memory is
** unmapped, or the next mapping at that address looks poisoned. */
#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/asan_interface.h>
#define clearshadow(p, n)  __asan_unpoison_memory_region((p), (n))
#else
#define clearshadow(p, n)  ((void)0)
#endif

#define STACKSIZE    (256 * 1024)
#define CHUNK        65536
#define READSIZE     8192     /* a read of a child's output: see readchunk */

/* What failed in the child, for the file name of the error. */
enum { STAGE_NONE, STAGE_EXEC, STAGE_CHDIR, STAGE_OTHER };

typedef struct ChildArgs {
  const char *exe, *path, *cwd;
  char *const *argv;
  char *const *envp;
  int fds[3];          /* source of the child's 0, 1, 2; -1: inherit;
                          fds[2] == -2: the child's stdout */
  int closefds, setsid, pgroup, umask;
  const int *pass;     /* pass_fds, sorted */
  int npass;
  int errfd;           /* the child's end of the error pipe */
  int err, stage;      /* what failed in the child, read from the pipe */
} ChildArgs;

typedef struct Child {
  pid_t pid;
  int pidfd;           /* -1: none, or closed */
  int reaped;
  int status;
  pid_t mpid;          /* the reaper between us and the child, or 0 */
  int statusfd;        /* the reaper's report: the child's wait status */
  int ackfd;           /* closed: the reaper may reap the child and exit */
} Child;


/* ---- the child --------------------------------------------------------- */

/* Handlers back to the default (the child shares the parent's memory
** until exec: a Lua handler must not run in it), SIGPIPE and SIGXFSZ too
** even where ignored (Python's restore_signals), then an empty mask
** (threads of hosts like nginx block every signal). */
static void childsignals (void) {
  struct sigaction sa;
  sigset_t none;
  int s;
  for (s = 1; s < NSIG; s++) {
    if (s == SIGKILL || s == SIGSTOP || sigaction(s, NULL, &sa) != 0)
      continue;
    if (sa.sa_handler == SIG_DFL
        || (sa.sa_handler == SIG_IGN && s != SIGPIPE && s != SIGXFSZ))
      continue;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigaction(s, &sa, NULL);
  }
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
}

static int inheritable (int fd) {
  int flags = fcntl(fd, F_GETFD);
  if (flags == -1)
    return -1;
  return (flags & FD_CLOEXEC) ? fcntl(fd, F_SETFD, flags & ~FD_CLOEXEC) : 0;
}

/* The child's 0, 1, 2 from a->fds: sources among 0..2 that would be
** overwritten are moved up first. */
static int childfds (ChildArgs *a) {
  int i, fd[3];
  for (i = 0; i < 3; i++) {
    fd[i] = a->fds[i];
    if (fd[i] >= 0 && fd[i] < 3 && fd[i] != i
        && (fd[i] = fcntl(fd[i], F_DUPFD_CLOEXEC, 3)) == -1)
      return -1;
  }
  for (i = 0; i < 3; i++) {
    int src = (i == 2 && fd[i] == -2) ? 1 : fd[i];
    if (src < 0)
      continue;
    if (src == i ? inheritable(i) == -1 : dup2(src, i) == -1)
      return -1;
  }
  return 0;
}

static void closefrom3 (int lo, int hi) {    /* [lo, hi], hi -1: no end */
  if (hi != -1 && hi < lo)
    return;
  if (syscall(SYS_close_range, (unsigned)lo,
              hi == -1 ? ~0U : (unsigned)hi, 0) == 0)
    return;
  if (hi == -1) {                            /* no close_range: by hand */
    struct rlimit rl;
    hi = getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY
         && rl.rlim_cur < 1048576 ? (int)rl.rlim_cur - 1 : 65535;
  }
  for (; lo <= hi; lo++)
    close(lo);
}

/* closefrom3(lo, hi) but for keep. */
static void closeexcept (int lo, int hi, int keep) {
  if (keep >= lo && (hi == -1 || keep <= hi)) {
    closefrom3(lo, keep - 1);
    closefrom3(keep + 1, hi);
  }
  else
    closefrom3(lo, hi);
}

/* Close every fd from 3 up except pass_fds (sorted) and the error pipe. */
static void closefds (ChildArgs *a) {
  int i, lo = 3;
  for (i = 0; i < a->npass; i++) {
    if (a->pass[i] < lo)
      continue;
    closeexcept(lo, a->pass[i] - 1, a->errfd);
    lo = a->pass[i] + 1;
  }
  closeexcept(lo, -1, a->errfd);
}

/* Report errno and the stage through the error pipe, as Python's child
** does (not through the shared memory: under valgrind, or an emulator
** that ignores CLONE_VM, the child has a copy of it). exit_group by hand:
** _exit is noreturn, and ASan would then inspect the child's foreign
** stack (a "false positive" warning). */
static int fail (ChildArgs *a, int stage) {
  int msg[2];
  ssize_t w;
  msg[0] = errno;
  msg[1] = stage;
  do w = write(a->errfd, msg, sizeof msg);
  while (w == -1 && errno == EINTR);
  syscall(SYS_exit_group, 127);
  return 0;
}

/* Python's child_exec order: fds, cwd, umask, signals, session, group,
** close_fds, exec. Only async-signal-safe calls. */
static int childmain (void *arg) {
  ChildArgs *a = (ChildArgs *)arg;
  int i;
  childsignals();
  for (i = 0; i < a->npass; i++)
    if (inheritable(a->pass[i]) == -1)
      return fail(a, STAGE_OTHER);
  if (childfds(a) == -1)
    return fail(a, STAGE_OTHER);
  if (a->cwd != NULL && chdir(a->cwd) == -1)
    return fail(a, STAGE_CHDIR);
  if (a->umask >= 0)
    umask((mode_t)a->umask);
  if (a->setsid && setsid() == -1)
    return fail(a, STAGE_OTHER);
  if (a->pgroup >= 0 && setpgid(0, a->pgroup) == -1)
    return fail(a, STAGE_OTHER);
  if (a->closefds)
    closefds(a);
  errno = pyos_proc_execsearch(a->exe, a->path, a->argv, a->envp, NULL, 0);
  return fail(a, STAGE_EXEC);
}


/* ---- the parent -------------------------------------------------------- */

/* Set by the specs (nopidfd) to run the fallback of kernels without
** pidfds; process-wide, like the kernel's lack of them would be. */
static volatile int nopidfd = 0;

static pid_t clonechild (ChildArgs *a, void *stacktop, int *pidfd) {
  pid_t pid = -1;
  errno = EINVAL;
  if (!nopidfd)
    pid = clone(childmain, stacktop,
                CLONE_VM | CLONE_VFORK | CLONE_PIDFD | SIGCHLD, a, pidfd);
  if (pid == -1 && errno == EINVAL) {        /* a kernel without pidfds */
    *pidfd = -1;
    pid = clone(childmain, stacktop, CLONE_VM | CLONE_VFORK | SIGCHLD, a, NULL);
  }
  return pid;
}

/* The error pipe, close-on-exec (so it reads end-of-file once the child
** has exec'd); its write end above 2, where the child's dup2s cannot
** reach it. 0 or an errno. */
static int errpipe (int fds[2]) {
  if (pipe2(fds, O_CLOEXEC) == -1)
    return errno;
  if (fds[1] < 3) {
    int fd = fcntl(fds[1], F_DUPFD_CLOEXEC, 3);
    int e = errno;
    close(fds[1]);
    if (fd == -1) {
      close(fds[0]);
      return e;
    }
    fds[1] = fd;
  }
  return 0;
}

/* What the child wrote before it exited: nothing if it exec'd. */
static void readerror (ChildArgs *a, int fd) {
  int msg[2];
  ssize_t r;
  do r = read(fd, msg, sizeof msg);
  while (r == -1 && errno == EINTR);
  if (r == (ssize_t)sizeof msg) {
    a->err = msg[0] != 0 ? msg[0] : EINVAL;
    a->stage = msg[1];
  }
}

/* Start the child; every signal is blocked around it, so no handler runs
** on the child's side of the shared memory. 0 or an errno. */
static int startchild (ChildArgs *a, pid_t *pid, int *pidfd) {
  sigset_t all, old;
  int e, fds[2];
  void *stack;
  a->err = 0;
  a->stage = STAGE_NONE;
  *pidfd = -1;
  if ((e = errpipe(fds)) != 0)
    return e;
  stack = mmap(NULL, STACKSIZE, PROT_READ | PROT_WRITE,
               MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
  if (stack == MAP_FAILED) {
    e = errno;
    close(fds[0]);
    close(fds[1]);
    return e;
  }
  a->errfd = fds[1];
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  *pid = clonechild(a, (char *)stack + STACKSIZE, pidfd);
  if (*pid == -1)
    e = errno;
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  clearshadow(stack, STACKSIZE);
  munmap(stack, STACKSIZE);
  close(fds[1]);
  if (*pid != -1)
    readerror(a, fds[0]);
  close(fds[0]);
  return e;
}

static int waitstatus (pid_t pid, int *status, int flags) {
  pid_t r;
  do r = waitpid(pid, status, flags | __WALL);
  while (r == -1 && errno == EINTR);
  return (int)r;
}


/* ---- the reaper -------------------------------------------------------- */

/* A host that reaps every child it has (nginx's workers call
** waitpid(-1, WNOHANG) on SIGCHLD; a SIGCHLD set to SIG_IGN has the
** kernel do it) takes the child's exit status before we wait, and nginx
** logs "[alert] unknown process N exited on signal 9" for one a signal
** killed. An exit signal other than SIGCHLD hides a child from those
** waits, but exec resets it to SIGCHLD. So in such a host the child is
** started by a reaper: a copy of this process (clone without CLONE_VM,
** exit signal 0) that never execs, so stays hidden, starts the child as
** usual, reports its pid (or the failure), then its wait status through a
** pipe, and holds it unreaped (waitid WNOWAIT: its pid cannot be reused,
** so signalling it by pid stays safe) until we close the ack pipe; then
** it reaps it and exits, and we reap the reaper (__WALL). */

/* Close every fd but a and b. */
static void closeallbut (int a, int b) {
  int lo = a < b ? a : b, hi = a < b ? b : a;
  closefrom3(0, lo - 1);
  closefrom3(lo + 1, hi - 1);
  closefrom3(hi + 1, -1);
}

static void writeall (int fd, const void *p, size_t n) {
  ssize_t w;
  do w = write(fd, p, n);
  while (w == -1 && errno == EINTR);
}

/* The wait status waitpid would give for a waitid result. */
static int waitstatusof (const siginfo_t *si) {
  switch (si->si_code) {
    case CLD_EXITED: return (si->si_status & 0xff) << 8;
    case CLD_DUMPED: return (si->si_status & 0x7f) | 0x80;
    default:         return si->si_status & 0x7f;      /* CLD_KILLED */
  }
}

/* The reaper: a single-threaded copy of this process, every signal
** blocked (startreaped blocked them before the clone); only
** async-signal-safe calls. Never returns. */
static void reapermain (ChildArgs *a, int sfd, int afd) {
  struct sigaction dfl;
  siginfo_t si;
  int msg[3], status, e, pidfd;
  pid_t pid = 0;
  char c;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;                  /* children are not ignored */
  sigaction(SIGCHLD, &dfl, NULL);
  e = startchild(a, &pid, &pidfd);
  if (e == 0 && pidfd != -1)
    close(pidfd);
  msg[0] = e != 0 ? e : a->err;
  msg[1] = e != 0 ? STAGE_NONE : a->stage;
  msg[2] = (int)pid;
  if (e == 0 && a->err != 0)                 /* it failed and exited */
    waitstatus(pid, &status, 0);
  closeallbut(sfd, afd);     /* the host's fds and the child's pipe ends */
  writeall(sfd, msg, sizeof msg);
  if (msg[0] != 0)
    syscall(SYS_exit_group, 0);
  memset(&si, 0, sizeof si);
  while (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT) == -1
         && errno == EINTR)
    ;
  status = waitstatusof(&si);
  writeall(sfd, &status, sizeof status);     /* EPIPE if nobody reads */
  while (read(afd, &c, 1) != 0 && errno == EINTR)
    ;
  waitstatus(pid, &status, 0);
  syscall(SYS_exit_group, 0);
}

/* Whether the host reaps children we start: SIGCHLD handled, ignored or
** SA_NOCLDWAIT. */
static int hostreaps (void) {
  struct sigaction sa;
  if (sigaction(SIGCHLD, NULL, &sa) != 0)
    return 0;
  return sa.sa_handler != SIG_DFL || (sa.sa_flags & SA_NOCLDWAIT);
}

static void closepair (int fds[2]) {
  close(fds[0]);
  close(fds[1]);
}

/* Start the child through a reaper into c: 0 (a->err set if the child
** failed before exec) or an errno. */
static int startreaped (ChildArgs *a, Child *c) {
  sigset_t all, old;
  int e = 0, s[2], k[2], msg[3], status;
  long m;
  ssize_t r;
  a->err = 0;
  a->stage = STAGE_NONE;
  if (pipe2(s, O_CLOEXEC) == -1)
    return errno;
  if (pipe2(k, O_CLOEXEC) == -1) {
    e = errno;
    closepair(s);
    return e;
  }
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  m = syscall(SYS_clone, 0UL, NULL, NULL, NULL, NULL);   /* exit signal 0 */
  if (m == 0) {
    close(s[0]);
    close(k[1]);
    reapermain(a, s[1], k[0]);
  }
  if (m == -1)
    e = errno;
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  close(s[1]);
  close(k[0]);
  if (m == -1) {
    close(s[0]);
    close(k[1]);
    return e;
  }
  do r = read(s[0], msg, sizeof msg);
  while (r == -1 && errno == EINTR);
  if (r != (ssize_t)sizeof msg || msg[0] != 0) {
    if (r == (ssize_t)sizeof msg) {          /* the child failed */
      a->err = msg[0];
      a->stage = msg[1];
    }
    else
      e = EIO;                               /* the reaper died */
    close(s[0]);
    close(k[1]);
    waitstatus((pid_t)m, &status, 0);
    return e;
  }
  c->pid = (pid_t)msg[2];
  c->mpid = (pid_t)m;
  c->statusfd = s[0];
  c->ackfd = k[1];
  return 0;
}

/* The reaper's report (wait 0) or, with WNOHANG, nothing yet: 0. Then
** the child is reaped (by the reaper, which we reap): 1. */
static int reapreaper (Child *c, int flags) {
  int status = 0, st;
  ssize_t r;
  if (flags & WNOHANG) {
    struct pollfd p;
    p.fd = c->statusfd;
    p.events = POLLIN;
    if (poll(&p, 1, 0) == 0)
      return 0;
  }
  do r = read(c->statusfd, &status, sizeof status);
  while (r == -1 && errno == EINTR);
  c->reaped = 1;
  c->status = r == (ssize_t)sizeof status ? status : 0;  /* reaper killed */
  close(c->statusfd);
  close(c->ackfd);
  c->statusfd = c->ackfd = -1;
  waitstatus(c->mpid, &st, 0);               /* it exits at once now */
  c->mpid = 0;
  return 1;
}

static const int *readpass (lua_State *L, int arg, int *n) {
  int i, j, *v;
  *n = (int)pyos_rawlen(L, arg);
  v = (int *)pyos_newuserdata(L, (size_t)(*n + 1) * sizeof(int));
  for (i = 0; i < *n; i++) {                  /* insertion sort: few fds */
    int fd;
    lua_rawgeti(L, arg, i + 1);
    fd = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    for (j = i; j > 0 && v[j - 1] > fd; j--)
      v[j] = v[j - 1];
    v[j] = fd;
  }
  return v;
}

static Child *newchild (lua_State *L, pid_t pid, int pidfd) {
  Child *c = (Child *)pyos_newuserdata(L, sizeof *c);
  c->pid = pid;
  c->pidfd = pidfd;
  c->reaped = 0;
  c->status = 0;
  c->mpid = 0;
  c->statusfd = c->ackfd = -1;
  luaL_getmetatable(L, PYOS_CHILD);
  lua_setmetatable(L, -2);
  return c;
}

/* spawn(exe, argv, env, cwd, fd0, fd1, fd2, close_fds, pass_fds, umask,
** start_new_session, process_group, reaper) -> child | nil, msg, errno,
** err. The Lua layer has checked every argument; -1 means "not given".
** reaper: true or false forces the choice, nil takes hostreaps(). */
static int sp_spawn (lua_State *L) {
  ChildArgs a;
  pyos_Argv argv;
  pyos_Envp env;
  pid_t pid = -1;
  int pidfd = -1, e, status, i, reaper;
  Child *c;
  lua_settop(L, 13);
  reaper = lua_isnil(L, 13) ? hostreaps() : lua_toboolean(L, 13);
  a.exe = luaL_checkstring(L, 1);
  pyos_proc_argv(L, 2, &argv, 0);
  pyos_proc_envp(L, 3, &env);
  a.cwd = lua_tostring(L, 4);
  for (i = 0; i < 3; i++)
    a.fds[i] = (int)luaL_optinteger(L, 5 + i, -1);
  a.closefds = lua_toboolean(L, 8);
  a.pass = lua_istable(L, 9) ? readpass(L, 9, &a.npass) : NULL;
  if (a.pass == NULL)
    a.npass = 0;
  a.umask = (int)luaL_optinteger(L, 10, -1);
  a.setsid = lua_toboolean(L, 11);
  a.pgroup = (int)luaL_optinteger(L, 12, -1);
  a.argv = argv.v;
  c = newchild(L, 0, -1);             /* made before, so nothing raises after */
  pyos_proc_envbegin(&env);
  a.envp = env.v;
  a.path = env.path;
  e = reaper ? startreaped(&a, c) : startchild(&a, &pid, &pidfd);
  pyos_proc_envend(&env);
  if (e != 0)
    return pyos_pusherror(L, e, 0, 0);
  if (a.err != 0) {                   /* the child failed and exited */
    if (!reaper) {                    /* (the reaper reaped it) */
      waitstatus(pid, &status, 0);
      if (pidfd != -1)
        close(pidfd);
    }
    return pyos_pusherror(L, a.err, a.stage == STAGE_EXEC ? 1
                          : a.stage == STAGE_CHDIR ? 4 : 0, 0);
  }
  if (!reaper) {
    c->pid = pid;
    c->pidfd = pidfd;
  }
  return 1;
}

#define tochild(L)  ((Child *)luaL_checkudata(L, 1, PYOS_CHILD))

static void closepidfd (Child *c) {
  if (c->pidfd != -1) {
    close(c->pidfd);
    c->pidfd = -1;
  }
}

/* linux/pidfd.h of 6.15 (glibc 2.36 lacks it): the first version of
** struct pidfd_info, which the kernel accepts from any later one. */
typedef struct PidfdInfo {
  unsigned long long mask, cgroupid;
  unsigned int pid, tgid, ppid, ruid, rgid, euid, egid, suid, sgid, fsuid,
               fsgid;
  int exit_code;
} PidfdInfo;

#define PIDFD_GET_INFO_   _IOWR(0xFF, 11, PidfdInfo)
#define PIDFD_INFO_EXIT_  (1ULL << 3)

/* The wait status of a child someone else reaped, from its pidfd; 0
** where the kernel cannot tell (before 6.15), as Python takes ECHILD. */
static int lostwaitstatus (const Child *c) {
  PidfdInfo info;
  if (c->pidfd == -1)
    return 0;
  memset(&info, 0, sizeof info);
  info.mask = PIDFD_INFO_EXIT_;
  if (ioctl(c->pidfd, PIDFD_GET_INFO_, &info) == 0
      && (info.mask & PIDFD_INFO_EXIT_))
    return info.exit_code;
  return 0;
}

/* Reap c if it has ended (flags WNOHANG) or wait for it (0): 1 reaped,
** 0 still running. ECHILD: reaped elsewhere, see lostwaitstatus. */
static int reap (Child *c, int flags) {
  int status = 0;
  int r;
  if (c->reaped)
    return 1;
  if (c->mpid > 0)
    return reapreaper(c, flags);
  r = waitstatus(c->pid, &status, flags);
  if (r == 0)
    return 0;
  c->reaped = 1;
  c->status = r == -1 ? lostwaitstatus(c) : status;
  closepidfd(c);
  return 1;
}

/* Python's returncode: the exit status, or minus the signal number. */
static int pushreturncode (lua_State *L, const Child *c) {
  int st = c->status;
  lua_pushinteger(L, WIFSIGNALED(st) ? -WTERMSIG(st)
                     : WIFEXITED(st) ? WEXITSTATUS(st) : 0);
  return 1;
}

static double now (void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct timespec totimespec (double s) {
  struct timespec ts;
  if (s < 0)
    s = 0;
  else if (s > 1e9)                  /* 31 years: as good as forever */
    s = 1e9;
  ts.tv_sec = (time_t)s;
  ts.tv_nsec = (long)((s - (double)ts.tv_sec) * 1e9);
  return ts;
}

/* child:poll() -> returncode | nil */
static int child_poll (lua_State *L) {
  Child *c = tochild(L);
  if (!reap(c, WNOHANG))
    return 0;
  return pushreturncode(L, c);
}

/* Until fd (a pidfd, or a reaper's report) is readable or the deadline:
** 1 ready, 0 timed out, -1 error (errno). */
static int pollpidfd (lua_State *L, int fd, double deadline) {
  for (;;) {
    struct pollfd p;
    struct timespec ts = totimespec(deadline - now());
    int r;
    p.fd = fd;
    p.events = POLLIN;
    r = ppoll(&p, 1, &ts, NULL);
    if (r >= 0)
      return r;
    if (!pyos_retry(L))
      return -1;
  }
}

/* Python's busy loop without a pidfd: waitpid WNOHANG, sleeping 0.5 ms
** doubling to 50 ms, until the deadline. 1 reaped, 0 timed out. */
static int pollwait (Child *c, double deadline) {
  double delay = 0.0005;
  for (;;) {
    double left;
    struct timespec ts;
    if (reap(c, WNOHANG))
      return 1;
    left = deadline - now();
    if (left <= 0)
      return 0;
    ts = totimespec(left < delay ? left : delay);
    nanosleep(&ts, NULL);
    delay = delay * 2 < 0.05 ? delay * 2 : 0.05;
  }
}

/* child:wait([timeout]) -> returncode | false (timed out) | failure */
static int child_wait (lua_State *L) {
  Child *c = tochild(L);
  double deadline;
  int r;
  if (lua_isnoneornil(L, 2)) {
    reap(c, 0);
    return pushreturncode(L, c);
  }
  deadline = now() + luaL_checknumber(L, 2);
  if (reap(c, WNOHANG))
    return pushreturncode(L, c);
  if (c->mpid > 0 || c->pidfd != -1) {     /* the report, or the pidfd */
    if ((r = pollpidfd(L, c->mpid > 0 ? c->statusfd : c->pidfd,
                       deadline)) == 1)
      r = reap(c, WNOHANG);
  }
  else
    r = pollwait(c, deadline);
  if (r == -1)
    return pyos_pusherror(L, errno, 0, 0);
  if (r == 0) {
    lua_pushboolean(L, 0);
    return 1;
  }
  return pushreturncode(L, c);
}

/* child:signal(sig): nothing once reaped or gone (Python ignores
** ProcessLookupError); through the pidfd, or by pid where the pid cannot
** have been reused (our child not yet reaped, or a reaper's child, which
** it holds unreaped until we have read its status), so never another
** process. */
static int child_signal (lua_State *L) {
  Child *c = tochild(L);
  int sig = (int)luaL_checkinteger(L, 2), r;
  if (reap(c, WNOHANG))
    return pyos_pushok(L);
  r = c->pidfd != -1
    ? (int)syscall(SYS_pidfd_send_signal, c->pidfd, sig, NULL, 0) : -1;
  if (c->pidfd == -1 || (r == -1 && errno == ENOSYS))   /* valgrind lacks it */
    r = kill(c->pid, sig);       /* unreaped: the pid is still the child's */
  if (r == -1 && errno != ESRCH)
    return pyos_pusherror(L, errno, 0, 0);
  return pyos_pushok(L);
}

/* child:pid() -> pid */
static int child_pid (lua_State *L) {
  lua_pushinteger(L, tochild(L)->pid);
  return 1;
}

/* __gc: a child still running is kept in the registry's ACTIVE table
** (pidfd or -1, by pid) and reaped by a later cleanup(), as Python's
** _active list; one that has ended is reaped now. */
static int child_gc (lua_State *L) {
  Child *c = tochild(L);
  if (c->pid <= 0 || reap(c, WNOHANG))
    return 0;
  lua_getfield(L, LUA_REGISTRYINDEX, ACTIVE);
  if (c->mpid > 0) {       /* the reaper reaps the child when it ends */
    close(c->statusfd);
    close(c->ackfd);
    c->statusfd = c->ackfd = -1;
    if (lua_istable(L, -1)) {        /* and cleanup() reaps the reaper */
      lua_pushinteger(L, -1);
      lua_rawseti(L, -2, (int)c->mpid);
    }
    c->mpid = 0;
  }
  else if (lua_istable(L, -1)) {
    lua_pushinteger(L, c->pidfd);
    lua_rawseti(L, -2, (int)c->pid);
    c->pidfd = -1;                   /* owned by the table now */
  }
  return 0;
}

/* cleanup(): reap the children of collected Popen objects that ended. */
static int sp_cleanup (lua_State *L) {
  lua_getfield(L, LUA_REGISTRYINDEX, ACTIVE);
  lua_pushnil(L);
  while (lua_next(L, -2)) {
    int status;
    pid_t pid = (pid_t)lua_tointeger(L, -2);
    int fd = (int)lua_tointeger(L, -1);
    lua_pop(L, 1);
    if (waitstatus(pid, &status, WNOHANG) != 0) {
      if (fd != -1)
        close(fd);
      lua_pushvalue(L, -1);
      lua_pushnil(L);
      lua_rawset(L, -4);             /* clearing a field while traversing */
    }
  }
  return 0;
}


/* ---- communicate ------------------------------------------------------- */

/* Write what the pipe takes now; SIGPIPE is held back and a SIGPIPE this
** write raised is discarded, so a child that exits early gives EPIPE,
** not the death of this process. Returns bytes written or -1. */
static ssize_t writenosig (int fd, const char *s, size_t n) {
  sigset_t pipe, old, pending;
  int was;
  ssize_t w;
  sigemptyset(&pipe);
  sigaddset(&pipe, SIGPIPE);
  sigpending(&pending);
  was = sigismember(&pending, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe, &old);
  do w = write(fd, s, n);
  while (w == -1 && errno == EINTR);
  if (w == -1 && errno == EPIPE && !was) {
    int e = errno;
    struct timespec zero = {0, 0};
    sigtimedwait(&pipe, NULL, &zero);
    errno = e;
  }
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  return w;
}

/* The output of a stream: one growing block, read into in place (no
** string per chunk, no concat at the end: a 256 MiB capture was 5x the
** C loop on Lua 5.4 with a table of 64 KiB strings). */
typedef struct Buf {
  char *p;
  size_t len, cap;
} Buf;

#define PYOS_BUF  "pyos.subprocess.buffer"

/* Read what fd has (at most READSIZE) into the buffer at index t: 1
** data, 0 end of file (or an error, taken as end of file, as Python's), -1
** out of memory. Small reads: pipe_read holds the pipe's lock while it
** copies (and faults in fresh pages), and wakes a writer that waits for
** room only when it is done, so big reads make the child wait. A 256 MiB
** capture on lua5.4, best of 4: 64 KiB reads 506 ms, 16 KiB 406, 8 KiB
** 361 (CPython's run 347; touching the pages before each read as well
** gave 352, within the spread, so it is not done). */
static int readchunk (lua_State *L, int fd, int t) {
  Buf *b = (Buf *)luaL_checkudata(L, t, PYOS_BUF);
  ssize_t r;
  if (b->cap - b->len < CHUNK) {
    size_t cap = b->cap < CHUNK ? 4 * CHUNK : 2 * b->cap;
    char *p = (char *)realloc(b->p, cap);
    if (p == NULL)
      return -1;
    b->p = p;
    b->cap = cap;
  }
  do r = read(fd, b->p + b->len, READSIZE);
  while (r == -1 && errno == EINTR);
  if (r <= 0)
    return 0;
  b->len += (size_t)r;
  return 1;
}

/* buffer() -> a new empty output buffer */
static int sp_buffer (lua_State *L) {
  Buf *b = (Buf *)pyos_newuserdata(L, sizeof *b);
  b->p = NULL;
  b->len = b->cap = 0;
  luaL_getmetatable(L, PYOS_BUF);
  lua_setmetatable(L, -2);
  return 1;
}

static int buf_gc (lua_State *L) {
  Buf *b = (Buf *)luaL_checkudata(L, 1, PYOS_BUF);
  free(b->p);
  b->p = NULL;
  b->len = b->cap = 0;
  return 0;
}

/* buf:take() -> the bytes as a string; the block is freed. */
static int buf_take (lua_State *L) {
  Buf *b = (Buf *)luaL_checkudata(L, 1, PYOS_BUF);
  lua_pushlstring(L, b->p != NULL ? b->p : "", b->len);
  buf_gc(L);
  return 1;
}

/* pump(infd, input, inoff, outfd, errfd, outt, errt [, timeout])
**   -> inoff, outopen, erropen, timedout
** Writes input[inoff+1..] to infd and reads outfd and errfd (-1: none)
** into the buffers outt and errt (buffer()), all at once with poll, until every
** stream is done, the input is all written (the caller then closes the
** child's stdin), or the time-out. */
static int sp_pump (lua_State *L) {
  size_t inlen = 0;
  int infd = (int)luaL_checkinteger(L, 1);
  const char *input = lua_tolstring(L, 2, &inlen);
  size_t off = (size_t)luaL_checkinteger(L, 3);
  int outfd = (int)luaL_checkinteger(L, 4), errfd = (int)luaL_checkinteger(L, 5);
  double deadline = lua_isnoneornil(L, 8) ? -1 : now() + luaL_checknumber(L, 8);
  int timedout = 0;
  if (infd != -1)
    fcntl(infd, F_SETFL, fcntl(infd, F_GETFL) | O_NONBLOCK);
  while (infd != -1 || outfd != -1 || errfd != -1) {
    struct pollfd p[3];
    struct timespec ts;
    int n = 0, r, i;
    if (infd != -1 && off >= inlen)
      break;                         /* all written: the caller closes it */
    if (infd != -1) { p[n].fd = infd; p[n++].events = POLLOUT; }
    if (outfd != -1) { p[n].fd = outfd; p[n++].events = POLLIN; }
    if (errfd != -1) { p[n].fd = errfd; p[n++].events = POLLIN; }
    if (deadline >= 0)
      ts = totimespec(deadline - now());
    r = ppoll(p, (nfds_t)n, deadline >= 0 ? &ts : NULL, NULL);
    if (r == -1) {
      if (pyos_retry(L))
        continue;
      return pyos_pusherror(L, errno, 0, 0);
    }
    if (r == 0) {
      timedout = 1;
      break;
    }
    for (i = 0; i < n; i++) {
      if (p[i].revents == 0)
        continue;
      if (p[i].fd == infd) {
        size_t left = inlen - off;
        ssize_t w = writenosig(infd, input + off, left < CHUNK ? left : CHUNK);
        if (w >= 0)
          off += (size_t)w;
        else if (errno != EAGAIN)
          off = inlen;               /* EPIPE and others: input dropped */
      }
      else {
        int isout = p[i].fd == outfd;
        int r = readchunk(L, p[i].fd, isout ? 6 : 7);
        if (r == -1)
          return pyos_pusherror(L, ENOMEM, 0, 0);
        if (r == 0 && isout)
          outfd = -1;
        else if (r == 0)
          errfd = -1;
      }
    }
  }
  lua_pushinteger(L, (lua_Integer)off);
  lua_pushboolean(L, outfd != -1);
  lua_pushboolean(L, errfd != -1);
  lua_pushboolean(L, timedout);
  return 4;
}


/* ---- small helpers ----------------------------------------------------- */

/* fileno(f): the fd of a Lua io file that io.type calls "file" (the
** caller checks): its userdata starts with the FILE* on every runtime
** (luaL_Stream, 5.1's FILE**, LuaJIT's IOFileUD). */
static int sp_fileno (lua_State *L) {
  FILE *fp;
  luaL_checktype(L, 1, LUA_TUSERDATA);
  luaL_argcheck(L, pyos_rawlen(L, 1) >= sizeof(FILE *), 1, "io file expected");
  fp = *(FILE **)lua_touserdata(L, 1);
  luaL_argcheck(L, fp != NULL, 1, "closed file");
  lua_pushinteger(L, fileno(fp));
  return 1;
}

/* monotonic() -> seconds */
static int sp_monotonic (lua_State *L) {
  lua_pushnumber(L, now());
  return 1;
}

/* child:haspidfd() -> whether the child has a pidfd (for the specs). */
static int child_haspidfd (lua_State *L) {
  lua_pushboolean(L, tochild(L)->pidfd != -1);
  return 1;
}

/* nopidfd(on): start children without a pidfd (for the specs). */
static int sp_nopidfd (lua_State *L) {
  nopidfd = lua_toboolean(L, 1);
  return 0;
}

static const luaL_Reg child_mt[] = {
  {"__gc", child_gc},
  {NULL, NULL}
};

static const luaL_Reg child_meth[] = {
  {"haspidfd", child_haspidfd},
  {"pid", child_pid},
  {"poll", child_poll},
  {"signal", child_signal},
  {"wait", child_wait},
  {NULL, NULL}
};

static const luaL_Reg buf_mt[] = {
  {"__gc", buf_gc},
  {NULL, NULL}
};

static const luaL_Reg buf_meth[] = {
  {"take", buf_take},
  {NULL, NULL}
};

static const luaL_Reg sp_funcs[] = {
  {"buffer", sp_buffer},
  {"cleanup", sp_cleanup},
  {"fileno", sp_fileno},
  {"monotonic", sp_monotonic},
  {"nopidfd", sp_nopidfd},
  {"pump", sp_pump},
  {"spawn", sp_spawn},
  {NULL, NULL}
};

void pyos_proc_opensubprocess (lua_State *L) {
  pyos_newclass(L, PYOS_CHILD, child_mt, child_meth);
  pyos_newclass(L, PYOS_BUF, buf_mt, buf_meth);
  lua_getfield(L, LUA_REGISTRYINDEX, ACTIVE);
  if (!lua_istable(L, -1)) {
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, ACTIVE);
  }
  lua_pop(L, 1);
  pyos_setprivate(L, "pyos._subprocess", sp_funcs);
}
