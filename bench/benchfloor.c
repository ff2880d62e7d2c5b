/*
** benchfloor: the least a Lua binding can do to list a directory, for the
** "floor" rows of bench/listdir.sh. Not part of pyos; built per runtime by
** bench/run.sh into build/bench/<runtime>/.
**
** benchfloor.listdir(path) -> array of names: getdents64 into a 32 KiB
** buffer (as the C loop), then one lua_pushlstring and one lua_rawseti per
** name into a table grown by Lua. No error objects, no fd argument, no
** presizing: only what every binding must pay per entry.
**
** benchfloor.scandir(path) -> iterator of minimal entries: a userdata
** holding d_type, with is_dir as a method found through an __index table
** (no name, no path, no stat cache): one object and one method call per
** entry, the least a DirEntry-style loop costs.
**
** benchfloor.walk(top) -> number of entries: the least a Lua walk that
** returns what os.walk returns must make, with no Lua code running: per
** directory, opened by its path (as os.walk), its names as Lua strings in
** two new tables presized by d_type (dirs, files), and a path string per
** subdirectory (built in C) kept on a stack table until it is visited.
*/
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <lua.h>
#include <lauxlib.h>

static int isdots (const char *s) {
  return s[0] == '.' && (s[1] == 0 || (s[1] == '.' && s[2] == 0));
}

static int floor_listdir (lua_State *L) {
  char buf[32768];
  ssize_t n;
  int i = 0;
  int fd = open(luaL_checkstring(L, 1), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd == -1)
    return luaL_error(L, "cannot open");
  lua_newtable(L);
  while ((n = getdents64(fd, buf, sizeof buf)) > 0) {
    ssize_t off = 0;
    while (off < n) {
      struct dirent64 *d = (struct dirent64 *)(void *)(buf + off);
      off += d->d_reclen;
      if (isdots(d->d_name))
        continue;
      lua_pushlstring(L, d->d_name, strlen(d->d_name));
      lua_rawseti(L, -2, ++i);
    }
  }
  close(fd);
  return 1;
}

static int floor_walk (lua_State *L) {
  char buf[32768], path[4096];
  lua_Integer count = 0;
  int n = 1;
  luaL_checkstring(L, 1);
  lua_settop(L, 1);
  lua_newtable(L);                           /* 2: the paths to visit */
  lua_pushvalue(L, 1);
  lua_rawseti(L, 2, 1);
  while (n > 0) {
    size_t plen, len = 0, off;
    const char *top;
    int fd, nd = 0, nf = 0, i;
    ssize_t got;
    lua_rawgeti(L, 2, n);                    /* 3: this directory's path */
    lua_pushnil(L);
    lua_rawseti(L, 2, n--);
    top = lua_tolstring(L, 3, &plen);
    memcpy(path, top, plen + 1);
    fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd == -1)
      return luaL_error(L, "cannot open %s", path);
    while ((got = getdents64(fd, buf + len, sizeof buf - len)) > 0)
      len += (size_t)got;                    /* the bench's dirs fit */
    close(fd);
    for (off = 0; off < len; ) {             /* presize, as pyos */
      struct dirent64 *d = (struct dirent64 *)(void *)(buf + off);
      off += d->d_reclen;
      if (d->d_type == DT_DIR) nd++; else nf++;
    }
    lua_createtable(L, nd, 0);               /* 4: dirs */
    lua_createtable(L, nf, 0);               /* 5: files */
    nd = nf = 0;
    for (off = 0; off < len; ) {
      struct dirent64 *d = (struct dirent64 *)(void *)(buf + off);
      off += d->d_reclen;
      if (isdots(d->d_name))
        continue;
      count++;
      lua_pushlstring(L, d->d_name, strlen(d->d_name));
      if (d->d_type == DT_DIR)
        lua_rawseti(L, 4, ++nd);
      else
        lua_rawseti(L, 5, ++nf);
    }
    path[plen] = '/';
    for (i = nd; i >= 1; i--) {              /* the subdirectories' paths */
      size_t nlen;
      const char *name;
      lua_rawgeti(L, 4, i);
      name = lua_tolstring(L, -1, &nlen);
      memcpy(path + plen + 1, name, nlen);
      lua_pushlstring(L, path, plen + 1 + nlen);
      lua_rawseti(L, 2, ++n);
      lua_pop(L, 1);
    }
    lua_settop(L, 2);
  }
  lua_pushinteger(L, count);
  return 1;
}

typedef struct Iter {
  int fd;
  ssize_t pos, end;
  char buf[32768];
} Iter;

static int entry_is_dir (lua_State *L) {
  unsigned char *t = (unsigned char *)lua_touserdata(L, 1);
  lua_pushboolean(L, t != NULL && *t == DT_DIR);
  return 1;
}

static int iter_gc (lua_State *L) {
  Iter *it = (Iter *)lua_touserdata(L, 1);
  if (it->fd >= 0)
    close(it->fd);
  it->fd = -1;
  return 0;
}

/* Upvalue 1: the Iter; upvalue 2: the entries' metatable. */
static int iter_next (lua_State *L) {
  Iter *it = (Iter *)lua_touserdata(L, lua_upvalueindex(1));
  for (;;) {
    struct dirent64 *d;
    if (it->pos >= it->end) {
      if (it->fd < 0)
        return 0;
      it->end = getdents64(it->fd, it->buf, sizeof it->buf);
      it->pos = 0;
      if (it->end <= 0) {
        close(it->fd);
        it->fd = -1;
        return 0;
      }
    }
    d = (struct dirent64 *)(void *)(it->buf + it->pos);
    it->pos += d->d_reclen;
    if (!isdots(d->d_name)) {
      *(unsigned char *)lua_newuserdata(L, 1) = d->d_type;
      lua_pushvalue(L, lua_upvalueindex(2));
      lua_setmetatable(L, -2);
      return 1;
    }
  }
}

static int floor_scandir (lua_State *L) {
  Iter *it = (Iter *)lua_newuserdata(L, sizeof *it);
  it->pos = it->end = 0;
  it->fd = open(luaL_checkstring(L, 1), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (it->fd == -1)
    return luaL_error(L, "cannot open");
  lua_createtable(L, 0, 1);
  lua_pushcfunction(L, iter_gc);
  lua_setfield(L, -2, "__gc");
  lua_setmetatable(L, -2);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_pushcclosure(L, iter_next, 2);
  return 1;
}

__attribute__((visibility("default")))
int luaopen_benchfloor (lua_State *L) {
  lua_createtable(L, 0, 3);
  lua_pushcfunction(L, floor_listdir);
  lua_setfield(L, -2, "listdir");
  lua_pushcfunction(L, floor_walk);
  lua_setfield(L, -2, "walk");
  lua_createtable(L, 0, 1);                  /* the entries' metatable */
  lua_createtable(L, 0, 1);
  lua_pushcfunction(L, entry_is_dir);
  lua_setfield(L, -2, "is_dir");
  lua_setfield(L, -2, "__index");
  lua_pushcclosure(L, floor_scandir, 1);
  lua_setfield(L, -2, "scandir");
  return 1;
}
