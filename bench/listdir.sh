# listdir: one directory of LISTDIR_N (100,000) empty files, listed
# LISTDIR_REPS (5) times per process: listdir, then a scandir loop calling
# is_dir() on each entry (the C loop then also tests d_type).
. bench/lib.sh
n=${LISTDIR_N:-100000}
reps=${LISTDIR_REPS:-5}
d=$BENCH_TMP/flat$n
[ -d "$d" ] || python3 bench/py/mktree.py flat "$d" "$n" >/dev/null || exit 1

c_item "C getdents64 loop" listdir "$d" "$reps"
lua_item "floor: C + Lua strings 5.4" lua5.4 listdir floor "$d" "$reps"
lua_item "floor: C + Lua strings jit" luajit listdir floor "$d" "$reps"
lua_item "pyos.listdir lua5.4" lua5.4 listdir pyos "$d" "$reps"
lua_item "pyos.listdir luajit" luajit listdir pyos "$d" "$reps"
py_item "CPython os.listdir" listdir listdir "$d" "$reps"
lua_item "lfs.dir lua5.4" lua5.4 listdir lfs "$d" "$reps"
lua_item "lfs.dir luajit" luajit listdir lfs "$d" "$reps"
lua_item "luv fs_scandir lua5.4" lua5.4 listdir luv "$d" "$reps"
lua_item "luv fs_scandir luajit" luajit listdir luv "$d" "$reps"
lua_item "luaposix dirent.dir lua5.3" lua5.3 listdir posix "$d" "$reps"
lua_item "luaposix dirent.dir luajit" luajit listdir posix "$d" "$reps"
run_items listdir

: >"$_work/items"
rm -f "$_work"/r*
c_item "C getdents64 + d_type loop" listdir "$d" "$reps" types
lua_item "floor: object+method 5.4" lua5.4 listdir floor_scandir "$d" "$reps"
lua_item "floor: object+method jit" luajit listdir floor_scandir "$d" "$reps"
lua_item "pyos.scandir+is_dir lua5.4" lua5.4 listdir pyos_scandir "$d" "$reps"
lua_item "pyos.scandir+is_dir luajit" luajit listdir pyos_scandir "$d" "$reps"
py_item "CPython os.scandir+is_dir" listdir scandir "$d" "$reps"
lua_item "luv scandir_next type 5.4" lua5.4 listdir luv_types "$d" "$reps"
lua_item "luv scandir_next type jit" luajit listdir luv_types "$d" "$reps"
run_items scandir
