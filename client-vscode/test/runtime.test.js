// The .NET runtime check (out/runtime.js) against real `dotnet --list-runtimes` output and fake `dotnet` programs on PATH.
const test = require('node:test');
const assert = require('node:assert/strict');
const { chmodSync, mkdtempSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const r = require('../out/runtime.js');

test('the runtime check reads dotnet --list-runtimes: .NET 10 or any later major runs the server', () => {
  assert.ok(r.hasDotnetRuntime('Microsoft.AspNetCore.App 10.0.1 [/usr/share/dotnet]\nMicrosoft.NETCore.App 10.0.1 [/usr/share/dotnet]\n'));
  assert.ok(r.hasDotnetRuntime('Microsoft.NETCore.App 11.0.0 [/usr/share/dotnet/shared/Microsoft.NETCore.App]\n')); // rolls forward
  assert.ok(!r.hasDotnetRuntime('Microsoft.NETCore.App 8.0.11 [/usr/share/dotnet]\nMicrosoft.AspNetCore.App 10.0.1 [/x]\n'));
  assert.ok(!r.hasDotnetRuntime(''));
  assert.deepEqual(r.listedRuntimes('Microsoft.NETCore.App 8.0.11 [/a]\nMicrosoft.NETCore.App 9.0.0-rc.1.24431.7 [/a]\n'), ['8.0.11', '9.0.0-rc.1.24431.7']);
});

// A `dotnet` that prints what it is given, as the real one prints its runtimes.
function fakeDotnet(output) {
  const dir = mkdtempSync(path.join(tmpdir(), 'journal-fake-dotnet-'));
  const file = path.join(dir, 'dotnet');
  writeFileSync(file, `#!/bin/sh\n[ "$1" = "--list-runtimes" ] || exit 2\nprintf '%s' '${output}'\n`);
  chmodSync(file, 0o755);
  return dir;
}

const unix = process.platform !== 'win32';

test('a dotnet on PATH with .NET 10 is used', { skip: !unix }, async () => {
  const dir = fakeDotnet('Microsoft.NETCore.App 10.0.12 [/fake/shared/Microsoft.NETCore.App]\n');
  assert.deepEqual(await r.dotnetOnPath('dotnet', { PATH: dir }), { command: 'dotnet' });
});

test('a dotnet on PATH with only older runtimes is named with what it has', { skip: !unix }, async () => {
  const dir = fakeDotnet('Microsoft.AspNetCore.App 8.0.11 [/fake]\nMicrosoft.NETCore.App 8.0.11 [/fake]\nMicrosoft.NETCore.App 9.0.4 [/fake]\n');
  const result = await r.dotnetOnPath('dotnet', { PATH: dir });
  assert.equal(result.problem,
    'Journal: the language server needs .NET 10 or later, but "dotnet" has only .NET 8.0.11, 9.0.4. Install the .NET 10 runtime, then reload the window.');
});

test('no dotnet at all says so, and where it looked', { skip: !unix }, async () => {
  const empty = mkdtempSync(path.join(tmpdir(), 'journal-no-dotnet-'));
  const result = await r.dotnetOnPath('dotnet', { PATH: empty });
  assert.match(result.problem, /needs \.NET 10 or later, and no \.NET was found \(tried the \.NET Install Tool extension and "dotnet" on PATH\)/);
  assert.equal(r.downloadUrl, 'https://dotnet.microsoft.com/download/dotnet/10.0');
});
