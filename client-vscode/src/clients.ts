// One language server per workspace folder (multi-root: each folder is its own journal, or not): starting, stopping,
// restarting them as settings change, and the one that speaks for the file being edited.
import { existsSync, readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification, ExecuteCommandRequest, LanguageClient, LanguageClientOptions, ServerOptions, TransportKind,
} from 'vscode-languageclient/node';
import { bundledServer, errorMessage, journalDocuments, serverCommand, serverEnvironment, serverSettings, settingsChange, settingValue } from './format';
import { journalFileGlobs } from './protocol';
import { dotnetOnPath, downloadUrl, minimumMajor } from './runtime';
import type { JournalStatus } from './status';

/** The folder of the active editor's file, else the first folder. */
export function currentFolder(): vscode.WorkspaceFolder | undefined {
  const uri = vscode.window.activeTextEditor?.document.uri;
  return (uri && vscode.workspace.getWorkspaceFolder(uri)) || vscode.workspace.workspaceFolders?.[0];
}

/**
 * A setting of ours (`journalLsp.<key>`), or the old `journal.<key>` where only that is set (format.ts settingValue),
 * as it applies to `scope` (a workspace folder; the current folder by default).
 */
export function setting(key: string, scope = currentFolder()?.uri): unknown {
  return settingValue(key, vscode.workspace.getConfiguration('journalLsp', scope).inspect(key), vscode.workspace.getConfiguration('journal', scope).inspect(key));
}

/** The language servers of the workspace's folders, by folder URI. */
export class JournalClients implements vscode.Disposable {
  private readonly clients = new Map<string, { client: LanguageClient; following: vscode.Disposable }>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext, private readonly log: vscode.LogOutputChannel, private readonly status: JournalStatus) {}

  /** The language server of {@link currentFolder}. */
  current(): LanguageClient | undefined {
    const folder = currentFolder();
    return folder && this.of(folder);
  }

  /** The language server of `folder`, if it started. */
  of(folder: vscode.WorkspaceFolder): LanguageClient | undefined {
    return this.clients.get(folder.uri.toString())?.client;
  }

  /** The running server of the current folder; else throws, saying what is missing. */
  require(): LanguageClient {
    const client = this.current();
    if (!client?.isRunning()) {
      throw new Error(vscode.workspace.workspaceFolders?.length
        ? 'the journal language server is not running (see the "Journal" output)'
        : 'open your journal folder (File > Open Folder) to use Journal LSP');
    }
    return client;
  }

  /** Starts a server for every folder, and follows folders coming and going and the settings changing. */
  async startAll(): Promise<void> {
    for (const folder of vscode.workspace.workspaceFolders ?? []) await this.start(folder);
    this.subscriptions.push(vscode.workspace.onDidChangeWorkspaceFolders(async e => {
      for (const folder of e.removed) await this.stop(folder);
      for (const folder of e.added) await this.start(folder);
      void this.status.refresh();
    }));
    this.subscriptions.push(vscode.workspace.onDidChangeConfiguration(async e => {
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        const change = settingsChange(section => e.affectsConfiguration(section, folder.uri));
        if (change === 'restart') {
          // Where the server runs from, where its index lives, its model and threads are fixed for a server's life.
          this.log.info(`server path, index location, model or threads changed: restarting the language server of ${folder.name}`);
          await this.stop(folder);
          await this.start(folder);
        } else if (change === 'notify') {
          // The server then pulls its "journal" section (workspace/configuration, answered by the middleware below).
          await this.of(folder)?.sendNotification(DidChangeConfigurationNotification.type, { settings: null }).catch(() => undefined);
        }
      }
    }));
  }

  /** Stops every server (the extension deactivating). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.clients.values()].map(({ client }) => client.stop().catch(() => undefined)));
  }

  private async stop(folder: vscode.WorkspaceFolder): Promise<void> {
    const old = this.clients.get(folder.uri.toString());
    this.clients.delete(folder.uri.toString());
    old?.following.dispose();
    await old?.client.stop().catch(() => undefined);
  }

  private async start(folder: vscode.WorkspaceFolder): Promise<void> {
    const server = serverCommand(
      setting('server.path', folder.uri) as string | undefined,
      bundledServer(this.context.asAbsolutePath('server'), existsSync, cpuinfo), existsSync);
    if ('error' in server) {
      void vscode.window.showErrorMessage(server.error);
      return;
    }
    if (server.command === 'dotnet') {
      const dotnet = await this.findDotnet();
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
    const clientOptions: LanguageClientOptions = {
      // This folder's journal files only: each folder of a multi-root workspace has its own server.
      documentSelector: journalDocuments(folder.uri.toString(), journalFileGlobs),
      workspaceFolder: folder,
      outputChannel: this.log,
      initializationOptions: serverSettings(key => setting(key, folder.uri)),
      middleware: {
        // The server asks for its "journal" section; it gets ours, with the old keys as the fallback (settingValue).
        workspace: {
          configuration: (params, token, next) => params.items.every(item => item.section === 'journal')
            ? params.items.map(() => serverSettings(key => setting(key, folder.uri)))
            : next(params, token),
        },
        handleWorkDoneProgress: (token, params, next) => {
          this.status.progress(client, params);
          next(token, params);
        },
      },
      // No errorHandler: vscode-languageclient's own restarts a crashed server up to 4 times in 3 minutes, then
      // stops and says so; JournalStatus.follow shows the restarts.
    };
    const client = new LanguageClient('journal-lsp', 'Journal LSP', serverOptions, clientOptions);
    // Every folder's server offers the same commands, and VS Code takes each command id once: the extension registers
    // them itself (commands.ts, routed to the server of the file a command names), not each client.
    client.getFeature(ExecuteCommandRequest.method).initialize = () => undefined;
    // Known before it starts, so the status it sends or is asked for on reaching Running finds its folder current.
    const following = this.status.follow(client);
    this.clients.set(folder.uri.toString(), { client, following });
    try {
      await client.start();
    } catch (e) {
      this.clients.delete(folder.uri.toString());
      following.dispose();
      void vscode.window.showErrorMessage(`Journal: the language server did not start: ${errorMessage(e)}. See the "Journal" output.`);
      return;
    }
    this.context.subscriptions.push(client);
  }

  /**
   * The `dotnet` that runs the server, found as the .NET ecosystem's extensions find it: first the .NET Install Tool
   * (ms-dotnettools.vscode-dotnet-runtime, which C# and others install; its `dotnet.findPath` knows the runtimes it
   * installed and the user's `existingDotnetPath` setting), then `dotnet` on PATH. Never downloads anything.
   */
  private async findDotnet(): Promise<{ command: string } | { problem: string }> {
    if (vscode.extensions.getExtension('ms-dotnettools.vscode-dotnet-runtime')) {
      try {
        const found = await vscode.commands.executeCommand<{ dotnetPath?: string } | undefined>('dotnet.findPath', {
          acquireContext: { version: `${minimumMajor}.0`, requestingExtensionId: this.context.extension.id, mode: 'runtime', architecture: process.arch },
          versionSpecRequirement: 'greater_than_or_equal',
        });
        if (found?.dotnetPath) {
          this.log.info(`.NET from the .NET Install Tool: ${found.dotnetPath}`);
          return { command: found.dotnetPath };
        }
      } catch (e) {
        this.log.warn(`the .NET Install Tool could not look for .NET: ${errorMessage(e)}; trying PATH`);
      }
    }
    return dotnetOnPath('dotnet', serverEnvironment(process.env));
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}

/** /proc/cpuinfo's text on Linux (which bundled server the CPU runs: bundledServer), else undefined. */
function cpuinfo(): string | undefined {
  if (process.platform !== 'linux') return undefined;
  try { return readFileSync('/proc/cpuinfo', 'utf8'); } catch { return undefined; }
}
