// Finding a .NET runtime the bundled server can run on (.NET 10 or any later major: the server rolls forward).
// No vscode import: the node tests run it against fake `dotnet` programs.
import { execFile } from 'node:child_process';

/** The oldest .NET major version the server runs on. */
export const minimumMajor = 10;

/** Where people get .NET; the error messages' button opens it. */
export const downloadUrl = 'https://dotnet.microsoft.com/download/dotnet/10.0';

/** The .NET runtimes (`Microsoft.NETCore.App`) that `dotnet --list-runtimes` printed, as version strings, in order. */
export function listedRuntimes(listRuntimesOutput: string): string[] {
  return listRuntimesOutput.split('\n')
    .map(line => /^Microsoft\.NETCore\.App (\d+\.\d+\.\S+)/.exec(line.trim())?.[1])
    .filter((v): v is string => v !== undefined);
}

/** True when `dotnet --list-runtimes` output has the .NET 10 (or later) runtime the server needs. */
export function hasDotnetRuntime(listRuntimesOutput: string, major = minimumMajor): boolean {
  return listedRuntimes(listRuntimesOutput).some(v => +v.split('.')[0] >= major);
}

/**
 * Why `dotnet` (as `command`) cannot run the server, or undefined when it can: not found at all, or only runtimes
 * older than .NET 10. `listRuntimesOutput` is undefined when the command could not be run.
 */
export function runtimeProblem(command: string, listRuntimesOutput: string | undefined): string | undefined {
  if (listRuntimesOutput === undefined) {
    return `Journal: the language server needs .NET ${minimumMajor} or later, and no .NET was found (tried the .NET Install Tool ` +
      `extension and "${command}" on PATH). Install the .NET ${minimumMajor} runtime, then reload the window.`;
  }
  if (hasDotnetRuntime(listRuntimesOutput)) return undefined;
  const found = listedRuntimes(listRuntimesOutput);
  return `Journal: the language server needs .NET ${minimumMajor} or later, but "${command}" has ` +
    `${found.length ? `only .NET ${found.join(', ')}` : 'no .NET runtime'}. Install the .NET ${minimumMajor} runtime, then reload the window.`;
}

/** Runs `<command> --list-runtimes`: its output, or undefined when it could not be run (not installed, not executable). */
export function listRuntimes(command: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  return new Promise(resolve => execFile(command, ['--list-runtimes'], { env, timeout: 15_000 },
    (error, stdout) => resolve(error ? undefined : stdout)));
}

/** `dotnet` on PATH (or `command`) when it can run the server: `{ command }`, or `{ problem }` saying why not. */
export async function dotnetOnPath(command = 'dotnet', env: NodeJS.ProcessEnv = process.env): Promise<{ command: string } | { problem: string }> {
  const problem = runtimeProblem(command, await listRuntimes(command, env));
  return problem ? { problem } : { command };
}
