-- journal-lsp for Neovim 0.7 and later: the language server on Markdown files of one journal folder, its code lens
-- and code action commands shown in the quickfix list (Neovim's client runs a command and drops what the server
-- answers, so "N related days" would do nothing), and lenses refreshed as you go.
--
--   require('journal').setup({ cmd = { 'dotnet', '/path/to/journal-lsp-server.dll' }, root = '~/journal' })
--
-- (with this file on your runtimepath as lua/journal.lua, or dofile('/path/to/editors/neovim/journal.lua').setup{...}).
-- Options: cmd (required), root (the journal folder, required), init_options (server settings, docs/lsp-extensions.md),
-- codelens (default true: refresh lenses on BufEnter, InsertLeave and CursorHold).
-- Neovim 0.11+ uses vim.lsp.config/vim.lsp.enable; 0.8-0.10 vim.lsp.start; 0.7 vim.lsp.start_client.
local M = {}

-- Results (journal results: date, uri, range, snippet) into the quickfix list, opened.
function M.show(results, title)
  local items = {}
  for _, r in ipairs(results or {}) do
    table.insert(items, {
      filename = vim.uri_to_fname(r.uri),
      lnum = r.range.start.line + 1,
      col = 1,
      text = ((r.date ~= vim.NIL and r.date) or r.heading or '') .. '  ' .. (r.snippet or ''),
    })
  end
  if #items == 0 then
    vim.notify('journal: nothing to show for ' .. title, vim.log.levels.INFO)
    return
  end
  vim.fn.setqflist({}, ' ', { title = title, items = items })
  vim.cmd('copen')
end

-- The server's commands, run on the server with their results shown (vim.lsp.commands is where Neovim's client
-- looks first for a lens's or a code action's command).
local titles = {
  ['journal.findSimilarDays'] = 'Similar days',
  ['journal.onThisDay'] = 'On this day',
  ['journal.ask'] = 'Ask your journal',
}
for name, title in pairs(titles) do
  vim.lsp.commands[name] = function(command, ctx)
    local client = vim.lsp.get_client_by_id(ctx.client_id)
    client.request('workspace/executeCommand', { command = command.command, arguments = command.arguments }, function(err, result)
      if err then
        vim.notify('journal: ' .. (err.message or vim.inspect(err)), vim.log.levels.WARN)
      else
        M.show(result, title)
      end
    end, ctx.bufnr)
  end
end

function M.setup(opts)
  assert(opts and opts.cmd and opts.root, "journal.setup needs { cmd = {...}, root = '~/journal' }")
  local root = vim.fn.fnamemodify(vim.fn.expand(opts.root), ':p'):gsub('/$', '')
  local in_journal = function(bufnr)
    return vim.api.nvim_buf_get_name(bufnr):sub(1, #root + 1) == root .. '/'
  end
  if opts.codelens ~= false then
    vim.api.nvim_create_autocmd({ 'BufEnter', 'InsertLeave', 'CursorHold' }, {
      pattern = '*.md',
      callback = function(args) if in_journal(args.buf) then vim.lsp.codelens.refresh() end end,
    })
  end
  if vim.lsp.config and vim.lsp.enable then -- 0.11+
    vim.lsp.config('journal_lsp', {
      cmd = opts.cmd,
      filetypes = { 'markdown' },
      init_options = opts.init_options,
      root_dir = function(bufnr, on_dir) if in_journal(bufnr) then on_dir(root) end end,
    })
    vim.lsp.enable('journal_lsp')
    return
  end
  local config = { name = 'journal-lsp', cmd = opts.cmd, root_dir = root, init_options = opts.init_options }
  local client_id
  vim.api.nvim_create_autocmd('FileType', {
    pattern = 'markdown',
    callback = function(args)
      if not in_journal(args.buf) then return end
      if vim.lsp.start then -- 0.8-0.10
        vim.lsp.start(config)
      else -- 0.7
        client_id = client_id or vim.lsp.start_client(config)
        vim.lsp.buf_attach_client(args.buf, client_id)
      end
    end,
  })
end

return M
