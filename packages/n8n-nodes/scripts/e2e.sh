#!/usr/bin/env bash
# End-to-end suite in a real n8n: installs n8n (and Node 24) into the tool cache when missing,
# builds this package and its workspace dependencies, then runs e2e/ with vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=/dev/null
source ../../scripts/ci/tools.sh
ensure_n8n
export N8N_BIN NODE24_BIN
(cd ../.. && npx turbo run build --filter=n8n-nodes-celonis-scim --output-logs=errors-only)
started=$(date +%s)
npx vitest run -c vitest.e2e.config.ts "$@"
echo "n8n e2e finished in $(($(date +%s) - started)) s"
