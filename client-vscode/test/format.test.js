// Unit tests of the extension's pure logic (compiled to out/ by `npm run build`), with Node's test runner.
const test = require('node:test');
const assert = require('node:assert/strict');
const f = require('../out/format.js');

const today = new Date(2026, 10, 25); // 25 November 2026, local time

test('howLongAgo counts calendar days, weeks, months and years', () => {
  assert.equal(f.howLongAgo('2026-11-25', today), 'today');
  assert.equal(f.howLongAgo('2026-11-24', today), 'yesterday');
  assert.equal(f.howLongAgo('2026-11-20', today), '5 days ago');
  assert.equal(f.howLongAgo('2026-10-28', today), '4 weeks ago');
  assert.equal(f.howLongAgo('2026-07-25', today), '4 months ago');
  assert.equal(f.howLongAgo('2024-11-25', today), '2 years ago');
  assert.equal(f.howLongAgo('1666-09-02', today), '360 years ago');
  assert.equal(f.howLongAgo('2026-11-28', today), 'in 3 days');
  assert.equal(f.howLongAgo(null, today), '');
  assert.equal(f.howLongAgo('2019-02-30', today), '');
});

test('a result becomes a QuickPick row: date, weekday, how long ago, and the passage', () => {
  const item = f.resultItem({
    date: '1666-09-06', uri: 'file:///j/1666/1666-09-06.md', range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } },
    score: 0.27, snippet: 'It was pretty to see how hard the women did work', heading: '1666-09-06', lastSeen: '2026-11-01T00:00:00Z',
  }, today);
  assert.deepEqual(item, { label: '$(calendar) 1666-09-06', description: 'Mon · 360 years ago', detail: 'It was pretty to see how hard the women did work' });
  const note = { date: null, uri: 'file:///j/notes/ideas%20list.md', range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, score: 0.1, snippet: 's', heading: '' };
  const undated = f.resultItem(note, today);
  assert.equal(undated.label, '$(calendar) ideas list.md');
  assert.equal(undated.description, 'ideas list.md'); // never "not opened here yet": true of nearly every row
  // A similar day that is only the closest there is says so; a related one (or an ask result) says nothing more.
  assert.equal(f.resultItem({ ...note, related: false, lastSeen: 'x' }, today).description, 'ideas list.md · not closely related');
  assert.equal(f.resultItem({ ...note, related: true, lastSeen: 'x' }, today).description, 'ideas list.md');
});

test('the status bar shows progress while indexing and the entry count when idle', () => {
  const base = { journalFolder: '/j', indexPath: '/i', modelId: 'm', files: 3413, entries: 3413, chunks: 10951, skipped: [] };
  assert.equal(f.statusBarText(undefined), '$(book) Journal');
  assert.equal(f.statusBarText({ ...base, indexing: false }), '$(book) 3,413 entries');
  assert.equal(f.statusBarText({ ...base, indexing: false, entries: 1 }), '$(book) 1 entry');
  assert.equal(f.statusBarText({ ...base, indexing: true, progress: { entriesDone: 1234, entriesTotal: 3413, filesDone: 1, filesTotal: 2 } }),
    '$(sync~spin) Journal 1,234 / 3,413');
  assert.equal(f.statusBarText({ ...base, indexing: true }), '$(sync~spin) Journal indexing…');
});

test('the server\'s progress messages become status bar text', () => {
  assert.equal(f.progressText({ kind: 'report', message: '1,234 / 3,413 entries', percentage: 36 }), '$(sync~spin) Journal 1,234 / 3,413');
  assert.equal(f.progressText({ kind: 'begin', message: 'scanning files' }), '$(sync~spin) Journal indexing…');
  assert.equal(f.progressText({ kind: 'end', message: '3,413 entries indexed' }), undefined);
});

test('the status report lists skipped files with their reasons', () => {
  const report = f.statusReport({
    journalFolder: '/j', indexPath: '/i/index.db', modelId: 'all-MiniLM-L6-v2', indexing: false, files: 44, entries: 62, chunks: 62,
    skipped: [{ path: '2025/private-thoughts.md', reason: 'marked private in front matter' }], lastIndexedAt: '2026-11-25T04:10:00Z',
  });
  assert.match(report, /Entries: 62 in 44 files/);
  assert.match(report, /## Skipped files \(1\)\n\n- `2025\/private-thoughts.md`: marked private in front matter/);
  assert.doesNotMatch(report, /Warnings/);
  assert.doesNotMatch(report, /Template/);
  assert.match(f.statusReport({ journalFolder: '/j', indexPath: '/i', modelId: 'm', indexing: false, files: 1, entries: 1, chunks: 1, skipped: [],
    templateLines: ['## gratitude', 'mood:'] }), /## Template lines, left out of search \(2\)\n\n- `## gratitude`\n- `mood:`/);
});

test('extension settings map to the server settings, leaving out unset ones and the client-only server path', () => {
  const values = { include: ['**/*.md'], exclude: ['drafts/**'], privateFlag: 'secret', results: 7, hoverResults: undefined,
    neighbourDays: 0, forgottenWeight: 0.5, 'server.path': '/x.dll' };
  assert.deepEqual(f.serverSettings(k => values[k]),
    { include: ['**/*.md'], exclude: ['drafts/**'], privateFlag: 'secret', results: 7, neighbourDays: 0, forgottenWeight: 0.5, enabled: null });
  // "enabled" unset is sent as null (let the files decide), so clearing the setting reaches the server.
  assert.deepEqual(f.serverSettings(k => ({ enabled: false, hovers: false })[k]), { enabled: false, hovers: false });
});

test('the status of a folder that is not served says why, and nothing about an index', () => {
  const reason = 'This folder does not look like a journal (0 of 3 journal files are dated), so nothing is indexed.';
  const report = f.statusReport({ journalFolder: '/repo', indexPath: '', modelId: '', indexing: false, files: 0, entries: 0, chunks: 0,
    skipped: [], active: false, reason });
  assert.match(report, /Not served as a journal/);
  assert.ok(report.includes(reason));
  assert.doesNotMatch(report, /Entries|Model|Skipped/);
});

test('the server command: dotnet for a .dll, the file itself otherwise, a clear error when it is missing', () => {
  const exists = p => p !== '/missing/server.dll';
  assert.deepEqual(f.serverCommand('', '/ext/server/journal-lsp-server.dll', exists), { command: 'dotnet', args: ['/ext/server/journal-lsp-server.dll'] });
  assert.deepEqual(f.serverCommand('/opt/journal-lsp-server', '/b.dll', exists), { command: '/opt/journal-lsp-server', args: [] });
  assert.match(f.serverCommand('/missing/server.dll', '/b.dll', exists).error, /not found at "\/missing\/server.dll" \(setting journalLsp.server.path\)/);
  assert.match(f.serverCommand(undefined, '/missing/server.dll', exists).error, /bundled language server is missing/);
});

test('the bundled server: the .dll where there is one, else the Native AOT build the CPU can run', () => {
  const v3 = 'processor\t: 0\nflags\t\t: fpu sse2 avx avx2 bmi1 bmi2 f16c fma abm movbe popcnt\n';
  const noAvx2 = 'processor\t: 0\nflags\t\t: fpu sse2 sse4_2 popcnt avx\n';
  const files = (...names) => p => names.some(n => p === `/ext/server/${n}`);
  const unread = () => assert.fail('cpuinfo is read only when the choice needs it');
  const table = [
    // what the folder holds, /proc/cpuinfo, the server started
    [files('journal-lsp-server.dll', 'journal-lsp-server'), unread, '/ext/server/journal-lsp-server.dll'], // ReadyToRun with its apphost
    [files('journal-lsp-server.dll', 'journal-lsp-server', 'journal-lsp-server-x86-64-v2'), unread, '/ext/server/journal-lsp-server.dll'], // build:server over a package
    [files('journal-lsp-server', 'journal-lsp-server-x86-64-v2'), () => v3, '/ext/server/journal-lsp-server'],
    [files('journal-lsp-server', 'journal-lsp-server-x86-64-v2'), () => noAvx2, '/ext/server/journal-lsp-server-x86-64-v2'],
    [files('journal-lsp-server', 'journal-lsp-server-x86-64-v2'), () => undefined, '/ext/server/journal-lsp-server-x86-64-v2'], // no /proc/cpuinfo: the build any x64 runs
    [files(), unread, '/ext/server/journal-lsp-server.dll'], // nothing: serverCommand reports the .dll missing
    [files('journal-lsp-server'), () => v3, '/ext/server/journal-lsp-server'], // one build missing: the other runs here
    [files('journal-lsp-server-x86-64-v2'), unread, '/ext/server/journal-lsp-server-x86-64-v2'], // v2 alone runs on any x86-64
    [files('journal-lsp-server'), () => noAvx2, '/ext/server/journal-lsp-server-x86-64-v2'], // the one needed, missing: reported
    [files('journal-lsp-server'), () => undefined, '/ext/server/journal-lsp-server-x86-64-v2'],
  ];
  for (const [exists, cpuinfo, want] of table) assert.equal(f.bundledServer('/ext/server', exists, cpuinfo), want);
});

test('x86-64-v3 needs every one of its flags', () => {
  const all = ['avx', 'avx2', 'bmi1', 'bmi2', 'f16c', 'fma', 'abm', 'movbe'];
  assert.equal(f.isX86_64v3(`flags\t\t: sse2 ${all.join(' ')}\n`), true);
  for (const missing of all) assert.equal(f.isX86_64v3(`flags\t\t: sse2 ${all.filter(x => x !== missing).join(' ')}\n`), false, `without ${missing}`);
  assert.equal(f.isX86_64v3('vendor_id : AuthenticAMD\n'), false, 'no flags line');
});

test('the server starts with the editor environment plus telemetry off', () => {
  const env = f.serverEnvironment({ PATH: '/usr/bin', ORT_DISABLE_TELEMETRY: '0', UNSET: undefined });
  assert.deepEqual(env, { PATH: '/usr/bin', ORT_DISABLE_TELEMETRY: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' });
});

test('a setting of ours wins at any level; the old journal.* key counts where only it is set; machine settings never from a workspace', () => {
  const ours = (levels) => ({ defaultValue: 10, ...levels });
  assert.equal(f.settingValue('results', ours({}), {}), 10);                                   // neither set: our default
  assert.equal(f.settingValue('results', ours({}), { globalValue: 7 }), 7);                    // only the old key
  assert.equal(f.settingValue('results', ours({ globalValue: 3 }), { workspaceValue: 7 }), 3); // ours, even user-level, wins
  assert.equal(f.settingValue('results', ours({ globalValue: 3, workspaceFolderValue: 4 }), {}), 4);
  assert.equal(f.settingValue('results', ours({}), { workspaceValue: 7 }), 7);
  // A repository's .vscode/settings.json must not pick the server or the index folder, under the old key either.
  assert.equal(f.settingValue('server.path', { defaultValue: '' }, { workspaceValue: '/tmp/evil' }), '');
  assert.equal(f.settingValue('server.path', { defaultValue: '', workspaceValue: '/tmp/evil' }, {}), '');
  assert.equal(f.settingValue('indexLocation', { defaultValue: '' }, { globalValue: '/home/me/idx', workspaceValue: '/tmp/x' }), '/home/me/idx');
});

test('a timeline bin is its month or its week from Monday to Sunday', () => {
  assert.deepEqual(f.binRange('1666-09-01', 'month'), { from: '1666-09-01', to: '1666-09-30' });
  assert.deepEqual(f.binRange('2024-02-01', 'month'), { from: '2024-02-01', to: '2024-02-29' });
  assert.deepEqual(f.binRange('2026-12-28', 'week'), { from: '2026-12-28', to: '2027-01-03' });
  assert.throws(() => f.binRange('1666-09', 'month'), /not a day/);
});

test('the timeline page loads one script of its own and nothing else', () => {
  const html = f.timelineHtml('vscode-webview://abc', 'vscode-webview://abc/dist/timeline.js', 'N0nce');
  const csp = /Content-Security-Policy" content="([^"]+)"/.exec(html)[1];
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src vscode-webview:\/\/abc;/);
  assert.match(csp, /style-src 'nonce-N0nce'/);
  assert.doesNotMatch(html, /https?:/);
  assert.deepEqual([...html.matchAll(/<script[^>]*>/g)].map(m => m[0]), ['<script src="vscode-webview://abc/dist/timeline.js">']);
  assert.match(html, /<style nonce="N0nce">/);
});

test('a Related Days row: the day, how long ago and the passage', () => {
  const r = { date: '1666-09-05', uri: 'file:///j/1666/1666-09-05.md', range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } },
    score: 0.5, snippet: 'The fire is stopped at Pye Corner.', heading: '1666-09-05' };
  assert.deepEqual(f.relatedDayRow(r, today), { label: '1666-09-05', description: '360 years ago · The fire is stopped at Pye Corner.', tooltip: 'The fire is stopped at Pye Corner.' });
});

test('a Themes row: the theme\'s words, how many days and the years, the passage in the tooltip', () => {
  const example = { date: '1665-09-14', uri: 'file:///j/1665/1665-09-14.md', range: { start: { line: 2, character: 0 }, end: { line: 2, character: 9 } },
    score: 1, snippet: 'dying of the plague', heading: '1665-09-14' };
  const theme = { id: 24, label: 'plague, dead, sick', terms: ['plague', 'dead', 'sick', 'died'], days: ['1665-06-10', '1666-01-02'],
    first: '1665-06-10', last: '1666-01-02', bins: [], example };
  assert.deepEqual(f.themeRow(theme), { label: 'plague, dead, sick', description: '2 days · 1665–1666',
    tooltip: 'plague, dead, sick, died\n1665-06-10 to 1666-01-02\n\n1665-09-14 dying of the plague' });
  assert.equal(f.themeRow({ ...theme, days: ['1665-06-10'], last: '1665-06-10' }).description, '1 day · 1665');
  assert.deepEqual(f.themeDayRow(example), { label: '1665-09-14', description: 'dying of the plague', tooltip: 'dying of the plague' });
});

test('Review This Month / Year ask about the calendar month or year of today', () => {
  assert.deepEqual(f.reviewSpan(new Date(2026, 1, 10), 'month'), { from: '2026-02-01', to: '2026-02-28' });
  assert.deepEqual(f.reviewSpan(new Date(2024, 1, 29), 'month'), { from: '2024-02-01', to: '2024-02-29' });
  assert.deepEqual(f.reviewSpan(new Date(2026, 11, 6), 'year'), { from: '2026-01-01', to: '2026-12-31' });
});

test('the Themes view\'s sections: this month, stopped, new (only those with themes), then all', () => {
  const t = (id, trend) => ({ id, label: `t${id}`, terms: [], days: ['1665-01-01'], first: '1665-01-01', last: '1665-01-01', bins: [], example: {}, trend });
  const themes = [t(1, 'steady'), t(2, 'stopped'), t(3, 'thisMonth'), t(4, 'stopped')];
  assert.deepEqual(f.themeSections(themes).map(s => [s.label, s.themes.map(x => x.id)]),
    [['This month', [3]], ['Stopped writing about', [2, 4]], ['All themes', [1, 2, 3, 4]]]);
});

test('a related day expands to its evidence: this entry\'s passage, the day\'s, the shared words', () => {
  const passage = (uri, text) => ({ uri, range: { start: { line: 2, character: 10 }, end: { line: 2, character: 10 + text.length } }, text });
  const r = { date: '1666-09-05', uri: 'file:///j/1666/1666-09-05.md', range: { start: { line: 2, character: 0 }, end: { line: 3, character: 0 } },
    score: 0.5, snippet: 's', heading: '1666-09-05',
    because: { source: passage('file:///j/1666/1666-09-02.md', 'a most horrid malicious bloody flame'),
      related: passage('file:///j/1666/1666-09-05.md', 'The fire is stopped at Pye Corner, where a great deal of it burned.'), terms: ['flame', 'fire'] } };
  assert.deepEqual(f.evidenceRows(r, 40).map(e => [e.side, e.label]), [
    ['source', 'today: a most horrid malicious bloody flame'],
    ['related', '1666-09-05: The fire is stopped at Pye Corner,…'],
    ['terms', 'shared: flame, fire'],
  ]);
  assert.equal(f.evidenceRows(r, 40)[1].tooltip, 'The fire is stopped at Pye Corner, where a great deal of it burned.');
  assert.deepEqual(f.evidenceRows({ ...r, because: { ...r.because, terms: [] } }).map(e => e.side), ['source', 'related']);
  assert.deepEqual(f.evidenceRows({ ...r, because: undefined }), []);
});

test('the day of the entry under the cursor: the date heading above, else the file name', () => {
  const month = ['# September 1666', '', '## 1666-09-02', 'Fire.', '', '## 1666-09-03 Monday', 'More fire.'];
  assert.equal(f.entryDay(month, 3, '1666-09.md'), '1666-09-02');
  assert.equal(f.entryDay(month, 6, '1666-09.md'), '1666-09-03');
  assert.equal(f.entryDay(month, 0, 'september.md'), null);
  assert.equal(f.entryDay(['Walked.'], 0, '2024-05-01.md'), '2024-05-01');
  assert.equal(f.entryDay(['## 2019-02-30'], 0, 'x.md'), null); // not a day of the calendar
});

test('today\'s entry by layout: a file per day, in year folders or not, or a section of a month file', () => {
  assert.deepEqual(f.todayEntry('YYYY/YYYY-MM-DD.md', '2026-12-02'), { path: '2026/2026-12-02.md', heading: '# 2026-12-02' });
  assert.deepEqual(f.todayEntry('YYYY-MM-DD.md', '2026-12-02'), { path: '2026-12-02.md', heading: '# 2026-12-02' });
  assert.deepEqual(f.todayEntry('YYYY/YYYY-MM.md', '2026-12-02'), { path: '2026/2026-12.md', heading: '## 2026-12-02' });
  assert.deepEqual(f.todayEntry('nonsense', '2026-12-02'), { path: '2026/2026-12-02.md', heading: '# 2026-12-02' });
  assert.equal(f.localDay(new Date(2026, 11, 2, 23, 59)), '2026-12-02');
});

test('a new entry from a template, or the heading alone', () => {
  assert.equal(f.entryText(undefined, '2026-12-02', '# 2026-12-02'), '# 2026-12-02\n\n');
  assert.equal(f.entryText('{{title}}\n\n{{weekday}}, {{date}}\n\n## Grateful for\n', '2026-12-02', '# 2026-12-02'),
    '# 2026-12-02\n\nWednesday, 2026-12-02\n\n## Grateful for\n');
});

test('today\'s section of a month file is found by its heading', () => {
  const month = '# December 2026\n\n## 2026-12-01\n\nCold.\n\n## 2026-12-02 Wednesday\n\nSnow.\n';
  assert.equal(f.dayLine(month, '2026-12-02'), 6);
  assert.equal(f.dayLine(month, '2026-12-03'), -1);
  assert.equal(f.dayLine('## 2026-12-021', '2026-12-02'), -1);
});

test('an answer list is titled with the question and what it was filtered to', () => {
  assert.equal(f.askTitle('the plague in 1665', '1665'), '"the plague in 1665" · filtered to 1665');
  assert.equal(f.askTitle('a day I felt alive', null), '"a day I felt alive"');
});

test('a status asked at the end of indexing progress shows the run as over', () => {
  const asked = { journalFolder: '/j', indexPath: '/i', modelId: 'm', indexing: true, files: 2, entries: 730, chunks: 800, skipped: [],
    progress: { entriesDone: 730, entriesTotal: 730, filesDone: 2, filesTotal: 2 } };
  assert.equal(f.statusBarText(f.afterRun(asked)), '$(book) 730 entries');
});

test('a change to the server path, index location, model or threads restarts the folder\'s server, in either namespace', () => {
  for (const section of ['journalLsp.server.path', 'journalLsp.indexLocation', 'journal.model', 'journalLsp.threads'])
    assert.equal(f.settingsChange(s => s === section || section.startsWith(`${s}.`)), 'restart', section);
});

test('a change to any other setting of ours, or of the old namespace, notifies the folder\'s server', () => {
  for (const section of ['journalLsp.results', 'journal.exclude'])
    assert.equal(f.settingsChange(s => s === section || section.startsWith(`${s}.`)), 'notify', section);
});

test('a change to another extension\'s settings leaves the server alone', () => {
  assert.equal(f.settingsChange(s => s === 'editor' || s === 'editor.fontSize'), undefined);
});

test('a folder\'s server is given the journal files on disk under that folder, one filter per glob', () => {
  assert.deepEqual(f.journalDocuments('file:///home/me/journal', ['**/*.md', '**/*.org']), [
    { scheme: 'file', pattern: { baseUri: 'file:///home/me/journal', pattern: '**/*.md' } },
    { scheme: 'file', pattern: { baseUri: 'file:///home/me/journal', pattern: '**/*.org' } },
  ]);
});

test('an error shows its message; anything else thrown shows as text', () => {
  assert.equal(f.errorMessage(new Error('the server is not running')), 'the server is not running');
  assert.equal(f.errorMessage('timed out'), 'timed out');
});
