#!/usr/bin/env bash
# The UI tests drive Debian's chromium through playwright (no browser download), and need CJK fonts
# or Chinese renders as empty boxes in screenshots. Installs both when missing (as root, or via sudo).
set -euo pipefail
if [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-noto-cjk
