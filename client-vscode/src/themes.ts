import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { themeDayRow, themeRow, themeSections } from './format';
import { JournalRequests, JournalResult, ThemeInfo } from './protocol';
import { open } from './relatedDays';

type Row = { kind: 'section'; label: string; themes: ThemeInfo[] } | { kind: 'theme'; theme: ThemeInfo } | { kind: 'day'; result: JournalResult } | { kind: 'note'; text: string };

// After a save the server re-indexes the file; the themes are asked again once that is likely done.
const AFTER_SAVE_MS = 3_000;

/**
 * The "Themes" view in the Explorer: what the journal keeps coming back to (journal/themes) in sections (this
 * month's, those stopped, the new ones, then all, most days first), each theme with its words, how many days and when;
 * a theme expands to its days, newest first, each with the theme's passage of that day, and a click opens the day
 * there. Asked when the view is shown and again after a save.
 */
export class ThemesView implements vscode.TreeDataProvider<Row>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Row>;
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.view = vscode.window.createTreeView('journal.themes', { treeDataProvider: this });
    this.subscriptions.push(this.view, this.changed,
      this.view.onDidChangeVisibility(e => { if (e.visible) this.changed.fire(); }),
      vscode.workspace.onDidSaveTextDocument(() => {
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => { if (this.view.visible) this.changed.fire(); }, AFTER_SAVE_MS);
      }));
  }

  getTreeItem(row: Row): vscode.TreeItem {
    if (row.kind === 'note') return new vscode.TreeItem(row.text);
    if (row.kind === 'section') {
      const item = new vscode.TreeItem(row.label, row.label === 'All themes' ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${row.themes.length}`;
      return item;
    }
    if (row.kind === 'theme') {
      const { label, description, tooltip } = themeRow(row.theme);
      const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = description;
      item.tooltip = tooltip;
      item.iconPath = new vscode.ThemeIcon('symbol-namespace');
      return item;
    }
    const { label, description, tooltip } = themeDayRow(row.result);
    const item = new vscode.TreeItem(label);
    item.description = description;
    item.tooltip = tooltip;
    item.iconPath = new vscode.ThemeIcon('calendar');
    item.command = open(row.result.uri, row.result.range, 'Open the day at this passage');
    return item;
  }

  async getChildren(row?: Row): Promise<Row[]> {
    if (row?.kind === 'day' || row?.kind === 'note') return [];
    if (row?.kind === 'section') return row.themes.map(theme => ({ kind: 'theme' as const, theme }));
    const client = this.client();
    if (!client?.isRunning()) return [{ kind: 'note', text: 'The journal language server is not running.' }];
    try {
      if (!row) {
        const { themes } = await client.sendRequest(JournalRequests.themes, {});
        this.view.message = themes.length ? undefined : 'No themes yet: the journal has no indexed, dated entries.';
        return themeSections(themes).map(section => ({ kind: 'section' as const, ...section }));
      }
      const { themes } = await client.sendRequest(JournalRequests.themes, { theme: row.theme.id });
      return (themes[0]?.passages ?? []).map(result => ({ kind: 'day' as const, result }));
    } catch (e) {
      return [{ kind: 'note', text: `Could not ask the journal: ${e instanceof Error ? e.message : String(e)}` }];
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}

