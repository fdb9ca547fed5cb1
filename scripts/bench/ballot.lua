-- wrk script for scripts/bench-http.sh: PUT a ballot with a bearer token per request.
-- Args: <path> <tokens file, one per line> <number of threads>. Each thread takes its own slice of the
-- tokens and cycles through it, so two in-flight requests rarely act for the same org.
local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

local tokens, counter, path = {}, 0, "/"
local body = '{"ranking": ["c-a", "c-b", "c-c"]}'

function init(args)
  path = args[1]
  local all = {}
  for line in io.lines(args[2]) do if #line > 0 then all[#all + 1] = line end end
  local n = tonumber(args[3]) or 1
  for i = 1, #all do
    if (i - 1) % n == tid then tokens[#tokens + 1] = all[i] end
  end
end

function request()
  counter = counter + 1
  local token = tokens[(counter % #tokens) + 1]
  return wrk.format("PUT", path, {["Authorization"] = "Bearer " .. token,
                                  ["Content-Type"] = "application/json"}, body)
end
