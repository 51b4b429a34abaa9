from datetime import timedelta

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestDunningTours(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.level_2 = cls.env.ref("account_dunning.level_2")
        cls.customer = cls.env["res.partner"].create(
            {"name": "Tour Late Customer", "is_company": True, "email": "late@example.com"}
        )
        today = fields.Date.context_today(cls.env["res.partner"])
        invoice = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.customer.id,
                "invoice_date": today - timedelta(days=3),
                "invoice_date_due": today - timedelta(days=3),
                "invoice_line_ids": [
                    Command.create({"name": "Service", "price_unit": 500.0, "tax_ids": []})
                ],
            }
        )
        invoice.action_post()
        cls.customer._dunning_process()

    def test_menu_tour(self):
        self.assertTrue(self.customer.dunning_level_id)
        self.start_tour("/odoo", "account_dunning_menu_tour", login="admin")

    def test_edit_level_tour(self):
        self.start_tour(
            "/odoo/action-account_dunning.action_dunning_level",
            "account_dunning_edit_level_tour",
            login="admin",
        )
        self.assertEqual(self.level_2.repeat_days, 5)
        self.assertEqual(self.level_2.email_subject, "#company: pay #overdue_amount now")

    def test_hold_banner_tour(self):
        self.customer.write({"credit_hold": True, "credit_hold_reason": "Unpaid since January"})
        product = self.env["product.product"].create({"name": "Widget", "list_price": 10.0})
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        self.start_tour(
            f"/odoo/action-sale.action_quotations/{order.id}",
            "account_dunning_hold_banner_tour",
            login="admin",
        )
        self.assertEqual(order.state, "draft")

    def test_log_call_tour(self):
        self.start_tour(
            "/odoo/action-account_dunning.action_dunning_followup",
            "account_dunning_log_call_tour",
            login="admin",
        )
        call = self.env["dunning.event"].search(
            [
                ("partner_id", "=", self.customer.id),
                ("channel", "=", "call"),
                ("reason", "=", "not_received"),
            ]
        )
        self.assertEqual(call.note, "Will check with their accountant")
