-- An nvim-lspconfig server configuration for octolint (`require('lspconfig.configs')` style).
--
-- nvim-lspconfig does not ship octolint; register this entry before calling setup:
--
--   local configs = require('lspconfig.configs')
--   if not configs.octolint then
--     configs.octolint = require('octolint_lspconfig')   -- this file, as lua/octolint_lspconfig.lua
--   end
--   require('lspconfig').octolint.setup({})               -- or { cmd = { '/path/to/octolint', 'lsp' } }
--
-- Definition files are YAML to Neovim, so the entry has `filetypes = { 'yaml' }` and guards by
-- file name instead: only `octolint.yaml`, `octolint.yml`, `*.octolint.yaml` and
-- `*.octolint.yml` start or keep the server.
--   * `root_dir` returns nil for any other file, so lspconfig's FileType autostart does not start
--     a client for it. For a definition it returns the nearest directory with `.git`, else the
--     file's own directory, so a definition outside a repository still gets a client.
--   * `single_file_support` is therefore false: with it, lspconfig starts a "single file" client
--     whenever `root_dir` returns nil, that is, for every other YAML file.
--   * `on_new_config` wraps `on_attach`: lspconfig also attaches running clients to every
--     buffer of the right filetype opened under their root directory, without asking
--     `root_dir`; such a buffer (`.github/workflows/ci.yml`, say) is detached at once.

local function is_definition(path)
  local name = (path or ''):match('[^/\\]+$') or ''
  return name == 'octolint.yaml'
    or name == 'octolint.yml'
    or name:match('%.octolint%.ya?ml$') ~= nil
end

local uv = vim.uv or vim.loop

local function root_dir(fname)
  if not is_definition(fname) then
    return nil
  end
  local file_dir = vim.fn.fnamemodify(fname, ':p:h')
  local dir = file_dir
  while dir and dir ~= '' do
    if uv.fs_stat(dir .. '/.git') then
      return dir
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      break
    end
    dir = parent
  end
  return file_dir
end

return {
  default_config = {
    cmd = { 'octolint', 'lsp' },
    filetypes = { 'yaml' },
    root_dir = root_dir,
    single_file_support = false,
    autostart = true,
  },
  on_new_config = function(new_config, _)
    local on_attach = new_config.on_attach
    new_config.on_attach = function(client, bufnr)
      if not is_definition(vim.api.nvim_buf_get_name(bufnr)) then
        vim.schedule(function()
          if vim.api.nvim_buf_is_valid(bufnr) then
            vim.lsp.buf_detach_client(bufnr, client.id)
          end
        end)
        return
      end
      if on_attach then
        return on_attach(client, bufnr)
      end
    end
  end,
  docs = {
    description = [[
`octolint lsp`: diagnostics, hover, go to definition, references, completion, rename, code
actions and document symbols for octolint workflow definitions (`octolint.yaml`,
`octolint.yml`, `*.octolint.yaml`, `*.octolint.yml`). Install with `cargo install --path .` in
the octolint repository.
]],
    default_config = {
      root_dir = [[nearest directory containing `.git`, else the definition file's directory (definition files only)]],
    },
  },
}
