-- pyos.fnmatch: Python 3.14's fnmatch for Lua (Linux: no case folding).
--
-- Patterns and names are byte strings, so pyos matches as Python does
-- for bytes: `?` is one byte. translate() returns the regular expression
-- Python 3.14 returns (a string, for a regex engine or for display); the
-- matching itself compiles each pattern once into a small matcher (not a
-- Lua pattern: those cannot say `[!...]` or fnmatch's `*`), kept in a
-- bounded cache as Python's lru_cache keeps its compiled regexes.
--
-- The matcher: the pattern is cut at its stars into segments of fixed
-- length (literal bytes, `?`, classes). The first segment is anchored at
-- the start, the last at the end, and each one in between is taken at its
-- earliest place: what Python's `(?>.*?SEG)` atomic groups do.

local type, ipairs, setmetatable = type, ipairs, setmetatable
local byte, sub, find, char = string.byte, string.sub, string.find, string.char
local concat = table.concat

require "pyos.fs"                   -- sets up pyos._aux
local aux = require "pyos._aux"
local typeerror = aux.typeerror

local M = {}

-- ---- Python's _translate -------------------------------------------------

-- re.escape's special characters (Python 3.7+).
local SPECIAL = {}
for c in ("()[]{}?*+-|^$\\.&~# \t\n\r\v\f"):gmatch(".") do SPECIAL[c] = true end

local function reescape(c)
  if SPECIAL[c] then return "\\" .. c end
  return c
end

-- The byte set of a class body as Python's re reads "[STUFF]" (STUFF as
-- _translate built it, before its '!' became '^'): `\X` is X, an
-- unescaped '-' between two members a range. A 256-entry table of
-- booleans, negation applied.
local function classset(stuff)
  local neg, i, n = false, 1, #stuff
  if byte(stuff, 1) == 33 then neg, i = true, 2 end   -- '!'
  local set = {}
  for b = 0, 255 do set[b] = false end
  local function member()
    local c = byte(stuff, i)
    if c == 92 then i = i + 2 return byte(stuff, i - 1) end
    i = i + 1
    return c
  end
  while i <= n do
    local lo = member()
    if byte(stuff, i) == 45 and i < n then            -- '-' then a member
      i = i + 1
      local hi = member()
      for b = lo, hi do set[b] = true end
    else
      set[lo] = true
    end
  end
  if neg then
    for b = 0, 255 do set[b] = not set[b] end
  end
  return set
end

-- _translate(pat, star, question_mark) -> parts, star indices, units.
-- parts and the star indices are Python's (1-based indices here); units
-- holds, for each part, what the matcher tests: "*" (a star), true (any
-- byte), false (nothing), a byte number, or a class set.
local function translate(pat, star, qm)
  local res, stars, units = {}, {}, {}
  local i, n = 1, #pat
  while i <= n do
    local c = sub(pat, i, i)
    i = i + 1
    if c == "*" then
      res[#res + 1] = star
      stars[#stars + 1] = #res
      units[#res] = "*"
      while i <= n and byte(pat, i) == 42 do i = i + 1 end
    elseif c == "?" then
      res[#res + 1] = qm
      units[#res] = true
    elseif c == "[" then
      local j = i
      if j <= n and byte(pat, j) == 33 then j = j + 1 end     -- '!'
      if j <= n and byte(pat, j) == 93 then j = j + 1 end     -- ']'
      while j <= n and byte(pat, j) ~= 93 do j = j + 1 end
      if j > n then
        res[#res + 1] = "\\["
        units[#res] = 91
      else
        local stuff = sub(pat, i, j - 1)
        if not find(stuff, "-", 1, true) then
          stuff = stuff:gsub("\\", "\\\\")
        else
          local chunks = {}
          local k = byte(pat, i) == 33 and i + 2 or i + 1
          while true do
            k = find(pat, "-", k, true)
            if not k or k >= j then break end
            chunks[#chunks + 1] = sub(pat, i, k - 1)
            i = k + 1
            k = k + 3
          end
          local chunk = sub(pat, i, j - 1)
          if chunk ~= "" then
            chunks[#chunks + 1] = chunk
          else
            chunks[#chunks] = chunks[#chunks] .. "-"
          end
          -- Remove empty ranges -- invalid in RE.
          for m = #chunks, 2, -1 do
            if byte(chunks[m - 1], -1) > byte(chunks[m], 1) then
              chunks[m - 1] = sub(chunks[m - 1], 1, -2) .. sub(chunks[m], 2)
              table.remove(chunks, m)
            end
          end
          for m = 1, #chunks do
            chunks[m] = chunks[m]:gsub("\\", "\\\\"):gsub("%-", "\\-")
          end
          stuff = concat(chunks, "-")
        end
        i = j + 1
        if stuff == "" then
          res[#res + 1] = "(?!)"
          units[#res] = false
        elseif stuff == "!" then
          res[#res + 1] = "."
          units[#res] = true
        else
          stuff = stuff:gsub("([&~|])", "\\%1")
          units[#res + 1] = classset(stuff)
          local first = sub(stuff, 1, 1)
          if first == "!" then
            stuff = "^" .. sub(stuff, 2)
          elseif first == "^" or first == "[" then
            stuff = "\\" .. stuff
          end
          res[#res + 1] = "[" .. stuff .. "]"
        end
      end
    else
      res[#res + 1] = reescape(c)
      units[#res] = byte(c)
    end
  end
  return res, stars, units
end

-- Python's _join_translated_parts.
local function joinparts(parts, stars)
  if #stars == 0 then return "(?s:" .. concat(parts) .. ")\\z" end
  local buf, j = {}, stars[1]
  for k = 1, j - 1 do buf[#buf + 1] = parts[k] end
  local i = j + 1
  for s = 2, #stars do
    j = stars[s]
    buf[#buf + 1] = "(?>.*?"
    for k = i, j - 1 do buf[#buf + 1] = parts[k] end
    buf[#buf + 1] = ")"
    i = j + 1
  end
  buf[#buf + 1] = ".*"
  for k = i, #parts do buf[#buf + 1] = parts[k] end
  return "(?s:" .. concat(buf) .. ")\\z"
end

-- ---- The matcher ---------------------------------------------------------

-- A segment: {len = n, lit = string or nil, [k] = unit}.
local function segment(units, from, to)
  local seg, lit = {len = to - from + 1}, {}
  for k = from, to do
    local u = units[k]
    seg[#seg + 1] = u
    if lit and type(u) == "number" then lit[#lit + 1] = char(u) else lit = nil end
  end
  if lit then seg.lit = concat(lit) end
  return seg
end

-- Does seg match s at position p (p + len - 1 <= #s)?
local function at(seg, s, p)
  local lit = seg.lit
  if lit then return lit == "" or sub(s, p, p + seg.len - 1) == lit end
  for k = 1, seg.len do
    local u, c = seg[k], byte(s, p + k - 1)
    if u == false then return false
    elseif u ~= true then
      if type(u) == "number" then
        if u ~= c then return false end
      elseif not u[c] then
        return false
      end
    end
  end
  return true
end

-- The earliest p >= from where seg matches s, or nil.
local function search(seg, s, from)
  local lit = seg.lit
  if lit then return (find(s, lit, from, true)) end
  for p = from, #s - seg.len + 1 do
    if at(seg, s, p) then return p end
  end
  return nil
end

local function compile(pat)
  local _, _, units = translate(pat, "*", ".")
  local segs, from = {}, 1
  for k = 1, #units + 1 do
    if k > #units or units[k] == "*" then
      segs[#segs + 1] = segment(units, from, k - 1)
      from = k + 1
    end
  end
  local head, tail, nseg = segs[1], segs[#segs], #segs
  if nseg == 1 then
    if head.lit then
      local lit = head.lit
      return function(s) return s == lit end
    end
    return function(s) return #s == head.len and at(head, s, 1) end
  end
  local hlen, tlen = head.len, tail.len
  return function(s)
    local n = #s
    if n < hlen + tlen or not at(head, s, 1) then return false end
    local pos = hlen + 1
    for k = 2, nseg - 1 do
      local seg = segs[k]
      local p = search(seg, s, pos)
      if not p then return false end
      pos = p + seg.len
    end
    return n - tlen + 1 >= pos and at(tail, s, n - tlen + 1)
  end
end

-- Compiled matchers by pattern, bounded as Python's lru_cache(32768):
-- two generations, the older dropped when the newer fills up.
local MAXCACHE = 32768
local new, old, count = {}, {}, 0

local function matcher(pat)
  local m = new[pat]
  if m then return m end
  m = old[pat] or compile(pat)
  if count >= MAXCACHE then
    old, new, count = new, {}, 0
  end
  new[pat] = m
  count = count + 1
  return m
end

-- ---- The functions -------------------------------------------------------

local fnmatchargs = aux.args({"name:fspath", "pat:fspath"})
local caseargs = aux.args({"name:string", "pat:string"})
local filterargs = aux.args({"names:table", "pat:fspath"})
local translateargs = aux.args({"pat:string"})

function M.fnmatch(...)
  local name, pat = fnmatchargs(...)
  return matcher(pat)(name)
end

function M.fnmatchcase(...)
  local name, pat = caseargs(...)
  return matcher(pat)(name)
end

local function filter(want, ...)
  local names, pat = filterargs(...)
  local m, out = matcher(pat), {}
  for i, name in ipairs(names) do
    if type(name) ~= "string" then typeerror(1, name, "string", "names[" .. i .. "]") end
    if m(name) == want then out[#out + 1] = name end
  end
  return out
end

-- Not tail calls: a misuse error names the public function's frame.
function M.filter(...)
  local out = filter(true, ...)
  return out
end

function M.filterfalse(...)
  local out = filter(false, ...)
  return out
end

function M.translate(...)
  local pat = translateargs(...)
  return joinparts(translate(pat, "*", "."))
end

-- Misuse errors name these functions 'pyos.fnmatch.NAME'.
aux.setnames(M, "pyos.fnmatch.")

-- For pyos.glob (not named above: they are no public functions).
M._translate = translate
M._matcher = matcher

return M
