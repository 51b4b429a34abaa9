from odoo import api, fields, models
from odoo.fields import Domain

PAID_STATES = ("paid", "in_payment", "reversed")
INVOICE_TYPES = ("out_invoice", "out_receipt")
OPEN_STATES = ("not_paid", "partial")


class AccountMove(models.Model):
    _inherit = "account.move"

    dunning_level_id = fields.Many2one(
        "dunning.level",
        "Collection Level",
        copy=False,
        readonly=True,
        index="btree_not_null",
        tracking=True,
    )
    dunning_level_date = fields.Date(
        "Level Reached On",
        copy=False,
        readonly=True,
        help="Day the invoice reached its current level (spacing of the next level).",
    )
    dunning_last_date = fields.Date(
        "Last Reminder",
        copy=False,
        readonly=True,
        help="Day the invoice reached its level or was last reminded at it.",
    )
    dunning_dispute = fields.Boolean("In Dispute", copy=False, tracking=True)
    dunning_dispute_reason = fields.Char("Dispute Reason", copy=False)
    dunning_dispute_user_id = fields.Many2one("res.users", "Dispute Owner", copy=False)
    dunning_promise_date = fields.Date("Promised Payment Date", copy=False, tracking=True)
    dunning_promise_amount = fields.Monetary("Promised Amount", copy=False)
    is_dunning_penalty = fields.Boolean("Late-Payment Penalty", copy=False, readonly=True)
    dunning_interest_until = fields.Date(
        "Interest Invoiced Until",
        copy=False,
        readonly=True,
        help="Late-payment interest on this invoice has been charged up to this day.",
    )
    dunning_fixed_fee_charged = fields.Boolean("Recovery Fee Charged", copy=False, readonly=True)
    dunning_holding = fields.Boolean(
        compute="_compute_dunning_holding",
        store=True,
        help="Unpaid, not disputed and at a level that holds the customer's account.",
    )
    dunning_days_late = fields.Integer("Days Late", compute="_compute_dunning_days_late")

    @api.depends("dunning_level_id.credit_hold", "payment_state", "dunning_dispute", "state")
    def _compute_dunning_holding(self):
        for move in self:
            move.dunning_holding = bool(
                move.state == "posted"
                and move.dunning_level_id.credit_hold
                and not move.dunning_dispute
                and move.payment_state not in PAID_STATES
            )

    def _compute_dunning_days_late(self):
        today = fields.Date.context_today(self)
        for move in self:
            due = move.invoice_date_due
            move.dunning_days_late = max((today - due).days, 0) if due else 0

    def write(self, vals):
        if vals.get("dunning_dispute"):
            # a disputed invoice leaves the scenario; when resolved it starts again at
            # level 1, spaced like the scenario
            vals = dict(vals, dunning_level_id=False, dunning_level_date=False)
        return super().write(vals)

    @api.model
    def _dunning_open_domain(self, partners=None, company=None):
        """Posted customer invoices still to be paid (registered payments count as paid),
        of the commercial ``partners`` and ``company`` when given."""
        domain = Domain(
            [
                ("state", "=", "posted"),
                ("move_type", "in", INVOICE_TYPES),
                ("payment_state", "in", OPEN_STATES),
            ]
        )
        if partners is not None:
            domain &= Domain("commercial_partner_id", "in", partners.commercial_partner_id.ids)
        if company is not None:
            domain &= Domain("company_id", "=", company.id)
        return domain

    def _dunning_write(self, vals):
        """Write collection fields only: no invoice line sync, no tracking message."""
        return (
            self.sudo()
            .with_context(
                skip_invoice_sync=True,
                check_move_validity=False,
                skip_account_move_synchronization=True,
                tracking_disable=True,
            )
            .write(vals)
        )

    def _invoice_paid_hook(self):
        res = super()._invoice_paid_hook()
        self.env["dunning.run"]._notify_released(self.commercial_partner_id)
        return res
