# Sourced by tools/run.sh and tools/test.sh: puts a Node.js >= 20.19 on PATH for the web UI
# (Vite 8). The machine's own node is used when new enough; otherwise Debian's nodejs and npm
# (18 on Debian 12, too old to build) fetch the node-linux-<arch> package, which ships Node 22's
# binary, from the npm registry into .tools/node (once).
node_is_recent() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a, b] = process.versions.node.split(".").map(Number);
             process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null
}

ensure_node() {
  node_is_recent && command -v npm >/dev/null 2>&1 && return 0
  if ! command -v npm >/dev/null 2>&1; then
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  fi
  node_is_recent && return 0
  local arch
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64) arch=arm64 ;;
    *) echo "node.sh: no Node.js package for $(uname -m)" >&2; return 1 ;;
  esac
  local dir="$PWD/.tools/node"
  local bin="$dir/node_modules/node-linux-$arch/bin"
  if [ ! -x "$bin/node" ]; then
    echo "node.sh: fetching Node.js 22 (npm package node-linux-$arch) into .tools/node"
    npm install --prefix "$dir" --no-audit --no-fund --no-save "node-linux-$arch@22" >/dev/null
  fi
  export PATH="$bin:$PATH"
  node_is_recent
}
