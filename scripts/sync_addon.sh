#!/usr/bin/env bash
# Copy the addon to .run/addons/account_dunning: Odoo and pytest-odoo name the
# module after its folder, and a clone may have any folder name.
set -euo pipefail
. "$(dirname "$0")/env.sh"
mkdir -p "$ADDONS_DIR"
dest="$ADDONS_DIR/account_dunning"
if [ "$ODOO_CONF" != "$BASE_ODOO_CONF" ]; then
    sed -e "s|^addons_path = [^,]*,|addons_path = $ADDONS_DIR,|" \
        -e "s|^http_port = .*|http_port = ${DUNNING_HTTP_PORT:-8069}|" "$BASE_ODOO_CONF" > "$ODOO_CONF"
fi
rm -rf "$dest.tmp"; mkdir -p "$dest.tmp"
(cd "$PROJECT_DIR" && tar -cf - --exclude=./.run --exclude=./.git --exclude='__pycache__' \
    --exclude=./.ci --exclude=./benchmarks/out --exclude='*.pyc' .) | tar -xf - -C "$dest.tmp"
rm -rf "$dest"; mv "$dest.tmp" "$dest"
