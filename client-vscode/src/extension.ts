import { existsSync } from 'node:fs';
import * as vscode from 'vscode';
import {
  CloseAction, ErrorAction, ExecuteCommandRequest, LanguageClient, LanguageClientOptions, RequestType, ServerOptions, TransportKind,
} from 'vscode-languageclient/node';
import { randomBytes } from 'node:crypto';
import {
  askTitle, binRange, dayLine, entryText, localDay, progressText, todayEntry, resultItem, serverCommand, serverEnvironment, serverSettings, settingValue, statusBarText, statusReport,
  timelineHtml,
} from './format';
import {
  DeleteIndexResult, JournalMethods, JournalResult, ReindexResult, SearchParams, SimilarParams, StatusResult, TimelineParams,
  TimelineResult, UnderstandResult,
} from './protocol';
import { RelatedDaysView } from './relatedDays';
import { dotnetOnPath, downloadUrl, minimumMajor } from './runtime';

const search = new RequestType<SearchParams, JournalResult[], void>(JournalMethods.search);
const similar = new RequestType<SimilarParams, JournalResult[], void>(JournalMethods.similar);
const status = new RequestType<object, StatusResult, void>(JournalMethods.status);
const timeline = new RequestType<TimelineParams, TimelineResult, void>(JournalMethods.timeline);
const understand = new RequestType<SearchParams, UnderstandResult, void>(JournalMethods.understand);

// One language server per workspace folder (multi-root: each folder is its own journal, or not), by folder URI.
const clients = new Map<string, LanguageClient>();

/** The folder of the active editor's file, else the first folder. */
function currentFolder(): vscode.WorkspaceFolder | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return (uri && vscode.workspace.getWorkspaceFolder(uri)) || vscode.workspace.workspaceFolders?.[0];
}

/** The language server of {@link currentFolder}. */
function currentClient(): LanguageClient | undefined {
  const folder = currentFolder();
  return folder && clients.get(folder.uri.toString());
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Journal', { log: true });
  context.subscriptions.push(log);
  const statusItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  statusItem.command = 'journal.showStatus';
  statusItem.text = statusBarText(undefined);
  statusItem.tooltip = 'Journal index: click for details';
  context.subscriptions.push(statusItem);

  // Commands exist from the start, so the palette never says "command not found"; each explains what is missing.
  const register = (id: string, run: () => Promise<unknown>) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, () => run().catch(e => showError(log, e))));
  register('journal.showSimilarDays', findSimilarDays);
  register('journal.askQuestion', () => askQuestion());
  register('journal.askAboutSelection', askAboutSelection);
  register('journal.newEntryForToday', newEntryForToday);
  register('journal.showOnThisDay', onThisDay);
  register('journal.showTimeline', () => showTimeline(context));
  register('journal.rebuildIndex', reindex);
  register('journal.showStatus', showStatus);
  register('journal.confirmDeleteIndex', deleteIndex);
  for (const command of serverCommands) {
    context.subscriptions.push(vscode.commands.registerCommand(command, (...args: unknown[]) => runServerCommand(command, args).catch(e => showError(log, e))));
  }
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(statusView.uri.scheme, statusView));

  // A loose Markdown file (no folder) is no journal: stay quiet; the commands say what to do (requireClient).
  if (!vscode.workspace.workspaceFolders?.length) return;
  refreshStatus = async () => { await updateStatus(statusItem).catch(() => false); };
  for (const folder of vscode.workspace.workspaceFolders) await startClient(context, folder, log, statusItem);
  const stopClient = async (folder: vscode.WorkspaceFolder) => {
    const old = clients.get(folder.uri.toString());
    clients.delete(folder.uri.toString());
    await old?.stop().catch(() => undefined);
  };
  context.subscriptions.push(vscode.workspace.onDidChangeWorkspaceFolders(async e => {
    for (const folder of e.removed) await stopClient(folder);
    for (const folder of e.added) await startClient(context, folder, log, statusItem);
    void refreshStatus();
  }));
  // Where the server runs from and where its index lives are fixed for a server's life: restart it for those.
  context.subscriptions.push(vscode.workspace.onDidChangeConfiguration(async e => {
    // journalLsp.enabled may have made a folder a journal (or not): the status bar follows soon after.
    if (e.affectsConfiguration('journalLsp.enabled')) setTimeout(() => void refreshStatus(), 1_500);
    const restartFor = ['server.path', 'indexLocation', 'model', 'threads'];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (!restartFor.some(key => e.affectsConfiguration(`journalLsp.${key}`, folder.uri) || e.affectsConfiguration(`journal.${key}`, folder.uri))) continue;
      log.info(`server path, index location, model or threads changed: restarting the language server of ${folder.name}`);
      await stopClient(folder);
      await startClient(context, folder, log, statusItem);
    }
  }));
  // The status bar speaks for the folder of the file being edited.
  context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(() => void refreshStatus()));
  context.subscriptions.push(new RelatedDaysView(currentClient));
  pollStatus(context, statusItem);
}

async function startClient(
  context: vscode.ExtensionContext, folder: vscode.WorkspaceFolder, log: vscode.LogOutputChannel, statusItem: vscode.StatusBarItem,
): Promise<void> {
  const server = serverCommand(
    setting('server.path') as string | undefined, context.asAbsolutePath('server/journal-lsp-server.dll'), existsSync);
  if ('error' in server) {
    void vscode.window.showErrorMessage(server.error);
    return;
  }
  if (server.command === 'dotnet') {
    const dotnet = await findDotnet(context, log);
    if ('problem' in dotnet) {
      void vscode.window.showErrorMessage(dotnet.problem, 'Download .NET').then(choice => {
        if (choice) void vscode.env.openExternal(vscode.Uri.parse(downloadUrl));
      });
      return;
    }
    server.command = dotnet.command;
  }

  const serverOptions: ServerOptions = {
    command: server.command, args: server.args, transport: TransportKind.stdio, options: { env: serverEnvironment(process.env) },
  };
  let restarts: number[] = [];
  const clientOptions: LanguageClientOptions = {
    // This folder's Markdown files only: each folder of a multi-root workspace has its own server.
    documentSelector: [{ scheme: 'file', language: 'markdown', pattern: { baseUri: folder.uri.toString(), pattern: '**/*' } }],
    workspaceFolder: folder,
    outputChannel: log,
    initializationOptions: serverSettings(key => setting(key, folder.uri)),
    // A change in either namespace notifies the server, which then asks for its "journal" section (below).
    synchronize: { configurationSection: ['journalLsp', 'journal'] },
    middleware: {
      // The server asks for its "journal" section; it gets ours, with the old keys as the fallback (settingValue).
      workspace: {
        configuration: (params, token, next) => params.items.every(item => item.section === 'journal')
          ? params.items.map(() => serverSettings(key => setting(key, folder.uri)))
          : next(params, token),
      },
      // The server's "Indexing journal" progress also drives the status bar ("Journal 1,234 / 3,413").
      handleWorkDoneProgress: (token, params, next) => {
        statusItem.text = progressText(params) ?? statusItem.text;
        if (params.kind === 'end') void refreshStatus();
        next(token, params);
      },
    },
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue }),
      closed: () => {
        // Restart after a crash, telling the person once; give up (saying so) after 3 crashes in 3 minutes.
        const now = Date.now();
        restarts = restarts.filter(t => now - t < 180_000).concat(now);
        if (restarts.length > 3) {
          void vscode.window.showErrorMessage('Journal: the language server stopped 3 times in 3 minutes and will not be restarted. See the "Journal" output for why.');
          statusItem.text = '$(error) Journal stopped';
          return { action: CloseAction.DoNotRestart, handled: true };
        }
        if (restarts.length === 1) void vscode.window.showWarningMessage('Journal: the language server stopped unexpectedly and was restarted.');
        statusItem.text = '$(sync~spin) Journal restarting…';
        return { action: CloseAction.Restart, handled: true };
      },
    },
  };
  const started = new LanguageClient('journal-lsp', 'Journal LSP', serverOptions, clientOptions);
  // Every folder's server offers the same commands, and VS Code takes each command id once: the extension registers
  // them itself (serverCommands, routed to the server of the file a command names), not each client.
  started.getFeature(ExecuteCommandRequest.method).initialize = () => undefined;
  try {
    await started.start();
  } catch (e) {
    void vscode.window.showErrorMessage(`Journal: the language server did not start: ${message(e)}. See the "Journal" output.`);
    return;
  }
  clients.set(folder.uri.toString(), started);
  context.subscriptions.push(started);
}

let refreshStatus: () => Promise<void> = async () => undefined;

/** The server's commands (docs/lsp-extensions.md), which code lenses run. */
const serverCommands = [
  JournalMethods.askCommand, JournalMethods.findSimilarDaysCommand, JournalMethods.onThisDayCommand,
  JournalMethods.reindexCommand, JournalMethods.deleteIndexCommand,
];

/**
 * Runs a server command (a code lens's) on the server of the file it names (its first argument, a file URI), else of
 * the current folder, and shows Find Similar Days' and On This Day's results as a person expects, in a QuickPick.
 */
async function runServerCommand(command: string, args: unknown[]): Promise<unknown> {
  const named = typeof args[0] === 'string' && args[0].startsWith('file:') ? vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(args[0])) : undefined;
  const client = (named && clients.get(named.uri.toString())) || requireClient();
  const result = await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  if (command === JournalMethods.findSimilarDaysCommand) await pick(result as JournalResult[], 'Similar days');
  else if (command === JournalMethods.onThisDayCommand) await pick(result as JournalResult[], `On this day: ${args[0] ?? 'today'}`);
  return result;
}

/**
 * A setting of ours (`journalLsp.<key>`), or the old `journal.<key>` where only that is set (format.ts settingValue),
 * as it applies to `scope` (a workspace folder; the current folder by default).
 */
function setting(key: string, scope = currentFolder()?.uri): unknown {
  return settingValue(key, vscode.workspace.getConfiguration('journalLsp', scope).inspect(key), vscode.workspace.getConfiguration('journal', scope).inspect(key));
}

export async function deactivate(): Promise<void> {
  await Promise.all([...clients.values()].map(c => c.stop()));
}

function requireClient(): LanguageClient {
  const client = currentClient();
  if (!client?.isRunning()) {
    throw new Error(vscode.workspace.workspaceFolders?.length
      ? 'the journal language server is not running (see the "Journal" output)'
      : 'open your journal folder (File > Open Folder) to use Journal LSP');
  }
  return client;
}

/**
 * The client, where the server serves this folder as a journal; else undefined, after saying why (the server's
 * reason) with a button that turns journal.enabled on for the folder.
 */
async function requireJournal(): Promise<LanguageClient | undefined> {
  const running = requireClient();
  const s = await running.sendRequest(status, {});
  if (s.active !== false) return running;
  const enable = 'Enable for This Folder';
  const choice = await vscode.window.showInformationMessage(`Journal: ${s.reason ?? 'this folder is not served as a journal.'}`, enable);
  if (choice === enable) {
    const folder = currentFolder();
    await vscode.workspace.getConfiguration('journalLsp', folder?.uri).update('enabled', true, vscode.ConfigurationTarget.WorkspaceFolder);
  }
  return undefined;
}

async function findSimilarDays(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'markdown') {
    void vscode.window.showInformationMessage('Journal: open a journal entry first, then run Find Similar Days.');
    return;
  }
  const journal = await requireJournal();
  if (!journal) return;
  const { line, character } = editor.selection.active;
  const results = await journal.sendRequest(similar, { textDocument: { uri: editor.document.uri.toString() }, position: { line, character } });
  await pick(results, 'Similar days');
}

async function askQuestion(prefill?: string): Promise<void> {
  const journal = await requireJournal();
  if (!journal) return;
  const question = await vscode.window.showInputBox({
    title: 'Ask your journal', prompt: 'A question in plain words; "in 2019" or "last year" narrows the days.',
    placeHolder: 'a day I felt truly alive', value: prefill,
  });
  if (!question?.trim()) return;
  const [results, read] = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Asking your journal…' },
    () => Promise.all([journal.sendRequest(search, { question }), journal.sendRequest(understand, { question }).catch(() => undefined)]));
  await pick(results, askTitle(question, read?.filteredTo));
}

/** "Ask Your Journal About This" (the editor's context menu): the selection, else the line, as the question to edit. */
async function askAboutSelection(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const selected = editor && (editor.selection.isEmpty ? editor.document.lineAt(editor.selection.active.line).text : editor.document.getText(editor.selection));
  await askQuestion(selected?.replace(/^#+\s*/, '').replace(/\s+/g, ' ').trim().slice(0, 500) || undefined);
}

/**
 * "Journal: New Entry for Today": opens today's entry where `journalLsp.newEntry.layout` puts it, creating it (from
 * `journalLsp.newEntry.template` when set) or, in a month file, adding today's `## YYYY-MM-DD` section; an entry that
 * exists is opened as it is, with the cursor at the end of today's text.
 */
async function newEntryForToday(): Promise<void> {
  const folder = currentFolder();
  if (!folder) throw new Error('open your journal folder (File > Open Folder) to start an entry');
  // Not a journal (a code repository, or a folder with no entry yet): start one only when the person says so.
  const s = await currentClient()?.sendRequest(status, {}).catch(() => undefined);
  if (s?.active === false) {
    const start = 'Start Today\'s Entry';
    if (await vscode.window.showInformationMessage(`Journal: ${s.reason ?? 'this folder is not served as a journal.'}`, { modal: true }, start) !== start) return;
  }
  const day = localDay(new Date());
  const { path, heading } = todayEntry(String(setting('newEntry.layout') ?? ''), day);
  const uri = vscode.Uri.joinPath(folder.uri, ...path.split('/'));
  const read = async (file: vscode.Uri) => new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  const templateSetting = String(setting('newEntry.template') ?? '').trim();
  const template = templateSetting
    ? await read(vscode.Uri.joinPath(folder.uri, templateSetting)).catch(() => { throw new Error(`the template ${templateSetting} (setting journalLsp.newEntry.template) could not be read`); })
    : undefined;
  const open = vscode.workspace.textDocuments.find(d => d.uri.toString() === uri.toString());
  const existing = open?.getText() ?? await read(uri).catch(() => undefined);
  if (existing === undefined) {
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(entryText(template, day, heading)));
  } else if (dayLine(existing, day) < 0 && heading.startsWith('## ')) {
    const section = existing.replace(/\s*$/, '\n\n') + entryText(template, day, heading);
    if (open) {
      // The month file is open (maybe with unsaved edits): add today's section to the buffer, not under it on disk.
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, new vscode.Range(open.positionAt(0), open.positionAt(existing.length)), section);
      await vscode.workspace.applyEdit(edit);
    } else {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(section));
    }
  }
  const editor = await vscode.window.showTextDocument(open ?? await vscode.workspace.openTextDocument(uri));
  // The end of today's text: up to the next day's heading (a month file's days are ## sections; a ### inside today's
  // is today's too), blank lines left out.
  const lines = editor.document.getText().split(/\r?\n/);
  const start = Math.max(0, dayLine(editor.document.getText(), day));
  let end = lines.findIndex((l, i) => i > start && /^#{1,2}\s/.test(l));
  if (end < 0 || !heading.startsWith('## ')) end = lines.length;
  let last = end - 1;
  while (last > start && lines[last].trim() === '') last--;
  const at = last === start ? new vscode.Position(Math.min(start + 2, lines.length - 1), 0) : new vscode.Position(last, lines[last].length);
  editor.selection = new vscode.Selection(at, at);
  editor.revealRange(new vscode.Range(at, at));
}

async function onThisDay(): Promise<void> {
  const today = new Date();
  const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  const journal = await requireJournal();
  if (!journal) return;
  const results = await journal.sendRequest('workspace/executeCommand', { command: JournalMethods.onThisDayCommand, arguments: [day] }) as JournalResult[];
  if (results.length === 0) {
    void vscode.window.showInformationMessage(`Journal: no entries on ${day.slice(5)} in earlier years.`);
    return;
  }
  await pick(results, 'On this day');
}

/**
 * "Journal: Show Timeline": a webview with the journal per month or week (`journal/timeline`), the days matching a
 * question highlighted; a click on a bar lists that bin's days (the matching ones when there is a question).
 */
async function showTimeline(context: vscode.ExtensionContext): Promise<void> {
  if (!await requireJournal()) return;
  // The panel speaks for the folder it was opened in; its server is looked up on each message, since a settings
  // change restarts it as a new client.
  const folder = currentFolder();
  const server = () => (folder && clients.get(folder.uri.toString())) || requireClient();
  const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
  const panel = vscode.window.createWebviewPanel('journal.timeline', 'Journal Timeline', vscode.ViewColumn.Active,
    { enableScripts: true, localResourceRoots: [dist], retainContextWhenHidden: true });
  const script = panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'timeline.js')).toString();
  panel.webview.html = timelineHtml(panel.webview.cspSource, script, randomBytes(16).toString('base64'));
  let shown: { query: string; by: 'month' | 'week' } = { query: '', by: 'month' };
  let drawn = 0; // answers come back in any order: only the latest question's is drawn
  const draw = async () => {
    const asked = ++drawn;
    try {
      const result = await server().sendRequest(timeline, { query: shown.query.trim() || undefined, by: shown.by });
      if (asked === drawn) await panel.webview.postMessage({ type: 'data', ...result, ...shown });
    } catch (e) {
      if (asked === drawn) await panel.webview.postMessage({ type: 'error', message: message(e) });
    }
  };
  // A bar's days: with a question, its matching days best first; without, the bin's entries in date order.
  const open = async (start: string) => {
    const { from, to } = binRange(start, shown.by);
    const asked = shown.query.trim();
    const results = await server().sendRequest(search, { question: asked, from, to, top: 100 });
    const when = shown.by === 'week' ? `the week of ${from}` : from.slice(0, 7);
    await pick(asked ? results.filter(r => r.related !== false) : results, asked ? `"${asked}" in ${when}` : when);
  };
  const listener = panel.webview.onDidReceiveMessage(async (m: { type: string; query?: string; by?: string; start?: string }) => {
    if (m.type === 'query') shown = { query: m.query ?? '', by: m.by === 'week' ? 'week' : 'month' };
    if (m.type === 'ready' || m.type === 'query') return draw();
    if (m.type === 'open' && m.start) await open(m.start).catch(e => void vscode.window.showErrorMessage(`Journal: ${message(e)}`));
  });
  panel.onDidDispose(() => listener.dispose());
}

async function reindex(): Promise<void> {
  const journal = await requireJournal();
  if (!journal) return;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Journal: re-indexing…' },
    () => journal.sendRequest('workspace/executeCommand', { command: JournalMethods.reindexCommand, arguments: [] }) as Promise<ReindexResult>);
  void vscode.window.showInformationMessage(
    `Journal: ${result.entries.toLocaleString('en-US')} entries in ${result.files.toLocaleString('en-US')} files re-indexed in ${result.seconds.toFixed(1)} s (${result.embedded} passages embedded, ${result.reused} reused).`);
}

async function deleteIndex(): Promise<void> {
  const journal = await requireJournal();
  if (!journal) return;
  const choice = await vscode.window.showWarningMessage(
    'Delete everything Journal LSP stored for this journal?',
    { modal: true, detail: 'The index (a copy of your entries\' text, their vectors, and which entries you opened) is deleted from this machine. Your journal files are not touched. Nothing is indexed again until you run Journal: Reindex.' },
    'Delete Index');
  if (choice !== 'Delete Index') return;
  const result = await journal.sendRequest('workspace/executeCommand', { command: JournalMethods.deleteIndexCommand, arguments: [] }) as DeleteIndexResult;
  void refreshStatus();
  void vscode.window.showInformationMessage(result.deleted.length === 0
    ? 'Journal: nothing was stored for this journal.'
    : `Journal: the index was deleted (${result.deleted.length} files and folders). Run Journal: Reindex to build it again.`);
}

/** The read-only "Journal index" view: a virtual document (no untitled file that asks to be saved on close). */
class StatusView implements vscode.TextDocumentContentProvider {
  readonly uri = vscode.Uri.from({ scheme: 'journal-status', path: '/Journal index.md' });
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private text = '';

  provideTextDocumentContent(): string {
    return this.text;
  }

  show(report: string): Thenable<unknown> {
    this.text = report;
    this.changed.fire(this.uri);
    return vscode.window.showTextDocument(this.uri, { preview: true });
  }
}
const statusView = new StatusView();

async function showStatus(): Promise<void> {
  await statusView.show(statusReport(await requireClient().sendRequest(status, {})));
}

/** A QuickPick of results that previews each entry as the selection moves and opens it at the passage on accept. */
async function pick(results: JournalResult[], title: string): Promise<void> {
  if (!results?.length) {
    void vscode.window.showInformationMessage('Journal: no matching days.');
    return;
  }
  const today = new Date();
  type Item = vscode.QuickPickItem & { result: JournalResult };
  const quickPick = vscode.window.createQuickPick<Item>();
  quickPick.title = `Journal: ${title}`;
  quickPick.placeholder = 'Type to filter; the entry previews as you move';
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  quickPick.items = results.map(result => ({ ...resultItem(result, today), result }));
  const original = vscode.window.activeTextEditor;
  let accepted = false;
  const show = (r: JournalResult, preview: boolean) => {
    const start = new vscode.Position(r.range.start.line, 0);
    return vscode.window.showTextDocument(vscode.Uri.parse(r.uri), { preview, preserveFocus: preview, selection: new vscode.Range(start, start) });
  };
  // Previews run one after another, and closing waits for the last, so a late preview never hides the restored entry.
  let previews: Promise<unknown> = Promise.resolve();
  quickPick.onDidChangeActive(items => {
    const item = items[0];
    if (item && !accepted) previews = previews.then(() => show(item.result, true)).then(undefined, () => undefined);
  });
  quickPick.onDidAccept(() => {
    const item = quickPick.selectedItems[0] ?? quickPick.activeItems[0];
    accepted = true;
    quickPick.hide();
    if (item) void show(item.result, false);
  });
  quickPick.onDidHide(() => {
    quickPick.dispose();
    // Cancelled after previewing: bring back the entry the person was on, without taking focus from whatever
    // they opened next (another command's input box, say).
    void previews.then(() => {
      const current = vscode.window.activeTextEditor?.document.uri.toString();
      if (!accepted && original && current !== original.document.uri.toString()) {
        return vscode.window.showTextDocument(original.document, { viewColumn: original.viewColumn, preserveFocus: true, selection: original.selection });
      }
    });
  });
  quickPick.show();
}

let toldEmpty = false;

/** Reads journal/status into the status bar; returns whether indexing is under way. */
async function updateStatus(item: vscode.StatusBarItem): Promise<boolean> {
  const client = currentClient();
  if (!client?.isRunning()) return false;
  const s = await client.sendRequest(status, {});
  // Not a journal: no status bar item and no Related Days view (they come back once journalLsp.enabled is set or a
  // first entry is written).
  void vscode.commands.executeCommand('setContext', 'journal.active', s.active !== false);
  if (s.active === false) {
    item.hide();
    return false;
  }
  item.show();
  item.text = statusBarText(s);
  item.tooltip = `Journal: ${s.entries} entries indexed on this machine${s.skipped.length ? `, ${s.skipped.length} files skipped` : ''}. Click for details.`;
  if (!s.indexing && s.lastIndexedAt && s.entries === 0 && !toldEmpty) {
    toldEmpty = true;
    void vscode.window.showInformationMessage(
      'Journal: this folder has no journal entries yet. Write one (say 2026-11-25.md, or a "# 2026-11-25" heading) and it is indexed as you save.');
  }
  return s.indexing;
}

function pollStatus(context: vscode.ExtensionContext, item: vscode.StatusBarItem): void {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async () => {
    let delay = 15_000;
    try {
      if (await updateStatus(item)) delay = 2_000;
    } catch {
      delay = 5_000;
    }
    if (!stopped) timer = setTimeout(tick, delay);
  };
  void tick();
  context.subscriptions.push({ dispose: () => { stopped = true; if (timer) clearTimeout(timer); } });
  context.subscriptions.push(vscode.workspace.onDidSaveTextDocument(() => { if (timer) clearTimeout(timer); timer = setTimeout(tick, 1_500); }));
}

/**
 * The `dotnet` that runs the server, found as the .NET ecosystem's extensions find it: first the .NET Install Tool
 * (ms-dotnettools.vscode-dotnet-runtime, which C# and others install; its `dotnet.findPath` knows the runtimes it
 * installed and the user's `existingDotnetPath` setting), then `dotnet` on PATH. Never downloads anything.
 */
async function findDotnet(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): Promise<{ command: string } | { problem: string }> {
  if (vscode.extensions.getExtension('ms-dotnettools.vscode-dotnet-runtime')) {
    try {
      const found = await vscode.commands.executeCommand<{ dotnetPath?: string } | undefined>('dotnet.findPath', {
        acquireContext: { version: `${minimumMajor}.0`, requestingExtensionId: context.extension.id, mode: 'runtime', architecture: process.arch },
        versionSpecRequirement: 'greater_than_or_equal',
      });
      if (found?.dotnetPath) {
        log.info(`.NET from the .NET Install Tool: ${found.dotnetPath}`);
        return { command: found.dotnetPath };
      }
    } catch (e) {
      log.warn(`the .NET Install Tool could not look for .NET: ${message(e)}; trying PATH`);
    }
  }
  return dotnetOnPath('dotnet', serverEnvironment(process.env));
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function showError(log: vscode.LogOutputChannel, e: unknown): void {
  log.error(message(e));
  void vscode.window.showErrorMessage(`Journal: ${message(e)}`);
}
