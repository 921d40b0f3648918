-- Headless Neovim as a real LSP client of `octolint lsp` (run by tests/lsp_neovim.rs).
--
--   OCTOLINT_SCRIPT   this file (the test runs `nvim -c "lua dofile(os.getenv('OCTOLINT_SCRIPT'))"`)
--   OCTOLINT_BIN      the octolint binary; the client runs `$OCTOLINT_BIN lsp`
--   OCTOLINT_FIXTURE  the definition file to open
--   OCTOLINT_RESULT   where to write the JSON result
--   OCTOLINT_DEFINITION_AT  "line:character" (0-based, UTF-16) of a role reference to ask
--                           `textDocument/definition` at
--
-- Written against the API that Neovim 0.7 (Debian bookworm) through 0.10 share:
-- `vim.lsp.start_client` + `vim.lsp.buf_attach_client` (`vim.lsp.start` is 0.8+), the
-- (err, result, ctx, config) handler signature, `vim.diagnostic`, `vim.lsp.buf_request_sync`,
-- `vim.wait` and `vim.fn.json_encode` (with `vim.lsp.start` only where `start_client` is gone,
-- as it is deprecated from 0.11). Exits with `qa!` after writing the result, or
-- `cquit 1` on any error or timeout (the error is on stderr and in the result's `error`).

local TIMEOUT_MS = 10000

local result = {
  nvim_version = tostring(vim.version().major) .. "." .. tostring(vim.version().minor) .. "."
    .. tostring(vim.version().patch),
}

local function write_result()
  local path = os.getenv("OCTOLINT_RESULT")
  if not path or path == "" then
    return
  end
  local file = assert(io.open(path, "w"))
  file:write(vim.fn.json_encode(result))
  file:close()
end

local function fail(message)
  result.error = message
  pcall(write_result)
  io.stderr:write("lsp_test.lua: " .. message .. "\n")
  vim.cmd("cquit 1")
end

local function env(name)
  local value = os.getenv(name)
  if not value or value == "" then
    error("environment variable " .. name .. " is not set", 0)
  end
  return value
end

-- A Location, Location[] or LocationLink[] as {uri, range} tables.
local function locations(value)
  if value == nil or value == vim.NIL then
    return {}
  end
  if value.uri or value.targetUri then
    value = { value }
  end
  local out = {}
  for _, loc in ipairs(value) do
    if loc.targetUri then
      out[#out + 1] = { uri = loc.targetUri, range = loc.targetSelectionRange or loc.targetRange }
    else
      out[#out + 1] = { uri = loc.uri, range = loc.range }
    end
  end
  return out
end

local function main()
  local bin = env("OCTOLINT_BIN")
  local fixture = env("OCTOLINT_FIXTURE")
  env("OCTOLINT_RESULT")
  local at_line, at_char = env("OCTOLINT_DEFINITION_AT"):match("^(%d+):(%d+)$")
  if not at_line then
    error("OCTOLINT_DEFINITION_AT must be LINE:CHARACTER", 0)
  end

  vim.cmd("edit " .. vim.fn.fnameescape(fixture))
  local bufnr = vim.api.nvim_get_current_buf()
  -- -u NONE does no filetype detection; set what a configured Neovim would (the didOpen
  -- languageId).
  vim.bo[bufnr].filetype = "yaml"

  -- The raw publishDiagnostics params, before Neovim converts them (its columns are bytes).
  local published = nil
  local exited = nil
  local root = vim.fn.fnamemodify(fixture, ":p:h")
  local config = {
    name = "octolint",
    cmd = { bin, "lsp" },
    root_dir = root,
    handlers = {
      ["textDocument/publishDiagnostics"] = function(err, params, ctx, handler_config)
        if params and params.diagnostics and #params.diagnostics > 0 then
          published = params
        end
        return vim.lsp.diagnostic.on_publish_diagnostics(err, params, ctx, handler_config)
      end,
    },
    on_exit = function(code, signal)
      exited = { code = code, signal = signal }
    end,
  }
  local client_id
  if vim.lsp.start_client then
    client_id = vim.lsp.start_client(config)
    if client_id and not vim.lsp.buf_attach_client(bufnr, client_id) then
      error("vim.lsp.buf_attach_client failed", 0)
    end
  else
    -- Neovim releases that dropped `start_client`: `vim.lsp.start` starts and attaches.
    client_id = vim.lsp.start(config, { bufnr = bufnr })
  end
  if not client_id then
    error("could not start `" .. bin .. " lsp`", 0)
  end

  local got_diagnostics = vim.wait(TIMEOUT_MS, function()
    return exited ~= nil or (published ~= nil and #vim.diagnostic.get(bufnr) > 0)
  end, 20)
  if exited then
    error(string.format("the server exited early (code %s, signal %s)",
      tostring(exited.code), tostring(exited.signal)), 0)
  end
  if not got_diagnostics then
    error("no diagnostics within " .. TIMEOUT_MS .. " ms", 0)
  end

  local client = vim.lsp.get_client_by_id(client_id)
  result.offset_encoding = client and client.offset_encoding or vim.NIL
  result.document_uri = vim.uri_from_bufnr(bufnr)
  result.published_uri = published.uri

  result.lsp_diagnostics = {}
  for _, d in ipairs(published.diagnostics) do
    result.lsp_diagnostics[#result.lsp_diagnostics + 1] = {
      range = d.range,
      severity = d.severity or vim.NIL,
      code = d.code or vim.NIL,
      source = d.source or vim.NIL,
      message = d.message,
    }
  end

  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local code = d.code
    if code == nil and d.user_data and d.user_data.lsp then
      code = d.user_data.lsp.code
    end
    result.diagnostics[#result.diagnostics + 1] = {
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
      severity = d.severity,
      message = d.message,
      source = d.source or vim.NIL,
      code = code or vim.NIL,
    }
  end

  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = tonumber(at_line), character = tonumber(at_char) },
  }
  local responses, err = vim.lsp.buf_request_sync(bufnr, "textDocument/definition", params,
    TIMEOUT_MS)
  if not responses then
    error("textDocument/definition: " .. tostring(err), 0)
  end
  local response = responses[client_id]
  if not response then
    error("textDocument/definition: no response from the octolint client", 0)
  end
  if response.err then
    error("textDocument/definition failed: " .. vim.inspect(response.err), 0)
  end
  result.definition = locations(response.result)

  write_result()
end

local ok, err = xpcall(main, debug.traceback)
if ok then
  vim.cmd("qa!")
else
  fail(tostring(err))
end
