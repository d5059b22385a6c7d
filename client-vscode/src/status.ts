// The status bar item and the "Journal index" view: what the server says of the current folder's journal.
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { afterRun, progressText, statusBarText, statusReport } from './format';
import { didChangeStatus, JournalRequests, StatusResult } from './protocol';

// The standard restart policy's window (vscode-languageclient restarts a crashed server up to 4 times in 3 minutes):
// a person is told of a restart once in it, not at each crash.
const TELL_RESTART_MS = 180_000;

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

/**
 * The status bar item (and the `journal.active` context that shows the Related Days view), speaking for the folder of
 * the file being edited. The server sends each change of a folder's state (`journal/didChangeStatus`); the status is
 * also asked once whenever a client reaches Running, so a server that does not send it still shows one.
 */
export class JournalStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Left, 10);
  private readonly view = new StatusView();
  private readonly subscriptions: vscode.Disposable[];
  private toldEmpty = false;

  /** `current`: the language server of the folder the status bar speaks for. */
  constructor(private readonly current: () => LanguageClient | undefined) {
    this.item.command = 'journal.showStatus';
    this.item.text = statusBarText(undefined);
    this.item.tooltip = 'Journal index: click for details';
    this.subscriptions = [
      this.item,
      vscode.workspace.registerTextDocumentContentProvider(this.view.uri.scheme, this.view),
      vscode.window.onDidChangeActiveTextEditor(() => void this.refresh()),
    ];
  }

  /**
   * Follows one folder's client from before it starts: its status notifications, and its state (a crashed server
   * restarting, or stopped for good by the restart policy). Dispose it before stopping the client on purpose.
   */
  follow(client: LanguageClient): vscode.Disposable {
    let ran = false;
    let toldRestart = -Infinity;
    return vscode.Disposable.from(
      client.onNotification(didChangeStatus, status => this.show(client, status)),
      client.onDidChangeState(({ newState }) => {
        if (newState === State.Running) {
          ran = true;
          void this.ask(client);
        } else if (ran && newState === State.Starting) {
          this.say(client, '$(sync~spin) Journal restarting…');
          // vscode-languageclient restarts quietly (its "Server will restart" goes to the output only) and speaks
          // only when it gives up.
          if (Date.now() - toldRestart > TELL_RESTART_MS) {
            toldRestart = Date.now();
            void vscode.window.showWarningMessage('Journal: the language server stopped unexpectedly and was restarted.');
          }
        } else if (ran) {
          this.say(client, '$(error) Journal stopped');
        }
      }));
  }

  /**
   * The server's indexing progress (`$/progress`) on the status bar ("Journal 1,234 / 3,413"); at its end, the
   * status as the run left it.
   */
  progress(client: LanguageClient, value: { kind: string; message?: string; percentage?: number }): void {
    if (value.kind === 'end') void this.ask(client, afterRun);
    else this.say(client, progressText(value));
  }

  /** Asks the current folder's server for its status, for the status bar. */
  async refresh(): Promise<void> {
    const client = this.current();
    if (client?.isRunning()) await this.ask(client);
  }

  /** Opens the "Journal index" view with `status` as its report. */
  report(status: StatusResult): Thenable<unknown> {
    return this.view.show(statusReport(status));
  }

  private async ask(client: LanguageClient, adjust = (s: StatusResult) => s): Promise<void> {
    const status = await client.sendRequest(JournalRequests.status, {}).catch(() => undefined);
    if (status) this.show(client, adjust(status));
  }

  private say(client: LanguageClient, text: string | undefined): void {
    if (text && client === this.current()) this.item.text = text;
  }

  private show(client: LanguageClient, s: StatusResult): void {
    if (client !== this.current()) return;
    // Not a journal: no status bar item and no Related Days view (they come back once journalLsp.enabled is set or a
    // first entry is written).
    void vscode.commands.executeCommand('setContext', 'journal.active', s.active !== false);
    if (s.active === false) {
      this.item.hide();
      return;
    }
    this.item.show();
    this.item.text = statusBarText(s);
    this.item.tooltip = `Journal: ${s.entries} entries indexed on this machine${s.skipped.length ? `, ${s.skipped.length} files skipped` : ''}. Click for details.`;
    if (!s.indexing && s.lastIndexedAt && s.entries === 0 && !this.toldEmpty) {
      this.toldEmpty = true;
      void vscode.window.showInformationMessage(
        'Journal: this folder has no journal entries yet. Write one (say 2026-11-25.md, or a "# 2026-11-25" heading) and it is indexed as you save.');
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
