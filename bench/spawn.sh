# spawn: start /bin/true SPAWN_N (2,000) times and wait for it.
. bench/lib.sh
n=${SPAWN_N:-2000}

c_item "C posix_spawn+waitpid" spawn posix_spawn "$n"
c_item "C fork+execve+waitpid" spawn fork "$n"
lua_item "pyos posix_spawn+waitpid 5.4" lua5.4 spawn pyos_spawn "$n"
lua_item "pyos posix_spawn+waitpid jit" luajit spawn pyos_spawn "$n"
lua_item "pyos fork+execv+waitpid 5.4" lua5.4 spawn pyos_fork "$n"
lua_item "pyos fork+execv+waitpid jit" luajit spawn pyos_fork "$n"
py_item "CPython os.posix_spawn" spawn posix_spawn "$n"
py_item "CPython subprocess.call" spawn subprocess "$n"
lua_item "pyos subprocess.run 5.4" lua5.4 spawn subprocess_run "$n"
lua_item "pyos subprocess.run jit" luajit spawn subprocess_run "$n"
lua_item "pyos run, reaper 5.4" lua5.4 spawn subprocess_reaper "$n"
lua_item "pyos run, reaper jit" luajit spawn subprocess_reaper "$n"
py_item "CPython subprocess.run" spawn run "$n"
lua_item "luaposix fork+exec+wait 5.3" lua5.3 spawn posix "$n"
lua_item "luaposix fork+exec+wait jit" luajit spawn posix "$n"
lua_item "luv spawn lua5.4" lua5.4 spawn luv "$n"
lua_item "luv spawn luajit" luajit spawn luv "$n"
lua_item "os.execute lua5.4" lua5.4 spawn execute "$n"
lua_item "os.execute luajit" luajit spawn execute "$n"
run_items spawn
