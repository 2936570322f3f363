#!/usr/bin/env bash
# The nodes in n8n's queue mode: installs n8n (and Node 24), Redis and PostgreSQL when missing,
# builds this package and its workspace dependencies, then runs e2e/queue/ with vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=/dev/null
source ../../scripts/ci/tools.sh
ensure_n8n
ensure_redis
ensure_postgres
export N8N_BIN NODE24_BIN REDIS_SERVER_BIN POSTGRES_BIN_DIR
(cd ../.. && npx turbo run build --filter=n8n-nodes-celonis-scim --output-logs=errors-only)
started=$(date +%s)
npx vitest run -c vitest.queue.config.ts "$@"
echo "n8n queue-mode e2e finished in $(($(date +%s) - started)) s"
