"""The collectors' workspace: worklist filters, promises kept, KPIs (DSO, aging)."""

from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.fields import Domain
from odoo.tools import SQL

AGING_BUCKETS = [
    ("not_due", None, 0),
    ("1_7", 1, 7),
    ("8_30", 8, 30),
    ("31_60", 31, 60),
    ("61_90", 61, 90),
    ("over_90", 91, None),
]


def aging_bucket(days_late):
    """Name of the aging bucket of an invoice ``days_late`` days past due (pure)."""
    for name, low, high in AGING_BUCKETS:
        if (low is None or days_late >= low) and (high is None or days_late <= high):
            return name
    return "not_due"


def dso_90(open_receivables, credit_sales_90_days, days=90):
    """Days Sales Outstanding, 90-day formula: receivables / credit sales of the period x days."""
    if not credit_sales_90_days:
        return 0.0
    return round(open_receivables / credit_sales_90_days * days, 1)


class ResPartner(models.Model):
    _inherit = "res.partner"

    dunning_has_promise = fields.Boolean(
        "Payment Promised", compute="_compute_dunning_flags", search="_search_dunning_has_promise"
    )
    dunning_has_dispute = fields.Boolean(
        "Invoice in Dispute", compute="_compute_dunning_flags", search="_search_dunning_has_dispute"
    )

    dunning_dso = fields.Float(
        "DSO (days)",
        compute="_compute_dunning_dso",
        digits=(16, 1),
        help="Days Sales Outstanding of this customer, 90-day formula: open receivables / "
        "credit sales invoiced over the last 90 days x 90.",
    )

    def _compute_dunning_dso(self):
        figures = self.env["account.move"]._dunning_dso_figures(
            self.env.company,
            fields.Date.context_today(self),
            partners=self.commercial_partner_id,
        )
        for partner in self:
            open_total, sales = figures.get(partner.commercial_partner_id, (0.0, 0.0))
            partner.dunning_dso = dso_90(open_total, sales)

    def _dunning_open_invoice_partner_ids(self, condition):
        self.env["account.move"].flush_model()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT DISTINCT commercial_partner_id FROM account_move
                 WHERE state = 'posted' AND move_type IN ('out_invoice', 'out_receipt')
                   AND payment_state IN ('not_paid', 'partial') AND %s
                """,
                condition,
            )
        )
        return [row[0] for row in rows]

    def _compute_dunning_flags(self):
        promised = set(
            self._dunning_open_invoice_partner_ids(SQL("dunning_promise_date IS NOT NULL"))
        )
        disputed = set(self._dunning_open_invoice_partner_ids(SQL("dunning_dispute IS TRUE")))
        for partner in self:
            commercial = partner.commercial_partner_id.id
            partner.dunning_has_promise = commercial in promised
            partner.dunning_has_dispute = commercial in disputed

    def _search_dunning_has_promise(self, operator, value):
        ids = self._dunning_open_invoice_partner_ids(SQL("dunning_promise_date IS NOT NULL"))
        return self._dunning_flag_domain(ids, operator, value)

    def _search_dunning_has_dispute(self, operator, value):
        ids = self._dunning_open_invoice_partner_ids(SQL("dunning_dispute IS TRUE"))
        return self._dunning_flag_domain(ids, operator, value)

    def _dunning_flag_domain(self, ids, operator, value):
        # Odoo 19 hands boolean searches over as "in"/"not in" a set of values
        if operator not in ("in", "not in"):
            return NotImplemented
        if set(value) == {True, False}:
            return Domain(operator == "in")
        positive = (operator == "in") == (True in set(value))
        return Domain("id", "in" if positive else "not in", ids)

    def action_dunning_log_call(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log a Call"),
            "res_model": "dunning.call.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.commercial_partner_id.id},
        }

    def action_dunning_dispute(self):
        self.ensure_one()
        return self.env["account.move"]._dunning_dispute_action(self.commercial_partner_id)

    def action_dunning_toggle_excluded(self):
        for partner in self:
            partner.commercial_partner_id.dunning_excluded = not partner.dunning_excluded


class AccountMove(models.Model):
    _inherit = "account.move"

    dunning_aging_bucket = fields.Selection(
        [
            ("not_due", "Not due"),
            ("1_7", "1-7 days"),
            ("8_30", "8-30 days"),
            ("31_60", "31-60 days"),
            ("61_90", "61-90 days"),
            ("over_90", "Over 90 days"),
        ],
        "Aging",
        compute="_compute_dunning_aging_bucket",
    )

    @api.model
    def _dunning_dso_figures(self, company, today, partners=None):
        """{commercial partner (False: whole company): (open receivables, credit sales of
        the last 90 days)} in company currency, two aggregated queries for all partners.

        Open receivables are open invoices minus open credit notes."""
        Move = self.sudo()
        groupby = ["commercial_partner_id"] if partners is not None else []
        scope = Domain("company_id", "=", company.id)
        if partners is not None:
            scope &= Domain("commercial_partner_id", "in", partners.ids)
        open_domain = Move._dunning_open_domain(company=company) | Domain(
            [
                ("state", "=", "posted"),
                ("move_type", "=", "out_refund"),
                ("payment_state", "in", ("not_paid", "partial")),
            ]
        )
        sales_domain = Domain(
            [
                ("state", "=", "posted"),
                ("move_type", "in", ("out_invoice", "out_refund", "out_receipt")),
                ("invoice_date", ">", today - timedelta(days=90)),
                ("invoice_date", "<=", today),
            ]
        )

        def totals(domain, aggregate):
            rows = Move._read_group(scope & domain, groupby, [aggregate])
            return {(row[0] if groupby else False): row[-1] or 0.0 for row in rows}

        open_totals = totals(open_domain, "amount_residual_signed:sum")
        sales = totals(sales_domain, "amount_total_signed:sum")
        return {
            key: (open_totals.get(key, 0.0), sales.get(key, 0.0))
            for key in set(open_totals) | set(sales)
        }

    def _compute_dunning_aging_bucket(self):
        today = fields.Date.context_today(self)
        for move in self:
            due = move.invoice_date_due or move.date
            move.dunning_aging_bucket = aging_bucket((today - due).days) if due else "not_due"

    def action_dunning_dispute(self):
        return self._dunning_dispute_action(self.commercial_partner_id[:1], self)

    @api.model
    def _dunning_dispute_action(self, partner, moves=None):
        context = {"default_partner_id": partner.id}
        if moves:
            context["default_move_ids"] = moves.ids
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Dispute Invoices"),
            "res_model": "dunning.dispute.wizard",
            "view_mode": "form",
            "target": "new",
            "context": context,
        }

    def action_dunning_resolve_dispute(self):
        """The dispute is settled: the invoice goes back into its scenario at level 1."""
        disputed = self.filtered("dunning_dispute")
        disputed.write({"dunning_dispute": False})
        events = (
            self.env["dunning.event"]
            .sudo()
            .search(
                [
                    ("channel", "=", "dispute"),
                    ("state", "=", "todo"),
                    ("move_ids", "in", disputed.ids),
                ]
            )
        )
        events.write({"state": "done"})
        events.activity_id.action_feedback(feedback=self.env._("Dispute resolved"))
        for move in disputed:
            move.message_post(body=self.env._("Dispute resolved: the invoice is dunned again."))
        return True

    def _invoice_paid_hook(self):
        res = super()._invoice_paid_hook()
        self.env["dunning.event"]._dunning_check_promises(self)
        return res


class DunningEvent(models.Model):
    _inherit = "dunning.event"

    @api.model
    def _dunning_check_promises(self, paid_moves):
        """Open promises whose invoices are all paid by the promised day are kept."""
        promises = self.sudo().search(
            [
                ("channel", "=", "promise"),
                ("promise_state", "=", "open"),
                ("move_ids", "in", paid_moves.ids),
            ]
        )
        today = fields.Date.context_today(self)
        for promise in promises:
            paid = all(
                m.payment_state in ("paid", "in_payment", "reversed") for m in promise.move_ids
            )
            if not paid:
                continue
            # paid after the promised day: the promise was not kept, even if paid now
            on_time = not promise.promise_date or today <= promise.promise_date
            promise.promise_state = "kept" if on_time else "broken"
            promise.move_ids.filtered("dunning_promise_date")._dunning_write(
                {"dunning_promise_date": False}
            )


class ResCompany(models.Model):
    _inherit = "res.company"

    def _dunning_kpis(self, today=None):
        """Collection figures of the company, each from one aggregated query.

        DSO uses the 90-day formula: open receivables / credit sales invoiced over the last
        90 days x 90. Aging buckets sum the residual (company currency) of open customer
        invoices by days past due.
        """
        self.ensure_one()
        today = today or fields.Date.context_today(self)
        Move = self.env["account.move"].sudo()
        open_domain = Move._dunning_open_domain(company=self)
        aging = dict.fromkeys((name for name, _low, _high in AGING_BUCKETS), 0.0)
        by_level = defaultdict(float)
        for due, level, residual in Move._read_group(
            open_domain,
            ["invoice_date_due:day", "dunning_level_id"],
            ["amount_residual_signed:sum"],
        ):
            days_late = (today - due).days if due else 0
            aging[aging_bucket(days_late)] += residual
            if days_late > 0:
                by_level[level.display_name if level else self.env._("No level")] += residual
        open_total, sales = Move._dunning_dso_figures(self, today).get(False, (0.0, 0.0))
        promises = dict(
            self.env["dunning.event"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "=", self.id),
                    ("channel", "=", "promise"),
                    ("promise_state", "in", ("kept", "broken")),
                ],
                ["promise_state"],
                ["__count"],
            )
        )
        kept, broken = promises.get("kept", 0), promises.get("broken", 0)
        currency = self.currency_id
        open_total = currency.round(open_total)
        return {
            "open_receivables": open_total,
            "credit_sales_90": currency.round(sales),
            "dso": dso_90(open_total, sales),
            "aging": {key: currency.round(value) for key, value in aging.items()},
            "overdue_by_level": {key: currency.round(value) for key, value in by_level.items()},
            "promises_kept_ratio": round(kept / (kept + broken), 2) if kept + broken else None,
        }
