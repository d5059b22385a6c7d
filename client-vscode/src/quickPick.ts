// The result picker every command that lists days shares (Find Similar Days, Ask, On This Day, a timeline bar).
import * as vscode from 'vscode';
import { resultItem } from './format';
import type { JournalResult } from './protocol';

/** A QuickPick of results that previews each entry as the selection moves and opens it at the passage on accept. */
export async function pick(results: JournalResult[], title: string): Promise<void> {
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
