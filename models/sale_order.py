from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    dunning_credit_hold = fields.Boolean(
        "Customer on Credit Hold", related="partner_id.commercial_partner_id.credit_hold"
    )
    dunning_hold_reason = fields.Char(
        related="partner_id.commercial_partner_id.credit_hold_reason", string="Hold Reason"
    )
    dunning_level_id = fields.Many2one(
        "dunning.level", "Customer Collection Level", compute="_compute_dunning_warning"
    )
    dunning_overdue_amount = fields.Monetary(
        "Customer Overdue",
        compute="_compute_dunning_warning",
        currency_field="dunning_company_currency_id",
    )
    dunning_company_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Company Currency (Collections)"
    )
    dunning_warning = fields.Boolean(compute="_compute_dunning_warning")

    @api.depends("partner_id", "company_id")
    def _compute_dunning_warning(self):
        for order in self:
            commercial = order.partner_id.commercial_partner_id.with_company(order.company_id)
            level = commercial.sudo().dunning_level_id
            order.dunning_level_id = level
            order.dunning_overdue_amount = (
                commercial.sudo().with_company(order.company_id).dunning_overdue_amount
                if commercial
                else 0.0
            )
            # past level 1 but not held yet: a discreet warning for the salesperson
            order.dunning_warning = bool(
                level and not commercial.credit_hold and level.delay_days > 1
            )

    def _dunning_hold_message(self):
        self.ensure_one()
        customer = self.partner_id.commercial_partner_id.with_company(self.company_id).sudo()
        collector = customer._dunning_collector(self.company_id)
        return self.env._(
            "%(customer)s is on credit hold: %(amount)s overdue since %(date)s. The order can "
            "be confirmed once the overdue invoices are paid; contact %(collector)s "
            "(collections) for any question.",
            customer=customer.name,
            amount=self.company_id.currency_id.format(customer.dunning_overdue_amount),
            date=customer.dunning_oldest_due_date or "-",
            collector=collector.name,
        )

    def _confirmation_error_message(self):
        message = super()._confirmation_error_message()
        if message or self.env.context.get("dunning_hold_override"):
            return message
        if self.partner_id.commercial_partner_id.credit_hold:
            return self._dunning_hold_message()
        return self._dunning_credit_limit_message()

    def _dunning_credit_limit_message(self):
        """Optional (Settings): hold above Odoo's own partner credit limit."""
        if not self.company_id.dunning_hold_on_credit_limit:
            return False
        customer = self.partner_id.commercial_partner_id.with_company(self.company_id).sudo()
        limit = customer.credit_limit
        if not limit or self.company_id.currency_id.compare_amounts(customer.credit, limit) <= 0:
            return False
        return self.env._(
            "%(customer)s is over its credit limit: %(open)s open receivables for a limit of "
            "%(limit)s. The order can be confirmed once invoices are paid.",
            customer=customer.name,
            open=self.company_id.currency_id.format(customer.credit),
            limit=self.company_id.currency_id.format(limit),
        )

    def _validate_order(self):
        """Online signature: a held customer's quotation stays a quotation, said so."""
        held = self.filtered(lambda o: o.partner_id.commercial_partner_id.credit_hold)
        held._dunning_block_online()
        return super(SaleOrder, self - held)._validate_order()

    def _dunning_block_online(self):
        for order in self:
            order.message_post(
                body=Markup("<p>%s</p>")
                % self.env._("This order will be confirmed upon payment of the overdue invoices."),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
            customer = order.partner_id.commercial_partner_id
            users = order.user_id | customer.sudo()._dunning_collector(order.company_id)
            for user in users:
                order.sudo().activity_schedule(
                    "mail.mail_activity_data_todo",
                    user_id=user.id,
                    summary=self.env._("Held customer accepted a quotation online"),
                    note=order._dunning_hold_message(),
                )

    def action_dunning_confirm_anyway(self):
        if not self.env.user.has_group("account_dunning.group_dunning_manager"):
            raise AccessError(self.env._("Only collection managers can override a credit hold."))
        return {
            "type": "ir.actions.act_window",
            "res_model": "dunning.hold.override.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_order_ids": self.ids},
        }

    def action_dunning_open_overdue(self):
        return self.partner_id.commercial_partner_id.action_open_overdue_invoices()
