#!/usr/bin/env bash
# Idempotent set-up: Debian packages, Odoo 19 source, virtualenv, PostgreSQL
# cluster, odoo.conf and the synced addon copy. Safe to run again and again.
set -euo pipefail
. "$(dirname "$0")/env.sh"
mkdir -p "$RUN_DIR" "$ADDONS_DIR"

# --- Debian packages -----------------------------------------------------------
need_pkgs=()
command -v chromium >/dev/null 2>&1 || need_pkgs+=(chromium)
command -v wkhtmltopdf >/dev/null 2>&1 || need_pkgs+=(wkhtmltopdf)
command -v pdftotext >/dev/null 2>&1 || need_pkgs+=(poppler-utils)
[ -x "$PG_BIN/initdb" ] || [ -n "${PGHOST:-}" ] || need_pkgs+=(postgresql)
if [ ${#need_pkgs[@]} -gt 0 ]; then
    if [ "$(id -u)" = "0" ]; then
        log "installing Debian packages: ${need_pkgs[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >/dev/null 2>&1 || true
        apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" fonts-dejavu-core >/dev/null \
            || die "apt-get install ${need_pkgs[*]} failed"
    else
        die "missing Debian packages: ${need_pkgs[*]} - run: sudo apt-get install ${need_pkgs[*]}"
    fi
fi

# --- Odoo 19.0 Community source ---------------------------------------------------
if [ -n "${ODOO_SRC:-}" ]; then
    [ -f "$ODOO_SRC/odoo-bin" ] || die "ODOO_SRC=$ODOO_SRC holds no odoo-bin"
elif [ -f /opt/odoo/19.0/odoo-bin ]; then
    ODOO_SRC=/opt/odoo/19.0
elif [ -f "$RUN_DIR/odoo-src/odoo-bin" ]; then
    ODOO_SRC="$RUN_DIR/odoo-src"
else
    url="https://nightly.odoo.com/19.0/nightly/src/odoo_19.0.latest.tar.gz"
    log "no Odoo source in ODOO_SRC or /opt/odoo/19.0: downloading $url"
    mkdir -p "$RUN_DIR/odoo-src"
    if curl -fsSL --max-time 900 "$url" | tar -xz -C "$RUN_DIR/odoo-src" --strip-components=1; then
        :
    else
        rm -rf "$RUN_DIR/odoo-src"
        die "Odoo 19.0 source not found. Set ODOO_SRC=/path/to/odoo (holding odoo-bin), put it at /opt/odoo/19.0, or give this machine internet access."
    fi
    ODOO_SRC="$RUN_DIR/odoo-src"
fi
export ODOO_SRC
echo "$ODOO_SRC" > "$RUN_DIR/odoo_src"

# --- virtualenv -------------------------------------------------------------------
stamp_src="$(cat "$ODOO_SRC/requirements.txt" "$PROJECT_DIR/requirements-dev.txt" | md5sum | cut -c1-12)"
if [ ! -x "$VENV/bin/python" ]; then
    log "creating virtualenv $VENV"
    "$PYTHON_BIN" -m venv "$VENV"
fi
if [ "$(cat "$VENV/.dunning_stamp" 2>/dev/null)" != "$stamp_src" ]; then
    log "installing Odoo requirements and test tools (a few minutes the first time)"
    # Python 3.11: cbor2 5.4.2 does not build; python-ldap needs headers we do not need.
    sed -e 's/^cbor2==5\.4\.2/cbor2==5.4.6/' -e '/^python-ldap/d' "$ODOO_SRC/requirements.txt" > "$RUN_DIR/odoo-requirements.txt"
    # (a machine-wide pip config may name find-links folders that do not exist: not our noise)
    if ! "$VENV/bin/pip" install -q --disable-pip-version-check \
        -r "$RUN_DIR/odoo-requirements.txt" -r "$PROJECT_DIR/requirements-dev.txt" 2>&1 \
        | { grep -v "^WARNING: Location .* is ignored" || true; }; then
        die "pip install failed (see the messages above)"
    fi
    echo "$stamp_src" > "$VENV/.dunning_stamp"
fi
# Make `import odoo` work in the venv without installing (nothing of Odoo is copied).
site="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
echo "$ODOO_SRC" > "$site/odoo_src.pth"

# --- PostgreSQL -------------------------------------------------------------------
if [ -n "${PGHOST:-}" ]; then
    DB_HOST="$PGHOST"; DB_PORT="${PGPORT:-5432}"; DB_USER="${PGUSER:-odoo}"; DB_PASSWORD="${PGPASSWORD:-odoo}"
    log "using PostgreSQL server at $DB_HOST:$DB_PORT"
else
    DB_HOST=127.0.0.1; DB_PORT="$PG_PORT_DEFAULT"; DB_USER=odoo; DB_PASSWORD=odoo
    as_pg() { if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
    if [ ! -f "$PG_DATA/PG_VERSION" ]; then
        log "initialising PostgreSQL cluster in $PG_DATA"
        mkdir -p "$PG_DATA"
        [ "$(id -u)" = "0" ] && chown postgres: "$PG_DATA" && chmod 700 "$PG_DATA"
        as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
        cat >> "$PG_DATA/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $DB_PORT
unix_socket_directories = '$PG_DATA'
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 256MB
max_connections = 200
CONF
    fi
    if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
        log "starting PostgreSQL on port $DB_PORT"
        as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w start >/dev/null
    fi
    ready=0
    for _ in $(seq 1 30); do
        if "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$DB_PORT" >/dev/null 2>&1; then ready=1; break; fi
        sleep 1
    done
    [ "$ready" = 1 ] || die "PostgreSQL did not start, see $PG_DATA/server.log"
    "$PG_BIN/psql" -h 127.0.0.1 -p "$DB_PORT" -U postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname='odoo'" | grep -q 1 \
        || "$PG_BIN/psql" -h 127.0.0.1 -p "$DB_PORT" -U postgres -qc "CREATE ROLE odoo LOGIN SUPERUSER PASSWORD 'odoo'"
fi

# --- odoo.conf and the addon copy ---------------------------------------------------
cat > "$BASE_ODOO_CONF" <<CONF
[options]
addons_path = $RUN_DIR/addons,$ODOO_SRC/addons,$ODOO_SRC/odoo/addons
data_dir = $RUN_DIR/filestore
db_host = $DB_HOST
db_port = $DB_PORT
db_user = $DB_USER
db_password = $DB_PASSWORD
admin_passwd = admin
http_port = ${HTTP_PORT:-8069}
max_cron_threads = 0
limit_time_cpu = 0
limit_time_real = 0
log_level = info
CONF
