-- pyos.fd: memfd_create, eventfd, timerfd. Checked through /proc and
-- plain reads of the descriptors.
local pyos = require "pyos"
local support = require "support"
local testkit = require "pyos_testkit"

-- Every test does finally(cleanup) first and registers closers with defer().
local defer, cleanup = support.defer, support.cleanup

local raises = support.assert_raises
local oserror = support.assert_oserror

local EBADF = "[Errno 9] Bad file descriptor"
local EINVAL = "[Errno 22] Invalid argument"

local function fdflags(fd)
  local f = assert(io.open("/proc/self/fdinfo/" .. fd))
  local s = f:read("*a")
  f:close()
  return tonumber(s:match("flags:%s*(%d+)"), 8)
end

local function hasbit(n, bit) return math.floor(n / bit) % 2 == 1 end

local function keep(fd)
  defer(function() pyos.close(fd) end)
  return fd
end

-- 8 bytes in the host's (little-endian) order to a number.
local function u64(s)
  local n = 0
  for i = 8, 1, -1 do n = n * 256 + s:byte(i) end
  return n
end

describe("pyos.memfd_create", function()
  it("makes an anonymous file, non-inheritable even with flags 0", function()
    finally(cleanup)
    local fd = keep(assert(pyos.memfd_create("pyos-test")))
    local fd0 = keep(assert(pyos.memfd_create("zero", 0)))
    assert.equal("/memfd:pyos-test (deleted)", testkit.fdtarget(fd))
    assert.is_false(pyos.get_inheritable(fd))
    assert.is_false(pyos.get_inheritable(fd0))
    assert.equal(5, pyos.write(fd, "hello"))
    local f = assert(io.open("/proc/self/fd/" .. fd, "rb"))
    assert.equal("hello", f:read("*a"))
    f:close()
  end)

  it("takes MFD_ALLOW_SEALING, flags by name, and refuses bad flags", function()
    finally(cleanup)
    local fd = keep(assert(pyos.memfd_create("s", {flags = pyos.MFD_ALLOW_SEALING})))
    local f = assert(io.open("/proc/self/fdinfo/" .. fd))
    f:close()
    oserror({errno = "EINVAL", str = EINVAL}, pyos.memfd_create("x", 0x7fff0000))
    raises("bad argument #1 to '.-' %(embedded null byte%)", pyos.memfd_create, "a\0b")
    assert.equal(26, pyos.MFD_HUGE_SHIFT)
    assert.equal(21 * 2 ^ 26, pyos.MFD_HUGE_2MB)
  end)
end)

describe("pyos.eventfd", function()
  it("counts writes, reads the sum and resets", function()
    finally(cleanup)
    local fd = keep(assert(pyos.eventfd(3)))
    assert.is_false(pyos.get_inheritable(fd))
    assert.is_true(pyos.eventfd_write(fd, 4))
    assert.equal(7, pyos.eventfd_read(fd))
    assert.is_true(pyos.eventfd_write(fd, 2))
    assert.equal(2, u64(pyos.read(fd, 8)))        -- the plain read agrees
  end)

  it("EFD_SEMAPHORE reads 1 at a time; EFD_NONBLOCK gives BlockingIOError", function()
    finally(cleanup)
    local fd = keep(assert(pyos.eventfd(2, pyos.EFD_SEMAPHORE + pyos.EFD_NONBLOCK)))
    assert.is_true(hasbit(fdflags(fd), 2048))
    assert.equal(1, pyos.eventfd_read(fd))
    assert.equal(1, pyos.eventfd_read(fd))
    oserror({errno = "EAGAIN", name = "BlockingIOError"}, pyos.eventfd_read(fd))
    local fd2 = keep(assert(pyos.eventfd({initval = 5, flags = 0})))
    assert.is_false(pyos.get_inheritable(fd2))
    assert.equal(5, pyos.eventfd_read(fd2))
  end)

  it("fails on bad fds and raises on bad values", function()
    finally(cleanup)
    oserror({errno = "EBADF", str = EBADF}, pyos.eventfd_read(999))
    oserror({errno = "EBADF", str = EBADF}, pyos.eventfd_write(999, 1))
    oserror({errno = "EINVAL", str = EINVAL}, pyos.eventfd(0, 0x7fff0000))
    raises("bad argument #2 to '.-' %(value must not be negative%)",
           pyos.eventfd_write, 0, -1)
    raises("bad argument #1 to '.-' %(value", pyos.eventfd, -1)
  end)
end)

describe("pyos.timerfd_*", function()
  local MONOTONIC = 1

  it("arms, reports and disarms a timer", function()
    finally(cleanup)
    local fd = keep(assert(pyos.timerfd_create(MONOTONIC)))
    assert.is_false(pyos.get_inheritable(fd))
    local v, i = pyos.timerfd_settime(fd, {initial = 100, interval = 0.25})
    assert.equal(0, v); assert.equal(0, i)
    v, i = pyos.timerfd_gettime(fd)
    assert.is_true(v > 0 and v <= 100)
    assert.equal(0.25, i)
    local vn, ins = pyos.timerfd_gettime_ns(fd)
    assert.is_true(vn > 0 and vn <= 100e9)
    assert.equal(250000000, ins)
    -- setting returns the previous values
    vn, ins = pyos.timerfd_settime_ns(fd, {initial = 0, interval = 0})
    assert.is_true(vn > 0 and vn <= 100e9)
    assert.equal(250000000, ins)
    v, i = pyos.timerfd_gettime(fd)
    assert.equal(0, v); assert.equal(0, i)
  end)

  it("fires: a blocking read returns the count of expirations", function()
    finally(cleanup)
    local fd = keep(assert(pyos.timerfd_create(MONOTONIC, {flags = 0})))
    pyos.timerfd_settime_ns(fd, {initial = 1000})    -- 1 microsecond
    local s = pyos.read(fd, 8)
    assert.equal(8, #s)
    assert.is_true(u64(s) >= 1)
  end)

  it("TFD_NONBLOCK gives BlockingIOError; TFD_TIMER_ABSTIME in the past fires", function()
    finally(cleanup)
    local fd = keep(assert(pyos.timerfd_create(MONOTONIC, {flags = pyos.TFD_NONBLOCK})))
    assert.is_true(hasbit(fdflags(fd), 2048))
    oserror({errno = "EAGAIN", name = "BlockingIOError"}, pyos.read(fd, 8))
    pyos.timerfd_settime(fd, {flags = pyos.TFD_TIMER_ABSTIME, initial = 1})
    assert.equal(8, #pyos.read(fd, 8))
  end)

  it("refuses negative times with EINVAL and bad clocks", function()
    finally(cleanup)
    local fd = keep(assert(pyos.timerfd_create(MONOTONIC)))
    oserror({errno = "EINVAL", str = EINVAL}, pyos.timerfd_settime(fd, {initial = -1}))
    oserror({errno = "EINVAL", str = EINVAL},
            pyos.timerfd_settime_ns(fd, {interval = -5}))
    oserror({errno = "EINVAL", str = EINVAL}, pyos.timerfd_create(12345))
    oserror({errno = "EBADF", str = EBADF}, pyos.timerfd_gettime(999))
    oserror({errno = "EBADF", str = EBADF}, pyos.timerfd_settime(999, {}))
    raises("option 'initial'", pyos.timerfd_settime, fd, {initial = 0 / 0})
    raises("option 'initial'", pyos.timerfd_settime, fd, {initial = "1"})
    raises("unknown option 'value'", pyos.timerfd_settime, fd, {value = 1})
  end)
end)
