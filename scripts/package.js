#!/usr/bin/env node
// Packages the VS Code extension, one .vsix per platform (`vsce package --target`), each with the language server
// published for that platform alone (its own native ONNX Runtime and SQLite libraries, nothing for another one):
//   npm run package                          every target, into .cache/journal-lsp-<target>.vsix
//   npm run package -- --target linux-x64    one (or a comma-separated list)
// The linux-x64 server, packaged on linux-x64, is compiled ahead of time (Native AOT): one executable with the .NET
// runtime inside, needing no .NET on the user's machine and no JIT at start (the first hover median 205 ms from
// `initialize` against 717 for ReadyToRun, docs/benchmarks.md). It is built twice: for x86-64-v3 (AVX2, FMA: the
// ranking's vector code) and, beside it as journal-lsp-server-x86-64-v2, for CPUs without those; the extension starts
// the one the CPU can run. Native AOT compiles for the machine's own OS and CPU only, so every other target (and
// linux-x64 packaged elsewhere, or where no C toolchain is there to link it: clang or gcc) gets a framework-dependent,
// ReadyToRun-compiled server that runs on the user's .NET 10 or later. Run from the repository root by npm; works on a
// fresh clone (.cache is created).
const { spawnSync } = require('node:child_process');
const { copyFileSync, mkdirSync, readdirSync, rmSync, statSync } = require('node:fs');
const path = require('node:path');

// VS Code's platform names (vsce --target) and the .NET runtime identifiers their servers are published for.
const targets = {
  'linux-x64': 'linux-x64',
  'linux-arm64': 'linux-arm64',
  'darwin-arm64': 'osx-arm64',
  'win32-x64': 'win-x64',
};
// Platforms VS Code runs on that we cannot package, and why.
const unsupported = {
  'darwin-x64': 'ONNX Runtime 1.31 ships no library for Intel Macs (its NuGet package has osx-arm64 only)',
  'win32-arm64': 'the .NET runtime pack for win-arm64, which ReadyToRun compiles against, is not served by our package registry',
};

const root = path.resolve(__dirname, '..');
const client = path.join(root, 'client-vscode');
const out = path.join(root, '.cache');

function chosenTargets(argv) {
  const at = argv.indexOf('--target');
  if (at < 0) return Object.keys(targets);
  const wanted = (argv[at + 1] ?? '').split(',').filter(Boolean);
  for (const t of wanted.filter(t => t in unsupported)) {
    console.error(`error: ${t} is not packaged: ${unsupported[t]}`);
    process.exit(2);
  }
  const unknown = wanted.filter(t => !(t in targets));
  if (wanted.length === 0 || unknown.length > 0) {
    console.error(`error: --target takes one or more of ${Object.keys(targets).join(', ')}${unknown.length ? ` (not: ${unknown.join(', ')})` : ''}`);
    process.exit(2);
  }
  return wanted;
}

// No shell: arguments pass as they are (a path with a space stays one argument on Windows too); dotnet is found on
// PATH (libuv tries dotnet.exe there), npm through the npm that runs this script.
function run(command, args, cwd, shell = false) {
  const result = spawnSync(command, args, {
    cwd, stdio: 'inherit', shell,
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
  });
  if (result.error || result.status !== 0) {
    console.error(`error: ${command} ${args.join(' ')} failed${result.error ? `: ${result.error.message}` : ''}`);
    process.exit(1);
  }
}

// This machine's target last, so client-vscode/server is left with a server that runs here (F5 in VS Code).
const host = `${process.platform}-${process.arch}`;
const chosen = chosenTargets(process.argv.slice(2)).sort((a, b) => (a === host) - (b === host));
mkdirSync(out, { recursive: true });
const npmCli = process.env.npm_execpath;
if (npmCli) run(process.execPath, [npmCli, 'run', 'build', '-w', 'client-vscode'], root);
else run('npm', ['run', 'build', '-w', 'client-vscode'], root, process.platform === 'win32'); // npm.cmd needs a shell
const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
// A publish for another RID restores obj/project.assets.json for that RID alone: restore for this machine again at
// the end, failed or not, so that a later `dotnet build --no-restore` finds its own.
let published = false;
process.on('exit', () => {
  if (published) spawnSync('dotnet', ['restore', 'server/JournalLsp.Server', '--nologo', '-v', 'q'], { cwd: root, stdio: 'inherit' });
});
// Native AOT links with the platform's C toolchain; without one, the linux-x64 server is packaged as the others are.
const linker = ['clang', 'gcc'].some(c => spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);
if (!linker && chosen.includes('linux-x64') && host === 'linux-x64')
  console.warn('warning: no clang or gcc: the linux-x64 server is packaged ReadyToRun (it then needs .NET 10 on the user\'s machine), not Native AOT');

// The Native AOT server into `server`: the x86-64-v3 build as journal-lsp-server, the x86-64-v2 build's executable
// beside it (it shares the native libraries and the model); no symbols (.dbg) in the package.
function publishNative(rid, server) {
  const publish = (level, output) => run('dotnet', ['publish', 'server/JournalLsp.Server', '-c', 'Release', '-r', rid,
    '-p:PublishAot=true', `-p:IlcInstructionSet=${level}`, `-p:IntermediateOutputPath=obj/aot-${level}/`,
    `-p:OutputPath=bin/aot-${level}/`, '-o', output, '--nologo', '-v', 'q'], root);
  publish('x86-64-v3', server);
  const v2 = path.join(out, 'aot-x86-64-v2');
  rmSync(v2, { recursive: true, force: true });
  publish('x86-64-v2', v2);
  copyFileSync(path.join(v2, 'journal-lsp-server'), path.join(server, 'journal-lsp-server-x86-64-v2'));
  rmSync(v2, { recursive: true, force: true });
  for (const name of readdirSync(server).filter(n => n.endsWith('.dbg'))) rmSync(path.join(server, name));
}

for (const target of chosen) {
  const rid = targets[target];
  const server = path.join(client, 'server');
  rmSync(server, { recursive: true, force: true });
  // Its own output folders per RID (AppendRuntimeIdentifierToOutputPath); its restore is undone on exit (above).
  published = true;
  if (target === 'linux-x64' && host === 'linux-x64' && linker) publishNative(rid, server);
  else run('dotnet', ['publish', 'server/JournalLsp.Server', '-c', 'Release', '-r', rid, '--self-contained', 'false',
    '-p:PublishReadyToRun=true', '-p:UseAppHost=false', '-p:AppendRuntimeIdentifierToOutputPath=true',
    '-o', server, '--nologo', '-v', 'q'], root);
  const vsix = path.join(out, `journal-lsp-${target}.vsix`);
  run(process.execPath, [vsce, 'package', '--target', target, '--no-dependencies', '--no-rewrite-relative-links', '--out', vsix], client);
  console.log(`${path.relative(root, vsix)}: ${(statSync(vsix).size / 1e6).toFixed(1)} MB`);
}
