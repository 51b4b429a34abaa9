from datetime import timedelta

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestCreditHold(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create({"name": "Widget", "list_price": 50.0})
        cls.salesman = new_test_user(
            cls.env,
            "sally_sales",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
        )

    def _order(self, partner, user=None):
        return (
            self.env["sale.order"]
            .with_user(user or self.env.user)
            .create(
                {
                    "partner_id": partner.id,
                    "order_line": [Command.create({"product_id": self.product.id})],
                }
            )
        )

    def _held_customer(self, name="Held Co", amount=1000.0):
        customer = self._customer(name)
        invoice = self._invoice(customer, amount, self.TODAY - timedelta(days=8))
        self._run(customer, self.TODAY - timedelta(days=7))  # level 1
        self._run(customer, self.TODAY)  # level 2: hold
        self.assertEqual(invoice.dunning_level_id, self.level_2)
        self.assertTrue(customer.credit_hold)
        self.assertTrue(self._events(customer, channel="hold"))
        return customer, invoice

    def test_level_2_holds_and_confirm_is_refused(self):
        customer, _invoice = self._held_customer()
        order = self._order(customer)
        with self.assertRaisesRegex(UserError, "credit hold.*1,000.00"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        # the list's batch confirm goes through action_confirm on many records
        other = self._order(self._customer("Good Payer"))
        with self.assertRaises(UserError):
            (other | order).action_confirm()
        # RPC: same method, same refusal, for a salesperson too
        with self.assertRaises(UserError):
            order.with_user(self.salesman).sudo(False).action_confirm()

    def test_manager_override_is_logged(self):
        customer, _invoice = self._held_customer("Override Co")
        order = self._order(customer)
        action = order.action_dunning_confirm_anyway()
        wizard = Form(self.env[action["res_model"]].with_context(action["context"]))
        wizard.reason = "Strategic order approved by the CFO"
        wizard.save().action_confirm()
        self.assertEqual(order.state, "sale")
        note = self._events(customer, channel="note")
        self.assertIn("Strategic order", note.note)

    def test_override_refused_to_salespeople(self):
        customer, _invoice = self._held_customer("No Override Co")
        order = self._order(customer)
        with self.assertRaises(AccessError):
            order.with_user(self.salesman).action_dunning_confirm_anyway()

    def test_payment_releases_without_cron(self):
        customer, invoice = self._held_customer("Release Co")
        self._register_payment(invoice, payment_date=self.TODAY)
        self.assertFalse(customer.credit_hold)
        release = self._events(customer, channel="release")
        self.assertEqual(len(release), 1)
        self._order(customer).action_confirm()

    def test_credit_note_releases(self):
        customer, invoice = self._held_customer("Refund Co")
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "refund"})
        )
        reversal.modify_moves() if hasattr(reversal, "modify_moves") else None
        if invoice.payment_state not in ("paid", "reversed"):
            reversal.refund_moves()
            refund = invoice.reversal_move_ids
            refund.action_post()
            (invoice | refund).line_ids.filtered(
                lambda line: line.account_id.account_type == "asset_receivable"
            ).reconcile()
        self.assertFalse(customer.credit_hold)

    def test_partial_payment_keeps_hold(self):
        customer, invoice = self._held_customer("Partial Co")
        self._register_payment(invoice, amount=400.0, payment_date=self.TODAY)
        self.assertEqual(invoice.payment_state, "partial")
        self.assertTrue(customer.credit_hold)

    def test_manual_hold_survives_payment(self):
        customer, invoice = self._held_customer("Manual Co")
        customer.write({"credit_hold": True, "credit_hold_reason": "Bankruptcy risk"})
        self._register_payment(invoice, payment_date=self.TODAY)
        self.assertTrue(customer.credit_hold)
        customer.credit_hold = False
        self.assertFalse(customer.credit_hold)

    def test_child_contact_order_blocked(self):
        customer, _invoice = self._held_customer("Parent Co")
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": customer.id, "type": "contact"}
        )
        delivery = self.env["res.partner"].create(
            {"name": "Warehouse", "parent_id": customer.id, "type": "delivery"}
        )
        self.assertTrue(contact.commercial_partner_id.credit_hold)
        for partner in (contact, delivery):
            with self.assertRaises(UserError):
                self._order(partner).action_confirm()

    def test_dispute_lifts_level_hold(self):
        customer, invoice = self._held_customer("Dispute Co")
        invoice.dunning_dispute = True
        self.assertFalse(customer.credit_hold)

    def test_salesperson_cannot_change_hold(self):
        customer = self._customer("Guarded")
        with self.assertRaises(AccessError):
            customer.with_user(self.salesman).write({"credit_hold": True})

    def test_credit_limit_option(self):
        customer = self._customer("Big Spender")
        self._invoice(customer, 5000.0, self.TODAY + timedelta(days=20))  # not even due
        customer.credit_limit = 3000.0
        order = self._order(customer)
        order.action_confirm()  # option off: Odoo's limit only warns
        self.company.dunning_hold_on_credit_limit = True
        order2 = self._order(customer)
        with self.assertRaisesRegex(UserError, "credit limit"):
            order2.action_confirm()
        customer.credit_limit = 10000.0
        order2.action_confirm()
        self.assertEqual(order2.state, "sale")
