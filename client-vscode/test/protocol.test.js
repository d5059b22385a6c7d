// The client's mirror of the server's LSP extensions must name exactly what docs/lsp-extensions.md documents.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { JournalMethods } = require('../out/protocol.js');

test('protocol.ts names exactly the methods and commands of docs/lsp-extensions.md', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'lsp-extensions.md'), 'utf8');
  const documented = [...doc.matchAll(/^## `([^`]+)`/gm)].map(m => m[1]).sort();
  assert.deepEqual(Object.values(JournalMethods).sort(), documented);
});

test('the extension contributes every palette command it registers, each with a title', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  const source = fs.readFileSync(path.join(__dirname, '..', 'src', 'commands.ts'), 'utf8');
  const registered = [...source.matchAll(/register\('([^']+)'/g)].map(m => m[1]).sort();
  const contributed = manifest.contributes.commands.map(c => c.command).sort();
  assert.deepEqual(registered, contributed);
  for (const c of manifest.contributes.commands) assert.ok(c.title && c.category === 'Journal');
  // Server command names are not reused for palette commands: vscode-languageclient registers those itself.
  for (const id of contributed) assert.ok(!Object.values(JournalMethods).includes(id), id);
});

test('every server setting of docs/lsp-extensions.md is mapped and contributed, with a title and description', () => {
  const doc = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'lsp-extensions.md'), 'utf8');
  const table = doc.slice(doc.indexOf('## Settings'));
  const documented = [...table.matchAll(/^\| `([A-Za-z]+)` \|/gm)].map(m => m[1]).sort();
  assert.ok(documented.includes('debounceMs'), 'the settings table was read');
  const { serverSettingKeys } = require('../out/format.js');
  assert.deepEqual([...serverSettingKeys].sort(), documented);
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  const properties = manifest.contributes.configuration.properties;
  for (const key of [...documented, 'server.path']) {
    const p = properties[`journalLsp.${key}`];
    assert.ok(p, `journalLsp.${key} is contributed`);
    assert.ok(p.title && (p.description || p.markdownDescription), `journalLsp.${key} has a title and a description`);
  }
  // Nothing left in the journal.* namespace, which vscode-journal contributes too.
  assert.deepEqual(Object.keys(properties).filter(k => !k.startsWith('journalLsp.')), []);
});

test('settings that name a program or a folder are machine settings, restricted in untrusted workspaces', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
  const { machineSettingKeys } = require('../out/format.js');
  const properties = manifest.contributes.configuration.properties;
  for (const key of machineSettingKeys) assert.equal(properties[`journalLsp.${key}`].scope, 'machine', `journalLsp.${key}`);
  assert.deepEqual([...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort(),
    [...machineSettingKeys].map(k => `journalLsp.${k}`).sort());
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.equal(manifest.capabilities.virtualWorkspaces.supported, false);
  assert.equal(manifest.preview, true);
});
