#!/usr/bin/env bash
# Copy the addon to .run/addons/account_dunning: Odoo and pytest-odoo name the
# module after its folder, and a clone may have any folder name.
set -euo pipefail
. "$(dirname "$0")/env.sh"
dest="$ADDONS_DIR/account_dunning"
rm -rf "$dest.tmp"; mkdir -p "$dest.tmp"
(cd "$PROJECT_DIR" && tar -cf - --exclude=./.run --exclude=./.git --exclude='__pycache__' \
    --exclude=./.ci --exclude=./benchmarks/out --exclude='*.pyc' .) | tar -xf - -C "$dest.tmp"
rm -rf "$dest"; mv "$dest.tmp" "$dest"
