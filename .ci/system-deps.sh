#!/usr/bin/env bash
# Check the system libraries and tools handouts needs; install them with apt-get
# when we can (root on Debian/Ubuntu), otherwise say exactly what to run.
#   usage: system-deps.sh runtime|test [PYTHON]
# PYTHON (the Makefile's) must be able to make a virtual environment: Debian and Ubuntu ship
# venv's ensurepip apart, and `python3 -m venv` without it fails halfway.
# HANDOUTS_SYSDEPS_INSTALL=no: say what is missing, never run apt-get (a test, a locked-down host).
set -euo pipefail
want=${1:-runtime}
python=${2:-}

missing_pkgs=()
# Read the library cache once: `ldconfig -p | grep -q` would kill ldconfig with
# SIGPIPE on an early match, and pipefail would call the library missing.
libs=$(ldconfig -p 2>/dev/null || true)
have_lib() { [[ $libs == *"$1"* ]]; }
have_cmd() { command -v "$1" >/dev/null 2>&1; }

# WeasyPrint renders through Pango (text layout) and fontconfig.
have_lib 'libpango-1.0.so' || missing_pkgs+=(libpango-1.0-0)
have_lib 'libpangoft2-1.0.so' || missing_pkgs+=(libpangoft2-1.0-0)
have_lib 'libharfbuzz.so' || missing_pkgs+=(libharfbuzz0b)
have_lib 'libfontconfig.so' || missing_pkgs+=(libfontconfig1)
# Fallback fonts too large for PyPI (handouts/resources.py SYSTEM_FALLBACKS): a patient's
# name in Chinese, Japanese or Korean, and emoji. Without them such names print with a
# warning naming each character; the tests check that they print.
[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || missing_pkgs+=(fonts-noto-cjk)
[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || missing_pkgs+=(fonts-noto-color-emoji)
# The interpreter .venv is made with (when it is new enough: the Makefile's own check names an
# old one) must have venv and ensurepip.
if [ -n "$python" ] && "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
    && ! "$python" -c 'import venv, ensurepip' 2>/dev/null; then
  missing_pkgs+=("$("$python" -c 'import sys; print("python%d.%d-venv" % sys.version_info[:2])')")
fi
if [ "$want" = test ]; then
  # independent checkers the tests hold our PDFs against
  have_cmd pdffonts || missing_pkgs+=(poppler-utils)
  have_cmd qpdf || missing_pkgs+=(qpdf)
  # the web app's end-to-end test drives headless Chromium through chromedriver
  have_cmd chromium || missing_pkgs+=(chromium)
  have_cmd chromedriver || missing_pkgs+=(chromium-driver)
fi

[ ${#missing_pkgs[@]} -eq 0 ] && exit 0

echo "handouts: missing system packages: ${missing_pkgs[*]}" >&2
if [ "$(id -u)" = 0 ] && have_cmd apt-get && [ "${HANDOUTS_SYSDEPS_INSTALL:-yes}" != no ]; then
  echo "handouts: installing them with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends "${missing_pkgs[@]}" >&2
  exit 0
fi
echo "Install them, then run make again:" >&2
echo "  Debian/Ubuntu: sudo apt-get install ${missing_pkgs[*]}" >&2
echo "  Fedora:        sudo dnf install pango poppler-utils qpdf google-noto-sans-cjk-fonts google-noto-color-emoji-fonts" >&2
echo "  macOS:         brew install pango poppler qpdf (CJK and emoji names print with a warning)" >&2
exit 1
