# kcopy: in-kernel copy of a COPY_MIB (256) MiB file: sendfile and
# copy_file_range against a C copy_file_range loop (over an existing DST,
# files in COPY_DIR, as for copy), and shutil.copyfile (which truncates
# DST first) of pyos and CPython.
. bench/lib.sh
mib=${COPY_MIB:-256}
dir=${COPY_DIR:-}
if [ -z "$dir" ]; then
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then dir=/dev/shm; else dir=$BENCH_TMP; fi
fi
src=$dir/pyos-bench-kcopy.src.$$
dst=$dir/pyos-bench-kcopy.dst.$$
trap 'rm -f "$src" "$dst"; rm -rf "$_work"' EXIT
head -c $((mib * 1048576)) /dev/urandom >"$src" || exit 1
cp "$src" "$dst" || exit 1
WARMUP=${WARMUP:-1}

c_item "C copy_file_range loop" kcopy cfr "$src" "$dst"
c_item "C sendfile loop" kcopy sendfile "$src" "$dst"
c_item "C copy_file_range loop, O_TRUNC" kcopy cfrtrunc "$src" "$dst"
lua_item "pyos.copy_file_range lua5.4" lua5.4 kcopy copy_file_range "$src" "$dst"
lua_item "pyos.copy_file_range luajit" luajit kcopy copy_file_range "$src" "$dst"
lua_item "pyos.sendfile lua5.4" lua5.4 kcopy sendfile "$src" "$dst"
lua_item "pyos.sendfile luajit" luajit kcopy sendfile "$src" "$dst"
lua_item "pyos.shutil.copyfile lua5.4" lua5.4 kcopy copyfile "$src" "$dst"
lua_item "pyos.shutil.copyfile luajit" luajit kcopy copyfile "$src" "$dst"
py_item "CPython shutil.copyfile" copy copyfile "$src" "$dst"
py_item "CPython os.copy_file_range" copy cfr "$src" "$dst"
py_item "CPython os.sendfile" copy sendfile "$src" "$dst"
run_items kcopy
