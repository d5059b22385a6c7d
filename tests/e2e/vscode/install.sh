#!/usr/bin/env bash
# Installs what the VS Code end-to-end test needs, once, into .cache/e2e/tools (git-ignored; later runs reuse it):
# Node 24 (npm package node@24; code-server 4.139 requires it), code-server 4.139.1 (the VS Code 1.139 workbench),
# playwright-core (drives a browser, never downloads one), and from Debian: chromium and libkrb5-dev (headers for
# code-server's kerberos module, built from source because its prebuilt download is unreachable).
# See ../shared/notes/clients.md for the recipe and its pitfalls.
set -euo pipefail
# Run from `npm test`, the outer npm (Node 20) exports NODE and npm_* variables that would make code-server's
# postinstall see Node 20: start from a clean npm environment.
unset NODE $(compgen -e | grep -i '^npm_' || true)
root="$(cd "$(dirname "$0")/../../.." && pwd)"
tools="$root/.cache/e2e/tools"
mkdir -p "$tools"

missing=()
command -v chromium >/dev/null || missing+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing+=(libkrb5-dev)
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x "$tools/node24/node_modules/node/bin/node" ]; then
  npm install --prefix "$tools/node24" --no-audit --no-fund --loglevel=error node@24 >/dev/null
fi
export PATH="$tools/node24/node_modules/node/bin:$PATH"

if [ ! -x "$tools/code-server/bin/code-server" ]; then
  # code-server's postinstall builds native modules with node-gyp against this Node 24.
  npm install -g --prefix "$tools/code-server" --no-audit --no-fund --loglevel=error code-server@4.139.1 >"$tools/code-server-install.log" 2>&1 \
    || { tail -30 "$tools/code-server-install.log"; exit 1; }
fi

if [ ! -d "$tools/playwright/node_modules/playwright-core" ]; then
  npm install --prefix "$tools/playwright" --no-audit --no-fund --loglevel=error playwright-core@1.65.1 >/dev/null
fi
echo "e2e tools ready in $tools"
