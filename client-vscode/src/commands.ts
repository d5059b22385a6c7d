// The palette commands, and the server's commands (code lenses run them) routed to the server of their file.
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import { currentFolder, JournalClients, setting } from './clients';
import { askTitle, errorMessage, reviewSpan } from './format';
import { newEntryForToday } from './newEntry';
import { DeleteIndexResult, ImportResult, JournalMethods, JournalRequests, JournalResult, ReindexResult } from './protocol';
import { pick } from './quickPick';
import type { JournalStatus } from './status';
import { showTimeline } from './timeline';

/** The server's commands (docs/lsp-extensions.md), which code lenses run. */
const serverCommands = [
  JournalMethods.askCommand, JournalMethods.findSimilarDaysCommand, JournalMethods.onThisDayCommand,
  JournalMethods.reindexCommand, JournalMethods.deleteIndexCommand,
];

/**
 * Registers every command. They exist from the start, so the palette never says "command not found"; each explains
 * what is missing (no folder, no server, not a journal).
 */
export function registerCommands(
  context: vscode.ExtensionContext, clients: JournalClients, status: JournalStatus, log: vscode.LogOutputChannel,
): void {
  const showError = (e: unknown) => {
    log.error(errorMessage(e));
    void vscode.window.showErrorMessage(`Journal: ${errorMessage(e)}`);
  };
  const register = (id: string, run: () => Promise<unknown>) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, () => run().catch(showError)));
  register('journal.showSimilarDays', () => findSimilarDays(clients));
  register('journal.showRelatedToSelection', () => findSimilarDays(clients, true));
  register('journal.askQuestion', () => askQuestion(clients));
  register('journal.askAboutSelection', () => askAboutSelection(clients));
  register('journal.newEntryForToday', () => newEntry(clients));
  register('journal.showOnThisDay', () => onThisDay(clients));
  register('journal.showTimeline', () => timeline(context, clients));
  register('journal.reviewThisMonth', () => review(clients, 'month'));
  register('journal.reviewThisYear', () => review(clients, 'year'));
  register('journal.rebuildIndex', () => reindex(clients));
  register('journal.showStatus', async () => status.report(await clients.require().sendRequest(JournalRequests.status, {})));
  register('journal.confirmDeleteIndex', () => deleteIndex(clients, status));
  register('journal.importDayOne', () => importJournal(clients, 'dayone'));
  register('journal.importJrnl', () => importJournal(clients, 'jrnl'));
  register('journal.getStarted', async () => vscode.commands.executeCommand('workbench.action.openWalkthrough', `${context.extension.id}#journal.gettingStarted`, false));
  for (const command of serverCommands) {
    context.subscriptions.push(vscode.commands.registerCommand(command, (...args: unknown[]) => runServerCommand(clients, command, args).catch(showError)));
  }
}

/**
 * Runs a server command (a code lens's) on the server of the file it names (its first argument, a file URI), else of
 * the current folder, and shows Find Similar Days' and On This Day's results as a person expects, in a QuickPick.
 */
async function runServerCommand(clients: JournalClients, command: string, args: unknown[]): Promise<unknown> {
  const named = typeof args[0] === 'string' && args[0].startsWith('file:') ? vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(args[0])) : undefined;
  const client = (named && clients.of(named)) || clients.require();
  const result = await client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
  if (command === JournalMethods.findSimilarDaysCommand) await pick(result as JournalResult[], args[2] ? 'Days related to the selection' : 'Similar days');
  else if (command === JournalMethods.onThisDayCommand) await pick(result as JournalResult[], `On this day: ${args[0] ?? 'today'}`);
  return result;
}

/**
 * The client, where the server serves this folder as a journal; else undefined, after saying why (the server's
 * reason) with a button that turns journal.enabled on for the folder.
 */
async function requireJournal(clients: JournalClients): Promise<LanguageClient | undefined> {
  const running = clients.require();
  const s = await running.sendRequest(JournalRequests.status, {});
  if (s.active !== false) return running;
  const enable = 'Enable for This Folder';
  const choice = await vscode.window.showInformationMessage(`Journal: ${s.reason ?? 'this folder is not served as a journal.'}`, enable);
  if (choice === enable) {
    await vscode.workspace.getConfiguration('journalLsp', currentFolder()?.uri).update('enabled', true, vscode.ConfigurationTarget.WorkspaceFolder);
  }
  return undefined;
}

/**
 * Find Similar Days: the days that read like the entry under the cursor, or, with `toSelection` and text selected,
 * like the passages of it the selection touches ("Related Days to the Selection").
 */
async function findSimilarDays(clients: JournalClients, toSelection = false): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const name = toSelection ? 'Related Days to the Selection' : 'Find Similar Days';
  if (!editor || editor.document.languageId !== 'markdown') {
    void vscode.window.showInformationMessage(`Journal: open a journal entry first, then run ${name}.`);
    return;
  }
  const journal = await requireJournal(clients);
  if (!journal) return;
  const { selection } = editor;
  const { line, character } = toSelection && !selection.isEmpty ? selection.start : selection.active;
  const range = toSelection && !selection.isEmpty
    ? { start: { line: selection.start.line, character: selection.start.character }, end: { line: selection.end.line, character: selection.end.character } }
    : undefined;
  const results = await journal.sendRequest(JournalRequests.similar, { textDocument: { uri: editor.document.uri.toString() }, position: { line, character }, range });
  await pick(results, range ? 'Days related to the selection' : 'Similar days');
}

async function askQuestion(clients: JournalClients, prefill?: string): Promise<void> {
  const journal = await requireJournal(clients);
  if (!journal) return;
  const question = await vscode.window.showInputBox({
    title: 'Ask your journal', prompt: 'A question in plain words; "in 2019" or "last year" narrows the days.',
    placeHolder: 'a day I felt truly alive', value: prefill,
  });
  if (!question?.trim()) return;
  const [results, read] = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: 'Asking your journal…' },
    () => Promise.all([
      journal.sendRequest(JournalRequests.search, { question }),
      journal.sendRequest(JournalRequests.understand, { question }).catch(() => undefined),
    ]));
  await pick(results, askTitle(question, read?.filteredTo));
}

/** "Ask Your Journal About This" (the editor's context menu): the selection, else the line, as the question to edit. */
async function askAboutSelection(clients: JournalClients): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const selected = editor && (editor.selection.isEmpty ? editor.document.lineAt(editor.selection.active.line).text : editor.document.getText(editor.selection));
  await askQuestion(clients, selected?.replace(/^#+\s*/, '').replace(/\s+/g, ' ').trim().slice(0, 500) || undefined);
}

async function newEntry(clients: JournalClients): Promise<void> {
  const folder = currentFolder();
  if (!folder) throw new Error('open your journal folder (File > Open Folder) to start an entry');
  const status = await clients.current()?.sendRequest(JournalRequests.status, {}).catch(() => undefined);
  await newEntryForToday(folder, status, key => setting(key, folder.uri));
}

async function onThisDay(clients: JournalClients): Promise<void> {
  const today = new Date();
  const day = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  const journal = await requireJournal(clients);
  if (!journal) return;
  const results = await journal.sendRequest('workspace/executeCommand', { command: JournalMethods.onThisDayCommand, arguments: [day] }) as JournalResult[];
  if (results.length === 0) {
    void vscode.window.showInformationMessage(`Journal: no entries on ${day.slice(5)} in earlier years.`);
    return;
  }
  await pick(results, 'On this day');
}

async function timeline(context: vscode.ExtensionContext, clients: JournalClients): Promise<void> {
  if (!await requireJournal(clients)) return;
  // The panel speaks for the folder it was opened in.
  const folder = currentFolder();
  showTimeline(context, () => (folder && clients.of(folder)) || clients.require());
}

async function reindex(clients: JournalClients): Promise<void> {
  const journal = await requireJournal(clients);
  if (!journal) return;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Journal: re-indexing…' },
    () => journal.sendRequest('workspace/executeCommand', { command: JournalMethods.reindexCommand, arguments: [] }) as Promise<ReindexResult>);
  void vscode.window.showInformationMessage(
    `Journal: ${result.entries.toLocaleString('en-US')} entries in ${result.files.toLocaleString('en-US')} files re-indexed in ${result.seconds.toFixed(1)} s (${result.embedded} passages embedded, ${result.reused} reused).`);
}

async function deleteIndex(clients: JournalClients, status: JournalStatus): Promise<void> {
  const journal = await requireJournal(clients);
  if (!journal) return;
  const choice = await vscode.window.showWarningMessage(
    'Delete everything Journal LSP stored for this journal?',
    { modal: true, detail: 'The index (a copy of your entries\' text, their vectors, and which entries you opened) is deleted from this machine. Your journal files are not touched. Nothing is indexed again until you run Journal: Reindex.' },
    'Delete Index');
  if (choice !== 'Delete Index') return;
  const result = await journal.sendRequest('workspace/executeCommand', { command: JournalMethods.deleteIndexCommand, arguments: [] }) as DeleteIndexResult;
  // A server that sends journal/didChangeStatus says so itself; an older one is asked.
  void status.refresh();
  void vscode.window.showInformationMessage(result.deleted.length === 0
    ? 'Journal: nothing was stored for this journal.'
    : `Journal: the index was deleted (${result.deleted.length} files and folders). Run Journal: Reindex to build it again.`);
}

/**
 * "Journal: Import from Day One…" and "…from jrnl…": the export picked in a file dialog, imported by the folder's
 * server into the folder (`journal.import`: a day file per day, never over a file), with a progress notification;
 * the summary says how many entries came and where.
 */
async function importJournal(clients: JournalClients, kind: 'dayone' | 'jrnl'): Promise<void> {
  const client = clients.require();
  const name = kind === 'dayone' ? 'Day One' : 'jrnl';
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: true, canSelectFolders: false, canSelectMany: false, openLabel: `Import from ${name}`,
    title: kind === 'dayone' ? 'The Day One export: its JSON .zip, the .json inside it, or its Markdown export' : 'The jrnl journal (journal.txt)',
    filters: kind === 'dayone' ? { 'Day One export': ['zip', 'json', 'md', 'txt'] } : { 'jrnl journal': ['txt'] },
  });
  if (!picked?.length) return;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Importing from ${name}…` },
    () => client.sendRequest(ExecuteCommandRequest.type, { command: JournalMethods.importCommand, arguments: [picked[0].fsPath, kind] }) as Promise<ImportResult>);
  const said = `Journal: ${result.added} ${result.added === 1 ? 'entry' : 'entries'} imported into ${result.files.length} day ${result.files.length === 1 ? 'file' : 'files'}`
    + (result.alreadyThere ? `; ${result.alreadyThere} already there from an earlier import` : '')
    + (result.photos ? `; ${result.photos} photos copied` : '')
    + (result.problems.length ? `; ${result.problems.length} skipped (see the "Journal" output)` : '') + '.';
  for (const problem of result.problems) client.outputChannel.appendLine(`import: skipped ${problem}`);
  const open = result.files.length ? 'Open the Last Day' : undefined;
  if (await vscode.window.showInformationMessage(said, ...(open ? [open] : [])) === open) {
    const folder = currentFolder();
    if (folder) await vscode.window.showTextDocument(vscode.Uri.joinPath(folder.uri, ...result.files[result.files.length - 1].split('/')));
  }
}

/**
 * "Journal: Review This Month / Year": the period's review (journal/review) as a new, unsaved Markdown document named
 * "Review <title>.md" in the journal folder; saved there, it is not read as an entry (its front matter says so).
 */
async function review(clients: JournalClients, span: 'month' | 'year'): Promise<void> {
  const journal = await requireJournal(clients);
  if (!journal) return;
  const { from, to } = reviewSpan(new Date(), span);
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Journal: writing the review…' },
    () => journal.sendRequest(JournalRequests.review, { from, to }));
  const folder = currentFolder();
  const uri = folder ? vscode.Uri.joinPath(folder.uri, `Review ${result.title}.md`).with({ scheme: 'untitled' }) : undefined;
  const document = uri ? await vscode.workspace.openTextDocument(uri) : await vscode.workspace.openTextDocument({ language: 'markdown' });
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), result.markdown);
  await vscode.workspace.applyEdit(edit);
  await vscode.window.showTextDocument(document);
}
