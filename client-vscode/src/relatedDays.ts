import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { entryDay, evidenceRows, relatedDayRow } from './format';
import { JournalMethods, JournalRequests, JournalResult, Range, SimilarParams } from './protocol';

type Row = { kind: 'day'; result: JournalResult } | { kind: 'evidence'; result: JournalResult; side: 'source' | 'related' | 'terms'; label: string; tooltip: string } | { kind: 'onThisDay'; day: string; results: JournalResult[] } | { kind: 'note'; text: string };

// A pause this long after the cursor moves or typing stops before the view asks again: the server re-embeds an edited
// entry after its own debounce (750 ms by default), so asking sooner would only show the entry as it was.
const REFRESH_MS = 1_000;
const RETRY_MS = 5_000;

/**
 * The "Related Days" view in the Explorer: the related days of the entry under the cursor (journal/similar, only
 * those related at all), each with how long ago and the passage that matched, then "On this day" (journal.onThisDay).
 * It follows the cursor and refreshes after a pause in typing; its message says why it is empty. Each related day
 * expands to its evidence: this entry's passage (puts the cursor there) and the day's (opens the day at it), and the
 * words both hold; while the view is open, the passages of this entry that have evidence are underlined.
 */
export class RelatedDaysView implements vscode.TreeDataProvider<Row>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Row>;
  private readonly subscriptions: vscode.Disposable[] = [];
  private rows: Row[] = [];
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  private marked: vscode.TextEditor | undefined;
  // A subtle underline, and a mark in the overview ruler, on this entry's passages that have evidence.
  private readonly evidence = vscode.window.createTextEditorDecorationType({
    textDecoration: 'underline dotted',
    overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.infoForeground'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.view = vscode.window.createTreeView('journal.relatedDays', { treeDataProvider: this });
    const soon = () => this.schedule();
    this.subscriptions.push(this.view, this.changed, this.evidence,
      vscode.window.onDidChangeActiveTextEditor(soon),
      vscode.window.onDidChangeTextEditorSelection(e => { if (e.textEditor === vscode.window.activeTextEditor) soon(); }),
      vscode.workspace.onDidChangeTextDocument(e => { if (e.document === vscode.window.activeTextEditor?.document) soon(); }),
      this.view.onDidChangeVisibility(e => { if (e.visible) soon(); else this.mark([]); }));
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
    if (row.kind === 'evidence') {
      const item = new vscode.TreeItem(row.label);
      item.tooltip = row.tooltip;
      const b = row.result.because!;
      if (row.side === 'source') item.command = open(b.source.uri, b.source.range, 'Show this passage');
      if (row.side === 'related') item.command = open(b.related.uri, b.related.range, 'Open the day at this passage');
      item.iconPath = new vscode.ThemeIcon(row.side === 'terms' ? 'symbol-key' : row.side === 'source' ? 'arrow-right' : 'arrow-left');
      return item;
    }
    const { label, description, tooltip } = relatedDayRow(row.result, new Date());
    const item = new vscode.TreeItem(label, row.result.because ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.description = description;
    item.tooltip = tooltip;
    item.iconPath = new vscode.ThemeIcon('calendar');
    item.command = open(row.result.uri, row.result.because?.related.range ?? row.result.range, 'Open');
    return item;
  }

  getChildren(row?: Row): Row[] {
    if (!row) return this.rows;
    if (row.kind === 'onThisDay') return row.results.length ? row.results.map(result => ({ kind: 'day' as const, result })) : [{ kind: 'note', text: 'No entries on this day in earlier years.' }];
    if (row.kind === 'day') return evidenceRows(row.result).map(e => ({ kind: 'evidence' as const, result: row.result, ...e }));
    return [];
  }

  private show(rows: Row[], message: string | undefined): void {
    this.rows = rows;
    this.mark(rows.flatMap(r => (r.kind === 'day' && r.result.because ? [r.result.because.source] : [])));
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

  // Underlines the passages of the active editor's entry that have evidence (none clears them), and clears the editor
  // marked before. Every source passage is in the document the view asked about, the active one (URIs are not
  // compared: the server's and VS Code's spellings of a Windows path differ).
  private mark(sources: { range: Range }[]): void {
    const editor = vscode.window.activeTextEditor;
    if (this.marked && this.marked !== editor) this.marked.setDecorations(this.evidence, []);
    this.marked = editor;
    editor?.setDecorations(this.evidence, sources.map(s => toRange(s.range)));
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}

function toRange(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** A command that opens `uri` with `range` selected (a journal result's passage). */
export function open(uri: string, range: Range, title: string): vscode.Command {
  return { command: 'vscode.open', title, arguments: [vscode.Uri.parse(uri), { selection: toRange(range) }] };
}
