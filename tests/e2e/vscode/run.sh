#!/usr/bin/env bash
# The VS Code extension end to end in a real VS Code: code-server 4.139.1 (the VS Code 1.139 workbench) in Debian's
# chromium, driven by Playwright, with the packaged .vsix installed and a workspace holding two years (1665, 1666) of
# the Pepys diary from ../shared, then a code repository (this one's Markdown) that must stay untouched. Ends with one line "vscode e2e: N passed, N failed". Screenshots go to
# .cache/e2e/screens. Needs root for apt-get the first time (see install.sh); later runs reuse .cache/e2e/tools.
set -uo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
here="$root/tests/e2e/vscode"
tools="$root/.cache/e2e/tools"
fail() { echo "vscode e2e: $1" >&2; echo "vscode e2e: 0 passed, 1 failed"; exit 1; }

bash "$here/install.sh" || fail "could not install code-server, chromium or playwright-core"
export PATH="$tools/node24/node_modules/node/bin:$PATH"
unset NODE $(compgen -e | grep -i '^npm_' || true) # see install.sh

# The extension as users get it: this platform's .vsix (server published into it, client bundled), packaged here
# unless E2E_VSIX names one already made (npm test packages every platform first).
vsix="${E2E_VSIX:-}"
if [ -z "$vsix" ]; then
  target="$(node -p "({ linux: 'linux', darwin: 'darwin', win32: 'win32' })[process.platform] + '-' + process.arch")"
  vsix="$root/.cache/journal-lsp-$target.vsix"
  mkdir -p "$root/.cache"
  (cd "$root" && npm run --silent package -- --target "$target" >/dev/null 2>"$root/.cache/package.log") || { cat "$root/.cache/package.log" >&2; fail "npm run package failed"; }
fi

# The workspace: a fresh copy of 1665 and 1666 for each run, and an index in .cache that the Neovim test shares:
# vectors are keyed by text, so a second run re-embeds nothing.
work="$(mktemp -d /tmp/journal-e2e-XXXXXX)"
data="$root/.cache/e2e/pepys"
corpus="$(cd "$root/.." && pwd)/shared/corpora/pepys-diary/daily"
journal="$work/journal"
for year in 1665 1666; do
  mkdir -p "$journal/$year"
  cp "$corpus/$year/"*.md "$journal/$year/"
done
chmod -R u+w "$journal"
# A Day One export (its JSON .zip) of two days of 1667, for the import: Day One's UTC times and its escapes.
python3 - "$corpus" "$work/DayOne-Export.zip" <<'PY' || fail "could not write the Day One export"
import json, sys, zipfile
corpus, target = sys.argv[1:]
entries = []
for day in ("1667-01-01", "1667-01-02"):
    body = open(f"{corpus}/1667/{day}.md", encoding="utf-8").read().split("\n\n", 1)[1].strip()
    entries.append({"uuid": "E2E" + day.replace("-", ""), "creationDate": f"{day}T21:00:00Z", "timeZone": "Europe/London",
                    "text": body.replace(".", "\\."), "tags": ["diary"]})
with zipfile.ZipFile(target, "w") as z:
    z.writestr("Journal.json", json.dumps({"metadata": {"version": "1.0"}, "entries": entries}))
PY
# A code repository beside it: this project's own Markdown and C# (README, docs, a source folder), as committed.
repo="$work/repo"
mkdir -p "$repo"
git -C "$root" archive HEAD README.md ARCHITECTURE.md docs server/JournalLsp.Core | tar -x -C "$repo"
# Both in one multi-root workspace: each folder gets its own server, and only the journal is served.
printf '{ "folders": [{ "path": "%s" }, { "path": "%s" }] }\n' "$journal" "$repo" > "$work/both.code-workspace"
mkdir -p "$data/index"

port=$((18100 + RANDOM % 800))
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$port" > "$work/config.yaml"
mkdir -p "$work/user/User"
# The index location under the old key (journal.*, before 0.4): the extension still reads it from user settings.
cat > "$work/user/User/settings.json" <<JSON
{ "telemetry.telemetryLevel": "off", "workbench.startupEditor": "none", "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false, "update.mode": "none", "chat.disableAIFeatures": true,
  "security.workspace.trust.enabled": false, "workbench.tips.enabled": false,
  "journal.indexLocation": "$data/index" }
JSON
export HOME="$work/home" XDG_CONFIG_HOME="$work/xdg-config" XDG_DATA_HOME="$work/xdg-data" XDG_CACHE_HOME="$work/xdg-cache"
mkdir -p "$HOME"
cs="$tools/code-server/bin/code-server"
"$cs" --config "$work/config.yaml" --user-data-dir "$work/user" --extensions-dir "$work/exts" --install-extension "$vsix" >"$work/install.log" 2>&1 \
  || { cat "$work/install.log" >&2; fail "code-server could not install the .vsix"; }
"$cs" --config "$work/config.yaml" --user-data-dir "$work/user" --extensions-dir "$work/exts" --disable-telemetry \
  --disable-update-check --disable-workspace-trust --disable-getting-started-override "$journal" >"$work/code-server.log" 2>&1 &
cs_pid=$!
trap 'kill $cs_pid 2>/dev/null; wait $cs_pid 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done

mkdir -p "$root/.cache/e2e/screens"
E2E_EXTENSIONS="$work/exts" NODE_PATH="$tools/playwright/node_modules" node "$here/e2e.js" "http://127.0.0.1:$port" "$journal" "$root/.cache/e2e/screens" "$work/user/User/settings.json" "$repo" "$work/both.code-workspace" "$work/DayOne-Export.zip"
status=$?
if [ $status -ne 0 ]; then
  echo "--- server log (last lines; all logs kept in .cache/e2e/logs) ---" >&2
  find "$work/user/logs" -name 'Journal*.log' -exec tail -20 {} \; >&2 2>/dev/null
  rm -rf "$root/.cache/e2e/logs" && cp -r "$work/user/logs" "$root/.cache/e2e/logs" 2>/dev/null
fi
exit $status
