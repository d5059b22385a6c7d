#!/usr/bin/env bash
# Installs Debian's Neovim (0.7.2 on Debian 12) for the end-to-end test when it is missing. Needs root (CI runs as root).
set -euo pipefail
command -v nvim >/dev/null && exit 0
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends neovim >/dev/null
nvim --version | head -1
