# stat: STAT_N (1,000,000) stat calls on one file, in one process each.
. bench/lib.sh
n=${STAT_N:-1000000}
f=$BENCH_TMP/stat.file
[ -f "$f" ] || echo hello >"$f"

c_item "C stat() loop" stat "$f" "$n"
lua_item "pyos.stat lua5.4" lua5.4 stat pyos "$f" "$n"
lua_item "pyos.stat luajit" luajit stat pyos "$f" "$n"
lua_item "pyos.stat(p).st_size lua5.4" lua5.4 stat pyos_size "$f" "$n"
lua_item "pyos.stat(p).st_size luajit" luajit stat pyos_size "$f" "$n"
lua_item "luaposix stat lua5.3" lua5.3 stat posix "$f" "$n"
lua_item "luaposix stat luajit" luajit stat posix "$f" "$n"
lua_item "lfs.attributes(p) lua5.4" lua5.4 stat lfs "$f" "$n"
lua_item "lfs.attributes(p) luajit" luajit stat lfs "$f" "$n"
lua_item "lfs.attributes(p,'size') 5.4" lua5.4 stat lfs_size "$f" "$n"
lua_item "lfs.attributes(p,'size') jit" luajit stat lfs_size "$f" "$n"
lua_item "luv fs_stat lua5.4" lua5.4 stat luv "$f" "$n"
lua_item "luv fs_stat luajit" luajit stat luv "$f" "$n"
py_item "CPython os.stat" stat "$f" "$n"
run_items stat
