# threads: the thread host (spec/threadhost.c), one lua_State per thread,
# each making THREADS_N (500,000) stat calls: aggregate ns per stat with
# 1, 2 and 4 threads. On a 2-core machine 2 threads that scale give about
# half the 1-thread figure; the C rows show how well stat itself scales
# on the machine (the kernel's dentry and inode locks are shared).
. bench/lib.sh
n=${THREADS_N:-500000}
f=$BENCH_TMP/threadstat
for i in 1 2 3 4; do [ -f "$f.$i" ] || echo hello >"$f.$i"; done
for k in 1 2 4; do
  c_item "C stat loop $k thread(s)" threadstat "$k" "$f" "$n"
done
for rt in lua5.4 luajit; do
  v=${rt#lua}; [ "$rt" = luajit ] && v=luajit
  host=build/threads/host-$v
  mkdir -p build/threads
  cc -std=c99 -O2 -pthread $(pkg-config --cflags "$rt") spec/threadhost.c \
    -o "$host" $(pkg-config --libs "$rt") -ldl -lm 2>/dev/null || continue
  for k in 1 2 4; do
    item "pyos.stat $k thread(s) $rt" 0 env \
      "LUA_PATH=bench/lua/?.lua;lua/?.lua;lua/?/init.lua;;" \
      "LUA_CPATH=build/$v$BUILD_VARIANT/?.so;;" \
      sh bench/threadrun.sh "$host" "$k" "$n" "$f"
  done
done
run_items threads
