-- Headless Neovim with the shipped configuration on an Octopoid project (run by
-- tests/lsp_neovim.rs):
--
--   OCTOLINT_SCRIPT   this file
--   OCTOLINT_CONFIG   editors/nvim/octolint.lua
--   OCTOLINT_BIN      the octolint binary, given to `setup({ cmd = … })`
--   OCTOLINT_PROJECT  a directory holding `.octopoid/` with `agents/implementer/agent.yaml`
--                     (`role: implementer`) and `flows/default.yaml` (`agent: implement`)
--   OCTOLINT_RESULT   where to write the JSON result
--
-- Opening the agent's file must bring findings for the flow's file, which is not open; an
-- unsaved edit of the agent's role must clear them; from the flow, definition must lead to the
-- agent's file and hover must say what the flow's `agent:` matches. Neovim 0.7 and later.

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

-- The rule names of the diagnostics Neovim holds for `bufnr`.
local function codes(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = d.user_data and d.user_data.lsp
    out[#out + 1] = d.code or (lsp and lsp.code)
  end
  table.sort(out)
  return out
end

local function wait_for(what, predicate)
  if not vim.wait(TIMEOUT_MS, predicate, 20) then
    error("timed out waiting for " .. what, 0)
  end
end

local function main()
  local octolint = dofile(env("OCTOLINT_CONFIG"))
  local project = env("OCTOLINT_PROJECT")
  local agent_path = project .. "/.octopoid/agents/implementer/agent.yaml"
  local flow_path = project .. "/.octopoid/flows/default.yaml"
  -- An edited buffer stays open, unsaved, while another file is opened.
  vim.o.hidden = true
  octolint.setup({ cmd = env("OCTOLINT_BIN") })

  vim.cmd("edit " .. vim.fn.fnameescape(agent_path))
  local agent_buf = vim.api.nvim_get_current_buf()
  -- The flow's file is not open: its findings arrive for a buffer Neovim adds unloaded.
  local flow_buf = vim.fn.bufadd(flow_path)
  result.flow_loaded_before = vim.api.nvim_buf_is_loaded(flow_buf)
  wait_for("findings in the agent's and the flow's files", function()
    return #vim.diagnostic.get(agent_buf) > 0 and #vim.diagnostic.get(flow_buf) > 0
  end)
  result.agent_codes = codes(agent_buf)
  result.flow_codes = codes(flow_buf)

  -- An unsaved edit: the agent's role becomes the task role the flow names.
  vim.api.nvim_buf_set_lines(agent_buf, 0, 1, false, { "role: implement" })
  wait_for("the flow's findings to clear after the edit", function()
    return #vim.diagnostic.get(flow_buf) == 0
  end)
  result.flow_codes_after_edit = codes(flow_buf)
  result.agent_modified = vim.bo[agent_buf].modified

  -- From the flow: definition and hover at `implement` in `{agent: implement}`.
  vim.cmd("edit " .. vim.fn.fnameescape(flow_path))
  local flow_lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  local line, col
  for i, text in ipairs(flow_lines) do
    local at = text:find("agent: implement}", 1, true)
    if at then
      line, col = i - 1, at - 1 + #"agent: " + 2
    end
  end
  if not line then
    error("the flow has no `agent: implement`", 0)
  end
  wait_for("the client to attach to the flow", function()
    return next(vim.lsp.buf_get_clients(0)) ~= nil
  end)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(0) },
    position = { line = line, character = col },
  }
  local replies = vim.lsp.buf_request_sync(0, "textDocument/definition", params, TIMEOUT_MS) or {}
  for _, reply in pairs(replies) do
    if reply.result then
      result.definition = reply.result
    end
  end
  replies = vim.lsp.buf_request_sync(0, "textDocument/hover", params, TIMEOUT_MS) or {}
  for _, reply in pairs(replies) do
    if reply.result then
      result.hover = reply.result.contents.value
    end
  end
  result.agent_uri = vim.uri_from_fname(agent_path)
  write_result()
end

local ok, err = xpcall(main, debug.traceback)
if ok then
  vim.cmd("qa!")
else
  result.error = tostring(err)
  pcall(write_result)
  io.stderr:write("native_test.lua: " .. tostring(err) .. "\n")
  vim.cmd("cquit 1")
end
