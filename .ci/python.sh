#!/usr/bin/env bash
# Print the Python interpreter `make` builds .venv with: the first candidate that is
# Python 3.11 or newer and can make a virtual environment (venv and ensurepip; Debian
# ships those in python3-venv), else plain `python3`, which the Makefile's version check
# then names.
#
# The system's own python3 comes before the first one on PATH. Distributions build theirs
# with profile-guided and link-time optimisation into one binary; an interpreter built
# from source with the defaults (pyenv's, for one) has neither and a shared libpython,
# and renders about 8% slower (bench/RESULTS.md). A clinic's server runs the system's.
# `make PYTHON=/path/to/python3 ...` overrides the choice.
#   usage: python.sh [candidate ...]
set -u
[ $# -gt 0 ] || set -- /usr/bin/python3 "$(command -v python3 || true)"
for candidate in "$@"; do
  [ -n "$candidate" ] && [ -x "$candidate" ] || continue
  if "$candidate" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "$candidate"
    exit 0
  fi
done
echo python3
