from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from ..models.dunning_event import REASONS


class DunningCallWizard(models.TransientModel):
    """Log a collection call, prepared from the previous exchanges.

    A reason already given in the current recovery is flagged when chosen again (the
    warning), and logging it that second time escalates to a collection manager.
    """

    _name = "dunning.call.wizard"
    _description = "Log a Collection Call"

    partner_id = fields.Many2one("res.partner", "Customer", required=True, readonly=True)
    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    history_html = fields.Html("Last Exchanges", compute="_compute_history", sanitize=False)
    reason = fields.Selection(REASONS, required=True)
    note = fields.Text()
    move_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        domain="[('commercial_partner_id', '=', partner_id), ('state', '=', 'posted'),"
        " ('move_type', 'in', ('out_invoice', 'out_receipt')),"
        " ('payment_state', 'in', ('not_paid', 'partial'))]",
    )
    promise_date = fields.Date()
    promise_amount = fields.Monetary(currency_field="currency_id")
    repeat_warning = fields.Char(compute="_compute_repeat_warning")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        partner = self.env["res.partner"].browse(values.get("partner_id"))
        if partner and "move_ids" in fields_list:
            values["move_ids"] = [
                fields.Command.set(
                    self.env["account.move"]
                    .search(
                        self.env["account.move"]._dunning_open_domain(partner, self.env.company)
                        & Domain("invoice_date_due", "<", fields.Date.context_today(self))
                    )
                    .ids
                )
            ]
        return values

    def _recovery_events(self):
        """Events of the current recovery: since the oldest open overdue invoice fell due."""
        self.ensure_one()
        oldest = self.partner_id.with_company(self.company_id).dunning_oldest_due_date
        domain = [("partner_id", "=", self.partner_id.id), ("company_id", "=", self.company_id.id)]
        if oldest:
            domain.append(("date", ">=", oldest))
        return self.env["dunning.event"].search(domain, order="date desc, id desc")

    @api.depends("partner_id")
    def _compute_history(self):
        labels = dict(REASONS)
        channels = dict(
            self.env["dunning.event"]._fields["channel"]._description_selection(self.env)
        )
        for wizard in self:
            events = wizard._recovery_events()[:5] if wizard.partner_id else []
            rows = Markup("").join(
                Markup("<li>%s - %s%s%s</li>")
                % (
                    event.date,
                    channels.get(event.channel, ""),
                    Markup(": <b>%s</b>") % labels[event.reason] if event.reason else "",
                    Markup(" - %s") % event.note if event.note else "",
                )
                for event in events
            )
            wizard.history_html = (
                Markup("<ul>%s</ul>") % rows if rows else self.env._("No exchange yet.")
            )

    def _same_reason_calls(self):
        self.ensure_one()
        return self._recovery_events().filtered(
            lambda e: e.channel in ("call", "dispute") and e.reason == self.reason
        )

    @api.depends("reason", "partner_id")
    def _compute_repeat_warning(self):
        labels = dict(REASONS)
        for wizard in self:
            previous = wizard._same_reason_calls() if wizard.reason and wizard.partner_id else []
            wizard.repeat_warning = (
                self.env._(
                    "The customer already gave this reason (%(reason)s) on %(dates)s in this "
                    "recovery: logging it again escalates to a manager.",
                    reason=labels[wizard.reason],
                    dates=", ".join(str(d) for d in previous.mapped("date")),
                )
                if previous
                else False
            )

    def action_confirm(self):
        self.ensure_one()
        if self.promise_date and self.promise_date < fields.Date.context_today(self):
            raise UserError(self.env._("A promised payment date cannot be in the past."))
        Event = self.env["dunning.event"]
        repeated = self._same_reason_calls()
        call = Event.create(
            {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "channel": "call",
                "state": "done",
                "reason": self.reason,
                "note": self.note,
                "move_ids": [fields.Command.set(self.move_ids.ids)],
                "amount_overdue": self.partner_id.with_company(
                    self.company_id
                ).dunning_overdue_amount,
                "level_id": self.partner_id.with_company(self.company_id)
                .sudo()
                .dunning_level_id.id,
            }
        )
        # the planned call tasks are done
        planned = Event.search(
            [
                ("partner_id", "=", self.partner_id.id),
                ("channel", "=", "call"),
                ("state", "=", "todo"),
                ("company_id", "=", self.company_id.id),
            ]
        )
        planned.write({"state": "done"})
        planned.activity_id.action_feedback(feedback=self.note or self.reason)
        if self.promise_date:
            Event.create(
                {
                    "partner_id": self.partner_id.id,
                    "company_id": self.company_id.id,
                    "channel": "promise",
                    "state": "done",
                    "reason": "will_pay",
                    "promise_date": self.promise_date,
                    "promise_amount": self.promise_amount,
                    "promise_state": "open",
                    "note": self.note,
                    "move_ids": [fields.Command.set(self.move_ids.ids)],
                }
            )
            self.move_ids._dunning_write(
                {
                    "dunning_promise_date": self.promise_date,
                    "dunning_promise_amount": self.promise_amount,
                }
            )
        if repeated:
            self._escalate(call, repeated)
        self.partner_id.message_post(
            body=self.env._(
                "Collection call: %(reason)s. %(note)s",
                reason=dict(REASONS)[self.reason],
                note=self.note or "",
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        return {"type": "ir.actions.act_window_close"}

    def _escalate(self, call, repeated):
        manager = self.env["dunning.run"]._dunning_manager(self.company_id) or self.env.user
        note = self.env._(
            "Same reason given again (%(count)s times in this recovery): escalated to %(manager)s.",
            count=len(repeated) + 1,
            manager=manager.name,
        )
        self.env["dunning.event"].create(
            {
                "partner_id": self.partner_id.id,
                "company_id": self.company_id.id,
                "channel": "note",
                "state": "done",
                "reason": self.reason,
                "note": note,
            }
        )
        self.partner_id.sudo().activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=manager.id,
            summary=self.env._("Escalation: the customer repeats the same reason"),
            note=note,
        )
        call.note = "\n".join(filter(None, [call.note, note]))


class DunningDisputeWizard(models.TransientModel):
    _name = "dunning.dispute.wizard"
    _description = "Put Invoices in Dispute"

    partner_id = fields.Many2one("res.partner", "Customer", required=True)
    move_ids = fields.Many2many(
        "account.move",
        string="Invoices",
        required=True,
        domain="[('commercial_partner_id', '=', partner_id), ('state', '=', 'posted'),"
        " ('move_type', 'in', ('out_invoice', 'out_receipt')),"
        " ('payment_state', 'in', ('not_paid', 'partial'))]",
    )
    reason = fields.Char(required=True)
    user_id = fields.Many2one(
        "res.users", "Owner", default=lambda self: self.env.user, required=True
    )

    def action_confirm(self):
        self.ensure_one()
        moves = self.move_ids
        moves._dunning_write(
            {
                "dunning_dispute": True,
                "dunning_dispute_reason": self.reason,
                "dunning_dispute_user_id": self.user_id.id,
                "dunning_promise_date": False,
            }
        )
        for company in moves.company_id:
            company_moves = moves.filtered(lambda m, c=company: m.company_id == c)
            event = self.env["dunning.event"].create(
                {
                    "partner_id": self.partner_id.commercial_partner_id.id,
                    "company_id": company.id,
                    "channel": "dispute",
                    "state": "todo",
                    "reason": "dispute",
                    "note": self.reason,
                    "user_id": self.user_id.id,
                    "move_ids": [fields.Command.set(company_moves.ids)],
                }
            )
            event.activity_id = self.partner_id.commercial_partner_id.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=self.user_id.id,
                summary=self.env._(
                    "Resolve the dispute on %(invoices)s",
                    invoices=", ".join(company_moves.mapped("name")),
                ),
                note=self.reason,
            )
        for move in moves:
            move.message_post(body=self.env._("In dispute: %(reason)s", reason=self.reason))
        return {"type": "ir.actions.act_window_close"}


class DunningKpiDashboard(models.TransientModel):
    _name = "dunning.kpi.dashboard"
    _description = "Collection KPIs"

    company_id = fields.Many2one("res.company", default=lambda self: self.env.company)
    kpi_html = fields.Html("Figures", compute="_compute_kpi_html", sanitize=False)

    @api.depends("company_id")
    def _compute_kpi_html(self):
        for dashboard in self:
            company = dashboard.company_id
            kpis = company._dunning_kpis()
            money = company.currency_id.format
            aging_labels = dict(
                self.env["account.move"]
                ._fields["dunning_aging_bucket"]
                ._description_selection(self.env)
            )
            aging = Markup("").join(
                Markup("<tr><td>%s</td><td class='text-end'>%s</td></tr>")
                % (aging_labels[key], money(value))
                for key, value in kpis["aging"].items()
            )
            levels = Markup("").join(
                Markup("<tr><td>%s</td><td class='text-end'>%s</td></tr>") % (name, money(value))
                for name, value in kpis["overdue_by_level"].items()
            )
            ratio = kpis["promises_kept_ratio"]
            dashboard.kpi_html = Markup(
                "<h3>%s: %s</h3><p class='text-muted'>%s</p>"
                "<h4>%s</h4><table class='table table-sm'>%s</table>"
                "<h4>%s</h4><table class='table table-sm'>%s</table><p>%s: %s</p>"
            ) % (
                self.env._("DSO"),
                self.env._("%(days)s days", days=kpis["dso"]),
                self.env._(
                    "90-day formula: open receivables %(open)s / credit sales of the last 90 "
                    "days %(sales)s x 90.",
                    open=money(kpis["open_receivables"]),
                    sales=money(kpis["credit_sales_90"]),
                ),
                self.env._("Aging"),
                aging,
                self.env._("Overdue by level"),
                levels,
                self.env._("Promises kept"),
                f"{ratio:.0%}" if ratio is not None else "-",
            )
