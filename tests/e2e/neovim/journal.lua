-- Drives journal-lsp from Neovim's built-in LSP client (0.7.2), headless, set up as the README says
-- (editors/neovim/journal.lua), as a person's editor would: open an entry, wait for the index, hover, code lens
-- (+ resolve), run journal.ask, then Neovim's own functions: run the lens, references, workspace symbols, a code
-- action, go to definition. Writes what it saw as
-- JSON to $JOURNAL_OUT; the C# test asserts on it. Exit code 0 when every request was answered.
local function fail(msg)
  io.stderr:write('FAIL: ' .. msg .. '\n')
  vim.cmd('cquit 1')
end

local file = assert(os.getenv('JOURNAL_FILE'))
local root = assert(os.getenv('JOURNAL_ROOT'))
local server = assert(os.getenv('JOURNAL_SERVER_DLL'))
local index = assert(os.getenv('JOURNAL_INDEX'))
local out = assert(os.getenv('JOURNAL_OUT'))

-- The set-up the README gives (editors/neovim/journal.lua), as a person would load it.
local repo = assert(os.getenv('JOURNAL_REPO'))
local journal = dofile(repo .. '/editors/neovim/journal.lua')
journal.setup({ cmd = { 'dotnet', server }, root = root, init_options = { indexLocation = index }, codelens = false })
vim.o.hidden = true
-- Several lenses on a line ask which one to run: take the first, as a person picking "N related days" would.
vim.ui.select = function(items, _, on_choice) on_choice(items[1], 1) end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()

local client
local ok = vim.wait(30000, function()
  client = vim.lsp.buf_get_clients(bufnr)[next(vim.lsp.buf_get_clients(bufnr)) or 0]
  return client ~= nil and client.initialized == true
end, 50)
if not ok then return fail('server did not initialize') end
local client_id = client.id

local function request(method, params, timeout)
  local r = client.request_sync(method, params, timeout or 10000, bufnr)
  if not r then fail(method .. ': no answer') end
  if r.err then fail(method .. ': ' .. vim.inspect(r.err)) end
  return r.result
end

-- The first run indexes two years of the diary: wait for it (status answers all along).
local status
for _ = 1, 1200 do
  status = request('journal/status', {})
  if not status.indexing and status.lastIndexedAt ~= nil then break end
  vim.wait(500)
end
if status.indexing then return fail('indexing did not finish') end

local uri = vim.uri_from_bufnr(bufnr)
local result = { status = status }
result.hover = request('textDocument/hover', { textDocument = { uri = uri }, position = { line = 2, character = 10 } })
local lenses = request('textDocument/codeLens', { textDocument = { uri = uri } })
result.lenses = {}
for _, lens in ipairs(lenses) do
  if lens.command == nil then lens = request('codeLens/resolve', lens, 30000) end
  table.insert(result.lenses, { title = lens.command.title, command = lens.command.command, arguments = lens.command.arguments })
end
if #result.lenses > 0 then
  local first = result.lenses[1]
  result.lensRun = request('workspace/executeCommand', { command = first.command, arguments = first.arguments }, 30000)
end
result.ask = request('workspace/executeCommand', { command = 'journal.ask', arguments = { 'in 1665 the plague' } }, 30000)

-- Neovim's own LSP functions, as a person runs them; each result lands in the quickfix list.
local function quickfix(run, timeout)
  vim.fn.setqflist({}, 'f')
  run()
  vim.wait(timeout or 30000, function() return #vim.fn.getqflist() > 0 end, 100)
  local items = {}
  for _, item in ipairs(vim.fn.getqflist()) do
    table.insert(items, { file = vim.api.nvim_buf_get_name(item.bufnr), line = item.lnum, text = item.text })
  end
  vim.cmd('cclose')
  vim.api.nvim_set_current_buf(bufnr)
  return { title = vim.fn.getqflist({ title = 1 }).title, items = items }
end

-- The "N related days" lens, run: its command comes back through editors/neovim/journal.lua into the quickfix list.
vim.lsp.codelens.refresh()
vim.wait(30000, function() return #vim.lsp.codelens.get(bufnr) > 0 end, 100)
vim.api.nvim_win_set_cursor(0, { 1, 0 })
result.codelensRun = quickfix(function() vim.lsp.codelens.run() end)
vim.api.nvim_win_set_cursor(0, { 3, 10 })
result.references = quickfix(function() vim.lsp.buf.references() end)
result.workspaceSymbol = quickfix(function() vim.lsp.buf.workspace_symbol('the plague in the city') end)
-- The code action "On this day", chosen: Neovim runs its command through vim.lsp.commands.
local actions = request('textDocument/codeAction', {
  textDocument = { uri = uri }, range = { start = { line = 2, character = 0 }, ['end'] = { line = 2, character = 0 } }, context = { diagnostics = {} },
})
result.codeActions = {}
for _, action in ipairs(actions) do table.insert(result.codeActions, action.title) end
for _, action in ipairs(actions) do
  if action.command.command == 'journal.onThisDay' then
    result.codeActionRun = quickfix(function() vim.lsp.commands[action.command.command](action.command, { client_id = client_id, bufnr = bufnr }) end)
  end
end
-- Go to definition on a date written in the entry: that day's entry opens.
vim.api.nvim_buf_set_lines(bufnr, -1, -1, false, { '', 'See 1666-09-05 for the end of it.' })
local last = vim.api.nvim_buf_line_count(bufnr)
vim.api.nvim_win_set_cursor(0, { last, 6 })
vim.wait(1000)
vim.lsp.buf.definition()
vim.wait(15000, function() return vim.api.nvim_buf_get_name(0):match('1666%-09%-05%.md$') ~= nil end, 100)
result.definition = { file = vim.api.nvim_buf_get_name(0), line = vim.api.nvim_win_get_cursor(0)[1] }

vim.fn.writefile({ vim.json.encode(result) }, out)
client.stop()
vim.wait(5000, function() return client.is_stopped() end, 50)
vim.cmd('qall!')
