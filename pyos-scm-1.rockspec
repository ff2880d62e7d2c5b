rockspec_format = "3.0"
package = "pyos"
version = "scm-1"
source = {
  url = "git+https://example.invalid/pyos.git",
}
description = {
  summary = "Python's os module for Lua, on Linux",
  detailed = [[
pyos gives Lua 5.1-5.4 and LuaJIT the whole surface of Python's os module:
stat, scandir, walk, fwalk, open/read/write/sendfile, posix_spawn, waitpid,
environ, sched_setaffinity, getxattr, getrandom, os.path, with Python's
semantics and Lua's manners (errors as nil, err, errno).
]],
  license = "MIT",
}
supported_platforms = { "linux" }
dependencies = {
  "lua >= 5.1, < 5.5",
}
build = {
  type = "builtin",
  modules = {
    ["pyos"] = "lua/pyos/init.lua",
    ["pyos.path"] = "lua/pyos/path.lua",
    ["pyos.glob"] = "lua/pyos/glob.lua",
    ["pyos.fnmatch"] = "lua/pyos/fnmatch.lua",
    ["pyos.shutil"] = "lua/pyos/shutil.lua",
    ["pyos.subprocess"] = "lua/pyos/subprocess.lua",
    ["pyos.tempfile"] = "lua/pyos/tempfile.lua",
    ["pyos._fs"] = "lua/pyos/_fs.lua",
    ["pyos._walk"] = "lua/pyos/_walk.lua",
    ["pyos._fd"] = "lua/pyos/_fd.lua",
    ["pyos._proc"] = "lua/pyos/_proc.lua",
    ["pyos._sched"] = "lua/pyos/_sched.lua",
    ["pyos._xattr"] = "lua/pyos/_xattr.lua",
    ["pyos._sys"] = "lua/pyos/_sys.lua",
    ["pyos.fs"] = {
      sources = { "src/fs.c", "src/fs_dir.c", "src/fs_dir_walk.c", "src/fs_info.c", "src/fs_path.c",
                  "src/fs_stat.c", "src/aux.c" },
      defines = { "_GNU_SOURCE" },
    },
    ["pyos.fd"] = {
      sources = { "src/fd.c", "src/fd_file.c", "src/fd_kern.c", "src/fd_tty.c",
                  "src/fd_vec.c", "src/fd_buf.c", "src/aux.c" },
      defines = { "_GNU_SOURCE" },
    },
    ["pyos.proc"] = {
      sources = { "src/proc.c", "src/proc_env.c", "src/proc_exec.c", "src/proc_ids.c",
                  "src/proc_spawn.c", "src/proc_subprocess.c", "src/proc_wait.c", "src/aux.c" },
      defines = { "_GNU_SOURCE" },
    },
    ["pyos.sched"] = {
      sources = { "src/sched.c", "src/aux.c" },
      defines = { "_GNU_SOURCE" },
    },
    ["pyos.xattr"] = {
      sources = { "src/xattr.c", "src/aux.c" },
      defines = { "_GNU_SOURCE" },
    },
    ["pyos.sys"] = {
      sources = { "src/sys.c", "src/sys_conf.c", "src/sys_pwd.c", "src/aux.c" },
      defines = { "_GNU_SOURCE" },
    },
  },
}
