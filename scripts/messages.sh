#!/usr/bin/env bash
# Refresh the Indonesian catalogues: the project's (src/patuh/locale) and each app's own
# (src/patuh/<app>/locale), then compile them. Apps with their own catalogue are left out of
# the project's, so no message is kept in two places. Usage: scripts/messages.sh [--compile-only]
set -euo pipefail
cd "$(dirname "$0")/../src/patuh"
patuh="../../.venv/bin/patuh"
apps=()
for locale in */locale; do
  apps+=("${locale%/locale}")
done
if [ "${1:-}" != "--compile-only" ]; then
  ignore=()
  for app in "${apps[@]}"; do ignore+=(--ignore "$app/*"); done
  "$patuh" makemessages -l id --no-obsolete "${ignore[@]}"
  for app in "${apps[@]}"; do
    (cd "$app" && "../$patuh" makemessages -l id --no-obsolete)
  done
fi
"$patuh" compilemessages -l id --ignore ".venv/*"
