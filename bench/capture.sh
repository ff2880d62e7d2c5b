# capture: run `cat FILE` with its stdout captured, CAPTURE_N (3) times;
# FILE is CAPTURE_MIB (256) MiB. The C loop: posix_spawn, a pipe read in
# 64 KiB reads into one growing buffer, waitpid.
. bench/lib.sh
n=${CAPTURE_N:-3}
mib=${CAPTURE_MIB:-256}
f=$BENCH_TMP/capture-$mib
[ -f "$f" ] || head -c $((mib * 1048576)) /dev/urandom >"$f"

c_item "C posix_spawn+read+waitpid" capture "$f" "$n"
lua_item "pyos subprocess.run capture 5.4" lua5.4 capture run "$f" "$n"
lua_item "pyos subprocess.run capture jit" luajit capture run "$f" "$n"
py_item "CPython subprocess.run capture" capture run "$f" "$n"
py_item "CPython check_output" capture check_output "$f" "$n"
run_items capture
