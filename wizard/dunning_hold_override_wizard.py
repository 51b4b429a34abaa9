from odoo import fields, models
from odoo.exceptions import AccessError


class DunningHoldOverrideWizard(models.TransientModel):
    _name = "dunning.hold.override.wizard"
    _description = "Confirm an order despite the credit hold"

    order_ids = fields.Many2many("sale.order", string="Orders")
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group("account_dunning.group_dunning_manager"):
            raise AccessError(self.env._("Only collection managers can override a credit hold."))
        events = []
        for order in self.order_ids:
            customer = order.partner_id.commercial_partner_id
            note = self.env._(
                "%(order)s confirmed despite the credit hold by %(user)s: %(reason)s",
                order=order.name,
                user=self.env.user.name,
                reason=self.reason,
            )
            events.append(
                {
                    "partner_id": customer.id,
                    "company_id": order.company_id.id,
                    "channel": "note",
                    "state": "done",
                    "note": note,
                }
            )
            order.message_post(body=note, message_type="comment", subtype_xmlid="mail.mt_note")
        self.env["dunning.event"].sudo().create(events)
        self.order_ids.with_context(dunning_hold_override=True).action_confirm()
        return {"type": "ir.actions.act_window_close"}
