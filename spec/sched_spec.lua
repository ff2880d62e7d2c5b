-- pyos.sched: policies, parameters and CPU affinity, checked through
-- /proc, python3 and taskset on this very process.
local pyos = require "pyos"
local support = require "support"

local raises = support.assert_raises
local python = support.python

-- This process's pid, from /proc (not from pyos).
local function mypid()
  local f = assert(io.open("/proc/self/stat"))
  local pid = f:read("*l"):match("^(%d+)")
  f:close()
  return tonumber(pid)
end

-- "0-2,5" -> {0, 1, 2, 5}
local function parselist(s)
  local t = {}
  for part in s:gmatch("[^,]+") do
    local a, b = part:match("^(%d+)-(%d+)$")
    if a then
      for i = tonumber(a), tonumber(b) do t[#t + 1] = i end
    else
      t[#t + 1] = tonumber(part)
    end
  end
  return t
end

-- Cpus_allowed_list of /proc/self/status.
local function allowed()
  local f = assert(io.open("/proc/self/status"))
  local list
  for line in f:lines() do
    list = list or line:match("^Cpus_allowed_list:%s*(%S+)")
  end
  f:close()
  return parselist(list)
end

-- python3's view of pid: scheduler, priority, sorted affinity.
local function pyview(pid)
  local out = python([[
import os, sys
pid = int(sys.argv[1])
print(os.sched_getscheduler(pid), os.sched_getparam(pid).sched_priority,
      ",".join(map(str, sorted(os.sched_getaffinity(pid)))))]], tostring(pid))
  local pol, prio, aff = out:match("^(%-?%d+) (%-?%d+) (%S+)$")
  return tonumber(pol), tonumber(prio), parselist(aff)
end

describe("pyos.sched constants", function()
  it("are Python's", function()
    local out = python([[
import os
for n in dir(os):
    if n.startswith("SCHED_"):
        print(n, getattr(os, n))]])
    local n = 0
    for name, v in out:gmatch("(%S+) (%S+)") do
      assert.equal(tonumber(v), pyos[name], name)
      n = n + 1
    end
    assert.is_true(n >= 6)
    assert.equal(0, pyos.SCHED_OTHER)
    assert.equal(1, pyos.SCHED_FIFO)
    assert.equal(2, pyos.SCHED_RR)
    assert.equal(0x40000000, pyos.SCHED_RESET_ON_FORK)
    -- from <linux/sched.h> where glibc lacks them
    assert.equal(pyos.SCHED_OTHER, pyos.SCHED_NORMAL)
    assert.equal(6, pyos.SCHED_DEADLINE)
  end)
end)

describe("pyos.sched_param", function()
  it("builds {sched_priority = n, [1] = n}", function()
    local p = pyos.sched_param(5)
    assert.equal(5, p.sched_priority)
    assert.equal(5, p[1])
    assert.equal("posix.sched_param(sched_priority=5)", tostring(p))
    assert.equal(3, pyos.sched_param({sched_priority = 3}).sched_priority)
  end)

  it("raises on a bad priority", function()
    raises("bad argument #1 to '.-' %(number has no integer representation%)",
           pyos.sched_param, 1.5)
    raises("bad argument #1 to '.-' %(integer expected, got nil%)", pyos.sched_param)
    raises("bad argument #1 to '.-' %(value out of range", pyos.sched_param, 2 ^ 40)
    raises("given both by position and as an option", pyos.sched_param, 1,
           {sched_priority = 1})
    raises("options table expected, got number", pyos.sched_param, 1, 2)
    raises("too many arguments", pyos.sched_param, 1, {}, 2)
  end)
end)

describe("pyos.sched_get_priority_min/max", function()
  it("give Python's limits for each policy", function()
    for _, pol in ipairs({"SCHED_OTHER", "SCHED_FIFO", "SCHED_RR", "SCHED_BATCH",
                          "SCHED_IDLE"}) do
      local want = python("import os; p = os." .. pol ..
                          "; print(os.sched_get_priority_min(p), os.sched_get_priority_max(p))")
      assert.equal(want, pyos.sched_get_priority_min(pyos[pol]) .. " "
                         .. pyos.sched_get_priority_max(pyos[pol]), pol)
    end
  end)

  it("return EINVAL for an unknown policy", function()
    local str = "[Errno 22] Invalid argument"
    support.assert_oserror({errno = "EINVAL", name = "OSError", str = str},
                           pyos.sched_get_priority_min(99))
    support.assert_oserror({errno = "EINVAL", str = str}, pyos.sched_get_priority_max(-5))
    raises("bad argument #1 to '.-' %(integer expected, got string%)",
           pyos.sched_get_priority_max, "SCHED_FIFO")
  end)
end)

describe("pyos.sched_getscheduler and sched_getparam", function()
  it("agree with Python on this process", function()
    local pol, prio = pyview(mypid())
    assert.equal(pol, pyos.sched_getscheduler(0))
    assert.equal(pol, pyos.sched_getscheduler(mypid()))
    local p = pyos.sched_getparam(0)
    assert.equal(prio, p.sched_priority)
    assert.equal(prio, p[1])
    assert.equal("posix.sched_param(sched_priority=" .. prio .. ")", tostring(p))
  end)

  it("report a missing process as ProcessLookupError", function()
    local str = "[Errno 3] No such process"
    local pid = 2 ^ 30      -- above any pid_max
    support.assert_oserror({errno = "ESRCH", name = "ProcessLookupError", str = str},
                           pyos.sched_getscheduler(pid))
    support.assert_oserror({errno = "ESRCH", str = str}, pyos.sched_getparam(pid))
    support.assert_oserror({errno = "ESRCH", str = str}, pyos.sched_rr_get_interval(pid))
    support.assert_oserror({errno = "ESRCH", str = str}, pyos.sched_getaffinity(pid))
    support.assert_oserror({errno = "EINVAL", str = "[Errno 22] Invalid argument"},
                           pyos.sched_getscheduler(-1))
    raises("bad argument #1 to '.-' %(value out of range", pyos.sched_getparam, 2 ^ 40)
  end)
end)

describe("pyos.sched_setscheduler and sched_setparam", function()
  it("change this process's policy (SCHED_BATCH), seen by Python", function()
    local pid = mypid()
    finally(function()
      assert(pyos.sched_setscheduler(0, pyos.SCHED_OTHER, pyos.sched_param(0)))
    end)
    assert.is_true(pyos.sched_setscheduler(0, pyos.SCHED_BATCH, pyos.sched_param(0)))
    assert.equal(pyos.SCHED_BATCH, (pyview(pid)))
    assert.equal(pyos.SCHED_BATCH, pyos.sched_getscheduler(0))
    -- plain tables work as the parameter
    assert.is_true(pyos.sched_setscheduler(pid, pyos.SCHED_OTHER, {sched_priority = 0}))
    assert.equal(pyos.SCHED_OTHER, (pyview(pid)))
    assert.is_true(pyos.sched_setscheduler(0, pyos.SCHED_BATCH, {0}))
    assert.equal(pyos.SCHED_BATCH, (pyview(pid)))
  end)

  it("set a real-time priority where the system allows it", function()
    local pid = mypid()
    finally(function()
      assert(pyos.sched_setscheduler(0, pyos.SCHED_OTHER, pyos.sched_param(0)))
    end)
    local ok, _, _, err = pyos.sched_setscheduler(0, pyos.SCHED_FIFO, pyos.sched_param(1))
    if not ok then
      assert.equal("PermissionError", err.name)
      pending("SCHED_FIFO refused here: " .. tostring(err))
      return
    end
    local pol, prio = pyview(pid)
    assert.equal(pyos.SCHED_FIFO, pol)
    assert.equal(1, prio)
    assert.is_true(pyos.sched_setparam(0, {sched_priority = 2}))
    assert.equal(2, select(2, pyview(pid)))
    assert.equal(2, pyos.sched_getparam(0).sched_priority)
  end)

  it("return EINVAL for a priority the policy refuses", function()
    local str = "[Errno 22] Invalid argument"
    support.assert_oserror({errno = "EINVAL", str = str},
                           pyos.sched_setscheduler(0, pyos.SCHED_OTHER, pyos.sched_param(1)))
    support.assert_oserror({errno = "EINVAL", str = str},
                           pyos.sched_setscheduler(0, 12345, pyos.sched_param(0)))
    support.assert_oserror({errno = "EINVAL", name = "OSError", str = str},
                           pyos.sched_setparam(0, pyos.sched_param(5)))
    assert.is_true(pyos.sched_setparam(0, pyos.sched_param(0)))
    support.assert_oserror({errno = "ESRCH", str = "[Errno 3] No such process"},
                           pyos.sched_setparam(2 ^ 30, {0}))
  end)

  it("raise on a bad param", function()
    raises("bad argument #3 to '.-' %(table expected", pyos.sched_setscheduler,
           0, pyos.SCHED_OTHER, 0)
    raises("bad argument #3 to 'pyos.sched_setscheduler' %(param%.sched_priority: integer expected, got nil%)",
           pyos.sched_setscheduler, 0, pyos.SCHED_OTHER, {})
    raises("bad argument #2 to 'pyos.sched_setparam' %(param%.sched_priority: number has no integer representation%)",
           pyos.sched_setparam, 0, {sched_priority = 0.5})
    raises("bad argument #2 to 'pyos.sched_setparam' %(param%.sched_priority: integer expected, got string%)",
           pyos.sched_setparam, 0, {sched_priority = "0"})
    raises("bad argument #2 to 'pyos.sched_setparam' %(param%[1%]: value out of range %[%-2147483648, 2147483647%]%)",
           pyos.sched_setparam, 0, {2 ^ 31})
    raises("too many arguments", pyos.sched_setparam, 0, {0}, 1)
    raises("too many arguments", pyos.sched_setscheduler, 0, 0, {0}, {})
  end)
end)

describe("pyos.sched_rr_get_interval and sched_yield", function()
  it("give the round-robin quantum in seconds, like Python", function()
    local want = tonumber(python("import os; print(os.sched_rr_get_interval(0))"))
    local got = pyos.sched_rr_get_interval(0)
    assert.is_number(got)
    assert.equal(want, got)      -- 0.0 for SCHED_OTHER, 0.1 under SCHED_RR
  end)

  it("yields", function()
    assert.is_true(pyos.sched_yield())
    raises("too many arguments", pyos.sched_yield, 1)
  end)
end)

describe("pyos.sched_getaffinity and sched_setaffinity", function()
  it("read this process's mask, as /proc and Python see it", function()
    local mine = pyos.sched_getaffinity(0)
    assert.same(allowed(), mine)
    assert.same(mine, pyos.sched_getaffinity(mypid()))
    local _, _, py = pyview(mypid())
    assert.same(py, mine)
    for i = 2, #mine do assert.is_true(mine[i - 1] < mine[i]) end
  end)

  it("narrow and restore the mask (array and set forms)", function()
    local saved = pyos.sched_getaffinity(0)
    local pid = mypid()
    finally(function() assert(pyos.sched_setaffinity(0, saved)) end)
    local last = saved[#saved]
    assert.is_true(pyos.sched_setaffinity(0, {last}))
    assert.same({last}, allowed())
    assert.same({last}, pyos.sched_getaffinity(0))
    local _, _, py = pyview(pid)
    assert.same({last}, py)
    local out = support.sh("taskset -cp " .. pid)
    assert.matches("current affinity list: " .. last .. "\n", out, 1, true)
    local set = {}
    for _, cpu in ipairs(saved) do set[cpu] = true end
    set[last] = false
    if #saved > 1 then
      assert.is_true(pyos.sched_setaffinity(pid, set))
      local want = {}
      for i = 1, #saved - 1 do want[i] = saved[i] end
      assert.same(want, allowed())
    end
    assert.is_true(pyos.sched_setaffinity(0, saved))
    assert.same(saved, allowed())
  end)

  it("accept CPUs beyond 1024 in the mask (sized as needed)", function()
    local saved = pyos.sched_getaffinity(0)
    finally(function() assert(pyos.sched_setaffinity(0, saved)) end)
    -- the kernel ignores CPUs it does not have; only they would be EINVAL
    assert.is_true(pyos.sched_setaffinity(0, {saved[1], 1500, 70000}))
    assert.same({saved[1]}, allowed())
    assert.is_true(pyos.sched_setaffinity(0, {[saved[1]] = true, [5000] = true}))
    support.assert_oserror({errno = "EINVAL", name = "OSError",
                            str = "[Errno 22] Invalid argument"},
                           pyos.sched_setaffinity(0, {70000}))
    assert.same({saved[1]}, allowed())
    support.assert_oserror({errno = "EINVAL"}, pyos.sched_setaffinity(0, {}))
  end)

  it("raise on bad CPU numbers, as Python's ValueError/OverflowError", function()
    local P = "bad argument #2 to 'pyos.sched_setaffinity' "
    raises(P .. "%(mask%[1%]: value must not be negative%)", pyos.sched_setaffinity, 0, {-1})
    raises(P .. "%(mask key: value must not be negative%)", pyos.sched_setaffinity,
           0, {[-3] = true})
    raises(P .. "%(mask%[1%]: value out of range %[0, 2147483646%]%)", pyos.sched_setaffinity,
           0, {2 ^ 40})
    raises(P .. "%(mask%[1%]: value out of range %[0, 2147483646%]%)", pyos.sched_setaffinity,
           0, {2 ^ 31 - 1})
    raises(P .. "%(mask%[1%]: number has no integer representation%)",
           pyos.sched_setaffinity, 0, {0.5})
    raises(P .. "%(mask%[1%]: number has no integer representation%)",
           pyos.sched_setaffinity, 0, {0 / 0})
    raises(P .. "%(mask%[1%]: integer expected, got string%)",
           pyos.sched_setaffinity, 0, {"0"})
    raises(P .. "%(mask key: integer expected, got string%)",
           pyos.sched_setaffinity, 0, {x = true})
    raises("bad argument #2 to '.-' %(table expected", pyos.sched_setaffinity, 0, 0)
    raises("too many arguments", pyos.sched_setaffinity, 0, {0}, {})
    support.assert_oserror({errno = "ESRCH", name = "ProcessLookupError"},
                           pyos.sched_setaffinity(2 ^ 30, {0}))
  end)
end)
