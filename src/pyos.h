/*
** pyos.h: the helpers every area file shares, one line of contract each.
** Implemented once in aux.c, which is linked into every area module with
** hidden visibility, so no helper is ever exported from a module.
**
** A binding is written in three steps: check the arguments, make the
** call (save errno right after it), push the results. Messages are built
** only on failure.
**
** Lua code runs inside a binding, and may change anything a Lua value can
** reach, whenever the binding
**   - allocates (a string, table, userdata, a luaL_Buffer growing): the GC
**     step that follows can run __gc finalizers; on LuaJIT even
**     lua_pushlstring can run them before it copies its source;
**   - calls a metamethod of an argument (__fspath, __index of an options
**     table, __index/__len of argv or env tables, __tostring);
**   - calls a user callback (onerror, register_at_fork).
** So never hold a raw pointer across such a point into anything that Lua
** code could free or change: a string held only by a user's table (anchor
** it on the stack or in a private table first, as pyos_proc_argv does),
** `environ` (copy it under pyos_proc_lockenv, then push), a buffer shared
** between calls (fd.c's read cache is marked busy), or the contents of
** another userdata (re-check after the point). Count-then-copy passes over
** a user's table read the second pass from a private copy, never from the
** user's table again.
**
** Threads: many Lua states may call pyos at once. No mutable static state
** (two locks are the exceptions: the environment lock of proc_env.c, and
** sys_pwd.c's for getpwall/getgrall, whose getpwent_r walk is
** process-wide), only the _r
** forms of libc calls with static buffers, and nothing that blocks the
** hot paths on a lock.
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
** Checkers raise a Lua error on misuse (wrong type, NUL byte in a path, a
** number out of the C type's range, unknown option), always through
** pyos_argerror: "bad argument #N to 'pyos.NAME' (MSG)" at the caller's
** line. arg is a stack index of the running function; an argument that
** pyos_opts moved is reported where the caller gave it. Messages are
** built only on failure.
*/

/* Raise "bad argument #arg to 'pyos.NAME' (msg)", prefixed with the
** caller's "source:line: ". NAME is the public name of the function
** running (found in the names table; a Lua-layer function that called a
** pyos._aux checker, or that passed its arguments to this C function,
** counts as the one running). A method ('pyos.DirEntry:stat') does not
** count its self: "calling 'pyos.DirEntry:stat' on bad self (msg)". */
PYOS_API int pyos_argerror (lua_State *L, int arg, const char *msg);

/* Raise "bad argument #arg (EXPECTED expected, got TYPE)", TYPE being
** pyos_typename of the value. */
PYOS_API int pyos_typeerror (lua_State *L, int arg, const char *expected);

/* The type name of the value at idx for messages: the __name of its
** metatable when it has one, else Lua's, and "nil" past the top (as a
** Lua-layer function sees a missing argument). May push the name (leave
** it there until the error). */
PYOS_API const char *pyos_typename (lua_State *L, int idx);

/* Name the functions of the table at t: prefix..key ("pyos.", "pyos.path.")
** or, for a class's methods, tname..":"..key. A function with two names
** keeps the first in byte order. */
PYOS_API void pyos_setnames (lua_State *L, int t, const char *prefix);
PYOS_API void pyos_setmethodnames (lua_State *L, int t, const char *tname);

/* Path argument at arg: a string, or a value with __fspath (its result
** replaces the argument in the stack). Raises on an embedded NUL byte.
** Sets *len when len is not NULL. */
PYOS_API const char *pyos_checkpath (lua_State *L, int arg, size_t *len);

/* Like pyos_checkpath, for a parameter that also takes an fd: a number
** is checked as an fd (read it with pyos_checkfd) and gives NULL; else
** the message says "string, integer or path-like expected". */
PYOS_API const char *pyos_checkpathorfd (lua_State *L, int arg, size_t *len);

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

/* A process (or process group) id: any C int, as Python's pid_t. */
PYOS_API int pyos_checkpid (lua_State *L, int arg);

/* A user or group id: 0 .. PYOS_MAXID (CPython's range), and -1 too
** when unchanged is set (chown's and setreuid's "leave it unchanged",
** which becomes (uid_t)-1). */
#define PYOS_MAXID   0xFFFFFFFELL
PYOS_API unsigned int pyos_checkid (lua_State *L, int arg, int unchanged);

/* A boolean argument; pyos_optbool: nil or none gives def. */
PYOS_API int pyos_checkbool (lua_State *L, int arg);
PYOS_API int pyos_optbool (lua_State *L, int arg, int def);

/* A string argument (numbers are not strings here); pyos_optstring: nil
** or none gives def. */
PYOS_API const char *pyos_checkstring (lua_State *L, int arg, size_t *len);
PYOS_API const char *pyos_optstring (lua_State *L, int arg, const char *def);

/* A table argument. */
PYOS_API void pyos_checktable (lua_State *L, int arg);

/* The userdata of type tname at arg ("pyos.DirEntry expected, got ..."). */
PYOS_API void *pyos_checkudata (lua_State *L, int arg, const char *tname);

/* True when the value at idx can be called (a function, or __call). */
PYOS_API int pyos_iscallable (lua_State *L, int idx);

/* Raise when more than n arguments were given (Python's TypeError). */
PYOS_API void pyos_checknargs (lua_State *L, int n);

/* The name argument of pathconf, sysconf, confstr: an integer, or a key
   of the names table at index names; an unknown name raises, as Python's
   ValueError "unrecognized configuration name". */
PYOS_API int pyos_checkconfname (lua_State *L, int arg, int names);

/* ---- Values inside a table argument ------------------------------------
** An element or field of a table argument (or option) is checked as an
** argument is, and a mistake names the place inside the argument:
** "bad argument #2 to 'pyos.readv' (buffers[3]: value must not be
** negative)". place is a lua_pushfstring format given the integers i and
** j ("buffers[%d]", "option 'file_actions'[%d][%d]", "param.sched_priority"),
** formatted only on failure; arg is the argument (or options handle)
** holding the table; idx the stack index of the value itself. */
PYOS_API long long pyos_checkintat (lua_State *L, int idx, int arg,
                                    const char *place, int i, int j,
                                    long long lo, long long hi);

/* The priority of a sched_param at idx: a table with sched_priority (or
** [1]), or, when intok, an integer; place names it ("param"). */
PYOS_API int pyos_checkschedparam (lua_State *L, int idx, int arg,
                                   const char *place, int intok);

/* Raise "bad argument #arg (PLACE: msg)". */
PYOS_API int pyos_placeerror (lua_State *L, int arg, const char *place,
                              int i, int j, const char *msg);

/* Raise "bad argument #arg (PLACE: EXPECTED expected, got TYPE)" for the
** value at idx. */
PYOS_API int pyos_placetypeerror (lua_State *L, int idx, int arg,
                                  const char *place, int i, int j,
                                  const char *expected);

/* ---- Options table (Python's keyword arguments) -------------------------
** npos is the number of positional parameters; bit (i-1) of tslots is set
** when positional slot i itself takes a table (so a table there is never
** options). keys lists the accepted names, NULL-terminated. Finds the
** options table (the last argument, in a slot that takes no table, and not
** a path-like value), checks its keys, raises on too many arguments, and
** moves it to index npos+1 so slots 1..npos hold positional values only.
** Returns npos+1, the handle the pyos_kw* functions take, or 0 when there
** is no options table. With one, the stack holds more above npos+1 (where
** the caller gave the table, for the messages): push, never settop, after
** it. */
PYOS_API int pyos_opts (lua_State *L, int npos, unsigned tslots,
                        const char *const keys[]);

/* Parameter `name` that Python accepts by position (slot pos) or keyword:
** if the options table has it, move it to slot pos (given both ways
** raises). Afterwards read slot pos with the ordinary checkers: their
** messages then say "option 'name': ..." at the options table. */
PYOS_API void pyos_kwarg (lua_State *L, int opts, int pos, const char *name);

/* Keyword-only values from the options table at opts (0: none). */
PYOS_API long long pyos_kwint (lua_State *L, int opts, const char *name,
                               long long def, long long lo, long long hi);
PYOS_API int pyos_kwbool (lua_State *L, int opts, const char *name, int def);
PYOS_API double pyos_kwnumber (lua_State *L, int opts, const char *name,
                               double def);

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
