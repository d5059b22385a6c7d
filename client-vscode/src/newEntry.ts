// "Journal: New Entry for Today" (Ctrl+Alt+J).
import * as vscode from 'vscode';
import { dayLine, entryText, localDay, todayEntry } from './format';
import type { StatusResult } from './protocol';

/**
 * Opens today's entry in `folder` where `journalLsp.newEntry.layout` puts it, creating it (from
 * `journalLsp.newEntry.template` when set) or, in a month file, adding today's `## YYYY-MM-DD` section; an entry that
 * exists is opened as it is, with the cursor at the end of today's text. `status` is the folder's server's, if any.
 */
export async function newEntryForToday(
  folder: vscode.WorkspaceFolder, status: StatusResult | undefined, setting: (key: string) => unknown,
): Promise<void> {
  // Not a journal (a code repository, or a folder with no entry yet): start one only when the person says so.
  if (status?.active === false) {
    const start = 'Start Today\'s Entry';
    if (await vscode.window.showInformationMessage(`Journal: ${status.reason ?? 'this folder is not served as a journal.'}`, { modal: true }, start) !== start) return;
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
  const document = open ?? await vscode.workspace.openTextDocument(uri);
  // The end of today's text: up to the next day's heading (a month file's days are ## sections; a ### inside today's
  // is today's too), blank lines left out.
  const lines = document.getText().split(/\r?\n/);
  const start = Math.max(0, dayLine(document.getText(), day));
  let end = lines.findIndex((l, i) => i > start && /^#{1,2}\s/.test(l));
  if (end < 0 || !heading.startsWith('## ')) end = lines.length;
  let last = end - 1;
  while (last > start && lines[last].trim() === '') last--;
  const at = last === start ? new vscode.Position(Math.min(start + 2, lines.length - 1), 0) : new vscode.Position(last, lines[last].length);
  // Opened with the cursor already there: set after the editor shows, it could land while the person types.
  const editor = await vscode.window.showTextDocument(document, { selection: new vscode.Range(at, at) });
  editor.revealRange(new vscode.Range(at, at));
}
