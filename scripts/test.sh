#!/usr/bin/env bash
# Runs every test from a fresh clone: restore, build, test. Ends with one line "N passed, N failed".
# Needs the .NET 10 SDK and Node 20; ../shared/corpora must sit beside the repository (real data is never copied in).
# The end-to-end tests install what they need themselves (Neovim, code-server, chromium: apt-get and npm, as root),
# caching it under .cache/e2e so that later runs are quick.
set -uo pipefail
cd "$(dirname "$0")/.."

# The .NET SDK's own usage telemetry is on unless opted out; ours is off in code (docs/privacy.md).
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# The privacy tests run the programs under strace (and unshare, from util-linux, which Debian always has).
if ! command -v strace >/dev/null; then
  (apt-get update -qq && apt-get install -y -qq strace) >/dev/null 2>&1 || echo "could not install strace: the privacy tests will fail"
fi

results="$(pwd)/.cache/test-results"
rm -rf "$results" && mkdir -p "$results"

dotnet restore JournalLsp.sln --nologo -v q || { echo "0 passed, 1 failed"; exit 1; }
dotnet build JournalLsp.sln -c Release --no-restore --nologo -v q -clp:ErrorsOnly || { echo "0 passed, 1 failed"; exit 1; }

status=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$results/$name.trx" --logger "console;verbosity=normal" || status=1
done

# Adds a node:test TAP report's counts to the totals and prints "<what>: N passed, N failed"; no counts is a failure.
extra_passed=0; extra_failed=0
count_tap() {
  local what="$1" tap="$2" p f
  p=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$tap" | tail -1)
  f=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$tap" | tail -1)
  echo "$what: ${p:-0} passed, ${f:-0} failed"
  grep -E '^not ok' "$tap" || true
  extra_passed=$((extra_passed + ${p:-0})); extra_failed=$((extra_failed + ${f:-0}))
  [ -n "$p" ] || { extra_failed=$((extra_failed + 1)); status=1; }
}

# The VS Code extension: npm workspaces install, type-check and bundle, unit tests (node:test, TAP counts).
if npm install --no-audit --no-fund --loglevel=error >/dev/null && npm run --silent build:client; then
  (cd client-vscode && node --test --test-reporter=tap test/*.test.js) >"$results/client.tap" 2>&1 || status=1
  count_tap "extension unit tests" "$results/client.tap"
else
  echo "the extension did not install or build"; extra_failed=$((extra_failed + 1)); status=1
fi

# Every platform's .vsix, as a fresh clone's `npm run package` makes them, opened and checked (tests/package). One
# test file at a time: each runs the model over a year of Pepys, and the tool's test also compiles it.
host="$(node -p "({ linux: 'linux', darwin: 'darwin', win32: 'win32' })[process.platform] + '-' + process.arch")"
if npm run --silent package >"$results/package.log" 2>&1; then
  node --test --test-concurrency=1 --test-reporter=tap tests/package/vsix.test.js tests/package/server.test.js >"$results/package.tap" 2>&1 || status=1
  count_tap "package tests" "$results/package.tap"
else
  echo "npm run package failed:"; tail -20 "$results/package.log"; extra_failed=$((extra_failed + 1)); status=1
fi

# The command-line tool packed, installed and run as the README's "The command line" says (tests/package/tool.test.js).
node --test --test-reporter=tap tests/package/tool.test.js >"$results/tool.tap" 2>&1 || status=1
count_tap "command-line tool tests" "$results/tool.tap"

# The extension end to end in a real VS Code (code-server + Playwright + chromium), from this platform's .vsix.
[ -f ".cache/journal-lsp-$host.vsix" ] && export E2E_VSIX="$(pwd)/.cache/journal-lsp-$host.vsix"
bash tests/e2e/vscode/run.sh 2>&1 | tee "$results/vscode-e2e.log" | grep -E '^(ok|not ok|vscode e2e:)'
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
e2e=$(grep -E '^vscode e2e: [0-9]+ passed, [0-9]+ failed' "$results/vscode-e2e.log" | tail -1)
if [ -n "$e2e" ]; then
  extra_passed=$((extra_passed + $(sed -E 's/^vscode e2e: ([0-9]+) passed.*/\1/' <<<"$e2e")))
  extra_failed=$((extra_failed + $(sed -E 's/.* ([0-9]+) failed$/\1/' <<<"$e2e")))
else
  extra_failed=$((extra_failed + 1))
fi

passed=$extra_passed; failed=$extra_failed
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0}))
done
# A test project that crashed before writing its report still counts as a failure.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed"
exit $status
