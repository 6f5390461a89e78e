#!/usr/bin/env bash
# System tools the tests need, from Debian's packages (installed when missing, as root or via sudo):
# chromium + fonts-noto-cjk for the UI tests (no playwright browser download; CJK fonts or Chinese
# renders as empty boxes), LibreOffice Writer to turn the test DOCX files into PDFs.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing+=(fonts-noto-cjk)
dpkg -s libreoffice-writer-nogui >/dev/null 2>&1 || dpkg -s libreoffice-writer >/dev/null 2>&1 ||
  missing+=(libreoffice-writer-nogui)
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
