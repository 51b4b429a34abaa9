#!/usr/bin/env bash
# Regenerate i18n/account_dunning.pot from a fresh install (run after changing terms).
set -euo pipefail
. "$(dirname "$0")/env.sh"
ODOO_SRC="$(cat "$RUN_DIR/odoo_src")"
DB=dunning_i18n
"$PROJECT_DIR/scripts/sync_addon.sh"
"$VENV/bin/python" "$ODOO_SRC/odoo-bin" db -c "$ODOO_CONF" drop "$DB" >/dev/null 2>&1 || true
"$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$DB" -i account_dunning \
    --stop-after-init --log-level=error
"$VENV/bin/python" "$ODOO_SRC/odoo-bin" i18n export -c "$ODOO_CONF" -d "$DB" \
    -o "$PROJECT_DIR/i18n/account_dunning.pot" account_dunning
