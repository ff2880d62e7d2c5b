# tree: whole-tree jobs of pyos.shutil and pyos.glob on the walk
# benchmark's tree (WALK_DIRS x WALK_FILES, 105,060 entries by default):
# copytree against `cp -a`, rmtree against `rm -rf` (each on a fresh copy
# made first, not timed), and glob("**/*.c"), glob("**/*.txt") (recursive)
# against CPython's glob.glob and Penlight's dir.getallfiles. ns per entry;
# ratios to the first row of each table (the GNU tool, or pyos's glob on
# lua5.4).
. bench/lib.sh
ndirs=${WALK_DIRS:-5000}
nfiles=${WALK_FILES:-20}
d=$BENCH_TMP/tree${ndirs}x$nfiles
if [ ! -d "$d" ]; then
  python3 bench/py/mktree.py tree "$d" "$ndirs" "$nfiles" >"$d.count" || exit 1
fi
work=$BENCH_TMP/treework
mkdir -p "$work"
ALT_REF=

lua_item "cp -a" lua5.4 tree copytree cmd "$d" "$work"
lua_item "pyos.shutil.copytree lua5.4" lua5.4 tree copytree pyos "$d" "$work"
lua_item "pyos.shutil.copytree luajit" luajit tree copytree pyos "$d" "$work"
py_item "CPython shutil.copytree" tree copytree "$d" "$work"
run_items copytree
: >"$_work/items"; rm -f "$_work"/r*

lua_item "rm -rf" lua5.4 tree rmtree cmd "$d" "$work"
lua_item "pyos.shutil.rmtree lua5.4" lua5.4 tree rmtree pyos "$d" "$work"
lua_item "pyos.shutil.rmtree luajit" luajit tree rmtree pyos "$d" "$work"
py_item "CPython shutil.rmtree" tree rmtree "$d" "$work"
run_items rmtree

for pat in '*.c' '*.txt'; do
  : >"$_work/items"; rm -f "$_work"/r*
  lua_item "pyos.glob lua5.4" lua5.4 tree glob pyos "$d" "$pat"
  lua_item "pyos.glob luajit" luajit tree glob pyos "$d" "$pat"
  py_item "CPython glob.glob" tree glob "$d" "$pat"
  lua_item "Penlight dir.getallfiles lua5.4" lua5.4 tree glob penlight "$d" "$pat"
  lua_item "Penlight dir.getallfiles luajit" luajit tree glob penlight "$d" "$pat"
  run_items "glob**/$pat"
done
