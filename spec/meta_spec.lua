-- The namespace, its LuaLS annotations (types/) and its reference (doc/)
-- must name the same things: nothing missing, nothing extra.
local pyos = require "pyos"

local AREAS = {fs = true, fd = true, proc = true, sched = true,
               xattr = true, sys = true, path = true}

local function readall(dir, suffix)
  local p = assert(io.popen("ls " .. dir))
  local texts = {}
  for name in p:lines() do
    if name:sub(-#suffix) == suffix then
      local f = assert(io.open(dir .. "/" .. name, "rb"))
      texts[#texts + 1] = f:read("*a")
      f:close()
    end
  end
  p:close()
  return table.concat(texts, "\n")
end

local function exports()
  local names = {}
  for k in pairs(pyos) do
    if not AREAS[k] then names[#names + 1] = k end
  end
  table.sort(names)
  return names
end

describe("types/", function()
  local text = readall("types", ".lua")
  local annotated = {}
  for name in text:gmatch("\nfunction pyos%.([%w_]+)%(") do annotated[name] = true end
  for name in text:gmatch("\npyos%.([%w_]+) =") do annotated[name] = true end

  it("annotates every export", function()
    local missing = {}
    for _, name in ipairs(exports()) do
      if not annotated[name] then missing[#missing + 1] = name end
    end
    assert.same({}, missing)
  end)

  it("annotates nothing that is not exported", function()
    local extra = {}
    for name in pairs(annotated) do
      if rawget(pyos, name) == nil then extra[#extra + 1] = name end
    end
    table.sort(extra)
    assert.same({}, extra)
  end)
end)

describe("doc/", function()
  local text = readall("doc", ".md")

  it("has a heading for every function and names every constant", function()
    local missing = {}
    for _, name in ipairs(exports()) do
      local v = pyos[name]
      local found
      if type(v) == "function" or (type(v) == "table" and getmetatable(v)
          and getmetatable(v).__call) then
        found = text:find("\n### pyos%." .. name:gsub("%p", "%%%0") .. "%f[^%w_]")
      else
        found = text:find("`" .. name .. "`", 1, true)
          or text:find("`pyos." .. name .. "`", 1, true)
          or text:find("\n### pyos%." .. name:gsub("%p", "%%%0") .. "%f[^%w_]")
      end
      if not found then missing[#missing + 1] = name end
    end
    assert.same({}, missing)
  end)

  it("gives every function entry a Lua example", function()
    -- an entry runs from its "### pyos." heading to the next heading
    -- outside a code block
    local bare, current, fenced = {}, nil, false
    local function close()
      if current and not current.example then bare[#bare + 1] = current.title end
    end
    for line in (text .. "\n"):gmatch("([^\n]*)\n") do
      if line:find("^```") then
        if not fenced and current and line:find("^```lua") then current.example = true end
        fenced = not fenced
      elseif not fenced and line:find("^#") then
        close()
        current = line:find("^### pyos%.") and {title = line:sub(5)} or nil
      end
    end
    close()
    assert.same({}, bare)
  end)
end)
