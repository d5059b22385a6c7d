// First hover after a server start, then hover p50/p95 over 200 random positions (the server benchmark's method, in
// seconds rather than minutes): spawn the server, initialize over stdio with the given index, open 1666-09-02.md, hover
// until answered; then 10 warm-up hovers and 200 at random lines of random files (a fixed seed).
// Usage: node bench/first-hover.js <journal folder> <index.db> <command> [args...]
//   e.g. node bench/first-hover.js ../shared/corpora/pepys-diary/daily <an indexed index.db> dotnet server/JournalLsp.Server/bin/Release/net10.0/journal-lsp-server.dll
// The folder is the Pepys diary or a journal like it: at least 30 dated entries (a hover shows related days only
// among that many candidates); the first hover is on 1666/1666-09-02.md where there is one, else the middle file.
// A missing index.db is made and filled by the server's first run, so indexing time then counts.
// WAITMS=8000 waits that long before the 200 hovers, so they no longer share the 2 cores with the restart's check of
// every file (the server benchmark waits until indexed: hover p95 13-15 ms then, against 16-22 ms while it runs).
// ROUNDS=3 hovers over 200 new random positions that many times, a line each: the later rounds run the JIT's final code.
// SHOWLOG=1 prints the server's window/logMessage lines on stderr.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const [folder, indexArg, command, ...args] = process.argv.slice(2);
if (!command) { console.error('usage: node bench/first-hover.js <journal folder> <index.db> <command> [args...]'); process.exit(2); }
// Full paths: a file URI needs one, and the server resolves a relative index against the journal folder.
const journal = path.resolve(folder), index = path.resolve(indexArg);
if (!fs.existsSync(journal)) { console.error(`no such folder: ${journal}`); process.exit(2); }
const fileUri = f => pathToFileURL(f).href;
const files = []; (function walk(d) { for (const n of fs.readdirSync(d).sort()) { const f = path.join(d, n); if (fs.statSync(f).isDirectory()) walk(f); else if (n.endsWith('.md')) files.push(f); } })(journal);
if (files.length === 0) { console.error(`no Markdown files in ${journal}`); process.exit(2); }
const pepysDay = path.join(journal, '1666', '1666-09-02.md');
const file = fs.existsSync(pepysDay) ? pepysDay : files[Math.floor(files.length / 2)];
const uri = fileUri(file);
const start = process.hrtime.bigint();
const ms = () => Number(process.hrtime.bigint() - start) / 1e6;
const server = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'], env: { ...process.env, ORT_DISABLE_TELEMETRY: '1' } });
let buffer = Buffer.alloc(0); const waiting = new Map(); let id = 0;
server.stdout.on('data', d => {
  buffer = Buffer.concat([buffer, d]);
  for (;;) {
    const end = buffer.indexOf('\r\n\r\n'); if (end < 0) return;
    const length = +/Content-Length: (\d+)/.exec(buffer.slice(0, end).toString())[1];
    if (buffer.length < end + 4 + length) return;
    const message = JSON.parse(buffer.slice(end + 4, end + 4 + length).toString()); buffer = buffer.slice(end + 4 + length);
    if (message.id !== undefined && waiting.has(message.id) && message.method === undefined) { waiting.get(message.id)(message); waiting.delete(message.id); }
    else if (message.method === 'window/logMessage' && process.env.SHOWLOG) console.error(Math.round(ms()), message.params.message);
    else if (message.id !== undefined && message.method) send({ jsonrpc: '2.0', id: message.id, result: null });
  }
});
function send(m) { const s = JSON.stringify(m); server.stdin.write(`Content-Length: ${Buffer.byteLength(s)}\r\n\r\n${s}`); }
function request(method, params) { return new Promise(r => { const i = ++id; waiting.set(i, r); send({ jsonrpc: '2.0', id: i, method, params }); }); }
(async () => {
  const sent = ms();
  const init = await request('initialize', { processId: process.pid, rootUri: fileUri(journal), capabilities: {}, initializationOptions: { indexLocation: index }, workspaceFolders: [{ uri: fileUri(journal), name: 'j' }] });
  const initialized = ms();
  if (init.error) { console.error(`initialize failed: ${init.error.message}`); process.exit(1); }
  send({ jsonrpc: '2.0', method: 'initialized', params: {} });
  send({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'markdown', version: 1, text: fs.readFileSync(file, 'utf8') } } });
  const attempts = [];
  for (;;) {
    const t = ms();
    const r = await request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 10 } });
    attempts.push(Math.round(ms() - t));
    if (r.error) { console.error(`hover failed: ${r.error.message}`); process.exit(1); }
    if (r.result) break;
    if (ms() - sent > 60000) { console.error('no hover in 60 s: the folder must be served, indexed and hold at least 30 dated entries (journal/status says the first two)'); process.exit(1); }
    await new Promise(res => setTimeout(res, 20));
  }
  const fromStart = Math.round(ms()), fromInit = Math.round(ms() - sent);
  let seed = 20261125; const rnd = n => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  if (process.env.WAITMS) await new Promise(res => setTimeout(res, +process.env.WAITMS));
  for (let i = 0; i < 10; i++) await request('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 10 } });
  for (let round = 0; round < (+process.env.ROUNDS || 1); round++) {
    const hover = [];
    for (let i = 0; i < 200; i++) {
      const f = files[rnd(files.length)]; const lines = fs.readFileSync(f, 'utf8').split('\n').length;
      const t = ms(); await request('textDocument/hover', { textDocument: { uri: fileUri(f) }, position: { line: 2 + rnd(Math.max(1, lines - 2)), character: 5 } }); hover.push(ms() - t);
    }
    hover.sort((a, b) => a - b);
    console.log(JSON.stringify({ hoverP50: +hover[100].toFixed(1), hoverP95: +hover[190].toFixed(1) }));
  }
  console.log(JSON.stringify({ fromStartMs: fromStart, fromInitializeMs: fromInit, initializeMs: Math.round(initialized - sent), attempts }));
  await request('shutdown', null); send({ jsonrpc: '2.0', method: 'exit' });
})();
