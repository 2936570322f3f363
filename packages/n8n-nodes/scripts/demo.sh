#!/usr/bin/env bash
# Sandbox + a real n8n with this package installed, an owner account and a credential that
# points at the sandbox. Prints the editor URL and the login. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=/dev/null
source ../../scripts/ci/tools.sh
ensure_n8n
export N8N_BIN NODE24_BIN
(cd ../.. && npx turbo run build --filter=n8n-nodes-celonis-scim --output-logs=errors-only)
if [ "${1:-}" = "--screenshot" ]; then OPEN_NODE=1 exec npx tsx scripts/screenshot.mts; fi
exec npx tsx scripts/demo.mts "$@"
