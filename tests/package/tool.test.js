// Packs the command-line tool as the README's "The command line" does (`dotnet pack server/JournalLsp.Cli -c Release`,
// here into a temporary folder), installs it with `dotnet tool install`, and runs the installed tool on a real year
// of the Pepys diary, copied from ../shared at test time. Packed on linux-x64 with a C toolchain, the tool is one
// Native AOT executable, so this is where code that only fails compiled ahead of time (a type trimmed away, ONNX
// Runtime or SQLite not found, the daemon not finding its own program) is caught.
//   node --test tests/package/tool.test.js        (after dotnet build JournalLsp.sln -c Release)
const test = require('node:test');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, utimesSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { entries: zipEntries } = require('./zip');

const root = path.resolve(__dirname, '..', '..');
const diary = path.resolve(root, '..', 'shared', 'corpora', 'pepys-diary', 'daily', '1663');
const built = path.join(root, 'server', 'JournalLsp.Cli', 'bin', 'Release', 'net10.0', 'journal-lsp.dll');
const host = `${process.platform}-${process.arch}`;
// JournalLsp.Cli.csproj's rule: Native AOT where packed on linux-x64 with clang or gcc in one of these folders.
const linker = ['/usr/bin', '/usr/local/bin'].some(d => ['clang', 'gcc'].some(c => existsSync(path.join(d, c))));
const nativeAot = host === 'linux-x64' && linker;
const question = 'the plague in the city';
const version = /<Version>([^<]+)<\/Version>/.exec(readFileSync(path.join(root, 'server', 'JournalLsp.Cli', 'JournalLsp.Cli.csproj'), 'utf8'))[1];

const scratch = mkdtempSync(path.join(os.tmpdir(), 'journal-lsp-tool-'));
const packages = path.join(scratch, 'nupkg');
const tools = path.join(scratch, 'tools');
const tool = path.join(tools, process.platform === 'win32' ? 'journal-lsp.exe' : 'journal-lsp');
const journal = path.join(scratch, 'journal');
const index = path.join(scratch, 'index.db');

/** Runs a command to its end (in the repository's folder unless told); fails the test with its output when it exits non-zero. */
function run(command, args, env = process.env, cwd = root) {
  const r = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, `${command} ${args.join(' ')} exited ${r.status} ${r.signal ?? ''}\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/** The environment a command runs in: its own cache (index, daemon sockets), no daemon unless asked for (then one that
 * goes after 30 s unused, should a run be cut short before test.after stops it). */
function environment({ daemon = false } = {}) {
  const env = { ...process.env, XDG_CACHE_HOME: path.join(scratch, 'cache'), DOTNET_CLI_TELEMETRY_OPTOUT: '1' };
  if (daemon) Object.assign(env, { JOURNAL_LSP_DAEMON: 'on', JOURNAL_LSP_DAEMON_IDLE: '30' });
  else env.JOURNAL_LSP_DAEMON = 'off';
  return env;
}

test.before(() => {
  for (const day of readdirSync(diary).filter(n => n.endsWith('.md'))) cpSync(path.join(diary, day), path.join(journal, '1663', day));
  run('dotnet', ['pack', 'server/JournalLsp.Cli', '-c', 'Release', '-o', packages, '--nologo', '-v', 'q']);
  // This version: the highest one in the user's feeds might be another.
  run('dotnet', ['tool', 'install', '--tool-path', tools, '--add-source', packages, 'journal-lsp', '--version', version]);
});

test.after(() => {
  if (existsSync(tool)) spawnSync(tool, ['daemon', 'stop'], { env: environment({ daemon: true }) });
  rmSync(scratch, { recursive: true, force: true });
});

test('the tool package holds this platform\'s program, one native executable where it is compiled ahead of time', async () => {
  const nupkg = path.join(packages, readdirSync(packages).find(n => /^journal-lsp\.\d.*\.nupkg$/.test(n)));
  const { found, zip } = await zipEntries(nupkg);
  const entries = [...found.keys()];
  const settings = entries.find(n => n.endsWith('/DotnetToolSettings.xml'));
  const settingsText = (await found.get(settings).head()).toString('utf8');
  zip.close();
  assert.match(settingsText, /<Command Name="journal-lsp" EntryPoint="journal-lsp(\.exe)?" Runner="executable"/);
  const folder = path.posix.dirname(settings) + '/';
  const rid = folder.split('/')[2];
  assert.equal(rid, { 'linux-x64': 'linux-x64', 'linux-arm64': 'linux-arm64', 'darwin-arm64': 'osx-arm64', 'win32-x64': 'win-x64' }[host]);
  // Both models, packed (PackedModel), no package assembly of theirs, and the whole under 80 MB, issue 29's target
  // (with the fp32 models in their NuGet packages' assemblies it was 186 MB).
  for (const model of ['all-MiniLM-L6-v2', 'snowflake-arctic-embed-xs'])
    assert.ok(entries.includes(`${folder}models/${model}/model.packed`), `${model}, packed`);
  assert.deepEqual(entries.filter(n => n.includes('SentenceTransformers')), []);
  assert.ok(statSync(nupkg).size < 80e6, `${(statSync(nupkg).size / 1e6).toFixed(1)} MB`);
  const assemblies = entries.filter(n => n.endsWith('.dll') && !/onnxruntime|e_sqlite3/.test(n));
  if (nativeAot) {
    assert.equal(folder, 'tools/any/linux-x64/');
    assert.ok(entries.includes(folder + 'journal-lsp'), 'the executable');
    assert.deepEqual(assemblies, [], 'no .NET assemblies beside the executable');
    assert.deepEqual(entries.filter(n => n.endsWith('.dbg')), [], 'no debug symbols');
    assert.ok(readFileSync(realpathSync(tool)).subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46])), 'the installed program is an ELF executable');
  } else {
    assert.ok(entries.includes(folder + 'journal-lsp.dll'), 'the ReadyToRun assembly');
  }
});

test('the installed tool says the version packed, with its commit', () => {
  const r = spawnSync(tool, ['--version'], { cwd: os.tmpdir(), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.trim().startsWith(`${version}+`), r.stdout);
});

// Run under strace where there is one, without ORT_DISABLE_TELEMETRY (the program's own setting is what is proven, as
// PrivacyTests prove it for the build): the first `ask` indexes the year with the model, then answers.
test('the installed tool indexes a year of the diary and answers ask with dated passages, opening no internet socket', async t => {
  const env = environment();
  delete env.ORT_DISABLE_TELEMETRY;
  const traced = process.platform === 'linux' && spawnSync('strace', ['-V']).status === 0;
  const trace = path.join(scratch, 'network.log');
  const args = ['ask', question, '--journal', journal, '--index', index, '--json'];
  const out = traced ? run('strace', ['-f', '-e', 'trace=network', '-o', trace, tool, ...args], env) : run(tool, args, env);
  const answers = JSON.parse(out);
  assert.ok(answers.length > 0 && answers.every(a => /^1663-\d\d-\d\d$/.test(a.date)), `dated passages: ${out.slice(0, 300)}`);
  if (!traced) return t.skip('strace is not installed: the tool ran, its sockets were not traced');
  const lines = readFileSync(trace, 'utf8').split('\n');
  assert.deepEqual(lines.filter(l => /\bAF_INET6?\b/.test(l)).slice(0, 3), [], 'internet sockets');
});

// The same index and question through the build's journal-lsp.dll (JIT-compiled .NET): the same passages with the
// same scores. Scores may differ in the last digits where the JIT uses wider vectors than the tool was compiled for,
// so passages are matched by where they are, not by their places in the list (near-ties may swap), and the build's
// longer list holds every one of the tool's (a near-tie at the tool's last place may fall either side).
test('the installed tool answers as the build does', { skip: !existsSync(built) && 'the CLI is not built' }, () => {
  const args = ['ask', question, '--journal', journal, '--index', index, '--json'];
  const scores = out => new Map(JSON.parse(out).map(a => [`${a.date} ${a.path}:${a.startLine}`, a.score]));
  const fromTool = scores(run(tool, [...args, '--top', '10'], environment()));
  const fromBuild = scores(run('dotnet', [built, ...args, '--top', '20'], environment()));
  assert.equal(fromTool.size, 10);
  for (const [where, score] of fromTool) {
    assert.ok(fromBuild.has(where), `${where} is not in the build's answers`);
    assert.ok(Math.abs(score - fromBuild.get(where)) < 1e-3, `${where}: ${score} against ${fromBuild.get(where)}`);
  }
});

// As a user runs it: from their own folder, the journal named relative to it.
test('the installed tool answers from another folder, with the journal relative to that folder', () => {
  const answers = JSON.parse(run(tool, ['ask', question, '--journal', 'journal', '--index', index, '--json'], environment(), scratch));
  assert.ok(answers.length > 0 && answers.every(a => /^1663-\d\d-\d\d$/.test(a.date)), JSON.stringify(answers).slice(0, 300));
});

test('the installed tool starts its own daemon, which answers the next command', { skip: process.platform === 'win32' && 'the daemon runs on Linux and macOS' }, () => {
  const env = environment({ daemon: true });
  const args = ['ask', question, '--journal', journal, '--index', index, '--json'];
  const first = run(tool, args, env);
  const second = run(tool, args, env);
  assert.deepEqual(JSON.parse(second).map(a => a.date), JSON.parse(first).map(a => a.date));
  const status = run(tool, ['daemon', 'status'], env);
  const pid = /^daemon (\d+): (\d+) commands? answered/m.exec(status);
  assert.ok(pid, status);
  assert.ok(+pid[2] >= 1, status);
  if (process.platform === 'linux') assert.equal(realpathSync(`/proc/${pid[1]}/exe`), realpathSync(tool), 'the daemon is the installed program');
  const stop = spawnSync(tool, ['daemon', 'stop'], { env, encoding: 'utf8' });
  assert.equal(stop.status, 0, stop.stderr);
  assert.match(stop.stderr, /stopped 1 daemon/); // what it did, on stderr as the other commands' progress
});

// A reinstalled tool (here: its executable written again) must not be answered by the daemon of the program before it.
test('a daemon goes when the installed program is written again, and the next command starts the new one', { skip: process.platform !== 'linux' && 'read through /proc' }, async () => {
  const env = environment({ daemon: true });
  const args = ['ask', question, '--journal', journal, '--index', index, '--json'];
  const daemons = () => [...run(tool, ['daemon', 'status'], env).matchAll(/^daemon (\d+):/gm)].map(m => +m[1]);
  run(tool, args, env);
  run(tool, args, env);
  const [before] = daemons();
  assert.ok(before, 'a daemon runs');
  const program = realpathSync(tool);
  const now = new Date();
  utimesSync(program, now, new Date(now.getTime() + 60_000));
  run(tool, args, env);
  run(tool, args, env);
  // Gone, or a zombie where nothing reaps it (a container whose first process is not an init).
  const running = pid => existsSync(`/proc/${pid}/stat`) && !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  const deadline = Date.now() + 15_000;
  while (running(before) && Date.now() < deadline) await new Promise(r => setTimeout(r, 200));
  assert.ok(!running(before), `the old daemon ${before} is still running`);
  const after = daemons();
  assert.equal(after.length, 1, `one daemon: ${after}`);
  assert.notEqual(after[0], before);
  spawnSync(tool, ['daemon', 'stop'], { env });
});
