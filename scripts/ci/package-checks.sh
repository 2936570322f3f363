#!/usr/bin/env bash
# The release checks of every package, on what would be published: the extension packaged by
# vsce (no --allow-* flags) and read by ovsx, the npm manifests and tarballs, `npm publish
# --dry-run` with provenance, n8n's node CLI lint and community-package scanner on the n8n
# package, and the GitHub workflow files. Installs its tools itself (scripts/ci/tools.sh) and
# expects `npm run build` to have run. Every check runs; the exit code is 1 if any failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tools.sh
source scripts/ci/tools.sh
started=$(date +%s)
ensure_package_tools || exit 1
tools="$PACKAGE_TOOLS_HOME"
vsix=packages/vscode/dist/celonis-scim-vscode.vsix
failed=()
check() {
  local name=$1
  shift
  printf '\n--- %s\n' "$name"
  local t0=$SECONDS
  if "$@"; then
    printf -- '--- ok: %s (%ss)\n' "$name" "$((SECONDS - t0))"
  else
    failed+=("$name")
    printf -- '--- FAILED: %s\n' "$name"
  fi
}
on_node24() { PATH="$NODE24_BIN:$PATH" "$@"; }
workflow_lint() {
  local f rc=0
  for f in .github/workflows/*.yml; do
    if on_node24 "$tools/node_modules/.bin/action-validator" "$f"; then
      echo "action-validator: $f is valid"
    else
      rc=1
    fi
  done
  return $rc
}

check "vsce package (no allow-flags)" npm run package --silent -w celonis-scim-vscode
check "manifests, tarballs and the .vsix (scripts/ci/check-packages.mjs)" \
  node scripts/ci/check-packages.mjs --vsix "$vsix"
# The checker must be able to fail: with two fields dropped from the manifests as read, it has to
# exit 1 and name both.
checker_refuses() {
  local out
  if out=$(node scripts/ci/check-packages.mjs --manifests-only --drop packages/cli:bugs \
    --drop packages/n8n-nodes:repository 2>&1); then
    echo "the checker passed manifests without bugs / repository"
    return 1
  fi
  grep -q '@celonis-scim/cli: bugs.url' <<<"$out" &&
    grep -q 'n8n-nodes-celonis-scim: repository.directory' <<<"$out" &&
    echo "the checker refuses a manifest without bugs or repository.directory"
}
check "the manifest checker fails on a missing field" checker_refuses
check "npm publish --dry-run --provenance" node scripts/release/publish.mjs --dry-run
check "n8n-node lint (@n8n/node-cli, strict)" \
  on_node24 node packages/n8n-nodes/scripts/n8n-node-lint.mjs "$tools"
check "@n8n/scan-community-package on the source and the packed tarball" \
  on_node24 node packages/n8n-nodes/scripts/scan.mjs "$tools"
check "ovsx publish to a loopback registry" \
  on_node24 node scripts/ci/ovsx-check.mjs "$tools" packages/vscode "$vsix"
check "GitHub workflows (action-validator)" workflow_lint
check "changesets: the config and the pending changesets load" npx --no-install changeset status --since=HEAD

printf '\npackage checks took %ss\n' "$(($(date +%s) - started))"
if [ "${#failed[@]}" -gt 0 ]; then
  printf 'package checks FAILED: %s\n' "${failed[*]}"
  exit 1
fi
echo "package checks: all passed"
