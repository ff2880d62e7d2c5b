-- walk and fwalk, added to pyos.fs by _fs.lua.
return function(fs, pyos)
end
