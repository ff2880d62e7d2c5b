/*
** fs_path.c: the C half of pyos.path. normpath is one pass here
** (CPython 3.11 does it in C too), and pyos.path.normpath is this very
** function; the rest of pyos.path is Lua. Private: package.loaded["pyos._path"].
** Part of pyos.fs.
*/
#include "pyos.h"
#include "fs_int.h"

#include <string.h>

/* normpath(p): Python's posixpath.normpath on bytes. One or three and
** more leading slashes give "/", exactly two "//"; "." components and
** empty ones go; ".." removes the component before it, or stays when
** there is none and the path is relative. The result is never longer
** than p, so it is built in one buffer of that size. */
static int path_normpath (lua_State *L) {
  char small[256];
  size_t n, i = 0, o = 0, root, depth = 0;
  const char *p;
  char *out;
  pyos_checknargs(L, 1);
  p = pyos_checkfspath(L, 1, &n);
  out = n < sizeof small ? small : (char *)pyos_newuserdata(L, n);
  while (i < n && p[i] == '/')
    i++;
  if (i == 2)
    out[o++] = '/';
  if (i > 0)
    out[o++] = '/';
  root = o;
  while (i < n) {
    size_t start, len;
    while (i < n && p[i] == '/')
      i++;
    start = i;
    while (i < n && p[i] != '/')
      i++;
    len = i - start;
    if (len == 0 || (len == 1 && p[start] == '.'))
      continue;
    if (len == 2 && p[start] == '.' && p[start + 1] == '.') {
      if (depth > 0) {                 /* drop the last real component */
        while (o > root && out[o - 1] != '/')
          o--;
        if (o > root)
          o--;
        depth--;
        continue;
      }
      if (root > 0)                    /* "/.." is "/" */
        continue;
    }
    else
      depth++;
    if (o > root)
      out[o++] = '/';
    memcpy(out + o, p + start, len);
    o += len;
  }
  if (o == 0)
    lua_pushliteral(L, ".");
  else
    lua_pushlstring(L, out, o);
  return 1;
}

void pyos_fs_openpath (lua_State *L) {
  static const luaL_Reg path_funcs[] = {
    {"normpath", path_normpath},
    {NULL, NULL}
  };
  pyos_setprivate(L, "pyos._path", path_funcs);
}
