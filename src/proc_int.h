/*
** proc_int.h: what the files of pyos.proc share beyond pyos.h.
** proc.c (Process Parameters, the module entry), proc_ids.c (user and
** group ids), proc_env.c (environ, getenv, putenv, unsetenv),
** proc_spawn.c (argv/env conversion, posix_spawn), proc_exec.c (exec*,
** spawn*, fork, kill, system), proc_wait.c (wait*, W*, times).
*/
#ifndef PYOS_PROC_INT_H
#define PYOS_PROC_INT_H

#include "pyos.h"

#include <stddef.h>

/* argv arrays up to this many entries live on the C stack. */
#define PYOS_SMALLV     32

/* env tables up to this many entries / bytes live on the C stack. */
#define PYOS_SMALLENV   64
#define PYOS_ENVBUF     4096

/* Registry name of the environ proxy's metatable. */
#define PYOS_ENVIRON    "pyos.environ"

/* A NULL-terminated argv for exec/spawn. v points at small or at a Lua
** userdata left on the stack (collected with it: nothing to free); its
** strings are anchored in a table left on the stack, never only in the
** caller's table (Lua code run later, a __fspath or an option's __index,
** may empty that one and collect them). */
typedef struct pyos_Argv {
  char **v;
  int n;
  char *small[PYOS_SMALLV];
} pyos_Argv;

/* A NULL-terminated envp. For a table, v points at small/buf or at a
** userdata on the stack, and its strings were copied from a private
** table (left on the stack) of the table's names and values; path is the
** PATH of that environment (or NULL), for the p variants, as Python takes
** it from the env it is given. For nil or pyos.environ, current is set
** and v and path are NULL until pyos_proc_envbegin. */
typedef struct pyos_Envp {
  char **v;
  const char *path;
  int current;
  char *small[PYOS_SMALLENV];
  char buf[PYOS_ENVBUF];
} pyos_Envp;

/* The one process-wide lock of pyos's environment access (proc_env.c):
** getenv, putenv, unsetenv, environ, and spawn/exec/fork with the current
** environment. Hold it only around C work: push nothing, call no Lua and
** raise nothing while it is held. */
PYOS_API void pyos_proc_lockenv (void);
PYOS_API void pyos_proc_unlockenv (void);

/* Read the argv array at arg: non-empty; every element a string or a
** path-like value without NUL. exec: also refuse an empty argv[0] (as
** Python's execv). Raises on misuse before anything else happens. */
PYOS_API void pyos_proc_argv (lua_State *L, int arg, pyos_Argv *a, int exec);

/* Read the env argument at arg: arg 0, nil or pyos.environ (the current
** environment, no copy), or a table of string names to string values.
** Names must be non-empty, without '=' or NUL; values without NUL. */
PYOS_API void pyos_proc_envp (lua_State *L, int arg, pyos_Envp *e);

/* Around the call that uses e->v and e->path (posix_spawn, execve, fork):
** for the current environment, take the lock and point them at environ
** and its PATH; pyos_proc_envend releases it. No Lua in between. */
PYOS_API void pyos_proc_envbegin (pyos_Envp *e);
PYOS_API void pyos_proc_envend (pyos_Envp *e);

/* Python's _execvpe, async-signal-safe (usable after fork): execve file,
** or, when it has no '/', each dir/file of path (a PATH value; NULL is
** os.defpath). Returns only on failure, with the errno Python reports
** (the first error other than ENOENT/ENOTDIR, else the last) and, when
** name is not NULL, the file name that failed with it. */
PYOS_API int pyos_proc_execsearch (const char *file, const char *path,
                                   char *const argv[], char *const envp[],
                                   char *name, size_t namesize);

/* Finish the table at -1 as a struct sequence: copy the named fields to
** [1..n] and set the metatable tname (made by pyos_proc_newresult). */
PYOS_API void pyos_proc_result (lua_State *L, const char *tname,
                                const char *const fields[]);

/* Create the metatable of a struct-sequence table type: __name, and a
** __tostring printing Python's repr (pyname(field=value, ...)). */
PYOS_API void pyos_proc_newresult (lua_State *L, const char *tname,
                                   const char *pyname,
                                   const char *const fields[]);

PYOS_API void pyos_proc_openids (lua_State *L);
PYOS_API void pyos_proc_openenv (lua_State *L);
PYOS_API void pyos_proc_openspawn (lua_State *L);
PYOS_API void pyos_proc_openexec (lua_State *L);
PYOS_API void pyos_proc_openwait (lua_State *L);
PYOS_API void pyos_proc_opensubprocess (lua_State *L);   /* pyos._subprocess */

#endif
