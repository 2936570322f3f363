#!/usr/bin/env bash
# A seeded sandbox and code-server with the extension installed and connected to the team.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../../../scripts/ci/tools.sh
source ../../scripts/ci/tools.sh
ensure_code_server
(cd ../.. && npx turbo run build --filter=celonis-scim-vscode --output-logs=errors-only)
npm run package --silent >/dev/null
export CODE_SERVER_BIN NODE24_BIN
export VSIX="$PWD/dist/celonis-scim-vscode.vsix"
exec npx tsx scripts/demo.ts "$@"
