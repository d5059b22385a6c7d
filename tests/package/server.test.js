// Runs the server `npm run package` left in client-vscode/server (this machine's own platform's, as its .vsix carries
// it) through an editor's session over stdio, started as the extension starts it (bundledServer, serverCommand): on
// linux-x64 that is the Native AOT executable, so this is where code that only fails compiled ahead of time (a message
// type without a generated contract, a method trimmed away, ONNX Runtime or SQLite not found) is caught. Where the
// package also holds the x86-64-v2 build, that build runs the same session under strace, which sees no internet
// socket. The journal is a real year of the Pepys
// diary copied from ../shared at test time; each run indexes it with the model, into a fresh index.
//   node --test tests/package/server.test.js        (after npm run package)
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const root = path.resolve(__dirname, '..', '..');
const folder = path.join(root, 'client-vscode', 'server');
const diary = path.resolve(root, '..', 'shared', 'corpora', 'pepys-diary', 'daily', '1663');
const format = require(path.join(root, 'client-vscode', 'out', 'format.js'));

/** A journal of the diary's year 1663 (1663/1663-01-01.md ...), in a new temporary folder. */
function journal() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'journal-lsp-package-'));
  const days = readdirSync(diary).filter(n => n.endsWith('.md')).sort();
  for (const day of days) cpSync(path.join(diary, day), path.join(dir, 'journal', '1663', day));
  return { dir, folder: path.join(dir, 'journal'), days: days.map(d => path.join(dir, 'journal', '1663', d)) };
}

/** An LSP session over a child's stdio: request(), notify(), and the child's exit code. */
function session(command, args, env) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
  let buffer = Buffer.alloc(0), id = 0, stderr = '', gone;
  const waiting = new Map(), received = [];
  child.stderr.on('data', d => { stderr += d; });
  const exited = new Promise(resolve => child.on('close', code => {
    // A server that died (or never started: a CPU without the build's instructions) fails every call at once.
    gone = new Error(`the server exited (${code}) ${stderr}`);
    for (const [, { reject }] of waiting) reject(gone);
    waiting.clear();
    resolve(code);
  }));
  child.on('error', e => { gone = e; for (const [, { reject }] of waiting) reject(e); waiting.clear(); });
  child.stdout.on('data', d => {
    buffer = Buffer.concat([buffer, d]);
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n'); if (end < 0) return;
      const length = +/Content-Length: (\d+)/i.exec(buffer.subarray(0, end).toString())[1];
      if (buffer.length < end + 4 + length) return;
      const message = JSON.parse(buffer.subarray(end + 4, end + 4 + length).toString());
      buffer = buffer.subarray(end + 4 + length);
      if (message.method === undefined && waiting.has(message.id)) { waiting.get(message.id).resolve(message); waiting.delete(message.id); }
      else {
        received.push(message); // the server's notifications and requests (answered with null, as a plain client would)
        if (message.method !== undefined && message.id !== undefined) send({ jsonrpc: '2.0', id: message.id, result: null });
      }
    }
  });
  function send(m) { const s = JSON.stringify(m); child.stdin.write(`Content-Length: ${Buffer.byteLength(s)}\r\n\r\n${s}`); }
  // Every answer within a minute, so that a stuck server fails here and the session's finally still runs.
  const call = (method, params) => new Promise((resolve, reject) => {
    if (gone) return reject(gone);
    const mine = ++id;
    const timer = setTimeout(() => { waiting.delete(mine); reject(new Error(`${method}: no answer in 60 s\n${stderr}`)); }, 60_000);
    waiting.set(mine, { resolve: m => { clearTimeout(timer); resolve(m); }, reject: e => { clearTimeout(timer); reject(e); } });
    send({ jsonrpc: '2.0', id: mine, method, params });
  });
  async function request(method, params) {
    const answer = await call(method, params);
    assert.equal(answer.error, undefined, `${method}: ${JSON.stringify(answer.error)}\n${stderr}`);
    return answer.result;
  }
  return {
    call, request, notify: (method, params) => send({ jsonrpc: '2.0', method, params }), lastId: () => id, received, exited,
    kill: () => { child.kill(); return exited; },
  };
}

/** A whole session: initialize, index, hover, ask, similar days, lenses, timeline, a command, shutdown and exit. */
async function wholeSession(command, args, env = format.serverEnvironment(process.env)) {
  const j = journal();
  const lsp = session(command, args, env);
  try {
    const uri = pathToFileURL(j.folder).href;
    const init = await lsp.request('initialize', {
      processId: process.pid, rootUri: uri, workspaceFolders: [{ uri, name: 'journal' }],
      capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true } },
      initializationOptions: { indexLocation: path.join(j.dir, 'index', 'index.db') },
    });
    assert.ok(init.capabilities.hoverProvider, 'initialize answers with the capabilities');
    lsp.notify('initialized', {});

    let status;
    for (const started = Date.now(); Date.now() - started < 180_000; await new Promise(r => setTimeout(r, 250))) {
      status = await lsp.request('journal/status', {});
      if (!status.indexing && status.entries === j.days.length && status.entries > 0) break;
    }
    assert.equal(status.entries, j.days.length, `indexed every day: ${JSON.stringify(status)}`);
    // The server's own messages to the client: its logs, the indexing run's progress, a request for its settings.
    const sent = method => lsp.received.filter(m => m.method === method);
    assert.ok(sent('window/logMessage').some(m => /journal/.test(m.params.message)), 'window/logMessage');
    const kinds = sent('$/progress').map(m => m.params.value.kind);
    assert.ok(kinds[0] === 'begin' && kinds.includes('end'), `$/progress from begin to end: ${kinds.join(' ')}`);
    assert.ok(sent('workspace/configuration').length > 0 && sent('window/workDoneProgress/create').length > 0, 'requests to the client');
    assert.ok(status.chunks > j.days.length, 'passages embedded with the model');

    const day = j.days[200], dayUri = pathToFileURL(day).href;
    lsp.notify('textDocument/didOpen', { textDocument: { uri: dayUri, languageId: 'markdown', version: 1, text: readFileSync(day, 'utf8') } });
    // A hover names related days where some pass the relatedness bar; of the year's last 20 days, 11 do here.
    const hovers = [];
    for (const other of j.days.slice(-20)) {
      const otherUri = pathToFileURL(other).href;
      lsp.notify('textDocument/didOpen', { textDocument: { uri: otherUri, languageId: 'markdown', version: 1, text: readFileSync(other, 'utf8') } });
      hovers.push((await lsp.request('textDocument/hover', { textDocument: { uri: otherUri }, position: { line: 2, character: 5 } }))?.contents?.value ?? '');
    }
    assert.ok(hovers.filter(h => /Related days[\s\S]*1663-\d\d-\d\d/.test(h)).length >= 5, 'hovers name related days');

    const asked = await lsp.request('journal/search', { question: 'a dinner at home with my wife', top: 5 });
    assert.ok(asked.length > 0 && asked.every(r => /^1663-\d\d-\d\d$/.test(r.date)), `ask answers with dated passages: ${JSON.stringify(asked.map(r => r.date))}`);

    const similar = await lsp.request('journal/similar', { date: path.basename(day, '.md'), top: 5 });
    assert.ok(similar.length > 0 && similar.every(r => r.date !== path.basename(day, '.md')), 'similar days, not the day itself');

    const lenses = await lsp.request('textDocument/codeLens', { textDocument: { uri: dayUri } });
    assert.ok(lenses.some(l => l.command?.title), 'a day file\'s lenses come resolved');
    // A many-entry file's lenses carry data to resolve later: the data's contract read back, a command answered.
    const data = { uri: dayUri, line: 0, path: path.relative(j.folder, day), entry: path.basename(day, '.md') };
    const resolved = await lsp.request('codeLens/resolve', { range: lenses[0].range, data });
    assert.match(resolved.command?.title ?? '', /\d/, `the lens's data read back: a count of related days, not the fallback (${resolved.command?.title})`);

    const timeline = await lsp.request('journal/timeline', { query: 'church', by: 'month' });
    assert.ok(timeline.bins.length > 0, 'a timeline of a theme');

    const command = await lsp.request('workspace/executeCommand', { command: 'journal.findSimilarDays', arguments: [dayUri, { line: 2, character: 0 }] });
    assert.ok(Array.isArray(command) && command.length > 0, 'the find-similar-days command answers');

    // Error answers, and a $/cancelRequest, whose id is read through JSON-RPC's own RequestId (its contract generated
    // too): a rebuild re-embeds the whole year, seconds of work, so it is still running when the cancel comes.
    const bad = await lsp.call('journal/similar', { date: 'not a date' });
    assert.equal(bad.error?.code, -32602, `a bad date is InvalidParams: ${JSON.stringify(bad)}`);
    const unknown = await lsp.call('journal/noSuchMethod', {});
    assert.equal(unknown.error?.code, -32601, 'an unknown method is MethodNotFound');
    const rebuilding = lsp.call('workspace/executeCommand', { command: 'journal.reindex' });
    await new Promise(r => setTimeout(r, 300));
    lsp.notify('$/cancelRequest', { id: lsp.lastId() });
    assert.equal((await rebuilding).error?.code, -32800, 'the cancelled rebuild answers RequestCancelled');
    assert.equal(typeof (await lsp.request('journal/status', {})).entries, 'number', 'the session goes on');

    assert.equal(await lsp.request('shutdown', null), null);
    lsp.notify('exit', null);
    assert.equal(await lsp.exited, 0, 'exit after shutdown is exit code 0');
  } finally {
    await lsp.kill();
    rmSync(j.dir, { recursive: true, force: true });
  }
}

test('the packaged server, started as the extension starts it, serves a whole session', { timeout: 300_000 }, async () => {
  assert.ok(existsSync(folder), 'client-vscode/server is missing: run npm run package');
  const server = format.serverCommand(undefined, format.bundledServer(folder, existsSync, () => readFileSync('/proc/cpuinfo', 'utf8')), existsSync);
  assert.equal(server.error, undefined);
  await wholeSession(server.command, server.args);
});

// Run under strace, without the ORT_DISABLE_TELEMETRY the extension passes (so the server's own setting is what is
// proven, as PrivacyTests prove it for the .dll): not one internet socket in a whole session, indexing included.
test('the x86-64-v2 build of the Native AOT server serves the same session and opens no internet socket', { timeout: 300_000 }, async t => {
  const v2 = path.join(folder, 'journal-lsp-server-x86-64-v2');
  if (!existsSync(v2)) return t.skip('this platform\'s package is not compiled ahead of time');
  const traced = spawnSync('strace', ['-V']).status === 0;
  const trace = path.join(mkdtempSync(path.join(os.tmpdir(), 'journal-lsp-strace-')), 'network.log');
  const env = { ...process.env };
  delete env.ORT_DISABLE_TELEMETRY;
  await (traced ? wholeSession('strace', ['-f', '-e', 'trace=network', '-o', trace, v2], env) : wholeSession(v2, [], env));
  if (!traced) return t.skip('strace is not installed: the session ran, its sockets were not traced');
  const lines = readFileSync(trace, 'utf8').split('\n').filter(Boolean);
  assert.ok(lines.length > 0, 'strace wrote its trace');
  assert.deepEqual(lines.filter(l => /\bAF_INET6?\b/.test(l)).slice(0, 3), [], 'internet sockets');
  rmSync(path.dirname(trace), { recursive: true, force: true });
});
