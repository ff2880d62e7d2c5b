-- The spec harness itself (spec/helper.lua): several finally() per test.
local order = {}
describe("spec/helper.lua finally()", function()
  it("keeps every finalizer of a test", function()
    finally(function() order[#order + 1] = "first" end)
    finally(function() order[#order + 1] = "second" end)
  end)
  it("ran them last first", function()
    assert.same({"second", "first"}, order)
  end)
end)
