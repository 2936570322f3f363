#!/usr/bin/env bash
# The extension in a real VS Code: installs code-server and Chromium when missing (cached in
# ~/.cache/celonis-scim), packages the extension, then runs the browser-driven suite.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../../../scripts/ci/tools.sh
source ../../scripts/ci/tools.sh
# VSCODE_E2E_HOST=electron runs the same suite in desktop VS Code fetched by @vscode/test-electron
# (needs internet access); the default is code-server driven through Chromium.
if [ "${VSCODE_E2E_HOST:-code-server}" != electron ]; then
  ensure_code_server
  ensure_chromium
fi
started=$(date +%s)
(cd ../.. && npx turbo run build --filter=celonis-scim-vscode --output-logs=errors-only)
npm run package --silent >/dev/null
export CODE_SERVER_BIN NODE24_BIN CHROMIUM_BIN
export VSIX="$PWD/dist/celonis-scim-vscode.vsix"
npx vitest run -c vitest.e2e.config.ts "$@"
echo "vscode e2e finished in $(($(date +%s) - started)) s (tool installs excluded)"
