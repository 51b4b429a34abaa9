#!/usr/bin/env bash
# Demo database with the addon, realistic data and one collection run, served on :8069.
set -euo pipefail
. "$(dirname "$0")/env.sh"
DB="${DEMO_DB:-dunning_demo}"
ODOO_SRC="$(cat "$RUN_DIR/odoo_src")"
"$PROJECT_DIR/scripts/sync_addon.sh"
odoo() { "$VENV/bin/python" "$ODOO_SRC/odoo-bin" "$@" -c "$ODOO_CONF"; }
if ! "$PG_BIN/psql" -h "$(awk -F' = ' '/^db_host/{print $2}' "$ODOO_CONF")" \
        -p "$(awk -F' = ' '/^db_port/{print $2}' "$ODOO_CONF")" -U odoo -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname='$DB'" 2>/dev/null | grep -q 1; then
    log "creating the demo database $DB (a few minutes)"
    odoo -d "$DB" -i account_dunning --stop-after-init --log-level=warn --with-demo
else
    odoo -d "$DB" -u account_dunning --stop-after-init --log-level=warn
fi
log "loading demo customers and replaying the collection runs"
odoo shell -d "$DB" --log-level=warn --no-http < "$PROJECT_DIR/scripts/demo_data.py"
log "running today's collection run"
echo 'env["dunning.run"]._cron_run(); env.cr.commit()' | odoo shell -d "$DB" --log-level=warn --no-http
cat <<MSG

  Odoo is starting at http://localhost:${HTTP_PORT:-8069}  (login admin / password admin)
  Where to click:
   - Invoicing > Customers > Collections > Follow-ups: customers at every level
   - Invoicing > Customers > Collections > History / Letters to Print
   - Sales > Quotations: the held customer's quotation shows the credit-hold banner
   - Invoicing > Configuration > Collections > Recovery Scenarios: the Standard B2B scenario

MSG
exec "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" -d "$DB" --db-filter="^$DB\$"
