// Pure presentation logic, free of the vscode API so that it is unit-tested under plain Node.
import type { JournalResult, StatusResult, ThemeInfo } from './protocol';

const DAY_MS = 86_400_000;

/** Parses YYYY-MM-DD as a UTC calendar day; null when it is not one. */
export function parseDay(day: string | null | undefined): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day ?? '');
  if (!m) return null;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return date.getUTCMonth() === +m[2] - 1 && date.getUTCDate() === +m[3] ? date : null;
}

/** "today", "yesterday", "5 days ago", "3 weeks ago", "4 months ago", "2 years ago" (or "in …" for a future day). */
export function howLongAgo(day: string | null, today: Date): string {
  const date = parseDay(day);
  if (!date) return '';
  const todayUtc = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  const days = Math.round((todayUtc - date.getTime()) / DAY_MS);
  if (days === 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days === -1) return 'tomorrow';
  const n = Math.abs(days);
  // Months and years by the calendar (2024-11-25 is 2 years before 2026-11-25), days and weeks by count.
  const [from, to] = days > 0 ? [date, new Date(todayUtc)] : [new Date(todayUtc), date];
  let months = (to.getUTCFullYear() - from.getUTCFullYear()) * 12 + to.getUTCMonth() - from.getUTCMonth();
  if (to.getUTCDate() < from.getUTCDate()) months--;
  const [count, unit] =
    n < 14 ? [n, 'day'] : months < 2 ? [Math.round(n / 7), 'week'] : months < 24 ? [months, 'month'] : [Math.floor(months / 12), 'year'];
  const phrase = `${count} ${unit}${count === 1 ? '' : 's'}`;
  return days > 0 ? `${phrase} ago` : `in ${phrase}`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * A QuickPick row for one result: the date, its weekday and how long ago, and the passage that matched. (Every row
 * once also said "not opened here yet": true of nearly every day, so it told nothing.)
 */
export function resultItem(r: JournalResult, today: Date): { label: string; description: string; detail: string } {
  const date = parseDay(r.date);
  const label = `$(calendar) ${r.date ?? (r.heading || fileName(r.uri))}`;
  const parts = date ? [WEEKDAYS[date.getUTCDay()], howLongAgo(r.date, today)] : [fileName(r.uri)];
  if (r.related === false) parts.push('not closely related');
  return { label, description: parts.join(' · '), detail: r.snippet };
}

function fileName(uri: string): string {
  return decodeURIComponent(uri.split('/').pop() ?? uri);
}

/** The status bar text: progress while indexing, else the number of entries. */
export function statusBarText(status: StatusResult | undefined): string {
  if (!status) return '$(book) Journal';
  if (status.indexing) {
    const p = status.progress;
    return p && p.entriesTotal > 0
      ? `$(sync~spin) Journal ${p.entriesDone.toLocaleString('en-US')} / ${p.entriesTotal.toLocaleString('en-US')}`
      : '$(sync~spin) Journal indexing…';
  }
  const n = status.entries;
  return `$(book) ${n.toLocaleString('en-US')} ${n === 1 ? 'entry' : 'entries'}`;
}

/**
 * A status asked for just after the server's indexing progress ended: the run is over even where the answer still
 * says indexing (the server sends the end of its progress just before it counts the run as done).
 */
export function afterRun(status: StatusResult): StatusResult {
  return { ...status, indexing: false, progress: undefined };
}

/** The status bar text for one of the server's work-done progress messages, or undefined to keep the current one. */
export function progressText(value: { kind: string; message?: string; percentage?: number }): string | undefined {
  if (value.kind === 'end') return undefined;
  const m = /^([\d,]+) \/ ([\d,]+) entries$/.exec(value.message ?? '');
  return m ? `$(sync~spin) Journal ${m[1]} / ${m[2]}` : '$(sync~spin) Journal indexing…';
}

/** The "Show Index Status" report, as Markdown. */
export function statusReport(status: StatusResult): string {
  if (status.active === false)
    return ['# Journal index', '', `- Folder: \`${status.journalFolder}\``, '- Not served as a journal: nothing is indexed.', '', status.reason ?? '', ''].join('\n');
  const lines = [
    '# Journal index',
    '',
    `- Journal folder: \`${status.journalFolder}\``,
    `- Entries: ${status.entries.toLocaleString('en-US')} in ${status.files.toLocaleString('en-US')} files (${status.chunks.toLocaleString('en-US')} passages)`,
    `- Model: ${status.modelId}, on this machine only`,
    `- Index: \`${status.indexPath}\``,
    `- Last indexed: ${status.lastIndexedAt ?? 'not yet'}${status.indexing ? ' (indexing now)' : ''}`,
  ];
  if (status.progress) lines.push(`- Progress: ${status.progress.entriesDone} / ${status.progress.entriesTotal} entries`);
  lines.push('', `## Skipped files (${status.skipped.length})`, '');
  lines.push(...(status.skipped.length ? status.skipped.map(s => `- \`${s.path}\`: ${s.reason}`) : ['None.']));
  const warnings = status.warnings ?? [];
  if (warnings.length) lines.push('', `## Warnings (${warnings.length})`, '', ...warnings.map(w => `- \`${w.path}\`: ${w.reason}`));
  const template = status.templateLines ?? [];
  if (template.length)
    lines.push('', `## Template lines, left out of search (${template.length})`, '', ...template.map(t => `- \`${t}\``));
  return lines.join('\n') + '\n';
}

/**
 * Every server setting (docs/lsp-extensions.md, "Settings"; a unit test keeps them in step), each
 * `journalLsp.<key>` in VS Code (read from `journal.<key>` where only that is set: see {@link settingValue}).
 */
export const serverSettingKeys = [
  'include', 'exclude', 'results', 'hoverResults', 'neighbourDays', 'forgottenWeight', 'debounceMs', 'privateFlag', 'indexLocation', 'model', 'threads',
  'enabled', 'hovers', 'codeLenses',
] as const;

/** The settings that name a program or a folder: machine settings, never read from a workspace (even the old keys). */
export const machineSettingKeys: ReadonlySet<string> = new Set(['server.path', 'indexLocation']);

/** The settings fixed for a server's life (where it runs from, where its index lives, its model and threads). */
export const restartSettingKeys = ['server.path', 'indexLocation', 'model', 'threads'] as const;

/**
 * What a settings change means for one folder's server, given whether the change affects a section there: restart
 * it for a {@link restartSettingKeys} key, else notify it of any other `journalLsp.*` or old `journal.*` setting.
 */
export function settingsChange(affects: (section: string) => boolean): 'restart' | 'notify' | undefined {
  if (restartSettingKeys.some(key => affects(`journalLsp.${key}`) || affects(`journal.${key}`))) return 'restart';
  return affects('journalLsp') || affects('journal') ? 'notify' : undefined;
}

/** A setting's values by level, as VS Code's `WorkspaceConfiguration.inspect` gives them. */
export interface SettingLevels {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

/**
 * A setting's value: ours (`journalLsp.<key>`) where the person set it at any level, else the old `journal.<key>`
 * where they set that (our namespace until 0.4, shared with vscode-journal, whose "Journal" settings section it
 * mixed with ours), else our default. For a machine setting ({@link machineSettingKeys}) either key counts only from
 * the user's own settings: a workspace must never choose the program that runs or where it writes.
 */
export function settingValue(key: string, ours: SettingLevels | undefined, old: SettingLevels | undefined): unknown {
  const set = (levels: SettingLevels | undefined, userOnly: boolean) =>
    userOnly ? levels?.globalValue : levels?.workspaceFolderValue ?? levels?.workspaceValue ?? levels?.globalValue;
  const machine = machineSettingKeys.has(key);
  return set(ours, machine) ?? set(old, machine) ?? ours?.defaultValue;
}

/**
 * The server's settings object (its `journal` section) from a setting reader; empty values are left out, except
 * `enabled`, whose null means "let the files decide" and must reach the server when the person clears the setting.
 */
export function serverSettings(get: (key: string) => unknown): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const key of serverSettingKeys) {
    const value = get(key);
    if (value !== undefined && value !== null && value !== '') settings[key] = value;
    else if (key === 'enabled') settings[key] = null;
  }
  return settings;
}

/**
 * The bundled server's path in the extension's `server` folder. A .vsix carries either `journal-lsp-server.dll`, run by
 * `dotnet` (framework-dependent, ReadyToRun), or, on linux-x64, the server compiled ahead of time (Native AOT, no .NET
 * needed): `journal-lsp-server` for x86-64-v3 CPUs and `journal-lsp-server-x86-64-v2` for CPUs without AVX2 and its
 * companions (which the first would refuse to start on). A folder holding both kinds (`npm run build:server` over a
 * packaged one) runs the .dll, the newer build. `cpuinfo` reads /proc/cpuinfo (undefined where there is none), only
 * when the choice needs it. Returns a path that may not exist (the .dll where there is no server at all, the v2
 * build where only the v3 one is there and the CPU cannot run it), for `serverCommand` to report.
 */
export function bundledServer(folder: string, exists: (path: string) => boolean, cpuinfo: () => string | undefined): string {
  const join = (name: string) => `${folder}/${name}`;
  const dll = join('journal-lsp-server.dll');
  if (exists(dll)) return dll;
  const native = join('journal-lsp-server'), v2 = join('journal-lsp-server-x86-64-v2');
  if (!exists(native)) return exists(v2) ? v2 : dll; // v2 alone runs on any x86-64; neither: the server is missing
  const text = cpuinfo();
  return text !== undefined && isX86_64v3(text) ? native : v2; // v2 may be missing (a damaged install): reported
}

/**
 * Whether a CPU runs x86-64-v3 code, from /proc/cpuinfo's `flags` line: AVX, AVX2, BMI1, BMI2, F16C, FMA, LZCNT
 * (Linux says `abm`) and MOVBE, as the x86-64 psABI's level 3 lists them. Linux lists AVX only where the OS saves its
 * registers, so the flags are what a process may use.
 */
export function isX86_64v3(cpuinfo: string): boolean {
  const line = /^flags\s*:(.*)$/m.exec(cpuinfo);
  if (!line) return false;
  const flags = new Set(line[1].trim().split(/\s+/));
  return ['avx', 'avx2', 'bmi1', 'bmi2', 'f16c', 'fma', 'abm', 'movbe'].every(flag => flags.has(flag));
}

/** How to start the server: `dotnet <dll>` for a .dll, else the executable itself; or why it cannot start. */
export function serverCommand(
  configuredPath: string | undefined, bundledDll: string, exists: (path: string) => boolean,
): { command: string; args: string[] } | { error: string } {
  const path = configuredPath?.trim() || bundledDll;
  if (!exists(path)) {
    return {
      error: configuredPath?.trim()
        ? `Journal: the language server was not found at "${path}" (setting journalLsp.server.path). Fix or clear the setting.`
        : `Journal: the bundled language server is missing (${path}). Reinstall the extension, or build it with "npm run build".`,
    };
  }
  return path.toLowerCase().endsWith('.dll') ? { command: 'dotnet', args: [path] } : { command: path, args: [] };
}

/** The document selector of one folder's server: the journal files (`globs`) on disk under `folderUri`. */
export function journalDocuments(folderUri: string, globs: readonly string[]): { scheme: 'file'; pattern: { baseUri: string; pattern: string } }[] {
  return globs.map(pattern => ({ scheme: 'file', pattern: { baseUri: folderUri, pattern } }));
}

/**
 * The environment the server process starts with: the editor's, plus the switches that keep ONNX Runtime's and
 * .NET's telemetry off (the server also sets ORT_DISABLE_TELEMETRY itself, natively, at start; docs/privacy.md).
 */
export function serverEnvironment(base: Record<string, string | undefined>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) if (value !== undefined) env[key] = value;
  return { ...env, ORT_DISABLE_TELEMETRY: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' };
}


/** The days of the timeline bin starting on `start` (YYYY-MM-DD): its month, or its week from Monday to Sunday. */
export function binRange(start: string, by: 'month' | 'week'): { from: string; to: string } {
  const first = parseDay(start);
  if (!first) throw new Error(`not a day: ${start}`);
  const last = by === 'week'
    ? new Date(first.getTime() + 6 * DAY_MS)
    : new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0));
  return { from: start, to: last.toISOString().slice(0, 10) };
}

/**
 * The timeline webview's page: a question box, month/week, the chart's canvas and one script, under a Content
 * Security Policy that allows nothing else (no network, no inline script; styles only from the page's nonce).
 */
export function timelineHtml(cspSource: string, scriptUri: string, nonce: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${cspSource} data:; style-src 'nonce-${nonce}'; script-src ${cspSource};">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Journal Timeline</title>
<style nonce="${nonce}">
  body { color: var(--vscode-foreground); font-family: var(--vscode-font-family); padding: 0 16px; }
  form { display: flex; gap: 8px; margin: 12px 0 4px; }
  input, select, button { font: inherit; color: var(--vscode-input-foreground); background: var(--vscode-input-background);
    border: 1px solid var(--vscode-input-border, transparent); padding: 3px 6px; }
  input { flex: 1; }
  button { color: var(--vscode-button-foreground); background: var(--vscode-button-background); cursor: pointer; }
  #summary { color: var(--vscode-descriptionForeground); margin: 4px 0 8px; }
  #frame { position: relative; height: calc(60vh - 100px); min-height: 240px; }
  #themes-frame { position: relative; height: 40vh; min-height: 200px; }
  h2 { font-size: 1.1em; font-weight: 600; margin: 16px 0 4px; }
  #themes-summary { color: var(--vscode-descriptionForeground); margin: 0 0 8px; }
  #themes-list { padding-left: 18px; }
  details { margin: 8px 0; color: var(--vscode-descriptionForeground); }
  td { padding: 1px 12px 1px 0; text-align: right; }
  td button { color: var(--vscode-textLink-foreground); background: none; border: none; padding: 0; }
</style>
</head>
<body>
<form id="form">
  <input id="query" type="text" placeholder="a question or phrase, e.g. plague in 1665 (empty: entries alone)" aria-label="Question">
  <select id="by" aria-label="Bins"><option value="month">by month</option><option value="week">by week</option></select>
  <button type="submit">Show</button>
</form>
<div id="summary">Counting…</div>
<div id="frame"><canvas id="chart" role="img" aria-label="Entries per month, and the days matching the question"></canvas></div>
<details id="as-table"><summary>As a table</summary><table id="table"></table></details>
<h2>Themes over time</h2>
<div id="themes-summary">Finding themes…</div>
<div id="themes-frame"><canvas id="themes" role="img" aria-label="The journal's themes per month or week, stacked"></canvas></div>
<details id="themes-as-list"><summary>Themes as a list</summary><ul id="themes-list"></ul></details>
<script src="${scriptUri}"></script>
</body>
</html>
`;
}

/** A row of the Related Days view: the day, then how long ago and the passage that matched, the passage whole as tooltip. */
export function relatedDayRow(r: JournalResult, today: Date): { label: string; description: string; tooltip: string } {
  const ago = howLongAgo(r.date, today);
  return { label: r.date ?? (r.heading || fileName(r.uri)), description: [r.linked ? 'linked' : '', ago, r.snippet].filter(Boolean).join(' · '), tooltip: r.snippet };
}

/**
 * A row of the Themes view: the theme's words, then how many days and the years it spans ("212 days · 1665–1666"),
 * with its words, its span and its most central passage as tooltip.
 */
export function themeRow(t: ThemeInfo): { label: string; description: string; tooltip: string } {
  const years = t.first.slice(0, 4) === t.last.slice(0, 4) ? t.first.slice(0, 4) : `${t.first.slice(0, 4)}–${t.last.slice(0, 4)}`;
  return {
    label: t.label,
    description: `${t.days.length} ${t.days.length === 1 ? 'day' : 'days'} · ${years}`,
    tooltip: `${t.terms.join(', ')}\n${t.first} to ${t.last}\n\n${t.example.date ?? ''} ${t.example.snippet}`.trim(),
  };
}

/** The calendar month or year holding `today`, as YYYY-MM-DD days (local time): what "Review This Month / Year" asks about. */
export function reviewSpan(today: Date, span: 'month' | 'year'): { from: string; to: string } {
  const day = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  return span === 'year'
    ? { from: `${today.getFullYear()}-01-01`, to: `${today.getFullYear()}-12-31` }
    : { from: day(new Date(today.getFullYear(), today.getMonth(), 1)), to: day(new Date(today.getFullYear(), today.getMonth() + 1, 0)) };
}

/**
 * The Themes view's sections, in order: this month's themes, those stopped, the new ones (each only when it has
 * themes), then every theme; each with its themes in the order given (most days first).
 */
export function themeSections(themes: ThemeInfo[]): { label: string; themes: ThemeInfo[] }[] {
  const sections = [
    { label: 'This month', themes: themes.filter(t => t.trend === 'thisMonth') },
    { label: 'Stopped writing about', themes: themes.filter(t => t.trend === 'stopped') },
    { label: 'New', themes: themes.filter(t => t.trend === 'new') },
  ].filter(s => s.themes.length > 0);
  return [...sections, { label: 'All themes', themes }];
}

/** A day under a theme in the Themes view: the day, then the theme's passage of it (whole as tooltip). */
export function themeDayRow(r: JournalResult): { label: string; description: string; tooltip: string } {
  return { label: r.date ?? (r.heading || fileName(r.uri)), description: r.snippet, tooltip: r.snippet };
}

/**
 * The rows under a related day in the Related Days view, from its evidence: this entry's passage ("today"), the day's
 * passage, and the words both hold (none when there are none), each label cut to `chars` characters.
 */
export function evidenceRows(r: JournalResult, chars = 90): { side: 'source' | 'related' | 'terms'; label: string; tooltip: string }[] {
  const b = r.because;
  if (!b) return [];
  const cut = (text: string) => (text.length > chars ? text.slice(0, chars - 1).replace(/\s+\S*$/, '') + '…' : text); // at a word's end
  const rows: { side: 'source' | 'related' | 'terms'; label: string; tooltip: string }[] = [
    { side: 'source', label: `today: ${cut(b.source.text)}`, tooltip: b.source.text },
    { side: 'related', label: `${r.date ?? (r.heading || fileName(r.uri))}: ${cut(b.related.text)}`, tooltip: b.related.text },
  ];
  if (b.terms.length) rows.push({ side: 'terms', label: `shared: ${b.terms.join(', ')}`, tooltip: 'Rare words both passages hold, rarest first' });
  return rows;
}

/**
 * The day of the entry holding `line`, as the client can tell it without the server: the nearest heading above (or
 * on) the line that starts with YYYY-MM-DD, else a YYYY-MM-DD in the file name; null when neither (the view then shows
 * no "On this day").
 */
export function entryDay(lines: readonly string[], line: number, fileName: string): string | null {
  for (let i = Math.min(line, lines.length - 1); i >= 0; i--) {
    const m = /^#{1,6}\s+(\d{4}-\d{2}-\d{2})\b/.exec(lines[i]);
    if (m && parseDay(m[1])) return m[1];
  }
  const m = /(\d{4}-\d{2}-\d{2})/.exec(fileName);
  return m && parseDay(m[1]) ? m[1] : null;
}

/** Where "Journal: New Entry for Today" writes, by the `journalLsp.newEntry.layout` setting. */
export type EntryLayout = 'YYYY/YYYY-MM-DD.md' | 'YYYY-MM-DD.md' | 'YYYY/YYYY-MM.md';

/** A local calendar day as YYYY-MM-DD (the person's today, not UTC's). */
export function localDay(now: Date): string {
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/**
 * Today's entry: the file (relative to the journal folder) and, for a month file, the `## YYYY-MM-DD` heading that
 * starts the day. An unknown layout falls back to the default, `YYYY/YYYY-MM-DD.md`.
 */
export function todayEntry(layout: string, day: string): { path: string; heading: string } {
  const [y, m] = day.split('-');
  if (layout === 'YYYY/YYYY-MM.md') return { path: `${y}/${y}-${m}.md`, heading: `## ${day}` };
  if (layout === 'YYYY-MM-DD.md') return { path: `${day}.md`, heading: `# ${day}` };
  return { path: `${y}/${day}.md`, heading: `# ${day}` };
}

/**
 * The text of a new entry from a template: `{{date}}` (YYYY-MM-DD), `{{weekday}}` (Monday...) and `{{title}}` (the
 * entry's heading line) filled in; without a template, the heading and an empty line.
 */
export function entryText(template: string | undefined, day: string, heading: string): string {
  if (template === undefined) return `${heading}\n\n`;
  const date = parseDay(day);
  const weekday = date ? ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][date.getUTCDay()] : '';
  return template.replaceAll('{{date}}', day).replaceAll('{{weekday}}', weekday).replaceAll('{{title}}', heading);
}

/**
 * Where today's section of a month file starts (0-based line), or -1 when the file has no `## YYYY-MM-DD` heading
 * for it yet.
 */
export function dayLine(text: string, day: string): number {
  return text.split(/\r?\n/).findIndex(line => new RegExp(`^#{1,6}\\s+${day}\\b`).test(line));
}

/** The QuickPick title for a question's answers: the question, and the days it was filtered to when a phrase or bound narrowed them. */
export function askTitle(question: string, filteredTo?: string | null): string {
  return filteredTo ? `"${question}" · filtered to ${filteredTo}` : `"${question}"`;
}

/** An error's message, for a person to read. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
