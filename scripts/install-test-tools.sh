#!/usr/bin/env bash
# System tools the tests need, from Debian's packages (installed when missing, as root or via sudo):
# chromium + fonts-noto-cjk for the UI tests (no playwright browser download; CJK fonts or Chinese
# renders as empty boxes), LibreOffice Writer to turn the test DOCX files into PDFs.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
fc-list 2>/dev/null | grep -q "Noto Sans CJK" || missing+=(fonts-noto-cjk)
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
installed libreoffice-writer-nogui || installed libreoffice-writer || missing+=(libreoffice-writer-nogui)
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
