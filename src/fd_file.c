/*
** fd_file.c: fdopen, a Lua io file that owns an fd. Part of pyos.fd.
**
** The file is the io library's own type on every runtime, so io.type(f)
** is "file" and every io function takes it:
** - Lua 5.2-5.4: a luaL_Stream with the LUA_FILEHANDLE metatable and a
**   closef that fcloses it (the io library clears closef before calling
**   it, so it runs exactly once: f:close(), __close or __gc).
** - Lua 5.1: liolib's FILE** userdata with the LUA_FILEHANDLE metatable;
**   its environment holds __close, which io's close and __gc call (and
**   which sets the FILE* to NULL, so it runs once).
** - LuaJIT: its io functions accept only userdata of its private io
**   type, which the C API cannot make. pyos asks LuaJIT's own io.open for
**   a file on /dev/null and puts the fdopen'ed FILE* in it (LuaJIT's
**   IOFileUD is {FILE *fp; uint32_t type;}, checked before use), then
**   fcloses the /dev/null one. LuaJIT closes it the way it closes any file.
*/
#include "fd_int.h"

#include "lualib.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Lua's check of an io.open mode: [rwa]%+?b* */
static int checkmode (const char *mode) {
  if (*mode == '\0' || strchr("rwa", *mode++) == NULL)
    return 0;
  if (*mode == '+')
    mode++;
  return strspn(mode, "b") == strlen(mode);
}


/* ---- The version-dependent part (for compat.h) --------------------------
** newfile(L, fd, mode): push an io file of this runtime that owns
** fdopen(fd, mode) and return its FILE*; NULL with errno set when fdopen
** fails (the fd stays open, something is pushed all the same).
*/
#if LUA_VERSION_NUM >= 502

/* liolib's __close, failing the pyos way (nil, msg, errno, err). */
static int file_close (lua_State *L) {
  luaL_Stream *p = (luaL_Stream *)luaL_checkudata(L, 1, LUA_FILEHANDLE);
  if (fclose(p->f) == 0)
    return pyos_pushok(L);
  return pyos_pusherror(L, errno, 0, 0);
}

static FILE *newfile (lua_State *L, int fd, const char *mode) {
  luaL_Stream *p = (luaL_Stream *)pyos_newuserdata(L, sizeof *p);
  p->closef = NULL;                 /* closed until fdopen succeeds */
  luaL_setmetatable(L, LUA_FILEHANDLE);
  p->f = fdopen(fd, mode);
  if (p->f != NULL)
    p->closef = file_close;
  return p->f;
}

#else   /* Lua 5.1 and LuaJIT */

/* liolib 5.1's __close: fclose once, then mark the file closed. */
static int file_close (lua_State *L) {
  FILE **p = (FILE **)luaL_checkudata(L, 1, LUA_FILEHANDLE);
  int ok = fclose(*p) == 0, e = errno;
  *p = NULL;
  if (ok) {
    lua_pushboolean(L, 1);
    return 1;
  }
  return pyos_pusherror(L, e, 0, 0);
}

/* A Lua 5.1 io file, closed (NULL) for now; returns its FILE* slot. */
static FILE **newfile51 (lua_State *L) {
  FILE **p = (FILE **)lua_newuserdata(L, sizeof(FILE *));
  *p = NULL;
  luaL_getmetatable(L, LUA_FILEHANDLE);
  lua_setmetatable(L, -2);
  lua_createtable(L, 0, 1);
  lua_pushcfunction(L, file_close);
  lua_setfield(L, -2, "__close");
  lua_setfenv(L, -2);
  return p;
}

/* LuaJIT's IOFileUD (lib_io.c), unchanged since LuaJIT 2.0. */
typedef struct LJFile {
  FILE *fp;
  uint32_t type;                    /* 0: IOFILE_TYPE_FILE, fclose'd */
} LJFile;

/* Push io[name](args...) of the running LuaJIT. */
static void callio (lua_State *L, const char *name, const char *path) {
  lua_getfield(L, LUA_REGISTRYINDEX, "_LOADED");
  lua_getfield(L, -1, "io");
  lua_getfield(L, -1, name);
  lua_replace(L, -3);
  lua_pop(L, 1);
  if (path != NULL) {
    lua_pushstring(L, path);
    lua_pushliteral(L, "r");
    lua_call(L, 2, 1);
  }
  else
    lua_call(L, 0, 1);
}

/* A LuaJIT io file (on /dev/null, else a tmpfile) whose FILE* slot pyos
** may take over; returns the slot. */
static FILE **newfilejit (lua_State *L) {
  LJFile *f;
  callio(L, "open", "/dev/null");
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    callio(L, "tmpfile", NULL);
  }
  f = (LJFile *)lua_touserdata(L, -1);
  if (f == NULL || lua_objlen(L, -1) != sizeof(LJFile) || f->type != 0
      || f->fp == NULL)
    luaL_error(L, "fdopen: cannot make a file of this LuaJIT's io library");
  return &f->fp;
}

static int isluajit (lua_State *L) {
  int jit;
  lua_getfield(L, LUA_REGISTRYINDEX, "_LOADED");
  lua_getfield(L, -1, "jit");
  jit = lua_istable(L, -1);
  lua_pop(L, 2);
  return jit;
}

static FILE *newfile (lua_State *L, int fd, const char *mode) {
  FILE **slot = isluajit(L) ? newfilejit(L) : newfile51(L);
  FILE *old = *slot, *fp = fdopen(fd, mode);
  int e = errno;
  if (fp != NULL)
    *slot = fp;
  else
    *slot = NULL;                   /* a closed file */
  if (old != NULL)
    fclose(old);
  errno = e;
  return fp;
}

#endif
/* ---- end of the version-dependent part --------------------------------- */


/* fdopen(fd, mode="r", buffering=-1): a Lua file owning fd. buffering 0
** is unbuffered, 1 line buffered, > 1 the buffer size. */
static int fd_fdopen (lua_State *L) {
  static const char *const keys[] = {"mode", "buffering", NULL};
  int opts = pyos_opts(L, 3, 0, keys);
  const char *mode;
  int fd, buffering;
  FILE *fp;
  pyos_kwarg(L, opts, 2, "mode");
  pyos_kwarg(L, opts, 3, "buffering");
  fd = pyos_checkfd(L, 1);
  mode = pyos_optstring(L, 2, "r");
  if (!checkmode(mode))
    pyos_argerror(L, 2, lua_pushfstring(L, "invalid mode '%s'", mode));
  buffering = (int)pyos_optint(L, 3, -1, -1, INT_MAX);
  /* a closed fd fails here: on LuaJIT the file newfile opens first would
  ** take its number, and fdopen would then succeed on that */
  if (fcntl(fd, F_GETFD) == -1)
    return pyos_pusherror(L, errno, 0, 0);
  fp = newfile(L, fd, mode);
  if (fp == NULL)
    return pyos_pusherror(L, errno, 0, 0);
  if (buffering == 0)
    setvbuf(fp, NULL, _IONBF, 0);
  else if (buffering == 1)
    setvbuf(fp, NULL, _IOLBF, BUFSIZ);
  else if (buffering > 1)
    setvbuf(fp, NULL, _IOFBF, (size_t)buffering);
  return 1;
}

static const luaL_Reg file_funcs[] = {
  {"fdopen", fd_fdopen},
  {NULL, NULL}
};

void pyos_fd_openfile (lua_State *L) {
  pyos_setfuncs(L, file_funcs, 0);
}
