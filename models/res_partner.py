from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.fields import Domain


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Collection state lives on the commercial partner, one value per company.
    dunning_scenario_id = fields.Many2one(
        "dunning.scenario",
        "Recovery Scenario",
        company_dependent=True,
        domain="[('company_id', 'in', (False, current_company_id))]",
        help="Leave empty to use the company's default scenario.",
    )
    dunning_level_id = fields.Many2one(
        "dunning.level",
        "Collection Level",
        company_dependent=True,
        readonly=True,
        help="Highest level reached by the customer's dunnable invoices.",
    )
    dunning_next_date = fields.Date("Next Collection Action", company_dependent=True, readonly=True)
    dunning_last_action_date = fields.Date(
        "Last Collection Action", company_dependent=True, readonly=True
    )
    dunning_collector_id = fields.Many2one(
        "res.users",
        "Collector",
        company_dependent=True,
        help="Follows the customer's collection; receives call tasks.",
    )
    dunning_excluded = fields.Boolean(
        "Excluded from Dunning", help="This customer is never dunned.", tracking=True
    )
    credit_hold_manual = fields.Boolean("Manual Credit Hold", tracking=True)
    credit_hold_auto = fields.Boolean(
        "Credit Hold by Level",
        compute="_compute_credit_hold_auto",
        store=True,
        help="Set while an unpaid invoice sits at a level that holds the account.",
    )
    credit_hold = fields.Boolean(
        compute="_compute_credit_hold",
        inverse="_inverse_credit_hold",
        store=True,
        readonly=False,
        tracking=True,
        index=True,
        help="Sale orders of this customer (and its contacts) cannot be confirmed.",
    )
    credit_hold_reason = fields.Char(tracking=True)
    dunning_move_ids = fields.One2many(
        "account.move", "commercial_partner_id", string="Customer Invoices (commercial)"
    )
    dunning_event_ids = fields.One2many("dunning.event", "partner_id", string="Collection History")
    dunning_event_count = fields.Integer(compute="_compute_dunning_event_count")
    dunning_overdue_amount = fields.Monetary(
        "Overdue", compute="_compute_dunning_overdue", currency_field="dunning_currency_id"
    )
    dunning_oldest_due_date = fields.Date("Oldest Due Date", compute="_compute_dunning_overdue")
    dunning_currency_id = fields.Many2one("res.currency", compute="_compute_dunning_overdue")

    @api.depends("dunning_move_ids.dunning_holding")
    def _compute_credit_hold_auto(self):
        partners = self.filtered("id")
        holding = set()
        if partners._origin:
            rows = (
                self.env["account.move"]
                .sudo()
                ._read_group(
                    [
                        ("commercial_partner_id", "in", partners._origin.ids),
                        ("dunning_holding", "=", True),
                    ],
                    ["commercial_partner_id"],
                )
            )
            holding = {partner.id for (partner,) in rows}
        for partner in self:
            partner.credit_hold_auto = partner._origin.id in holding

    @api.depends("credit_hold_manual", "credit_hold_auto")
    def _compute_credit_hold(self):
        for partner in self:
            partner.credit_hold = partner.credit_hold_manual or partner.credit_hold_auto

    def _inverse_credit_hold(self):
        for partner in self:
            partner.credit_hold_manual = partner.credit_hold

    @api.model
    def _dunning_writeable_fields(self):
        return {"credit_hold", "credit_hold_manual", "credit_hold_reason"}

    def write(self, vals):
        if self._dunning_writeable_fields() & set(vals) and not self.env.su:
            if not self.env.user.has_group("account_dunning.group_dunning_manager"):
                raise AccessError(
                    self.env._("Only collection managers can put a customer on hold or lift it.")
                )
        manual = vals.get("credit_hold_manual", vals.get("credit_hold"))
        changed = (
            self.filtered(lambda p: p.credit_hold_manual != bool(manual))
            if manual is not None and not self.env.context.get("dunning_hold_logging")
            else self.browse()
        )
        if changed:
            # the inverse of credit_hold writes credit_hold_manual again: log once
            self = self.with_context(dunning_hold_logging=True)
        res = super().write(vals)
        if changed:
            self._dunning_log_manual_hold(changed, bool(manual))
        return res

    def _dunning_log_manual_hold(self, partners, held):
        """A hold set or lifted by hand is part of the collection history."""
        self.env["dunning.event"].sudo().create(
            [
                {
                    "partner_id": partner.id,
                    "company_id": self.env.company.id,
                    "channel": "hold" if held else "release",
                    "state": "done",
                    "note": partner.credit_hold_reason
                    or (
                        self.env._("Credit hold set by %(user)s", user=self.env.user.name)
                        if held
                        else self.env._("Credit hold lifted by %(user)s", user=self.env.user.name)
                    ),
                }
                for partner in partners
            ]
        )

    def _compute_dunning_event_count(self):
        counts = dict(
            self.env["dunning.event"]._read_group(
                [("partner_id", "in", self.commercial_partner_id.ids)],
                ["partner_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.dunning_event_count = counts.get(partner.commercial_partner_id, 0)

    def _compute_dunning_overdue(self):
        today = fields.Date.context_today(self)
        company = self.env.company
        rows = self.env["account.move"]._read_group(
            self.env["account.move"]._dunning_open_domain(self, company)
            & Domain([("invoice_date_due", "<", today), ("dunning_dispute", "=", False)]),
            ["commercial_partner_id"],
            ["amount_residual_signed:sum", "invoice_date_due:min"],
        )
        data = {partner: (amount, oldest) for partner, amount, oldest in rows}
        for partner in self:
            amount, oldest = data.get(partner.commercial_partner_id, (0.0, False))
            partner.dunning_overdue_amount = amount
            partner.dunning_oldest_due_date = oldest
            partner.dunning_currency_id = company.currency_id

    def _dunning_process(self, date=None, companies=None):
        """Run the collection scenario of these customers as of ``date`` (default: today in
        each company's timezone), in ``companies`` (default: wherever they owe something).

        Never commits: the caller (the cron, a test, a button) owns the transaction.
        Returns the run's figures (customers seen, events by channel...).
        """
        # a system process: it acts for the company, whoever triggers it
        return (
            self.env["dunning.run"]
            .sudo()
            ._process(self.commercial_partner_id.sudo(), date=date, companies=companies)
        )

    def _dunning_collector(self, company=None):
        """Who follows this customer's collection (never empty)."""
        self.ensure_one()
        company = company or self.env.company
        partner = self.commercial_partner_id.with_company(company)
        return (
            partner.dunning_collector_id
            or company.dunning_collector_id
            or partner.user_id
            or self._dunning_default_user()
        )

    def _dunning_default_user(self):
        # the cached xmlid lookup, without env.ref's existence query (hot in the daily run)
        admin_id = self.env["ir.model.data"]._xmlid_to_res_id("base.user_admin", False)
        return self.env["res.users"].browse(admin_id) if admin_id else self.env.user

    def action_open_dunning_events(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account_dunning.action_dunning_event"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.commercial_partner_id.id}
        return action

    def action_dunning_send_now(self):
        """Run today's collection step for these customers right away."""
        self._dunning_process()
        return True

    def action_open_overdue_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = list(self.env["account.move"]._dunning_open_domain(self))
        action["context"] = {"create": False}
        return action
