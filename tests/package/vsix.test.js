// Opens each platform's .vsix (written by `npm run package` into .cache/) and checks that it carries the server with
// the native ONNX Runtime and SQLite libraries of its own platform, built for its own CPU (read from the binaries'
// headers), and nothing for another platform, plus the notices, changelog and icon a Marketplace package needs.
//   node --test tests/package/vsix.test.js        (after npm run package)
const test = require('node:test');
const assert = require('node:assert/strict');
const { existsSync, statSync } = require('node:fs');
const path = require('node:path');
const { entries } = require('./zip');

const root = path.resolve(__dirname, '..', '..');

// Each target's native libraries and the CPU their headers must name.
const targets = {
  'linux-x64': { onnx: 'libonnxruntime.so', sqlite: 'libe_sqlite3.so', format: 'elf', cpu: 'x64' },
  'linux-arm64': { onnx: 'libonnxruntime.so', sqlite: 'libe_sqlite3.so', format: 'elf', cpu: 'arm64' },
  'darwin-arm64': { onnx: 'libonnxruntime.dylib', sqlite: 'libe_sqlite3.dylib', format: 'macho', cpu: 'arm64' },
  'win32-x64': { onnx: 'onnxruntime.dll', sqlite: 'e_sqlite3.dll', format: 'pe', cpu: 'x64' },
};
// The linux-x64 server is compiled ahead of time where the package was made on linux-x64 with a C toolchain to link
// it (scripts/package.js's rule).
const host = `${process.platform}-${process.arch}`;
const linker = ['clang', 'gcc'].some(c => require('node:child_process').spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);
const nativeAot = target => target === 'linux-x64' && host === 'linux-x64' && linker;
const natives = ['libonnxruntime.so', 'libe_sqlite3.so', 'libonnxruntime.dylib', 'libe_sqlite3.dylib', 'onnxruntime.dll', 'e_sqlite3.dll'];
// ONNX Runtime's shared-provider stub, which loads execution providers we never use, is left where it comes.
const optional = ['libonnxruntime_providers_shared.so', 'onnxruntime_providers_shared.dll'];

/** The binary format and CPU a native library was built for, from its header (ELF e_machine, Mach-O cputype, PE machine). */
function cpuOf(head) {
  if (head.readUInt32BE(0) === 0x7f454c46) return { format: 'elf', cpu: { 0x3e: 'x64', 0xb7: 'arm64' }[head.readUInt16LE(18)] ?? 'other' };
  if (head.readUInt32LE(0) === 0xfeedfacf) return { format: 'macho', cpu: { 0x01000007: 'x64', 0x0100000c: 'arm64' }[head.readUInt32LE(4)] ?? 'other' };
  if (head.toString('latin1', 0, 2) === 'MZ') {
    const pe = head.readUInt32LE(0x3c);
    return { format: 'pe', cpu: { 0x8664: 'x64', 0xaa64: 'arm64' }[head.readUInt16LE(pe + 4)] ?? 'other' };
  }
  return { format: 'unknown', cpu: 'unknown' };
}

for (const [target, want] of Object.entries(targets)) {
  test(`the ${target} .vsix holds its own platform's server and nothing for another`, async () => {
    const file = path.join(root, '.cache', `journal-lsp-${target}.vsix`);
    assert.ok(existsSync(file), `${path.relative(root, file)} is missing: run npm run package`);
    const { found, zip } = await entries(file);
    try {
      const names = [...found.keys()];
      const server = names.filter(n => n.startsWith('extension/server/')).map(n => n.slice('extension/server/'.length));
      if (nativeAot(target)) {
        // Compiled ahead of time (scripts/package.js): the two executables, each an ELF for x64, and no .NET assembly.
        for (const exe of ['journal-lsp-server', 'journal-lsp-server-x86-64-v2'])
        {
          assert.deepEqual(cpuOf(await found.get(`extension/server/${exe}`)?.head() ?? Buffer.alloc(64)), { format: 'elf', cpu: 'x64' }, `${exe} is a linux-x64 executable`);
          assert.equal(found.get(`extension/server/${exe}`).mode & 0o111, 0o111, `${exe} keeps its executable bits in the zip (VS Code unpacks them)`);
        }
        assert.deepEqual(server.filter(n => n.endsWith('.dll') || n.endsWith('.deps.json') || n.endsWith('.runtimeconfig.json')), [], 'no .NET assembly beside a Native AOT server');
        assert.ok(server.includes('notices/dotnet-runtime-ThirdPartyNotices.txt'), 'the notices of the .NET runtime compiled into it');
      } else {
        for (const managed of ['journal-lsp-server.dll', 'Microsoft.ML.OnnxRuntime.dll', 'Microsoft.Data.Sqlite.dll'])
          assert.ok(server.includes(managed), `${managed} is in the server folder`);
      }
      for (const model of ['models/all-MiniLM-L6-v2/model.packed', 'models/all-MiniLM-L6-v2/vocab.txt'])
        assert.ok(server.includes(model), `${model} is in the server folder (the model as it ships: PackedModel)`);
      for (const lib of [want.onnx, want.sqlite]) {
        assert.ok(server.includes(lib), `${lib} is in the server folder`);
        assert.deepEqual(cpuOf(await found.get(`extension/server/${lib}`).head()), { format: want.format, cpu: want.cpu }, `${lib} is built for ${target}`);
      }
      assert.deepEqual(server.filter(n => natives.includes(path.basename(n)) && n !== want.onnx && n !== want.sqlite), [], 'no native library of another platform');
      assert.deepEqual(server.filter(n => n.startsWith('runtimes/')), [], 'no runtimes/ folder of every platform');
      assert.deepEqual(server.filter(n => n.startsWith('models/') && !n.startsWith('models/all-MiniLM-L6-v2/')), [], 'the default model alone (the CLI tool has the other)');
      assert.deepEqual(server.filter(n => n.startsWith('SentenceTransformers')), [], 'no model package assembly (90 MB of fp32 each)');
      const megabytes = statSync(file).size / 1e6;
      assert.ok(megabytes < 60, `the .vsix is ${megabytes.toFixed(1)} MB; under 60 MB is the target (issue 29)`);
      assert.deepEqual(server.filter(n => /^Microsoft\.ML\.(?!OnnxRuntime\.dll$)/.test(n) || /\.(pdb|dbg)$/.test(n) || /^libLdaNative/.test(n)), [], 'no ML.NET, no symbols');
      if (!nativeAot(target)) {
        // Every file the .deps.json names is there: the .NET host may refuse to start when one is missing.
        const deps = JSON.parse((await found.get('extension/server/journal-lsp-server.deps.json').head()).toString('utf8'));
        const named = Object.values(deps.targets).flatMap(t => Object.values(t)).flatMap(lib =>
          [...Object.keys(lib.runtime ?? {}), ...Object.keys(lib.native ?? {})].map(p => path.posix.basename(p)));
        assert.ok(named.includes('Microsoft.ML.OnnxRuntime.dll'), 'the .deps.json was read');
        assert.deepEqual(named.filter(n => !server.includes(n)), [], 'files the .deps.json names but the package lacks');
      }
      for (const stub of optional.filter(n => server.includes(n)))
        assert.equal(cpuOf(await found.get(`extension/server/${stub}`).head()).format, want.format, `${stub} is this platform's`);
      for (const doc of ['extension/THIRD-PARTY-NOTICES.md', 'extension/changelog.md', 'extension/LICENSE.txt', 'extension/images/icon.png', 'extension/server/notices/onnxruntime-ThirdPartyNotices.txt'])
        assert.ok(found.has(doc), `${doc} is packaged`);
      const manifest = (await found.get('extension.vsixmanifest').head()).toString('utf8');
      assert.match(manifest, new RegExp(`TargetPlatform="${target}"`), 'the manifest names the platform');
    } finally {
      zip.close();
    }
  });
}
