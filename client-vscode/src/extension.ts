// The extension's life: activate wires the language servers (clients.ts), the status bar (status.ts), the commands
// (commands.ts), the Related Days view and the Themes view; deactivate stops the servers.
import * as vscode from 'vscode';
import { JournalClients } from './clients';
import { registerCommands } from './commands';
import { RelatedDaysView } from './relatedDays';
import { ThemesView } from './themes';
import { JournalStatus } from './status';

let clients: JournalClients | undefined;

/** Starts a language server per workspace folder and registers the commands, the status bar and the views. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const log = vscode.window.createOutputChannel('Journal', { log: true });
  const status = new JournalStatus(() => clients?.current());
  const started = new JournalClients(context, log, status);
  clients = started;
  context.subscriptions.push(log, status, started);
  registerCommands(context, started, status, log);
  // A loose Markdown file (no folder) is no journal: stay quiet; the commands say what to do (JournalClients.require).
  if (!vscode.workspace.workspaceFolders?.length) return;
  await started.startAll();
  context.subscriptions.push(new RelatedDaysView(() => started.current()), new ThemesView(() => started.current()));
}

/** Stops every language server. */
export async function deactivate(): Promise<void> {
  await clients?.stopAll();
}
