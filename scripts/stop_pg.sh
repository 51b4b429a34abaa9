#!/usr/bin/env bash
. "$(dirname "$0")/env.sh"
if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" stop -m fast; else "$PG_BIN/pg_ctl" -D "$PG_DATA" stop -m fast; fi
