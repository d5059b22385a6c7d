import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { entryDay, relatedDayRow } from './format';
import { JournalMethods, JournalRequests, JournalResult, SimilarParams } from './protocol';

type Row = { kind: 'day'; result: JournalResult } | { kind: 'onThisDay'; day: string; results: JournalResult[] } | { kind: 'note'; text: string };

// A pause this long after the cursor moves or typing stops before the view asks again: the server re-embeds an edited
// entry after its own debounce (750 ms by default), so asking sooner would only show the entry as it was.
const REFRESH_MS = 1_000;
const RETRY_MS = 5_000;

/**
 * The "Related Days" view in the Explorer: the related days of the entry under the cursor (journal/similar, only
 * those related at all), each with how long ago and the passage that matched, then "On this day" (journal.onThisDay).
 * It follows the cursor and refreshes after a pause in typing; its message says why it is empty.
 */
export class RelatedDaysView implements vscode.TreeDataProvider<Row>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Row>;
  private readonly subscriptions: vscode.Disposable[] = [];
  private rows: Row[] = [];
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.view = vscode.window.createTreeView('journal.relatedDays', { treeDataProvider: this });
    const soon = () => this.schedule();
    this.subscriptions.push(this.view, this.changed,
      vscode.window.onDidChangeActiveTextEditor(soon),
      vscode.window.onDidChangeTextEditorSelection(e => { if (e.textEditor === vscode.window.activeTextEditor) soon(); }),
      vscode.workspace.onDidChangeTextDocument(e => { if (e.document === vscode.window.activeTextEditor?.document) soon(); }),
      this.view.onDidChangeVisibility(e => { if (e.visible) soon(); }));
    this.schedule(0);
  }

  /** Asks again after {@link REFRESH_MS} (or `delay`) of quiet; only the latest ask is shown. */
  schedule(delay = REFRESH_MS): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), delay);
  }

  getTreeItem(row: Row): vscode.TreeItem {
    if (row.kind === 'note') return new vscode.TreeItem(row.text);
    if (row.kind === 'onThisDay') {
      const item = new vscode.TreeItem(`On this day (${row.day.slice(5)})`, vscode.TreeItemCollapsibleState.Expanded);
      item.iconPath = new vscode.ThemeIcon('history');
      return item;
    }
    const { label, description, tooltip } = relatedDayRow(row.result, new Date());
    const item = new vscode.TreeItem(label);
    item.description = description;
    item.tooltip = tooltip;
    item.iconPath = new vscode.ThemeIcon('calendar');
    const start = new vscode.Position(row.result.range.start.line, 0);
    item.command = { command: 'vscode.open', title: 'Open', arguments: [vscode.Uri.parse(row.result.uri), { selection: new vscode.Range(start, start) }] };
    return item;
  }

  getChildren(row?: Row): Row[] {
    if (!row) return this.rows;
    if (row.kind === 'onThisDay') return row.results.length ? row.results.map(result => ({ kind: 'day' as const, result })) : [{ kind: 'note', text: 'No entries on this day in earlier years.' }];
    return [];
  }

  private show(rows: Row[], message: string | undefined): void {
    this.rows = rows;
    this.view.message = message;
    this.changed.fire();
  }

  private async refresh(): Promise<void> {
    if (!this.view.visible) return;
    const generation = ++this.generation;
    const editor = vscode.window.activeTextEditor;
    const client = this.client();
    if (!client?.isRunning()) return this.show([], 'The journal language server is not running.');
    if (!editor || editor.document.languageId !== 'markdown' || editor.document.uri.scheme !== 'file')
      return this.show([], 'Open a journal entry: its related days show here.');
    try {
      const status = await client.sendRequest(JournalRequests.status, {});
      if (generation !== this.generation) return; // the cursor moved on meanwhile
      if (status.active === false) return this.show([], status.reason);
      const { line, character } = editor.selection.active;
      const uri = editor.document.uri.toString();
      const params: SimilarParams = { textDocument: { uri }, position: { line, character } };
      const day = entryDay(editor.document.getText().split(/\r?\n/), line, editor.document.fileName.split(/[\\/]/).pop() ?? '');
      const similar = await client.sendRequest(JournalRequests.similar, params).catch(() => undefined);
      const earlier = day
        ? await client.sendRequest<JournalResult[]>('workspace/executeCommand', { command: JournalMethods.onThisDayCommand, arguments: [day] }).catch(() => [])
        : undefined;
      if (generation !== this.generation) return; // the cursor moved on meanwhile
      const related = (similar ?? []).filter(r => r.related !== false);
      const progress = status.progress && status.progress.entriesTotal > 0
        ? ` (indexing ${Math.floor(100 * status.progress.entriesDone / status.progress.entriesTotal)}%)` : status.indexing ? ' (indexing)' : '';
      const message = similar === undefined
        ? `This entry is not indexed yet${progress}: it is after a pause in typing.`
        : related.length === 0 ? `Nothing related above the threshold${progress}.` : undefined;
      const rows: Row[] = related.map(result => ({ kind: 'day', result }));
      if (day && earlier) rows.push({ kind: 'onThisDay', day, results: earlier });
      this.show(rows, message);
    } catch (e) {
      if (generation !== this.generation) return;
      // The server restarting (a crash, a settings change) drops requests in flight: ask again shortly.
      this.show([], `Could not ask the journal: ${e instanceof Error ? e.message : String(e)}`);
      this.schedule(RETRY_MS);
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}
