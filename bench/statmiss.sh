# statmiss: STATMISS_N (1,000,000) stat calls on a missing file: the cost
# of the failure path (an OSError and its message per call in pyos).
. bench/lib.sh
n=${STATMISS_N:-1000000}
f=$BENCH_TMP/no/such/file

c_item "C stat() ENOENT loop" statmiss "$f" "$n"
lua_item "pyos.stat missing lua5.4" lua5.4 statmiss pyos "$f" "$n"
lua_item "pyos.stat missing luajit" luajit statmiss pyos "$f" "$n"
lua_item "luaposix stat missing lua5.3" lua5.3 statmiss posix "$f" "$n"
lua_item "luaposix stat missing luajit" luajit statmiss posix "$f" "$n"
lua_item "lfs.attributes missing 5.4" lua5.4 statmiss lfs "$f" "$n"
lua_item "luv fs_stat missing lua5.4" lua5.4 statmiss luv "$f" "$n"
py_item "CPython os.stat try/except" statmiss "$f" "$n"
run_items statmiss
