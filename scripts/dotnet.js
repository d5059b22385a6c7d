#!/usr/bin/env node
// Runs the .NET SDK with its usage telemetry off (DOTNET_CLI_TELEMETRY_OPTOUT=1), on any platform, for the npm
// scripts: `node scripts/dotnet.js publish …` is `dotnet publish …`. Our own programs send nothing (docs/privacy.md);
// the SDK would, unless told not to.
const { spawnSync } = require('node:child_process');

const result = spawnSync('dotnet', process.argv.slice(2), {
  stdio: 'inherit',
  env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
  shell: process.platform === 'win32', // dotnet.exe is found through PATHEXT there
});
if (result.error) {
  console.error(`error: could not run dotnet (${result.error.message}); install the .NET 10 SDK`);
  process.exit(1);
}
process.exit(result.status ?? 1);
