#!/usr/bin/env bash
# Runs the platform on a fresh Debian 12 machine: installs the packages, builds a release binary
# and the web UI (web/dist),
# creates the embedded SQLite database var/yigong.db with the demo ecosystem (first run only),
# prints the demo accounts' logins and serves on http://127.0.0.1:8080 until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

bash tools/install-deps.sh
cmake --preset release >/dev/null
cmake --build build/release --target yigong
source tools/node.sh
if ensure_node; then
  (cd web && { [ -d node_modules ] || npm ci --no-audit --no-fund; } && npm run build)
else
  echo "yigong: no Node.js >= 20.19 could be set up; serving the API without the web UI" >&2
fi

db="sqlite:var/yigong.db"
if [ ! -f var/yigong.db ]; then
  build/release/yigong init --db "$db" --demo
else
  build/release/yigong init --db "$db"
  echo "yigong: demo accounts are listed in data/demo/tenants.json (e-mail / password)"
fi
exec build/release/yigong serve --db "$db" --listen 127.0.0.1:8080 --web-root web/dist
