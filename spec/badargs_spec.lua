-- The bad-input matrix: every exported function (pyos.NAME, pyos.path.NAME)
-- called with wrong types, fractions, NaN, out-of-range numbers, NUL bytes
-- in paths, unknown option keys, bad option fields and too many
-- arguments must raise exactly
--   SOURCE:LINE: bad argument #N to 'pyos.NAME' (TEXT)
-- with the caller's line, the argument number and the text the shared
-- argument layer (src/aux.c) gives for that mistake, whether the function
-- is written in C or in Lua. The other arguments are valid placeholders,
-- so each call has exactly one mistake.
--
-- The matrix is derived from the LuaLS annotations in types/ (the ---@param
-- lines of each `function pyos.NAME(...)` and `function path.NAME(...)`),
-- so a new export without annotations fails here, and so does one whose
-- annotations lie. Elements and fields of table arguments, methods and the
-- naming rules have cases of their own below.
local pyos = require "pyos"
local unpack = table.unpack or unpack

-- Never called with valid arguments alone (no "too many arguments" case,
-- which needs them): they end, replace or fork the process, change its
-- identity, or act outside it. Each bad call still raises before anything
-- happens.
local DANGEROUS = {}
for name in ([[abort _exit execl execle execlp execlpe execv execve execvp
  execvpe fork forkpty kill killpg setuid seteuid setreuid setresuid setgid
  setegid setregid setresgid setgroups initgroups setsid setpgid setpgrp
  chroot unshare setns chdir fchdir umask putenv unsetenv sched_setscheduler
  sched_setparam sched_setaffinity system popen posix_spawn posix_spawnp
  spawnl spawnle spawnlp spawnlpe spawnv spawnve spawnvp spawnvpe login_tty
  tcsetpgrp register_at_fork sync nice setpriority close closerange dup2
  walk fwalk removedirs renames makedirs]]):gmatch("%S+") do
  DANGEROUS[name] = true
end

local INT = "value out of range [-2147483648, 2147483647]"
local ID_UNCHANGED = "value out of range [-1, 4294967294]"
local ID = "value out of range [0, 4294967294]"
local NEG = "value must not be negative"

-- The range every integer parameter of these names has, where it is the
-- same across functions: the 2^63 case must name exactly these bounds.
local RANGES = {
  fd = INT, fd1 = INT, fd2 = INT, fd_low = INT, fd_high = INT, out_fd = INT,
  in_fd = INT, src = INT, dst = INT, pid = INT, pgid = INT, pgrp = INT,
  pg = INT, status = INT, options = INT, sig = INT, which = INT, who = INT,
  policy = INT, idtype = INT, priority = INT, increment = INT,
  size = "value out of range [0, 9223372036854775807]",
  count = "value out of range [0, 9223372036854775807]",
}
-- uid and gid: -1 ("leave unchanged") only where Python has it.
for _, f in ipairs({"chown", "lchown", "fchown", "setreuid", "setregid",
                    "setresuid", "setresgid"}) do
  RANGES[f .. ":uid"], RANGES[f .. ":gid"] = ID_UNCHANGED, ID_UNCHANGED
  for _, p in ipairs({"ruid", "euid", "suid", "rgid", "egid", "sgid"}) do
    RANGES[f .. ":" .. p] = ID_UNCHANGED
  end
end
for _, f in ipairs({"setuid", "seteuid", "setgid", "setegid"}) do
  for _, p in ipairs({"uid", "euid", "gid", "egid"}) do RANGES[f .. ":" .. p] = ID end
end
RANGES["getgrouplist:group"], RANGES["initgroups:gid"] = ID, ID

-- Parameters whose annotation says less than the function takes: names
-- and values that may also be path-like (Python's os.fsencode), a table
-- that must be a stat_result.
local KIND = {
  ["putenv:key"] = "path", ["putenv:value"] = "path", ["unsetenv:key"] = "path",
  ["getgrouplist:user"] = "path", ["initgroups:username"] = "path",
  ["memfd_create:name"] = "path", ["system:command"] = "path",
}
local TABLE_EXPECTED = {["samestat:s1"] = "stat_result", ["samestat:s2"] = "stat_result"}

-- The name of a table argument inside messages, where the annotation's
-- differs (Python's parameter name).
local PLACE = {["readv:sizes"] = "buffers", ["preadv:sizes"] = "buffers"}

-- pyos.path's string functions take NUL bytes, as Python's (they never
-- reach the kernel); its predicates answer false for such a path.
local NUL_OK = {}
for name in ([[abspath basename commonpath commonprefix dirname expanduser
  expandvars isabs join normcase normpath relpath split splitdrive splitext
  exists lexists isdir isfile islink ismount isjunction]]):gmatch("%S+") do
  NUL_OK["path." .. name] = true
end

-- Messages that are not the kind's own, for one argument of one function
-- (NAME#N:CASE, CASE the tag of the bad value below).
local EXPECT = {
  ["utime#2:string"] = "times must be {atime, mtime}",
  ["utime#2:boolean"] = "times must be {atime, mtime}",
  ["utime#2:function"] = "times must be {atime, mtime}",
  ["utime#2:number"] = "times must be {atime, mtime}",
}

-- Bad values that do not raise, for one argument of one function
-- (NAME#N:CASE), with the reason.
local NOT_RAISED = {
  -- Python's getpwuid answers KeyError "uid not found" for any integer
  -- outside uid_t; pyos returns that failure (spec/pwd_spec.lua)
  ["getpwuid#1:2^63"] = "KeyError", ["getpwuid#1:-2^64"] = "KeyError",
}

local function readtypes()
  local p = assert(io.popen("ls types"))
  local sigs = {}
  for file in p:lines() do
    if file:match("%.lua$") then
      local params = {}
      for line in io.lines("types/" .. file) do
        local pname, opt, ptype = line:match("^%-%-%-@param%s+([%w_%.]+)(%??)%s+(.+)$")
        if pname then
          params[#params + 1] = {name = pname, optional = opt == "?", type = ptype}
        end
        local fname = line:match("^function pyos%.([%w_]+)%(")
        local pname2 = line:match("^function path%.([%w_]+)%(")
        if fname then
          sigs[fname] = params
        elseif pname2 then
          sigs["path." .. pname2] = params
        end
        if not line:match("^%-%-%-") then params = {} end
      end
    end
  end
  p:close()
  return sigs
end

-- The kind of a parameter, from its annotation.
local function kind(param, fname)
  local t, n = param.type, param.name
  if fname and KIND[fname .. ":" .. n] then return KIND[fname .. ":" .. n] end
  if n == "opts" then return "opts" end
  if n == "..." then return "vararg" end
  if t:find("^any") or t:find("^function") or t:find("^fun%(") then return "any" end
  if t:find("^integer%[%]") then return "intarray" end
  if t:find("%[%]") or t:find("^table") or t:find("^{") or t:find("^pyos%.sched_param")
     or t:find("^pyos%.stat_result") then
    return "table"
  end
  if t:find("PathLike") then return t:find("integer") and "pathfd" or "path" end
  if t:find("^string|pyos%.Buffer") then return "data" end
  if t:find("^integer|string") or t:find("^string|integer") then return "any" end
  if t:find("^integer") then return "int" end
  if t:find("^number") then return "number" end
  if t:find("^boolean") then return "bool" end
  if t:find("^string") or t:find('^"') then return "string" end
  return "any"
end

-- The fields of an options annotation {a?: integer, b?: boolean, ...}.
local function optfields(param)
  local fields = {}
  for fname, ftype in param.type:gmatch("([%w_]+)%?:%s*([^,}]+)") do
    fields[#fields + 1] = {name = fname, type = ftype}
  end
  return fields
end

-- A valid value for a parameter: what fills the other slots.
local PLACEHOLDER = {
  argv = {"pyos-badargs"}, args = {"pyos-badargs"}, sizes = {1}, buffers = {"x"},
  mask = {0}, groups = {0}, param = {sched_priority = 0}, list = {"a"},
  paths = {"a"}, s1 = {st_ino = 1, st_dev = 1}, s2 = {st_ino = 1, st_dev = 1},
  data = "x", size_or_data = 1, key = "PYOS_BADARGS", name = "pyos-badargs",
  attribute = "user.pyos-badargs", value = "x", mode = 0,
}
local function placeholder(fname, param)
  local k = kind(param)
  if k == "opts" or k == "vararg" or param.optional then return nil end
  local v = PLACEHOLDER[fname .. ":" .. param.name]
  if v == nil then v = PLACEHOLDER[param.name] end
  if v ~= nil then
    if type(v) == "table" then   -- a fresh copy: calls may keep it
      local c = {}
      for key, x in pairs(v) do c[key] = x end
      v = c
    end
    return v
  end
  if k == "path" or k == "pathfd" or k == "string" then return "pyos-badargs-no-such" end
  if k == "int" or k == "number" then return 0 end
  if k == "table" or k == "intarray" then return {} end
  if k == "bool" then return false end
  return nil
end
PLACEHOLDER["popen:cmd"] = "true"
PLACEHOLDER["confstr:name"] = "CS_PATH"
PLACEHOLDER["sysconf:name"] = "SC_OPEN_MAX"
PLACEHOLDER["pathconf:name"] = "PC_NAME_MAX"
PLACEHOLDER["fpathconf:name"] = "PC_NAME_MAX"
PLACEHOLDER["timerfd_create:clockid"] = 1
PLACEHOLDER["fdopen:mode"] = "r"

-- Where every misuse must point: the line of the call, in this file.
local SRC = debug.getinfo(1, "S").short_src
local line

-- Call fn with args[1..n] from a line of this file; the error message.
local function call(fn, args, n)
  local ok, msg = pcall(function()
    line = debug.getinfo(1, "l").currentline; local r = fn(unpack(args, 1, n)); return r
  end)
  if ok then return nil end
  return tostring(msg)
end

local function public(name)
  return "pyos." .. name           -- pyos.stat, pyos.path.join
end

local function want(name, argn, text)
  return ("%s:%d: bad argument #%d to '%s' (%s)"):format(SRC, line, argn, public(name), text)
end

-- The bad values for a kind of parameter: {v, tag, text}; text "range"
-- is the parameter's range (checked against the 2^63 case's message).
local function badvalues(k)
  local function typed(expected)
    return {
      {v = "1", tag = "string", text = expected .. " expected, got string"},
      {v = print, tag = "function", text = expected .. " expected, got function"},
      {v = true, tag = "boolean", text = expected .. " expected, got boolean"},
    }
  end
  if k == "int" then
    local t = typed("integer")
    t[#t + 1] = {v = {}, tag = "table", text = "integer expected, got table"}
    t[#t + 1] = {v = 1.5, tag = "fraction", text = "number has no integer representation"}
    t[#t + 1] = {v = 0 / 0, tag = "nan", text = "number has no integer representation"}
    t[#t + 1] = {v = 1 / 0, tag = "inf", text = "number has no integer representation"}
    t[#t + 1] = {v = -1 / 0, tag = "-inf", text = "number has no integer representation"}
    t[#t + 1] = {v = 2 ^ 63, tag = "2^63", text = "range"}
    t[#t + 1] = {v = -2 ^ 64, tag = "-2^64", text = "range-"}
    return t
  elseif k == "number" then
    return typed("number")
  elseif k == "path" or k == "pathfd" then
    local e = k == "path" and "string or path-like" or "string, integer or path-like"
    local t = {
      {v = print, tag = "function", text = e .. " expected, got function"},
      {v = true, tag = "boolean", text = e .. " expected, got boolean"},
      {v = {}, tag = "table", text = e .. " expected, got table"},
      {v = "pyos\0badargs", tag = "nul", text = "embedded null byte"},
    }
    if k == "path" then
      t[#t + 1] = {v = 3, tag = "number", text = e .. " expected, got number"}
    else
      t[#t + 1] = {v = 1.5, tag = "fraction", text = "number has no integer representation"}
      t[#t + 1] = {v = 2 ^ 40, tag = "2^40", text = INT}
    end
    return t
  elseif k == "data" then     -- a number is written as its text, as io's write
    return {
      {v = print, tag = "function", text = "string or pyos.Buffer expected, got function"},
      {v = true, tag = "boolean", text = "string or pyos.Buffer expected, got boolean"},
      {v = {}, tag = "table", text = "string or pyos.Buffer expected, got table"},
    }
  elseif k == "string" then
    local t = typed("string")
    t[1] = {v = 1, tag = "number", text = "string expected, got number"}
    return t
  elseif k == "bool" then
    return {
      {v = 1, tag = "number", text = "boolean expected, got number"},
      {v = "yes", tag = "string", text = "boolean expected, got string"},
    }
  elseif k == "table" or k == "intarray" then
    local t = {
      {v = "x", tag = "string", text = "table expected, got string"},
      {v = true, tag = "boolean", text = "table expected, got boolean"},
    }
    if k == "intarray" then
      t[#t + 1] = {v = {0, "x"}, tag = "element", text = "%s[2]: integer expected, got string"}
      t[#t + 1] = {v = {0, 1.5}, tag = "element-fraction",
                   text = "%s[2]: number has no integer representation"}
    end
    return t
  end
  return {}
end

local sigs = readtypes()
local total = 0          -- bad calls made by the whole matrix

-- Check one bad call: the exact message, or fail saying what came.
local function check(name, fn, args, n, argn, text, note)
  local msg = call(fn, args, n)
  local expected = text and want(name, argn, text) or nil   -- false: no error
  total = total + 1
  assert(msg == expected, ("%s %s:\n  got      %s\n  expected %s"):format(
         name, note, tostring(msg), tostring(expected or "no error")))
end

describe("the bad-input matrix", function()
  it("covers every exported function", function()
    local missing = {}
    for name, v in pairs(pyos) do
      if type(v) == "function" and not sigs[name] then missing[#missing + 1] = name end
    end
    for name, v in pairs(pyos.path) do
      if type(v) == "function" and not sigs["path." .. name] then
        missing[#missing + 1] = "path." .. name
      end
    end
    table.sort(missing)
    assert.same({}, missing)
  end)

  local names = {}
  for name in pairs(sigs) do
    local t, key = pyos, name
    if name:find("^path%.") then t, key = pyos.path, name:sub(6) end
    if type(rawget(t, key)) == "function" then names[#names + 1] = name end
  end
  table.sort(names)

  for _, name in ipairs(names) do
    local params = sigs[name]
    local short = name:gsub("^path%.", "")
    it("rejects bad input to " .. name, function()
      local fn = name:find("^path%.") and pyos.path[short] or pyos[name]
      local base = {}
      for i, p in ipairs(params) do base[i] = placeholder(short, p) end
      local nparams = #params
      if nparams > 0 and kind(params[nparams]) == "vararg" then nparams = nparams - 1 end
      for i = 1, nparams do
        local p = params[i]
        local k = kind(p, short)
        local function args(v)
          local a = {}
          for j = 1, nparams do a[j] = base[j] end
          a[i] = v
          return a
        end
        if k == "opts" then
          -- an unknown key; a value that is no table; each field's bad values
          check(name, fn, args({pyos_no_such_option = 1}), nparams, i,
                "unknown option 'pyos_no_such_option'", "unknown option")
          check(name, fn, args(5), nparams, i, "options table expected, got number",
                "options = 5")
          for _, field in ipairs(optfields(p)) do
            local fk = kind({name = field.name, type = field.type}, short)
            for _, case in ipairs(badvalues(fk)) do
              if case.tag ~= "nul" and fk ~= "table" and fk ~= "intarray"
                 and case.tag ~= "-2^64" then
                local a = args({[field.name] = case.v})
                -- a positional parameter given by name: its slot is empty
                for j = 1, nparams do
                  if params[j].name == field.name then a[j] = nil end
                end
                local text = case.text
                if text == "range" then
                  local msg = call(fn, a, nparams) or ""
                  text = msg:match("%(option '[%w_]+': (value out of range %[%-?%d+, %d+%])%)$")
                         or "value out of range [?, ?]"
                end
                check(name, fn, a, nparams, i, "option '" .. field.name .. "': " .. text,
                      "option " .. field.name .. " = " .. case.tag)
              end
            end
          end
        else
          local range
          for _, case in ipairs(badvalues(k)) do
            local text = EXPECT[short .. "#" .. i .. ":" .. case.tag] or case.text
            local te = TABLE_EXPECTED[short .. ":" .. p.name]
            if te then text = text:gsub("^table expected", te .. " expected") end
            if case.tag == "nul" and NUL_OK[name] then
              text = false
            elseif NOT_RAISED[short .. "#" .. i .. ":" .. case.tag] then
              text = false
            elseif text == "range" then
              local msg = call(fn, args(case.v), math.max(i, nparams)) or ""
              range = msg:match("%((value out of range %[%-?%d+, %d+%])%)$")
              local known = RANGES[short .. ":" .. p.name] or RANGES[p.name]
              text = known or range or "value out of range [?, ?]"
            elseif text == "range-" then   -- below the range: 0-based ones say so
              text = (range or ""):find("^value out of range %[0,") and NEG or range
                     or "value out of range [?, ?]"
            elseif text:find("%%s") then
              text = text:format(PLACE[short .. ":" .. p.name] or p.name)
            end
            check(name, fn, args(case.v), math.max(i, nparams), i, text,
                  "arg #" .. i .. " (" .. p.name .. ") = " .. case.tag)
          end
        end
      end
      -- too few: nothing at all where the first argument is required
      local k1 = nparams > 0 and kind(params[1], short)
      if k1 and not params[1].optional and k1 ~= "any" and k1 ~= "opts" then
        local text = ({path = "string or path-like expected, got nil",
                       pathfd = "string, integer or path-like expected, got nil",
                       int = "integer expected, got nil",
                       string = "string expected, got nil",
                       data = "string or pyos.Buffer expected, got nil",
                       table = "table expected, got nil",
                       intarray = "table expected, got nil",
                       bool = "boolean expected, got nil"})[k1]
        local te = TABLE_EXPECTED[short .. ":" .. params[1].name]
        if te and text then text = text:gsub("^table expected", te .. " expected") end
        if text then check(name, fn, {}, 0, 1, text, "with no arguments") end
      end
      if not DANGEROUS[short] and not (#params > 0 and kind(params[#params]) == "vararg") then
        local a = {}
        for j = 1, nparams do a[j] = base[j] end
        if nparams > 0 and kind(params[nparams]) == "opts" then a[nparams] = {} end
        a[nparams + 1] = "extra"
        check(name, fn, a, nparams + 1, nparams + 1, "too many arguments", "too many")
      end
    end)
  end

  it("made more than 3,000 bad calls over " .. #names .. " functions", function()
    assert.is_true(total > 3000, "only " .. total .. " bad calls")
    io.stderr:write("\nbadargs: ", total, " bad calls over ", #names, " functions\n")
  end)
end)

-- Elements and fields of table arguments and options: one case each, with
-- the argument number and the place inside it.
describe("values inside table arguments", function()
  local O = pyos
  local cases = {
    -- readv sizes, writev data
    {"readv", {0, {1, -1}}, 2, "buffers[2]: " .. NEG},
    {"readv", {0, {1.5}}, 2, "buffers[1]: number has no integer representation"},
    {"readv", {0, {"1"}}, 2, "buffers[1]: integer expected, got string"},
    {"preadv", {0, {2 ^ 63}, 0}, 2, "buffers[1]: value out of range [0, 9223372036854775807]"},
    {"writev", {1, {"a", 1}}, 2, "buffers[2]: string or pyos.Buffer expected, got number"},
    {"readv", {0, {O.buffer(1), 3}}, 2, "buffers[2]: pyos.Buffer expected, got number"},
    -- group lists
    {"setgroups", {{0, "x"}}, 1, "groups[2]: integer expected, got string"},
    {"setgroups", {{0, 2 ^ 32 - 1}}, 1, "groups[2]: " .. ID},
    {"setgroups", {{-1}}, 1, "groups[1]: " .. NEG},
    -- cpu sets: an array, or a set of CPUs
    {"sched_setaffinity", {0, {0, -1}}, 2, "mask[2]: " .. NEG},
    {"sched_setaffinity", {0, {0.5}}, 2, "mask[1]: number has no integer representation"},
    {"sched_setaffinity", {0, {2 ^ 31}}, 2, "mask[1]: value out of range [0, 2147483646]"},
    {"sched_setaffinity", {0, {[1.5] = true}}, 2, "mask key: number has no integer representation"},
    {"sched_setaffinity", {0, {x = true}}, 2, "mask key: integer expected, got string"},
    -- sched_param
    {"sched_setparam", {0, {sched_priority = 1.5}}, 2,
     "param.sched_priority: number has no integer representation"},
    {"sched_setparam", {0, {"x"}}, 2, "param[1]: integer expected, got string"},
    {"sched_setscheduler", {0, 0, {}}, 3, "param.sched_priority: integer expected, got nil"},
    {"sched_param", {2 ^ 31}, 1, INT},
    -- utime: times (seconds) and the ns option (integers)
    {"utime", {"/x", {1, "x"}}, 2, "times[2]: number expected, got string"},
    {"utime", {"/x", {0 / 0, 1}}, 2, "times[1]: invalid value NaN (not a number)"},
    {"utime", {"/x", {1e30, 1}}, 2, "times[1]: timestamp out of range for platform time_t"},
    {"utime", {"/x", {1}}, 2, "times must be {atime, mtime}"},
    {"utime", {"/x", nil, {ns = {1, "x"}}}, 3, "option 'ns'[2]: integer expected, got string"},
    {"utime", {"/x", nil, {ns = {1.5, 1}}}, 3, "option 'ns'[1]: number has no integer representation"},
    {"utime", {"/x", nil, {ns = {1}}}, 3, "option 'ns': must be {atime_ns, mtime_ns}"},
    -- posix_spawn: argv, env, file actions, signal sets, scheduler
    {"posix_spawn", {"/bin/true", {"a", 1}}, 2, "argv[2]: string or path-like expected, got number"},
    {"posix_spawn", {"/bin/true", {"a\0"}}, 2, "argv[1]: embedded null byte"},
    {"posix_spawn", {"/bin/true", {"a"}, {A = 1}}, 3, "env['A']: string expected, got number"},
    {"posix_spawn", {"/bin/true", {"a"}, {[1] = "x"}}, 3, "env key: string expected, got number"},
    {"posix_spawn", {"/bin/true", {"a"}, nil, {file_actions = {5}}}, 4,
     "option 'file_actions'[1]: table expected, got number"},
    {"posix_spawn", {"/bin/true", {"a"}, nil, {file_actions = 5}}, 4,
     "option 'file_actions': table expected, got number"},
    {"posix_spawn", {"/bin/true", {"a"}, nil, {file_actions = {{99, 1}}}}, 4,
     "option 'file_actions'[1][1]: unknown file_actions identifier"},
    {"posix_spawn", {"/bin/true", {"a"}, nil, {file_actions = {{O.POSIX_SPAWN_CLOSE, 1.5}}}}, 4,
     "option 'file_actions'[1][2]: number has no integer representation"},
    {"posix_spawn", {"/bin/true", {"a"}, nil, {file_actions = {{O.POSIX_SPAWN_DUP2, 1, "x"}}}}, 4,
     "option 'file_actions'[1][3]: integer expected, got string"},
    {"posix_spawn", {"/bin/true", {"a"}, nil,
                     {file_actions = {{O.POSIX_SPAWN_OPEN, 1, "/x", 0, -1}}}}, 4,
     "option 'file_actions'[1][5]: " .. NEG},
    {"posix_spawn", {"/bin/true", {"a"}, nil,
                     {file_actions = {{O.POSIX_SPAWN_OPEN, 1, "/\0", 0, 0}}}}, 4,
     "option 'file_actions'[1][3]: embedded null byte"},
    {"posix_spawn", {"/bin/true", {"a"}, nil, {setsigmask = {1, "x"}}}, 4,
     "option 'setsigmask'[2]: integer expected, got string"},
    {"posix_spawnp", {"true", {"a"}, nil, {setsigdef = {0}}}, 4, "^option 'setsigdef'%[1%]: value out of range %[1, %d+%]$"},
    {"posix_spawn", {"/bin/true", {"a"}, nil, {scheduler = {1.5, 0}}}, 4,
     "option 'scheduler'[1]: number has no integer representation"},
    {"posix_spawn", {"/bin/true", {"a"}, nil, {scheduler = {nil, {sched_priority = "x"}}}}, 4,
     "option 'scheduler'[2].sched_priority: integer expected, got string"},
    {"posix_spawn", {"/bin/true", {"a"}, nil, {setpgroup = -1}}, 4, "option 'setpgroup': " .. NEG},
    -- positional parameters given by name: the options table's position
    {"open", {"/x", {flags = "x"}}, 2, "option 'flags': integer expected, got string"},
    {"open", {"/x", 0, {mode = 1.5}}, 3, "option 'mode': number has no integer representation"},
    {"open", {"/x", {flags = 0, mode = -1}}, 2, "option 'mode': " .. NEG},
    {"open", {"/x", 0, {dir_fd = "x"}}, 3, "option 'dir_fd': integer expected, got string"},
    {"chown", {"/x", {uid = 2 ^ 32 - 1, gid = 0}}, 2, "option 'uid': " .. ID_UNCHANGED},
    {"wait4", {{pid = 1.5, options = 0}}, 1, "option 'pid': number has no integer representation"},
    {"access", {"/x", 0, {mode = 0}}, 2, "'mode' given both by position and as an option"},
    -- the Lua layer, through the same checkers
    {"makedirs", {"/x", {mode = "x"}}, 2, "option 'mode': integer expected, got string"},
    {"makedirs", {"/x", nil, 1}, 3, "boolean expected, got number"},
    {"walk", {".", {onerror = 1}}, 2, "option 'onerror': function expected, got number"},
    {"walk", {".", {topdown = "x"}}, 2, "option 'topdown': boolean expected, got string"},
    {"fwalk", {".", {dir_fd = 2 ^ 40}}, 2, "option 'dir_fd': " .. INT},
    {"fwalk", {".", nil, nil, {follow_symlinks = 0}}, 4, "option 'follow_symlinks': boolean expected, got number"},
    {"popen", {"true", {mode = "x"}}, 2, "option 'mode': invalid mode 'x'"},
    {"popen", {"true", "r", 0}, 3, "popen() does not support unbuffered streams"},
    {"fdopen", {0, "x"}, 2, "invalid mode 'x'"},
    {"fstatvfs", {2 ^ 40}, 1, INT},
    {"fpathconf", {0, "PC_NO_SUCH"}, 2, "unrecognized configuration name"},
    {"execle", {"/bin/true", "a", "x"}, 3, "table expected, got string"},
    {"execl", {"/bin/true", "a", nil, "b"}, 3, "string or path-like expected, got nil"},
    {"spawnlp", {0, "true", "a", "b\0"}, 4, "embedded null byte"},
    {"get_exec_path", {{PATH = 1}}, 1, "env.PATH: string expected, got number"},
    {"path.commonprefix", {{{1}, "x"}}, 1, "m[2]: table expected, got string"},
    {"path.commonpath", {{}}, 1, "commonpath() arg is an empty sequence"},
    {"path.relpath", {""}, 1, "no path specified"},
    {"path.realpath", {"/", {strict = 1}}, 2, "option 'strict': boolean expected, got number"},
    {"path.sameopenfile", {0, "x"}, 2, "integer expected, got string"},
    {"path.getsize", {1.5}, 1, "number has no integer representation"},
  }
  for _, c in ipairs(cases) do
    local name, args, argn, text = c[1], c[2], c[3], c[4]
    it(name .. ": " .. text, function()
      local fn = name:find("^path%.") and pyos.path[name:sub(6)] or pyos[name]
      local n = 0
      for k in pairs(args) do if k > n then n = k end end
      local msg = call(fn, args, n)
      if text:find("^%^") then              -- a pattern for the text
        local pre = want(name, argn, ""):sub(1, -2)   -- up to "("
        assert(msg and msg:sub(1, #pre) == pre
               and msg:sub(#pre + 1, -2):match(text), "got " .. tostring(msg))
      else
        assert.equal(want(name, argn, text), msg)
      end
    end)
  end
end)

-- Methods are named CLASS:METHOD and count their arguments after self,
-- however they are called.
describe("methods", function()
  local function check2(f, args, n, expected)
    local msg = call(f, args, n)
    assert.equal(("%s:%d: %s"):format(SRC, line, expected), msg)
  end

  it("DirEntry", function()
    local e = assert(pyos.scandir("."))()
    check2(e.stat, {e, {follow = true}}, 2,
           "bad argument #1 to 'pyos.DirEntry:stat' (unknown option 'follow')")
    check2(e.is_dir, {e, {follow_symlinks = 1}}, 2,
           "bad argument #1 to 'pyos.DirEntry:is_dir' (option 'follow_symlinks': boolean expected, got number)")
    check2(e.is_file, {e, 5}, 2,
           "bad argument #1 to 'pyos.DirEntry:is_file' (options table expected, got number)")
    check2(e.inode, {e, 1}, 2, "bad argument #1 to 'pyos.DirEntry:inode' (too many arguments)")
    check2(e.is_file, {"x"}, 1,
           "calling 'pyos.DirEntry:is_file' on bad self (pyos.DirEntry expected, got string)")
    check2(e.is_symlink, {}, 0,
           "calling 'pyos.DirEntry:is_symlink' on bad self (pyos.DirEntry expected, got nil)")
    collectgarbage()
  end)

  it("Buffer", function()
    local b = pyos.buffer(3)
    check2(b.sub, {b, 1.5}, 2,
           "bad argument #1 to 'pyos.Buffer:sub' (number has no integer representation)")
    check2(b.set, {b, 1, {}}, 3,
           "bad argument #2 to 'pyos.Buffer:set' (string or pyos.Buffer expected, got table)")
    check2(b.set, {b, 9, ""}, 3, "bad argument #1 to 'pyos.Buffer:set' (position out of range)")
    check2(b.byte, {b, 1, 2, 3}, 4, "bad argument #3 to 'pyos.Buffer:byte' (too many arguments)")
    check2(b.view, {5}, 1,
           "calling 'pyos.Buffer:view' on bad self (pyos.Buffer expected, got number)")
  end)

  it("popen", function()
    local p = assert(pyos.popen("true"))
    finally(function() p:close() end)
    -- the text is the io library's own: "invalid option" before 5.3
    local format = _VERSION:find("5%.[12]") and not jit and "invalid option" or "invalid format"
    check2(p.read, {p, "x"}, 2, "bad argument #1 to 'pyos.popen:read' (" .. format .. ")")
    p:close()
    check2(p.read, {p, "a"}, 2,
           "calling 'pyos.popen:read' on bad self (attempt to use a closed file)")
  end)

  it("OSError", function()
    check2(pyos.OSError, {"x"}, 1, "bad argument #1 to 'pyos.OSError' (integer expected, got string)")
    check2(pyos.OSError, {1, "a", "b", "c", "d"}, 5,
           "bad argument #5 to 'pyos.OSError' (too many arguments)")
  end)
end)

describe("the public name of a misuse", function()
  it("is one name per function of the namespace", function()
    local seen = {}
    for _, t in ipairs({{pyos, "pyos."}, {pyos.path, "pyos.path."}}) do
      for k, v in pairs(t[1]) do
        if type(v) == "function" and rawget(t[1], k) ~= nil then
          assert(seen[v] == nil, t[2] .. k .. " is also " .. tostring(seen[v]))
          seen[v] = t[2] .. k
        end
      end
    end
  end)

  it("is the same from the area table and from the flat namespace", function()
    local a = call(pyos.fs.stat, {true}, 1)
    local b = call(pyos.stat, {true}, 1)
    assert.equal(a, b)
  end)

  it("is the same mistake's same text from a C and a Lua function", function()
    local function body(msg) return (msg:gsub("^.-%(", "(")) end
    assert.equal(body(call(pyos.stat, {".", {dir_fd = 2 ^ 40}}, 2)),
                 body(call(pyos.fwalk, {".", {dir_fd = 2 ^ 40}}, 2)))
    assert.equal(body(call(pyos.fstat, {2 ^ 40}, 1)), body(call(pyos.fstatvfs, {2 ^ 40}, 1)))
    assert.equal(body(call(pyos.rmdir, {1}, 1)), body(call(pyos.removedirs, {1}, 1)))
    assert.equal(body(call(pyos.stat, {1.5}, 1)), body(call(pyos.path.getsize, {1.5}, 1)))
  end)

  it("has no position when called straight from pcall, as luaL_argerror", function()
    local ok, msg = pcall(pyos.putenv, "A=B", "x")
    assert.is_false(ok)
    assert.equal("bad argument #1 to 'pyos.putenv' (illegal environment variable name)", msg)
  end)

  it("is the same on every run", function()
    local rt = os.getenv("PYOS_TEST_RUNTIME") or "lua5.4"
    local script = [[local p = require "pyos"
      local _, a = pcall(p.putenv, "A=B", "x")
      local _, b = pcall(p.fs.stat, 1.5)
      local _, c = pcall(p.path.join, 1)
      io.write(a, "|", b, "|", c)]]
    local outs = {}
    for i = 1, 4 do
      local f = assert(io.popen(rt .. " -e '" .. script .. "'"))
      outs[i] = f:read("*a")
      f:close()
    end
    assert.equal("bad argument #1 to 'pyos.putenv' (illegal environment variable name)|"
                 .. "bad argument #1 to 'pyos.stat' (number has no integer representation)|"
                 .. "bad argument #1 to 'pyos.path.join' (string or path-like expected, got number)",
                 outs[1])
    for i = 2, 4 do assert.equal(outs[1], outs[i]) end
  end)
end)
