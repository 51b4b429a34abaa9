from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestDunningAccess(DunningCommon):
    """Salespeople and billing users work without the Collections groups."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env,
            "sam_sales",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
        )
        cls.biller = new_test_user(
            cls.env,
            "bill_billing",
            groups="account.group_account_invoice",
            company_id=cls.company.id,
        )
        cls.customer = cls._customer("Access Co", user_id=cls.salesman.id)
        cls._invoice(cls.customer, 900.0, cls.TODAY - timedelta(days=20))

    def test_salesperson_reads_collection_state(self):
        self._run(self.customer, self.TODAY)
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.customer.id,
                    "order_line": [Command.create({"name": "x", "product_id": self.product_a.id})],
                }
            )
        )
        order.invalidate_recordset()
        self.assertEqual(order.dunning_level_id, self.level_1)
        self.assertEqual(order.dunning_overdue_amount, 900.0)
        self.assertTrue(order.dunning_warning is False or order.dunning_warning is True)
        partner = self.customer.with_user(self.salesman)
        self.assertTrue(partner.dunning_event_count)
        events = (
            self.env["dunning.event"]
            .with_user(self.salesman)
            .search([("partner_id", "=", self.customer.id)])
        )
        self.assertTrue(events)
        with self.assertRaises(AccessError):
            events[:1].with_user(self.salesman).write({"note": "mine"})
        with self.assertRaises(AccessError):
            self.scenario.with_user(self.salesman).write({"name": "Hacked"})

    def test_billing_user_runs_collection(self):
        self.customer.with_user(self.biller)._dunning_process(date=self.TODAY)
        self.assertEqual(self.customer.dunning_level_id, self.level_1)
        self.assertTrue(self.customer.with_user(self.biller).dunning_event_count)

    def test_salesperson_sees_only_own_customers_history(self):
        other = self._customer("Other Salesman Co", user_id=self.biller.id)
        self._invoice(other, 100.0, self.TODAY - timedelta(days=3))
        self._run(self.customer | other, self.TODAY)
        visible = self.env["dunning.event"].with_user(self.salesman).search([])
        self.assertIn(self.customer, visible.partner_id)
        self.assertNotIn(other, visible.partner_id)

    def test_hashtag_validation_on_save(self):
        from odoo.exceptions import ValidationError

        with self.assertRaisesRegex(ValidationError, "overdue_amount"):
            self.level_1.body = "<p>Pay #overdue_amont now</p>"
        with self.assertRaises(ValidationError):
            self.level_1.email_subject = "Hello #nonsense"
        self.level_1.body = '<p style="color:#ff0000">Pay #overdue_amount &#39;now&#39;</p>'

    def test_level_constraints(self):
        from odoo.exceptions import ValidationError

        with self.assertRaisesRegex(ValidationError, "no action"):
            self.env["dunning.level"].create(
                {"scenario_id": self.scenario.id, "name": "Nothing", "delay_days": 90}
            )
        with self.assertRaisesRegex(ValidationError, "strictly increasing"):
            self.level_3.sequence = 1

    def test_level_live_preview(self):
        self.level_2.preview_partner_id = self.customer
        self.assertIn("Access Co", self.level_2.preview_html)
        self.assertIn("900.00", self.level_2.preview_subject)
        self.assertNotIn("#company", self.level_2.preview_subject)
        self.assertFalse(
            self.env["dunning.portal.token"].sudo().search([("partner_id", "=", self.customer.id)])
        )
