#!/usr/bin/env python3
"""Benchmark of the daily collection run, side by side with OCA account_credit_control.

    make bench                                   # 2,000 customers x 10 invoices
    BENCH_CUSTOMERS=20000 make bench             # 20,000 customers x 10 invoices
    .run/venv/bin/python benchmarks/bench.py --customers 2000 --per-customer 10

Each measured phase runs in its own Odoo process, so wall time, SQL queries and peak
memory (max RSS) are those of the phase alone. Prints a table; asserts nothing.
"""

import argparse
import configparser
import json
import os
import resource
import subprocess
import sys
import time
import zipfile
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
RUN_DIR = PROJECT / ".run"
BASE_CONF = Path(os.environ.get("DUNNING_ODOO_CONF", RUN_DIR / "odoo.conf"))
BENCH_CONF = RUN_DIR / "odoo_bench.conf"
OCA_DIR = RUN_DIR / "oca_addons"
RUN_DATE = date(2026, 6, 15)


def odoo_src():
    return Path((RUN_DIR / "odoo_src").read_text().strip())


def prepare_oca():
    """OCA account_credit_control 19.0 from PyPI (pip download --no-deps), unpacked."""
    target = OCA_DIR / "account_credit_control"
    if target.exists():
        return True
    wheels = RUN_DIR / "oca_wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "-q",
            "-d",
            str(wheels),
            "odoo-addon-account-credit-control>=19.0,<19.1",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    found = sorted(wheels.glob("odoo_addon_account_credit_control-19.0*.whl"))
    if result.returncode or not found:
        print("OCA account_credit_control unavailable (no PyPI access?): side-by-side skipped")
        return False
    OCA_DIR.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(found[-1]) as archive:
        for name in archive.namelist():
            if name.startswith("odoo/addons/account_credit_control/"):
                dest = OCA_DIR / name[len("odoo/addons/") :]
                dest.parent.mkdir(parents=True, exist_ok=True)
                if not name.endswith("/"):
                    dest.write_bytes(archive.read(name))
    return True


def write_conf(with_oca):
    config = configparser.ConfigParser()
    config.read(BASE_CONF)
    paths = config["options"]["addons_path"]
    if with_oca:
        paths = f"{OCA_DIR},{paths}"
    config["options"]["addons_path"] = paths
    config["options"]["log_level"] = "warn"
    with BENCH_CONF.open("w") as handle:
        config.write(handle)


def odoo_cmd(*args):
    return [sys.executable, str(odoo_src() / "odoo-bin"), *args, "-c", str(BENCH_CONF)]


def phase(db, name, **options):
    """Run one phase in a fresh process; return its figures."""
    command = [
        sys.executable,
        __file__,
        "--phase",
        name,
        "--db",
        db,
        "--options",
        json.dumps(options, default=str),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    for line in result.stdout.splitlines():
        if line.startswith("BENCH "):
            return json.loads(line[6:])
    sys.stderr.write(result.stdout[-3000:] + result.stderr[-5000:])
    raise SystemExit(f"phase {name} failed")


def in_process(db, name, options):
    sys.path.insert(0, str(odoo_src()))
    import odoo.service.server
    from odoo import api, sql_db
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config(["-c", str(BENCH_CONF), "-d", db])
    odoo.service.server.load_server_wide_modules()
    registry = Registry(db)
    figures = {}
    with registry.cursor() as cr:
        env = api.Environment(cr, api.SUPERUSER_ID, {})
        queries_before = sql_db.sql_counter
        started = time.perf_counter()
        if name == "generate":
            sys.path.insert(0, str(HERE))
            from generate import generate

            partners = generate(
                env,
                customers=options["customers"],
                per_customer=options["per_customer"],
                seed=options.get("seed", 42),
                today=RUN_DATE,
            )
            cr.commit()
            figures["customers"] = len(partners)
        elif name == "dunning":
            run_date = date.fromisoformat(options["date"])
            events_before = env["dunning.event"].search_count([])
            from freezegun import freeze_time

            with freeze_time(run_date):
                if os.environ.get("BENCH_PROFILE"):
                    import cProfile

                    profiler = cProfile.Profile()
                    totals = profiler.runcall(env["dunning.run"]._cron_run)
                    profiler.dump_stats(os.environ["BENCH_PROFILE"])
                else:
                    totals = env["dunning.run"]._cron_run()
            cr.commit()
            figures["events"] = env["dunning.event"].search_count([]) - events_before
            figures["customers"] = totals.get("customers", 0)
        elif name == "oca":
            run_date = date.fromisoformat(options["date"])
            company = env.company
            policy = company.credit_policy_id or env["credit.control.policy"].search([], limit=1)
            receivable = env["account.account"].search([("account_type", "=", "asset_receivable")])
            policy.account_ids = receivable
            company.credit_policy_id = policy
            cr.commit()
            queries_before = sql_db.sql_counter
            started = time.perf_counter()
            run = env["credit.control.run"].create(
                {"date": run_date, "policy_ids": [(6, 0, policy.ids)]}
            )
            run.generate_credit_lines()
            cr.commit()
            figures["events"] = env["credit.control.line"].search_count([("run_id", "=", run.id)])
        figures["seconds"] = round(time.perf_counter() - started, 2)
        figures["queries"] = sql_db.sql_counter - queries_before
    figures["peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print("BENCH " + json.dumps(figures))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--customers", type=int, default=int(os.environ.get("BENCH_CUSTOMERS", 2000))
    )
    parser.add_argument("--per-customer", type=int, default=10)
    parser.add_argument("--no-oca", action="store_true")
    parser.add_argument("--phase")
    parser.add_argument("--db")
    parser.add_argument("--options", default="{}")
    args = parser.parse_args()
    if args.phase:
        return in_process(args.db, args.phase, json.loads(args.options))

    with_oca = not args.no_oca and prepare_oca()
    write_conf(with_oca)
    db = f"dunning_bench_{args.customers}"
    modules = "account_dunning" + (",account_credit_control" if with_oca else "")
    subprocess.run(
        [sys.executable, str(odoo_src() / "odoo-bin"), "db", "-c", str(BENCH_CONF), "drop", db],
        capture_output=True,
        check=False,
    )
    print(f"installing {modules} in {db}...", flush=True)
    subprocess.run(
        odoo_cmd("-d", db, "-i", modules, "--stop-after-init", "--without-demo=True"), check=True
    )
    print(f"generating {args.customers} customers x {args.per_customer} invoices...", flush=True)
    generated = phase(db, "generate", customers=args.customers, per_customer=args.per_customer)
    rows = [("generate data", generated)]
    rows.append(("dunning run (first)", phase(db, "dunning", date=RUN_DATE)))
    rows.append(("dunning run (same day)", phase(db, "dunning", date=RUN_DATE)))
    next_day = RUN_DATE + timedelta(days=1)
    rows.append(("dunning run (next day)", phase(db, "dunning", date=next_day)))
    if with_oca:
        rows.append(("OCA credit lines", phase(db, "oca", date=RUN_DATE)))

    invoices = args.customers * args.per_customer
    print(f"\n{args.customers:,} customers / {invoices:,} invoices, run date {RUN_DATE}\n")
    print(f"{'phase':<26}{'seconds':>10}{'queries':>12}{'peak MB':>10}{'events':>10}{'ev/s':>10}")
    for label, figures in rows:
        events = figures.get("events", "")
        rate = round(events / figures["seconds"]) if events and figures["seconds"] else ""
        print(
            f"{label:<26}{figures['seconds']:>10}{figures['queries']:>12}"
            f"{figures['peak_mb']:>10}{events!s:>10}{rate!s:>10}"
        )
    if with_oca:
        ours, oca = rows[1][1], rows[-1][1]
        print(
            f"\nOCA credit lines / our first run: {oca['seconds'] / ours['seconds']:.1f}x time, "
            f"{oca['queries'] / max(ours['queries'], 1):.1f}x queries"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
