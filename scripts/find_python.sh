#!/usr/bin/env bash
# Print the first Python >= 3.12 that really runs (Django 6 needs 3.12). pyenv shims can
# exist for versions that are not activated, so every candidate is executed, not just found.
# 3.12 first: the version the suite is tested on.
versions="$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")/versions"
for candidate in "${PYTHON:-}" python3.12 $(ls -d "$versions"/3.12*/bin/python3 2>/dev/null) \
    python3.13 python3 $(ls -d "$versions"/3.1[3-9]*/bin/python3 2>/dev/null); do
  [ -n "$candidate" ] || continue
  if "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
    command -v "$candidate" || echo "$candidate"
    exit 0
  fi
done
echo "no Python 3.12 or newer found; install one or set PYTHON=/path/to/python3.12" >&2
exit 1
