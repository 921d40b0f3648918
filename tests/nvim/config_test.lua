-- Headless Neovim with the shipped configuration, `editors/nvim/octolint.lua`, exactly as its
-- guide says to use it (run by tests/lsp_neovim.rs):
--
--   OCTOLINT_SCRIPT   this file
--   OCTOLINT_CONFIG   editors/nvim/octolint.lua
--   OCTOLINT_BIN      the octolint binary, given to `setup({ cmd = … })`
--   OCTOLINT_FIXTURE  the definition file to open
--   OCTOLINT_RESULT   where to write the JSON result
--
-- It proves what the guide claims, with nothing configured beyond `setup`: 'omnifunc' is
-- set and answers completions from the server; the virtual text of a finding ends with its
-- rule name; the diagnostic float shows the finding's help. Neovim 0.7 (Debian bookworm) and
-- later.

local TIMEOUT_MS = 10000

local result = {}

local function write_result()
  local file = assert(io.open(os.getenv("OCTOLINT_RESULT"), "w"))
  file:write(vim.fn.json_encode(result))
  file:close()
end

local function env(name)
  local value = os.getenv(name)
  if not value or value == "" then
    error("environment variable " .. name .. " is not set", 0)
  end
  return value
end

-- Every virtual text chunk Neovim drew in `bufnr`: in every named namespace, and in the
-- anonymous one each diagnostic namespace keeps for its virtual text.
local function virtual_texts(bufnr)
  local texts = {}
  local namespaces = vim.tbl_values(vim.api.nvim_get_namespaces())
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local user_data = vim.diagnostic.get_namespace(d.namespace).user_data or {}
    namespaces[#namespaces + 1] = user_data.virt_text_ns
  end
  for _, ns in ipairs(namespaces) do
    local marks = vim.api.nvim_buf_get_extmarks(bufnr, ns, 0, -1, { details = true })
    for _, mark in ipairs(marks) do
      local details = mark[4] or {}
      for _, chunk in ipairs(details.virt_text or {}) do
        texts[#texts + 1] = chunk[1]
      end
    end
  end
  return table.concat(texts, " ")
end

local function main()
  local octolint = dofile(env("OCTOLINT_CONFIG"))
  local fixture = env("OCTOLINT_FIXTURE")
  octolint.setup({ cmd = env("OCTOLINT_BIN") })

  vim.cmd("edit " .. vim.fn.fnameescape(fixture))
  local bufnr = vim.api.nvim_get_current_buf()
  local attached = vim.wait(TIMEOUT_MS, function()
    return #vim.diagnostic.get(bufnr) > 0
  end, 20)
  if not attached then
    error("no diagnostics within " .. TIMEOUT_MS .. " ms: the configuration did not start octolint", 0)
  end
  result.virtual_text = virtual_texts(bufnr)

  -- The float of the finding under the cursor: the fixture's misspelt role.
  local diagnostic = vim.diagnostic.get(bufnr)[1]
  vim.api.nvim_win_set_cursor(0, { diagnostic.lnum + 1, diagnostic.col })
  local float_buf = vim.diagnostic.open_float(bufnr, { scope = "cursor" })
  if not float_buf then
    error("vim.diagnostic.open_float opened nothing", 0)
  end
  result.float = table.concat(vim.api.nvim_buf_get_lines(float_buf, 0, -1, false), "\n")

  -- Completion through the buffer's 'omnifunc', as <C-x><C-o> calls it: on the value of
  -- `role:` of line 12 (`  implementer: {role: implement}`), after `role: i`.
  result.omnifunc = vim.bo[bufnr].omnifunc
  local omnifunc = result.omnifunc:match("^v:lua%.(.+)$")
  if not omnifunc then
    error("'omnifunc' is not a Lua function: " .. vim.inspect(result.omnifunc), 0)
  end
  local line = vim.api.nvim_buf_get_lines(bufnr, 11, 12, false)[1]
  local col = line:find("role: implement", 1, true) + #"role: i" - 1
  vim.api.nvim_win_set_cursor(0, { 12, col })
  -- vim.lsp.omnifunc answers asynchronously through complete(), and only in Insert mode,
  -- which a headless script cannot stay in while it waits: it is told it is in Insert mode,
  -- and what complete() would show is captured.
  local completed = nil
  vim.fn.mode = function()
    return "i"
  end
  vim.fn.complete = function(_, items)
    completed = items
  end
  local fn = assert(loadstring("return " .. omnifunc))()
  fn(1, "")
  if not vim.wait(TIMEOUT_MS, function() return completed ~= nil end, 20) then
    error("the omnifunc produced no completion within " .. TIMEOUT_MS .. " ms", 0)
  end
  result.completions = {}
  for _, item in ipairs(completed) do
    result.completions[#result.completions + 1] = type(item) == "table" and item.word or item
  end

  write_result()
end

local ok, err = xpcall(main, debug.traceback)
if ok then
  vim.cmd("qa!")
else
  result.error = tostring(err)
  pcall(write_result)
  io.stderr:write("config_test.lua: " .. tostring(err) .. "\n")
  vim.cmd("cquit 1")
end
