# pipe: PIPE_N (1,000,000) 1-byte write + 1-byte read round trips on a pipe.
. bench/lib.sh
n=${PIPE_N:-1000000}

c_item "C write+read loop" pipe "$n"
lua_item "pyos write+read lua5.4" lua5.4 pipe pyos "$n"
lua_item "pyos write+read luajit" luajit pipe pyos "$n"
lua_item "luaposix write+read lua5.3" lua5.3 pipe posix "$n"
lua_item "luaposix write+read luajit" luajit pipe posix "$n"
py_item "CPython os.write+os.read" pipe "$n"
run_items pipe
