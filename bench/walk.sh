# walk: a tree of WALK_DIRS (5,000) leaf directories x WALK_FILES (20)
# files, 105,060 entries with the defaults; ns per entry, and each
# process's peak RSS (interpreter included). Ratios to the C walk and to
# `find DIR -printf ''`.
. bench/lib.sh
ndirs=${WALK_DIRS:-5000}
nfiles=${WALK_FILES:-20}
d=$BENCH_TMP/tree${ndirs}x$nfiles
if [ ! -d "$d" ]; then
  python3 bench/py/mktree.py tree "$d" "$ndirs" "$nfiles" >"$d.count" || exit 1
fi
entries=$(cat "$d.count")
ALT_REF="find -printf ''"
SHOW_RSS=1

c_item "C openat+getdents64 walk" walk "$d"
cmd_item "find -printf ''" "$entries" find "$d" -printf ''
lua_item "floor: C + Lua strings 5.4" lua5.4 walk floor "$d"
lua_item "floor: C + Lua strings jit" luajit walk floor "$d"
lua_item "pyos.walk lua5.4" lua5.4 walk pyos "$d"
lua_item "pyos.walk luajit" luajit walk pyos "$d"
lua_item "pyos.fwalk lua5.4" lua5.4 walk pyos_fwalk "$d"
lua_item "pyos.fwalk luajit" luajit walk pyos_fwalk "$d"
py_item "CPython os.walk" walk walk "$d"
py_item "CPython os.fwalk" walk fwalk "$d"
lua_item "luv fs_scandir walk lua5.4" lua5.4 walk luv "$d"
lua_item "luv fs_scandir walk luajit" luajit walk luv "$d"
lua_item "Penlight dir.walk lua5.4" lua5.4 walk penlight "$d"
lua_item "Penlight dir.walk luajit" luajit walk penlight "$d"
lua_item "luaposix dirent+lstat lua5.3" lua5.3 walk posix "$d"
lua_item "luaposix dirent+lstat luajit" luajit walk posix "$d"
run_items walk
