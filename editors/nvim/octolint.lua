-- octolint for Neovim's built-in LSP client: runs `octolint lsp` for octolint definition files
-- (`octolint.yaml`, `octolint.yml`, `*.octolint.yaml`, `*.octolint.yml`) and for the YAML files
-- of Octopoid projects (anything under a `.octopoid/` directory: opening one lints the whole
-- project, and findings appear in each of its files). The files keep the `yaml` filetype, so
-- YAML highlighting and other YAML servers (yaml-language-server) still apply.
--
-- Copy this file to `~/.config/nvim/lua/octolint.lua` (or anywhere on 'runtimepath' under
-- `lua/`) and call, from init.lua:
--
--   require('octolint').setup()                           -- `octolint` on PATH
--   require('octolint').setup({ cmd = '/path/to/octolint' })
--
-- Options (all optional):
--   cmd           the octolint binary (default 'octolint'); the client runs `{cmd, 'lsp'}`
--   on_attach     function(client, bufnr), as for any LSP client; runs after octolint's own,
--                 which sets 'omnifunc' (completion with <C-x><C-o>) and shows the rule name
--                 in virtual text and the help text in the diagnostic float
--                 (`M.diagnostic_config`)
--   capabilities  client capabilities (default: Neovim's own)
--   root_markers  names that mark the root directory (default { '.git' }); without one in the
--                 file's directory or a parent, the root is the directory holding the
--                 `.octopoid/` directory for its files, else the file's directory
--
-- Works with Neovim 0.7 and later: `vim.lsp.start` where it exists (0.8+), otherwise
-- `vim.lsp.start_client` + `vim.lsp.buf_attach_client` with one client per root directory.
-- For Neovim 0.11's `vim.lsp.config`/`vim.lsp.enable`, see `config()` below.

local M = {}

--- Autocommand patterns of the files octolint lints (a pattern without `/` matches the file
--- name; in one with `/`, `*` matches across directories).
M.patterns = {
  'octolint.yaml',
  'octolint.yml',
  '*.octolint.yaml',
  '*.octolint.yml',
  '*/.octopoid/*.yaml',
  '*/.octopoid/*.yml',
}

local uv = vim.uv or vim.loop

--- Whether `path` names an octolint definition file.
function M.is_definition(path)
  local name = (path or ''):match('[^/\\]+$') or ''
  return name == 'octolint.yaml'
    or name == 'octolint.yml'
    or name:match('%.octolint%.ya?ml$') ~= nil
end

--- The directory holding the `.octopoid/` directory `path` is in, or nil.
function M.octopoid_project(path)
  local full = vim.fn.fnamemodify(path or '', ':p')
  return full:match('^(.*)/%.octopoid/.+%.ya?ml$')
end

--- Whether `path` is a YAML file of an Octopoid project (under a `.octopoid/` directory).
function M.is_octopoid(path)
  return M.octopoid_project(path) ~= nil
end

--- Whether octolint lints `path`: a definition file or a file of an Octopoid project.
function M.is_linted(path)
  return M.is_definition(path) or M.is_octopoid(path)
end

--- The nearest directory at or above `path`'s directory that contains one of `markers`
--- (default `{ '.git' }`, a directory or, in worktrees and submodules, a file); else the
--- directory holding its `.octopoid/` directory, else the file's own directory.
function M.root_dir(path, markers)
  markers = markers or { '.git' }
  local file_dir = M.octopoid_project(path) or vim.fn.fnamemodify(path, ':p:h')
  local dir = file_dir
  while dir and dir ~= '' do
    for _, marker in ipairs(markers) do
      if uv.fs_stat(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      break
    end
    dir = parent
  end
  return file_dir
end

--- The rule name of a diagnostic (`unknown-role`): its LSP `code`, which Neovim 0.7 keeps
--- only under `user_data.lsp`.
local function rule_of(diagnostic)
  local lsp = diagnostic.user_data and diagnostic.user_data.lsp
  return diagnostic.code or (lsp and lsp.code)
end

--- The help lines of a diagnostic: octolint sends its help as related information
--- (`help: …`), which Neovim's float does not show by itself.
local function help_of(diagnostic)
  local lsp = diagnostic.user_data and diagnostic.user_data.lsp
  local lines = {}
  for _, related in ipairs((lsp and lsp.relatedInformation) or {}) do
    if type(related.message) == 'string' and related.message:match('^help: ') then
      lines[#lines + 1] = related.message
    end
  end
  return lines
end

--- How octolint's diagnostics are shown (`vim.diagnostic.config` options for its namespace):
--- the rule name after the message in virtual text, and the help text under it in the float
--- (`vim.diagnostic.open_float()`). Replace it before `setup` to show them differently.
M.diagnostic_config = {
  virtual_text = {
    format = function(diagnostic)
      local rule = rule_of(diagnostic)
      return rule and (diagnostic.message .. ' [' .. rule .. ']') or diagnostic.message
    end,
  },
  float = {
    format = function(diagnostic)
      local rule = rule_of(diagnostic)
      local text = rule and (diagnostic.message .. ' [' .. rule .. ']') or diagnostic.message
      for _, help in ipairs(help_of(diagnostic)) do
        text = text .. '\n' .. help
      end
      return text
    end,
  },
}

-- The diagnostic float reads the global configuration, not a namespace's: octolint's float
-- format goes there, for diagnostics whose source is octolint, in front of any format
-- configured before (a float turned off stays off).
local float_installed = false

local function install_float_format()
  local config = vim.diagnostic.config() or {}
  if float_installed or config.float == false then
    return
  end
  float_installed = true
  local float = type(config.float) == 'table' and vim.deepcopy(config.float) or {}
  local previous = float.format
  float.format = function(diagnostic)
    if diagnostic.source == 'octolint' and M.diagnostic_config and M.diagnostic_config.float then
      return M.diagnostic_config.float.format(diagnostic)
    end
    return previous and previous(diagnostic) or diagnostic.message
  end
  vim.diagnostic.config({ float = float })
end

--- What every octolint buffer gets before the user's `on_attach`: completion with
--- <C-x><C-o> (the LSP omnifunc) and the diagnostic display above — virtual text for the
--- client's push and (Neovim 0.10+) pull namespaces, the float globally for octolint's
--- diagnostics. Set `M.diagnostic_config = nil` before `setup` to keep Neovim's display.
function M.on_attach_defaults(client, bufnr)
  vim.bo[bufnr].omnifunc = 'v:lua.vim.lsp.omnifunc'
  if M.diagnostic_config then
    local shown = { virtual_text = M.diagnostic_config.virtual_text }
    vim.diagnostic.config(shown, vim.lsp.diagnostic.get_namespace(client.id))
    vim.diagnostic.config(shown, vim.lsp.diagnostic.get_namespace(client.id, true))
    install_float_format()
  end
end

--- `on_attach` that runs octolint's defaults, then the user's.
local function with_defaults(on_attach)
  return function(client, bufnr)
    M.on_attach_defaults(client, bufnr)
    if on_attach then
      return on_attach(client, bufnr)
    end
  end
end

local function client_config(opts, root)
  return {
    name = 'octolint',
    cmd = { opts.cmd or 'octolint', 'lsp' },
    root_dir = root,
    on_attach = with_defaults(opts.on_attach),
    capabilities = opts.capabilities,
  }
end

-- Neovim 0.7 has no `vim.lsp.start`: one client per root directory, started by hand.
local clients_by_root = {}

local function start_legacy(bufnr, config)
  local id = clients_by_root[config.root_dir]
  if not (id and vim.lsp.get_client_by_id(id)) then
    id = vim.lsp.start_client(config)
    if not id then
      return nil
    end
    clients_by_root[config.root_dir] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- Starts (or reuses) the octolint client for buffer `bufnr` if octolint lints it. Returns the
--- client id, or nil.
function M.attach(bufnr, opts)
  opts = opts or M.options or {}
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local path = vim.api.nvim_buf_get_name(bufnr)
  if path == '' or not M.is_linted(path) or vim.bo[bufnr].buftype ~= '' then
    return nil
  end
  local config = client_config(opts, M.root_dir(path, opts.root_markers))
  if vim.lsp.start then
    -- Reuses a running client with the same name and root directory. Neovim 0.8 attaches the
    -- current buffer whatever `opts.bufnr` says, so make `bufnr` current for the call.
    return vim.api.nvim_buf_call(bufnr, function()
      return vim.lsp.start(config, { bufnr = bufnr })
    end)
  end
  return start_legacy(bufnr, config)
end

--- Registers the autocommand that starts the client for the files octolint lints, and
--- attaches those already open.
function M.setup(opts)
  M.options = opts or {}
  local group = vim.api.nvim_create_augroup('octolint', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufReadPost', 'BufNewFile' }, {
    group = group,
    pattern = M.patterns,
    desc = 'Start the octolint language server',
    callback = function(args)
      M.attach(args.buf, M.options)
    end,
  })
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) then
      M.attach(bufnr, M.options)
    end
  end
end

--- A configuration for Neovim 0.11's `vim.lsp.config`, whose `root_dir` starts the server for
--- the files octolint lints only:
---   vim.lsp.config('octolint', require('octolint').config())
---   vim.lsp.enable('octolint')
function M.config(opts)
  opts = opts or {}
  return {
    cmd = { opts.cmd or 'octolint', 'lsp' },
    filetypes = { 'yaml' },
    root_dir = function(bufnr, on_dir)
      local path = vim.api.nvim_buf_get_name(bufnr)
      if M.is_linted(path) then
        on_dir(M.root_dir(path, opts.root_markers))
      end
    end,
    on_attach = with_defaults(opts.on_attach),
    capabilities = opts.capabilities,
  }
end

return M
