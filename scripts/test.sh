#!/usr/bin/env bash
# Fresh database, addon installed, then every test through pytest-odoo:
# pure-logic unit tests, TransactionCase tests and HttpCase tours in headless Chromium.
set -euo pipefail
. "$(dirname "$0")/env.sh"
DB="${TEST_DB:-dunning_test}"
ODOO_SRC="$(cat "$RUN_DIR/odoo_src")"
"$PROJECT_DIR/scripts/sync_addon.sh"
log "creating a fresh database $DB"
"$VENV/bin/python" "$ODOO_SRC/odoo-bin" db -c "$ODOO_CONF" drop "$DB" >/dev/null 2>&1 || true
"$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$DB" -i account_dunning \
    --stop-after-init --log-level=warn --without-demo=True 2>&1 | tee "$RUN_DIR/install-$DB.log"
if grep -qE " (ERROR|CRITICAL) " "$RUN_DIR/install-$DB.log"; then
    die "installing account_dunning in $DB failed, see $RUN_DIR/install-$DB.log"
fi
log "running the tests"
cd "$ADDONS_DIR"
set +e
"$VENV/bin/python" -m pytest -p no:cacheprovider --odoo-config="$ODOO_CONF" --odoo-database="$DB" \
    --odoo-http "${@:-account_dunning/tests}" 2>&1 | tee "$RUN_DIR/test.log"
status=${PIPESTATUS[0]}
set -e
exit "$status"
