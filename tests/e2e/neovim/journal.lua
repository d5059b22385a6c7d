-- Drives journal-lsp from Neovim's built-in LSP client (0.7.2: vim.lsp.start_client), headless, as a person's editor
-- would: open an entry, wait for the index, hover, code lens (+ resolve), and run journal.ask. Writes what it saw as
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

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
local exited = false
local client_id = vim.lsp.start_client({
  name = 'journal-lsp',
  cmd = { 'dotnet', server },
  root_dir = root,
  init_options = { indexLocation = index },
  on_exit = function() exited = true end,
})
if not client_id then return fail('start_client returned nil') end
vim.lsp.buf_attach_client(bufnr, client_id)

local client
local ok = vim.wait(30000, function()
  client = vim.lsp.get_client_by_id(client_id)
  return exited or (client ~= nil and client.initialized == true)
end, 50)
if exited or not ok then return fail('server did not initialize') end

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

vim.fn.writefile({ vim.json.encode(result) }, out)
client.stop()
vim.wait(5000, function() return client.is_stopped() end, 50)
vim.cmd('qall!')
