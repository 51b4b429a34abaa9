#!/usr/bin/env bash
set -euo pipefail
. "$(dirname "$0")/env.sh"
"$PROJECT_DIR/scripts/sync_addon.sh"
exec "$VENV/bin/python" "$PROJECT_DIR/benchmarks/bench.py" "$@"
