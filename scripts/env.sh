# Shared settings for the project scripts (sourced, not executed).
# Everything generated lives under .run/ (git-ignored), except the PostgreSQL
# cluster when running as root: the postgres user must be able to enter it.
PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="${RUN_DIR:-$PROJECT_DIR/.run}"
VENV="${VENV:-$RUN_DIR/venv}"
PYTHON_BIN="${PYTHON_BIN:-python3}"
ADDONS_DIR="${DUNNING_ADDONS_DIR:-$RUN_DIR/addons}"  # holds the synced copy named account_dunning
BASE_ODOO_CONF="$RUN_DIR/odoo.conf"
ODOO_CONF="${DUNNING_ODOO_CONF:-$BASE_ODOO_CONF}"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_PORT_DEFAULT="${DUNNING_PG_PORT:-54329}"
if [ "$(id -u)" = "0" ]; then
    PG_DATA="${PG_DATA:-/tmp/account_dunning_pg_$(echo "$PROJECT_DIR" | md5sum | cut -c1-8)}"
else
    PG_DATA="${PG_DATA:-$RUN_DIR/pgdata}"
fi
log() { printf '\033[1;34m[account_dunning]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[account_dunning] %s\033[0m\n' "$*" >&2; exit 1; }
