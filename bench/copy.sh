# copy: read/write copy of a COPY_MIB (256) MiB file in 64 KiB and 1 MiB
# chunks, over an existing DST of the same size (no O_TRUNC: the kernel
# then writes into pages that exist, so page allocation does not blur
# the comparison). The files live in COPY_DIR (default /dev/shm, so that the disk's
# writeback does not blur the comparison; set COPY_DIR=$BENCH_TMP for disk).
. bench/lib.sh
mib=${COPY_MIB:-256}
dir=${COPY_DIR:-}
if [ -z "$dir" ]; then
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then dir=/dev/shm; else dir=$BENCH_TMP; fi
fi
src=$dir/pyos-bench-copy.src.$$
dst=$dir/pyos-bench-copy.dst.$$
trap 'rm -f "$src" "$dst"; rm -rf "$_work"' EXIT
head -c $((mib * 1048576)) /dev/urandom >"$src" || exit 1
cp "$src" "$dst" || exit 1
WARMUP=${WARMUP:-1}

for chunk in 65536 1048576; do
  c_item "C read/write loop" copy "$src" "$dst" "$chunk"
  lua_item "pyos read/write lua5.4" lua5.4 copy pyos "$src" "$dst" "$chunk"
  lua_item "pyos read/write luajit" luajit copy pyos "$src" "$dst" "$chunk"
  lua_item "pyos readinto/write lua5.4" lua5.4 copy pyos_buffer "$src" "$dst" "$chunk"
  lua_item "pyos readinto/write luajit" luajit copy pyos_buffer "$src" "$dst" "$chunk"
  lua_item "luaposix read/write lua5.3" lua5.3 copy posix "$src" "$dst" "$chunk"
  lua_item "luaposix read/write luajit" luajit copy posix "$src" "$dst" "$chunk"
  lua_item "Lua io read/write lua5.4" lua5.4 copy io "$src" "$dst" "$chunk"
  lua_item "Lua io read/write luajit" luajit copy io "$src" "$dst" "$chunk"
  lua_item "Lua io, pyos loaded lua5.4" lua5.4 copy io_pyos "$src" "$dst" "$chunk"
  lua_item "Lua io, pyos loaded luajit" luajit copy io_pyos "$src" "$dst" "$chunk"
  py_item "CPython os.read/os.write" copy rw "$src" "$dst" "$chunk"
  run_items "copy$((chunk / 1024))K"
  : >"$_work/items"
  rm -f "$_work"/r*
done
