-- The bad-input matrix: every exported function, called with wrong types,
-- fractions, NaN, NUL bytes in paths, unknown option keys and too many
-- arguments, must raise a Lua error naming the argument (or return
-- nil, err, errno where the kernel refuses), and never crash.
--
-- The matrix is derived from the LuaLS annotations in types/ (the ---@param
-- lines of each `function pyos.NAME(...)`), so a new export without
-- annotations fails here, and so does one whose annotations lie.
local pyos = require "pyos"

-- Never called with complete arguments: they end, replace or fork the
-- process, change its identity, or act outside it. They still get the
-- wrong-type cases, which must raise before anything happens.
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

local function readtypes()
  local p = assert(io.popen("ls types"))
  local sigs = {}
  for file in p:lines() do
    if file:match("%.lua$") then
      local params = {}
      for line in io.lines("types/" .. file) do
        local pname, opt, ptype = line:match("^%-%-%-@param%s+([%w_]+)(%??)%s+(.+)$")
        if pname then
          params[#params + 1] = {name = pname, optional = opt == "?", type = ptype}
        end
        local fname = line:match("^function pyos%.([%w_]+)%(")
        if fname then
          sigs[fname] = params
          params = {}
        elseif not line:match("^%-%-%-") then
          params = {}
        end
      end
    end
  end
  p:close()
  return sigs
end

local function kinds(param)
  local t = param.type
  return {
    integer = t:find("integer") ~= nil,
    number = t:find("number") ~= nil,
    string = t:find("string") ~= nil,
    path = t:find("PathLike") ~= nil,
    table = t:find("table") ~= nil or t:find("^{") ~= nil or t:find("%[%]") ~= nil,
    boolean = t:find("boolean") ~= nil,
    opts = param.name == "opts",
    any = t:find("any") ~= nil or t:find("function") ~= nil,
  }
end

-- A value of the parameter's own type, used to fill the other slots.
local function placeholder(param)
  local k = kinds(param)
  if k.opts then return nil end
  if param.optional then return nil end
  if k.path or (k.string and not k.integer) then return "pyos-badargs-no-such" end
  if k.integer or k.number then return -1 end
  if k.table then return {} end
  return nil
end

local function call(fn, args, n)
  local unpack = table.unpack or unpack
  return pcall(fn, unpack(args, 1, n))
end

-- The outcome of a bad call: a raise naming the argument, or the kernel's
-- refusal as nil, OSError, errno. Anything else is a failure.
local function acceptable(ok, a, b, argn)
  if not ok then
    local msg = tostring(a)
    return msg:find("bad argument #" .. argn, 1, true) ~= nil
        or msg:find("bad argument", 1, true) ~= nil, msg
  end
  return a == nil and getmetatable(b) == pyos.OSError, "returned " .. tostring(a)
end

local sigs = readtypes()
local total = 0          -- bad calls made by the whole matrix

describe("the bad-input matrix", function()
  it("covers every exported function", function()
    local missing = {}
    for name, v in pairs(pyos) do
      if type(v) == "function" and not sigs[name] then missing[#missing + 1] = name end
    end
    table.sort(missing)
    assert.same({}, missing)
  end)

  local names = {}
  for name in pairs(sigs) do
    if type(rawget(pyos, name)) == "function" then names[#names + 1] = name end
  end
  table.sort(names)

  for _, name in ipairs(names) do
    local params = sigs[name]
    it("rejects bad input to " .. name, function()
      local fn = pyos[name]
      local base = {}
      for i, p in ipairs(params) do base[i] = placeholder(p) end
      local cases = 0
      for i, p in ipairs(params) do
        local k = kinds(p)
        local bad = {}
        if k.opts then
          bad[#bad + 1] = {v = {pyos_no_such_option = 1}, want = "unknown option"}
        elseif not k.any then
          if (k.integer or k.number) and not k.string then
            bad[#bad + 1] = {v = "1", want = "expected"}
            if k.integer and not k.number then
              bad[#bad + 1] = {v = 1.5, want = "integer representation"}
              bad[#bad + 1] = {v = 0 / 0, want = "integer representation"}
              bad[#bad + 1] = {v = 1 / 0, want = "integer representation"}
              bad[#bad + 1] = {v = -1 / 0, want = "integer representation"}
              bad[#bad + 1] = {v = 2 ^ 63, want = "out of range"}
              bad[#bad + 1] = {v = -2 ^ 64, want = "out of range"}
            end
          end
          if not k.table and not k.opts then
            bad[#bad + 1] = {v = print, want = "expected"}
            bad[#bad + 1] = {v = {}, want = "expected"}
          end
          if not k.boolean then
            bad[#bad + 1] = {v = true, want = "expected"}
          end
          if k.path then
            bad[#bad + 1] = {v = "pyos\0badargs", want = "embedded null byte"}
          end
        end
        for _, case in ipairs(bad) do
          local args = {}
          for j = 1, #params do args[j] = base[j] end
          args[i] = case.v
          local ok, a, b = call(fn, args, math.max(i, #params))
          local good, msg = acceptable(ok, a, b, i)
          assert(good, name .. " arg #" .. i .. " (" .. p.name .. ") = "
                 .. tostring(case.v) .. ": " .. msg)
          cases = cases + 1
        end
      end
      if #params > 0 and not params[1].optional and not kinds(params[1]).any then
        -- too few: nothing at all where the first argument is required
        local ok, a, b = call(fn, {}, 0)
        local good, msg = acceptable(ok, a, b, 1)
        assert(good, name .. " with no arguments: " .. msg)
        cases = cases + 1
      end
      if not DANGEROUS[name] then
        local args = {}
        for j = 1, #params do args[j] = base[j] end
        if #params > 0 and kinds(params[#params]).opts then args[#params] = {} end
        args[#params + 1] = "extra"
        local ok, msg = call(fn, args, #params + 1)
        assert(not ok and tostring(msg):find("too many arguments", 1, true),
               name .. " with " .. (#params + 1) .. " arguments: " .. tostring(msg))
        cases = cases + 1
      end
      total = total + cases
    end)
  end

  it("made more than 2,000 bad calls over " .. #names .. " functions", function()
    assert.is_true(total > 2000, "only " .. total .. " bad calls")
    io.stderr:write("\nbadargs: ", total, " bad calls over ", #names, " functions\n")
  end)
end)
