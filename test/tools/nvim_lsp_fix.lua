-- Drives Neovim's built-in LSP client, headless, against a clangd:
--
--   DAEMON_CLANGD=<clangd> EDIT_FILE=<file> CHECK=<check> \
--     nvim --headless --clean -c 'luafile nvim_lsp_fix.lua'
--
-- Opens EDIT_FILE, waits for a diagnostic of CHECK, requests the code
-- actions at its line, applies the first quick fix that has an edit, and
-- prints to stdout:
--
--   diagnostic <line>:<col> <source> <code>: <message>   (every diagnostic)
--   action <title>                                      (every action)
--   applied <title>
--   buffer <line>                                       (the new text)
--
-- Exits 1 with one line on stderr when a step fails or times out.
local clangd = os.getenv('DAEMON_CLANGD')
local file = os.getenv('EDIT_FILE')
local check = os.getenv('CHECK')
local timeout = 120000

local function say(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end

local function fail(message)
  io.stderr:write('nvim_lsp_fix: ' .. message .. '\n')
  io.stderr:flush()
  vim.cmd('cquit 1')
end

local function code_of(d)
  if d.code then
    return d.code
  end
  local lsp = d.user_data and d.user_data.lsp
  return lsp and lsp.code or ''
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = 'daemon-clangd',
  cmd = { clangd, '--log=error' },
  root_dir = vim.fn.fnamemodify(file, ':p:h'),
})
if not client_id then
  fail('cannot start ' .. tostring(clangd))
end
vim.lsp.buf_attach_client(buf, client_id)

local found
vim.wait(timeout, function()
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code_of(d) == check then
      found = d
      return true
    end
  end
  return false
end, 100)
for _, d in ipairs(vim.diagnostic.get(buf)) do
  say(string.format('diagnostic %d:%d %s %s: %s', d.lnum + 1, d.col + 1,
                    d.source or '', code_of(d), d.message))
end
if not found then
  fail('no ' .. check .. ' diagnostic within ' .. timeout / 1000 .. 's')
end

local params = {
  textDocument = vim.lsp.util.make_text_document_params(buf),
  range = {
    start = { line = found.lnum, character = 0 },
    ['end'] = { line = found.lnum, character = #vim.api.nvim_buf_get_lines(
      buf, found.lnum, found.lnum + 1, false)[1] },
  },
  context = {
    diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, found.lnum),
  },
}
local responses = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction',
                                           params, timeout)
local chosen
for _, response in pairs(responses or {}) do
  for _, action in ipairs(response.result or {}) do
    say('action ' .. action.title)
    if not chosen and action.edit then
      chosen = action
    end
  end
end
if not chosen then
  fail('no code action with an edit at line ' .. (found.lnum + 1))
end
vim.lsp.util.apply_workspace_edit(chosen.edit, 'utf-16')
say('applied ' .. chosen.title)
for _, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
  say('buffer ' .. line)
end
vim.lsp.stop_client(client_id)
vim.cmd('qall!')
