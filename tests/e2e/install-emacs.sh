#!/usr/bin/env bash
# Installs Debian's Emacs with eglot and markdown-mode (Emacs 28.2, eglot 1.9, markdown-mode 2.5 on Debian 12) for the
# end-to-end test when they are missing. Needs root (CI runs as root).
set -euo pipefail
missing=()
command -v emacs >/dev/null || missing+=(emacs-nox)
dpkg -s elpa-eglot >/dev/null 2>&1 || missing+=(elpa-eglot)
dpkg -s elpa-markdown-mode >/dev/null 2>&1 || missing+=(elpa-markdown-mode)
[ ${#missing[@]} -eq 0 ] && exit 0
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
emacs --version | head -1
