-- Every Lua example in README.md and doc/*.md runs as written, on lua5.4
-- and LuaJIT, each in a fresh interpreter and a fresh temp directory, and
-- prints what its `-->` comments say. The conventions (markers, the page
-- prelude, the `-->` rule and its wildcards) are documented at the top of
-- doc/README.md; this file implements exactly that text.
local support = require "support"
local quote = support.quote

local CHILDREN = {"lua5.4", "luajit"}
local TIMEOUT = 20                      -- seconds, per example

---------------------------------------------------------------------------
-- Reading the pages

local function readlines(file)
  local lines = {}
  for line in (support.readfile(file) .. "\n"):gmatch("([^\n]*)\n") do
    lines[#lines + 1] = line
  end
  if lines[#lines] == "" then lines[#lines] = nil end
  return lines
end

-- The pages: README.md, then doc/*.md in name order; PYOS_DOC_PAGES
-- (names separated by blanks) checks only those, while writing one.
local function pages()
  local only = os.getenv("PYOS_DOC_PAGES")
  local list = {}
  if only and only ~= "" then
    for name in only:gmatch("%S+") do list[#list + 1] = name end
    return list
  end
  list[1] = "README.md"
  local p = assert(io.popen("ls doc/*.md"))
  for name in p:lines() do list[#list + 1] = name end
  p:close()
  return list
end

-- A marker line: <!-- example: WORD [(reason)] -->
local function parsemarker(text, ex, errors, where)
  local body = text:match("^%s*<!%-%-%s*example:%s*(.-)%s*%-%->%s*$")
  if not body then return false end
  local word, rest = body:match("^(%S+)%s*(.*)$")
  if word == "skip" then
    local reason = rest:match("^%((.+)%)$")
    if not reason then
      errors[#errors + 1] = where .. ": a skip marker needs a reason: skip (why)"
    end
    ex.skip = reason or "?"
  elseif word == "lua5.3+" and rest == "" then
    ex.min53 = true
  elseif word == "prelude" and rest == "" then
    ex.prelude = true
  else
    errors[#errors + 1] = where .. ": unknown marker '" .. body .. "'"
  end
  return true
end

-- The expected output of each line: `code --> text` expects `text` from
-- the prints of that line; a line holding only `--> text` adds one more
-- expected output line to the closest code line above it.
local function expectations(ex, errors)
  local expect, last = {}, nil
  for n = ex.first, ex.last do
    local line = ex.lines[n]
    local code, want = line:match("^(.-)%-%->%s?(.*)$")
    if code then
      want = want:gsub("%s+$", "")
      if code:match("^%s*$") then
        if not last then
          errors[#errors + 1] = ex.name .. ":" .. n .. ": a --> line with no code above it"
        else
          expect[last] = expect[last] or {}
          table.insert(expect[last], want)
        end
      else
        last = n
        expect[n] = {want}
      end
    elseif not line:match("^%s*$") then
      last = n
    end
  end
  ex.expect = expect
end

-- All ```lua blocks of one page, with their markers.
local function parse(file)
  local lines = readlines(file)
  local examples, errors = {}, {}
  local i = 1
  while i <= #lines do
    local indent = lines[i]:match("^(%s*)```lua%s*$")
    if indent then
      local ex = {name = file, fence = i, first = i + 1, lines = {}}
      -- markers: the comment lines right above the fence
      local m = i - 1
      while m >= 1 and parsemarker(lines[m], ex, errors, file .. ":" .. m) do m = m - 1 end
      local j = i + 1
      while j <= #lines and not lines[j]:match("^%s*```%s*$") do
        local text = lines[j]
        if text:sub(1, #indent) == indent then text = text:sub(#indent + 1) end
        ex.lines[j] = text
        j = j + 1
      end
      if j > #lines then
        errors[#errors + 1] = file .. ":" .. i .. ": a ```lua block without its closing fence"
      end
      ex.last = j - 1
      expectations(ex, errors)
      examples[#examples + 1] = ex
      i = j + 1
    else
      -- a marker that is not right above a ```lua fence is a mistake
      if lines[i]:match("^%s*<!%-%-%s*example:") then
        local k = i
        while k <= #lines and lines[k]:match("^%s*<!%-%-%s*example:") do k = k + 1 end
        if not (lines[k] or ""):match("^%s*```lua%s*$") then
          errors[#errors + 1] = file .. ":" .. i .. ": a marker must stand right above a ```lua fence"
        end
        i = k
      else
        i = i + 1
      end
    end
  end
  -- the page's prelude, if any: one, before every example it serves
  local prelude
  for _, ex in ipairs(examples) do
    if ex.prelude then
      if prelude then
        errors[#errors + 1] = file .. ":" .. ex.fence .. ": a second prelude"
      elseif next(ex.expect) then
        errors[#errors + 1] = file .. ":" .. ex.fence .. ": a prelude shows no output"
      end
      prelude = prelude or ex
    elseif prelude then
      ex.prelude_block = prelude
    end
  end
  return examples, errors
end

-- The chunk an example runs: the prelude's lines and its own, each at its
-- line number in the page (blank lines between), so error messages and the
-- print records name the page's lines.
local function chunk(ex)
  local out = {}
  local function put(block)
    for n = block.first, block.last do
      for _ = #out + 1, n - 1 do out[#out + 1] = "" end
      out[n] = block.lines[n]
    end
  end
  if ex.prelude_block then put(ex.prelude_block) end
  put(ex)
  return table.concat(out, "\n") .. "\n"
end

---------------------------------------------------------------------------
-- Comparing

-- Runs of blanks are one space (print's tabs are written as two spaces);
-- a float ending in .0 is its integer (5.4 prints 1.0 where LuaJIT prints 1).
local function normalize(s)
  s = s:gsub("[ \t]+", " "):gsub("^ ", ""):gsub(" $", "")
  s = s:gsub("(%d)%.0%f[^%d]", "%1")
  return s
end

local NUMBER = "%-?%d+%.?%d*[eE]?[%-+]?%d*"

-- A Lua pattern for an expected line: `<number>` is any number, `...` any
-- text (also none); everything else is literal.
local function pattern(want)
  local parts, pos = {"^"}, 1
  while true do
    local a1, a2 = want:find("<number>", pos, true)
    local b1, b2 = want:find("...", pos, true)
    local s, e, wild
    if a1 and (not b1 or a1 < b1) then s, e, wild = a1, a2, NUMBER
    elseif b1 then s, e, wild = b1, b2, ".-" end
    if not s then break end
    parts[#parts + 1] = want:sub(pos, s - 1):gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0")
    parts[#parts + 1] = wild
    pos = e + 1
  end
  parts[#parts + 1] = want:sub(pos):gsub("[%^%$%(%)%%%.%[%]%*%+%-%?]", "%%%0")
  parts[#parts + 1] = "$"
  return table.concat(parts)
end

local function same(want, got)
  return normalize(got):find(pattern(normalize(want))) ~= nil
end

-- The records the harness wrote: "LINE LEN\nTEXT\n", one per print. A
-- print of text with newlines gives several output lines; newlines at its
-- end are dropped (print("hi\n") shows as `--> hi`).
local function records(text)
  local got, pos = {}, 1
  while pos <= #text do
    local line, len, at = text:match("^(%d+) (%d+)\n()", pos)
    if not line then break end
    line, len = tonumber(line), tonumber(len)
    local s = text:sub(at, at + len - 1):gsub("\n+$", "")
    got[line] = got[line] or {}
    for piece in (s .. "\n"):gmatch("([^\n]*)\n") do
      table.insert(got[line], piece)
    end
    pos = at + len + 1
  end
  return got
end

local function compare(ex, got)
  local problems = {}
  local lines = {}
  for n in pairs(ex.expect) do lines[#lines + 1] = n end
  table.sort(lines)
  for _, n in ipairs(lines) do
    local want, have = ex.expect[n], got[n] or {}
    local ok = #want == #have
    for k = 1, #want do
      ok = ok and same(want[k], have[k])
    end
    if not ok then
      problems[#problems + 1] = ("%s:%d: expected\n    %s\n  printed\n    %s"):format(
        ex.name, n, table.concat(want, "\n    "),
        #have == 0 and "(nothing)" or table.concat(have, "\n    "))
    end
  end
  return problems
end

---------------------------------------------------------------------------
-- Running, in a child interpreter

-- Loads the chunk under the page's name, records what each print writes
-- with the line of the chunk running it, and runs it.
local HARNESS = [=[
local chunkfile, recfile, name = arg[1], arg[2], arg[3]
local f = assert(io.open(chunkfile, "rb"))
local text = f:read("*a")
f:close()
local rec = assert(io.open(recfile, "wb"))
local source = "@" .. name
local realprint, getinfo, select, tostring = print, debug.getinfo, select, tostring
print = function(...)
  local parts = {}
  for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
  local s = table.concat(parts, "\t")
  -- the line of the example's main chunk that is running (a print inside
  -- a function the chunk defined counts for the line that called it)
  local line, level = nil, 2
  while true do
    local info = getinfo(level, "Sl")
    if not info then break end
    if info.source == source and info.what == "main" then line = info.currentline end
    level = level + 1
  end
  if line then
    rec:write(line, " ", #s, "\n", s, "\n")
    rec:flush()
  end
  return realprint(...)
end
local fn, err = (loadstring or load)(text, source)
if not fn then
  io.stderr:write(err, "\n")
  os.exit(3)
end
local ok, e = xpcall(fn, function(e) return debug.traceback(tostring(e), 2) end)
rec:close()
if not ok then
  io.stderr:write(e, "\n")
  os.exit(1)
end
]=]

-- The shell words that set LUA_PATH/LUA_CPATH for runtime rt: `make env`
-- (which builds first) with this run's build variant and flags.
local function envline(rt)
  local variant, opt = os.getenv("VARIANT") or "", os.getenv("OPT")
  local cmd = "make -s env LUA=" .. rt .. " VARIANT=" .. quote(variant)
  if opt and opt ~= "" then cmd = cmd .. " OPT=" .. quote(opt) end
  local out, ok = support.sh(cmd)
  local line = out:match("(export LUA_PATH=[^\n]*)")
  assert(ok and line, "make env for " .. rt .. " failed:\n" .. out)
  return line
end

-- The command that starts rt as a child, with make check's preload.
local function luacmd(rt)
  local saved = support.runtime
  support.runtime = rt
  local cmd = support.luacmd()
  support.runtime = saved
  return cmd
end

-- One runner per child runtime: a work dir holding the harness, and a
-- fresh directory per example.
local function runner(rt)
  local work = support.tmpdir()
  support.writefile(work .. "/harness.lua", HARNESS)
  local prefix = envline(rt) .. "; "
  local count = 0
  return function(ex, text, name)
    count = count + 1
    local dir = work .. "/" .. count
    support.writefile(work .. "/chunk" .. count .. ".lua", text)
    -- output goes to a file: a child the example leaves running cannot
    -- hold the pipe open
    local cmd = prefix .. "mkdir " .. quote(dir) .. " && cd " .. quote(dir) ..
      " && timeout " .. TIMEOUT .. " env " .. luacmd(rt) .. " " .. quote(work .. "/harness.lua") ..
      " " .. quote(work .. "/chunk" .. count .. ".lua") ..
      " " .. quote(work .. "/rec" .. count) .. " " .. quote(name or ex.name) ..
      " </dev/null >" .. quote(work .. "/out" .. count) .. " 2>&1"
    local _, ok = support.sh(cmd)
    local out = support.readfile(work .. "/out" .. count)
    local recf = io.open(work .. "/rec" .. count, "rb")
    local rec = recf and recf:read("*a") or ""
    if recf then recf:close() end
    return ok, out, records(rec)
  end
end

---------------------------------------------------------------------------

local function runnable(ex, rt)
  if ex.prelude or ex.skip then return false end
  if ex.min53 and rt ~= "lua5.4" then return false end
  return true
end

describe("doc examples", function()
  local all = {}
  for _, file in ipairs(pages()) do
    all[#all + 1] = {file = file, examples = {parse(file)}}
  end

  it("are well formed (markers, fences, --> lines)", function()
    local errors = {}
    for _, page in ipairs(all) do
      for _, e in ipairs(page.examples[2]) do errors[#errors + 1] = e end
    end
    assert(#errors == 0, table.concat(errors, "\n"))
  end)

  for _, rt in ipairs(CHILDREN) do
    it("run as written on " .. rt .. " and print what their --> lines say", function()
      finally(support.cleanup)
      local run = runner(rt)
      local problems, ran = {}, 0
      for _, page in ipairs(all) do
        for _, ex in ipairs(page.examples[1]) do
          if runnable(ex, rt) then
            ran = ran + 1
            local ok, out, got = run(ex, chunk(ex))
            if not ok then
              problems[#problems + 1] = ("%s:%d: the example failed on %s:\n%s"):format(
                ex.name, ex.first, rt, out)
            else
              for _, p in ipairs(compare(ex, got)) do problems[#problems + 1] = p end
            end
          end
        end
      end
      assert(ran > 0, "no example ran")
      assert(#problems == 0, #problems .. " problem(s) on " .. rt .. ":\n" ..
             table.concat(problems, "\n"))
    end)
  end
end)

-- doc/proc.md's output-capture recipe, run as written with more than
-- 1 MiB of output: every byte arrives, in order, and the exit status too.
describe("doc/proc.md: the capture() recipe", function()
  local recipe
  for _, ex in ipairs((parse("doc/proc.md"))) do
    for n = ex.first, ex.last do
      if ex.lines[n]:find("local function capture(", 1, true) then recipe = ex end
    end
  end

  for _, rt in ipairs(CHILDREN) do
    it("reads 3,000,000 bytes to the end and the exit status on " .. rt, function()
      assert(recipe, "doc/proc.md has no `local function capture(` recipe")
      finally(support.cleanup)
      local run = runner(rt)
      local test = {
        'local N = 3000000',
        'local out, code = capture("/bin/sh", {"sh", "-c", "yes 0123456789abcdef | head -c " .. N .. "; exit 3"})',
        'local want = string.rep("0123456789abcdef\\n", math.ceil(N / 17)):sub(1, N)',
        'print(#out, out == want, code)',
      }
      local ok, out, got = run(recipe, chunk(recipe) .. table.concat(test, "\n") .. "\n")
      assert(ok, out)
      assert.same({"3000000\ttrue\t3"}, got[recipe.last + #test])
    end)
  end
end)

-- The `-->` rule itself, on made-up lines.
describe("doc examples: the --> rule", function()
  it("matches whitespace runs, <number>, ... and N.0 as N", function()
    assert.is_true(same("true  missing.txt", "true\tmissing.txt"))
    assert.is_true(same("nil  [Errno 2] x  2  ...", "nil\t[Errno 2] x\t2\t[Errno 2] x"))
    assert.is_true(same("<number>", "31566"))
    assert.is_true(same("<number>  <number>", "0.25\t-3"))
    assert.is_true(same("0.0", "0"))
    assert.is_true(same("1", "1.0"))
    assert.is_false(same("<number>", "x1"))
    assert.is_false(same("true", "false"))
    assert.is_false(same("a (b)", "a b"))
    assert.is_true(same("a (b)", "a (b)"))
  end)

  it("reads expectations from code lines and from --> lines below them", function()
    local ex = {name = "x.md", first = 1, last = 4, lines = {
      "print(1)  --> 1",
      "for i = 1, 2 do print(i) end",
      "--> 1",
      "--> 2",
    }}
    local errors = {}
    expectations(ex, errors)
    assert.same({}, errors)
    assert.same({[1] = {"1"}, [2] = {"1", "2"}}, ex.expect)
    assert.same({}, compare(ex, {[1] = {"1"}, [2] = {"1", "2"}}))
    assert.equal(1, #compare(ex, {[1] = {"1"}, [2] = {"1"}}))
    assert.equal(1, #compare(ex, {[2] = {"1", "2"}}))
  end)
end)
