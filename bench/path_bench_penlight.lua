-- path_bench_penlight.lua [N]: path_bench.lua's cases with Penlight's
-- pl.path (splitpath for split), for comparison with pyos.path.
local script = (arg and arg[0] or "bench/path_bench_penlight.lua"):gsub("_penlight%.lua$", ".lua")
arg = {[0] = script, "penlight", arg and arg[1]}
dofile(script)
