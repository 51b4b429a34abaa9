from odoo import api, fields, models
from odoo.exceptions import UserError

CHANNELS = [
    ("email", "Email"),
    ("letter", "Letter"),
    ("registered_letter", "Registered Letter"),
    ("call", "Phone Call"),
    ("salesperson", "Salesperson"),
    ("penalty", "Penalty"),
    ("hold", "Credit Hold"),
    ("release", "Hold Released"),
    ("promise", "Payment Promise"),
    ("dispute", "Dispute"),
    ("note", "Note"),
]
REASONS = [
    ("dispute", "Disputes the invoice"),
    ("cash_issue", "Cash-flow problem"),
    ("administrative", "Administrative issue (PO, address...)"),
    ("not_received", "Invoice not received"),
    ("will_pay", "Will pay"),
    ("refused", "Refuses to pay"),
    ("no_answer", "No answer"),
    ("other", "Other"),
]


class DunningEvent(models.Model):
    _name = "dunning.event"
    _description = "Collection History Event"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _rec_name = "display_name"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    level_id = fields.Many2one("dunning.level", index=True, ondelete="set null")
    scenario_id = fields.Many2one(related="level_id.scenario_id", store=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    run_date = fields.Date(
        readonly=True,
        copy=False,
        help="Set on events planned by the daily run: a run acts once per customer and day.",
    )
    user_id = fields.Many2one("res.users", "Responsible", default=lambda self: self.env.user)
    move_ids = fields.Many2many("account.move", string="Invoices")
    channel = fields.Selection(CHANNELS, required=True, index=True)
    state = fields.Selection(
        [("todo", "To Do"), ("done", "Done"), ("failed", "Failed"), ("cancelled", "Cancelled")],
        default="todo",
        required=True,
        index=True,
        tracking=True,
    )
    amount_overdue = fields.Monetary("Overdue Amount", currency_field="currency_id")
    note = fields.Text()
    tracking_number = fields.Char(tracking=True)
    reason = fields.Selection(REASONS)
    promise_date = fields.Date()
    promise_amount = fields.Monetary(currency_field="currency_id")
    promise_state = fields.Selection(
        [("open", "Open"), ("kept", "Kept"), ("broken", "Broken")], index=True
    )
    penalty_move_id = fields.Many2one("account.move", "Penalty Invoice", index="btree_not_null")
    mail_message_id = fields.Many2one("mail.message", "Message", readonly=True)
    activity_id = fields.Many2one("mail.activity", readonly=True, ondelete="set null")
    attachment_id = fields.Many2one("ir.attachment", "Printed Letter", readonly=True)
    failure_reason = fields.Char(readonly=True)
    is_letter = fields.Boolean(compute="_compute_is_letter", store=True)

    _run_uniq = models.UniqueIndex(
        "(partner_id, company_id, channel, run_date, COALESCE(level_id, 0)) "
        "WHERE run_date IS NOT NULL",
        "The daily run already planned this action for this customer today.",
    )

    @api.depends("channel")
    def _compute_is_letter(self):
        for event in self:
            event.is_letter = event.channel in ("letter", "registered_letter")

    @api.depends("channel", "partner_id", "date")
    def _compute_display_name(self):
        labels = dict(self._fields["channel"]._description_selection(self.env))
        for event in self:
            event.display_name = f"{labels.get(event.channel, '')} - {event.partner_id.name or ''}"

    def action_done(self):
        self.write({"state": "done"})

    def action_cancel(self):
        self.filtered(lambda e: e.state == "todo").write({"state": "cancelled"})
        self.activity_id.unlink()

    def action_execute(self):
        """Run the pending actions of approved (manual) events."""
        todo = self.filtered(lambda e: e.state == "todo")
        if not todo:
            raise UserError(self.env._("Only to-do events can be executed."))
        self.env["dunning.run"]._execute_events(todo)
        return True

    def action_open_partner(self):
        self.ensure_one()
        return self.partner_id._get_records_action()
