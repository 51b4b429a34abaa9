#!/usr/bin/env bash
set -euo pipefail
. "$(dirname "$0")/env.sh"
cd "$PROJECT_DIR"
"$VENV/bin/ruff" check .
"$VENV/bin/ruff" format --check .
"$PROJECT_DIR/scripts/sync_addon.sh"
cd "$ADDONS_DIR"
"$VENV/bin/pylint" --rcfile="$PROJECT_DIR/.pylintrc" account_dunning
