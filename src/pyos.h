/*
** pyos.h: the helpers every area file shares, one line of contract each.
** Implemented once in aux.c, which is linked into every area module with
** hidden visibility, so no helper is ever exported from a module.
**
** A binding is written in three steps: check the arguments, make the
** call (save errno right after it), push the results. Messages are built
** only on failure.
*/
#ifndef PYOS_H
#define PYOS_H

#include "compat.h"

#include <stddef.h>

#define PYOS_API  __attribute__((visibility("hidden")))

/* The luaopen_ functions: the only symbols a module exports (everything
** is built with -fvisibility=hidden). */
#define PYOS_EXPORT  __attribute__((visibility("default")))

#define PYOS_VERSION    "0.1.0"

/* Registry names of the shared userdata and table types. */
#define PYOS_OSERROR    "pyos.OSError"
#define PYOS_STAT       "pyos.stat_result"

/* ---- Arguments ---------------------------------------------------------
** Checkers raise a Lua error (luaL_argerror style) on misuse: wrong type,
** NUL byte in a path, a number out of the C type's range, unknown option.
*/

/* Path argument at arg: a string, or a value with __fspath (its result
** replaces the argument in the stack). Raises on an embedded NUL byte.
** Sets *len when len is not NULL. */
PYOS_API const char *pyos_checkpath (lua_State *L, int arg, size_t *len);

/* Like pyos_checkpath, but NUL bytes are fine: for the pure string
** functions of pyos.path, which never reach the kernel (as Python's). */
PYOS_API const char *pyos_checkfspath (lua_State *L, int arg, size_t *len);

/* Like pyos_checkpath, but nil or none gives def. */
PYOS_API const char *pyos_optpath (lua_State *L, int arg, const char *def);

/* True when arg is a number: a path parameter given as a file descriptor. */
#define pyos_isfdarg(L, arg)   (lua_type(L, (arg)) == LUA_TNUMBER)

/* Integer argument in [lo, hi]. Accepts 3 and 3.0; rejects 3.7, NaN, inf,
** strings and anything out of range, on every runtime. */
PYOS_API long long pyos_checkint (lua_State *L, int arg,
                                  long long lo, long long hi);

/* Like pyos_checkint, but nil or none gives def. */
PYOS_API long long pyos_optint (lua_State *L, int arg, long long def,
                                long long lo, long long hi);

/* A file descriptor (any C int: the kernel refuses bad ones). */
PYOS_API int pyos_checkfd (lua_State *L, int arg);

/* A byte count: 0 .. SSIZE_MAX ("negative size" raises). */
PYOS_API size_t pyos_checksize (lua_State *L, int arg);

/* A boolean argument; nil or none gives def. Other types raise. */
PYOS_API int pyos_optbool (lua_State *L, int arg, int def);

/* Raise when more than n arguments were given (Python's TypeError). */
PYOS_API void pyos_checknargs (lua_State *L, int n);

/* Raise "bad argument #arg (EXPECTED expected, got TYPE)". */
PYOS_API int pyos_typeerror (lua_State *L, int arg, const char *expected);

/* The name argument of pathconf, sysconf, confstr: an integer, or a key
   of the names table at index names; an unknown name raises, as Python's
   ValueError "unrecognized configuration name". */
PYOS_API int pyos_checkconfname (lua_State *L, int arg, int names);

/* ---- Options table (Python's keyword arguments) -------------------------
** npos is the number of positional parameters; bit (i-1) of tslots is set
** when positional slot i itself takes a table (so a table there is never
** options). keys lists the accepted names, NULL-terminated. Finds the
** options table (the last argument, in a slot that takes no table, and not
** a path-like value), checks its keys, raises on too many arguments, and
** moves it to index npos+1 so slots 1..npos hold positional values only.
** Returns npos+1, or 0 when there is no options table. */
PYOS_API int pyos_opts (lua_State *L, int npos, unsigned tslots,
                        const char *const keys[]);

/* Parameter `name` that Python accepts by position (slot pos) or keyword:
** if the options table has it, move it to slot pos (given both ways
** raises). Afterwards read slot pos with the ordinary checkers. */
PYOS_API void pyos_kwarg (lua_State *L, int opts, int pos, const char *name);

/* Keyword-only values from the options table at opts (0: none). */
PYOS_API long long pyos_kwint (lua_State *L, int opts, const char *name,
                               long long def, long long lo, long long hi);
PYOS_API int pyos_kwbool (lua_State *L, int opts, const char *name, int def);

/* dir_fd-style option: an fd, or AT_FDCWD when absent or nil. */
PYOS_API int pyos_kwdirfd (lua_State *L, int opts, const char *name);

/* Push field `name` of the options table (nil when opts is 0); returns
** its Lua type. For options of other types than the helpers above. */
PYOS_API int pyos_kwget (lua_State *L, int opts, const char *name);

/* Raise "bad argument" for option `name` of the table at opts. */
PYOS_API int pyos_kwerror (lua_State *L, int opts, const char *name,
                           const char *msg);

/* ---- Results and errors ------------------------------------------------ */

/* Push true (Python's None result) and return 1. */
PYOS_API int pyos_pushok (lua_State *L);

/* Push the failure values nil, msg, errno, err and return 4: err is an
** OSError for error number err, msg its Python text (tostring(err)).
** fn1 and fn2 are stack indices of the file names (strings or fds) to
** report, 0 for none. Call it with the errno saved right after the
** failing call. */
PYOS_API int pyos_pusherror (lua_State *L, int err, int fn1, int fn2);

/* The failure values (nil, msg, errno, err) for the OSError at obj. */
PYOS_API int pyos_failure (lua_State *L, int obj);

/* Push only the OSError object for err (see pyos_pusherror). */
PYOS_API void pyos_pushoserror (lua_State *L, int err, int fn1, int fn2);

/* Raise the OSError for err (iterators do this mid-loop): the object, or
** its text where OSError.raise_text is set (inside nginx). */
PYOS_API int pyos_raiseerror (lua_State *L, int err, int fn1, int fn2);

/* Raise the OSError at obj the same way. */
PYOS_API int pyos_raiseobject (lua_State *L, int obj);

/* PEP 475: after a call failed with errno, true when it should be made
** again: errno is EINTR and no Lua hook is pending (with one pending, the
** call returns InterruptedError so that a Ctrl-C acts at once). Keeps
** errno. Use: do r = call(); while (r == -1 && pyos_retry(L)); */
PYOS_API int pyos_retry (lua_State *L);

/* Python's exception class name for an errno ("FileNotFoundError", ...). */
PYOS_API const char *pyos_errname (int err);

/* Push repr(os.fsdecode(s)): Python's quoting of a file name. */
PYOS_API void pyos_pushrepr (lua_State *L, const char *s, size_t len);

/* Create the shared OSError type if this Lua state lacks it. */
PYOS_API void pyos_openerror (lua_State *L);

/* Push the OSError type (callable: OSError(errno, strerror, fn, fn2)). */
PYOS_API void pyos_pusherrortype (lua_State *L);

/* ---- Constants, types and modules ------------------------------------- */

typedef struct pyos_Const {
  const char *name;
  long long value;
} pyos_Const;

#define PYOS_CONST(c)   {#c, (c)}

/* Set every constant of the array as a field of the table at -1. */
PYOS_API void pyos_setconsts (lua_State *L, const pyos_Const *c);

/* Create the metatable tname in the registry with metamethods mt and, when
** meth is not NULL, __index = a table of meth. Sets __name. Pops it. */
PYOS_API void pyos_newclass (lua_State *L, const char *tname,
                             const luaL_Reg *mt, const luaL_Reg *meth);

/* A class whose objects are made or checked on a hot path also keeps its
** metatable (the registry's tname) under the address key: found without
** hashing a name. pyos_keyclass records it; pyos_setclass gives it to the
** value at the top; pyos_toclass is the userdata at idx when that is its
** metatable, else NULL. */
PYOS_API void pyos_keyclass (lua_State *L, const char *tname, const void *key);
PYOS_API void pyos_setclass (lua_State *L, const void *key);
PYOS_API void *pyos_toclass (lua_State *L, int idx, const void *key);

/* Set package.loaded[name] to a table of funcs: a private module of the
** Lua layer (pyos._fsdir, pyos._path), outside the public namespace. */
PYOS_API void pyos_setprivate (lua_State *L, const char *name,
                               const luaL_Reg *funcs);

/* Start a module: the shared types, then a new table with funcs and
** consts (either may be NULL) on the top of the stack. */
PYOS_API void pyos_newmodule (lua_State *L, const luaL_Reg *funcs,
                              const pyos_Const *consts);

/* ---- Shared between the fs files --------------------------------------- */

struct stat;

/* Push a new stat_result and return its struct for a stat call to fill
** (it is not zeroed). */
PYOS_API struct stat *pyos_newstat (lua_State *L);

/* Push a new stat_result holding a copy of *st. */
PYOS_API void pyos_pushstat (lua_State *L, const struct stat *st);

/* fs_stat.c: add stat, lstat, fstat and Python's stat module (functions
** and constants) to the fs table at the top of the stack. */
PYOS_API void pyos_fs_openstat (lua_State *L);

/* fs_dir.c: add scandir, listdir and the DirEntry type to the fs table at
** the top of the stack. */
PYOS_API void pyos_fs_opendir (lua_State *L);

#endif
