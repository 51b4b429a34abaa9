"""Reproducible collection data set: N customers with M posted invoices each.

Invoices are cloned in SQL from real invoices posted through the ORM (one per
currency and type), so every row has the shape Odoo gives it; only partner, dates,
amounts and name change, the lines being scaled with the amounts. Spread: due dates
from 120 days ago to 30 days ahead, 10 % in USD, 10 % partially paid, 5 % credit
notes, 3 % disputed. Usable from `odoo-bin shell` or from benchmarks/bench.py.
"""

import random
from datetime import date, timedelta

from odoo.fields import Command
from odoo.tools import SQL

MOVE_OVERRIDES = {
    "id": "tmp.move_id",
    "partner_id": "tmp.partner_id",
    "commercial_partner_id": "tmp.partner_id",
    "partner_shipping_id": "tmp.partner_id",
    "name": "'BENCH/' || tmp.move_id",
    "ref": "NULL",
    "access_token": "NULL",
    "inalterable_hash": "NULL",
    "secure_sequence_number": "NULL",
    "message_main_attachment_id": "NULL",
    "invoice_partner_display_name": "NULL",
    "date": "tmp.invoice_date",
    "invoice_date": "tmp.invoice_date",
    "invoice_date_due": "tmp.due",
    "payment_state": "tmp.payment_state",
    "dunning_dispute": "tmp.dispute",
    "create_date": "now() at time zone 'utc'",
    "write_date": "now() at time zone 'utc'",
}
MOVE_SCALED = {
    "amount_untaxed",
    "amount_tax",
    "amount_total",
    "amount_untaxed_signed",
    "amount_untaxed_in_currency_signed",
    "amount_tax_signed",
    "amount_total_signed",
    "amount_total_in_currency_signed",
    "quick_edit_total_amount",
}
MOVE_RESIDUAL = {"amount_residual", "amount_residual_signed"}
LINE_OVERRIDES = {
    "move_id": "tmp.move_id",
    "partner_id": "tmp.partner_id",
    "move_name": "'BENCH/' || tmp.move_id",
    "date": "tmp.invoice_date",
    "invoice_date": "tmp.invoice_date",
    "date_maturity": "CASE WHEN l.date_maturity IS NULL THEN NULL ELSE tmp.due END",
    "matching_number": "NULL",
    "full_reconcile_id": "NULL",
    "create_date": "now() at time zone 'utc'",
    "write_date": "now() at time zone 'utc'",
}
LINE_SCALED = {
    "debit",
    "credit",
    "balance",
    "amount_currency",
    "tax_base_amount",
    "price_unit",
    "price_subtotal",
    "price_total",
}
LINE_RESIDUAL = {"amount_residual", "amount_residual_currency"}


def _columns(env, table):
    rows = env.execute_query(
        SQL(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
            "ORDER BY ordinal_position",
            table,
        )
    )
    return [row[0] for row in rows]


def _template(env, partner, move_type, currency, product_account):
    move = env["account.move"].create(
        {
            "move_type": move_type,
            "partner_id": partner.id,
            "invoice_date": date.today(),
            "currency_id": currency.id,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": "Benchmark service",
                        "quantity": 1,
                        "price_unit": 100.0,
                        "tax_ids": [],
                        "account_id": product_account.id,
                    }
                )
            ],
        }
    )
    move.action_post()
    return move


def generate(env, customers=2000, per_customer=10, seed=42, today=None):
    """Create the data set; returns the customers (res.partner)."""
    rng = random.Random(seed)
    today = today or date.today()
    company = env.company
    eur = company.currency_id
    usd = env.ref("base.USD")
    if usd != eur:
        usd.active = True
        if not usd.rate_ids:
            env["res.currency.rate"].create({"currency_id": usd.id, "rate": 1.1})
    template_partner = env["res.partner"].create({"name": "Benchmark template"})
    income = env["account.account"].search(
        [("account_type", "=", "income"), ("company_ids", "in", company.id)], limit=1
    )
    templates = {
        ("out_invoice", "main"): _template(env, template_partner, "out_invoice", eur, income),
        ("out_invoice", "usd"): _template(env, template_partner, "out_invoice", usd, income),
        ("out_refund", "main"): _template(env, template_partner, "out_refund", eur, income),
    }
    partners = env["res.partner"]
    for start in range(0, customers, 1000):
        partners |= env["res.partner"].create(
            [
                {
                    "name": f"Bench Customer {index:06d}",
                    "is_company": True,
                    "email": f"ap{index}@bench.example.com",
                    "customer_rank": 1,
                }
                for index in range(start, min(customers, start + 1000))
            ]
        )
    rows = []
    for partner_id in partners.ids:
        for _n in range(per_customer):
            due = today + timedelta(days=rng.randint(-120, 30))
            amount = round(rng.uniform(100, 5000), 2)
            roll = rng.random()
            move_type, currency_key = "out_invoice", "main"
            residual, state, dispute = amount, "not_paid", False
            if roll < 0.05:
                move_type = "out_refund"
            elif roll < 0.15:
                currency_key = "usd"
            elif roll < 0.25:
                residual, state = round(amount * 0.4, 2), "partial"
            elif roll < 0.28:
                dispute = True
            template = templates[(move_type, currency_key)]
            rows.append(
                (
                    partner_id,
                    due,
                    due - timedelta(days=30),
                    amount,
                    residual,
                    state,
                    dispute,
                    template.id,
                )
            )
    cr = env.cr
    env.flush_all()
    cr.execute(
        "CREATE TEMP TABLE bench_moves (move_id bigint DEFAULT nextval('account_move_id_seq'), "
        "partner_id int, due date, invoice_date date, amount numeric, residual numeric, "
        "payment_state varchar, dispute boolean, template_id int) ON COMMIT DROP"
    )
    for start in range(0, len(rows), 5000):
        chunk = rows[start : start + 5000]
        values = SQL(", ").join(SQL("(%s, %s, %s, %s, %s, %s, %s, %s)", *row) for row in chunk)
        cr.execute(
            SQL(
                "INSERT INTO bench_moves (partner_id, due, invoice_date, amount, residual, "
                "payment_state, dispute, template_id) VALUES %s",
                values,
            )
        )

    def select_list(columns, overrides, scaled, residual_cols, alias):
        exprs = []
        for column in columns:
            if column in overrides:
                exprs.append(overrides[column])
            elif column in scaled:
                exprs.append(f"ROUND(({alias}.{column} * tmp.amount / 100.0)::numeric, 2)")
            elif column in residual_cols:
                exprs.append(f"ROUND(({alias}.{column} * tmp.residual / 100.0)::numeric, 2)")
            else:
                exprs.append(f"{alias}.{column}")
        return ", ".join(exprs)

    move_columns = _columns(env, "account_move")
    cr.execute(
        f"INSERT INTO account_move ({', '.join(move_columns)}) "
        f"SELECT {select_list(move_columns, MOVE_OVERRIDES, MOVE_SCALED, MOVE_RESIDUAL, 't')} "
        "FROM bench_moves tmp JOIN account_move t ON t.id = tmp.template_id"
    )
    line_columns = [c for c in _columns(env, "account_move_line") if c != "id"]
    cr.execute(
        f"INSERT INTO account_move_line ({', '.join(line_columns)}) "
        f"SELECT {select_list(line_columns, LINE_OVERRIDES, LINE_SCALED, LINE_RESIDUAL, 'l')} "
        "FROM bench_moves tmp JOIN account_move_line l ON l.move_id = tmp.template_id"
    )
    cr.execute("DROP TABLE bench_moves")
    env.invalidate_all()
    return partners
