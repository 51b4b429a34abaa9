#!/usr/bin/env bash
# Benchmark of the daily run (see benchmarks/bench.py); its own addon copy, so that tests
# running meanwhile never swap files under it.
set -euo pipefail
. "$(dirname "$0")/env.sh"
export DUNNING_ADDONS_DIR="${DUNNING_ADDONS_DIR:-$RUN_DIR/addons_bench}"
export DUNNING_ODOO_CONF="${DUNNING_ODOO_CONF:-$RUN_DIR/odoo_bench_base.conf}"
export ADDONS_DIR="$DUNNING_ADDONS_DIR" ODOO_CONF="$DUNNING_ODOO_CONF"
"$PROJECT_DIR/scripts/sync_addon.sh"
exec "$VENV/bin/python" "$PROJECT_DIR/benchmarks/bench.py" "$@"
