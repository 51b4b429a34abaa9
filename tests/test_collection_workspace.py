from datetime import date, timedelta

from freezegun import freeze_time

from odoo.tests import Form, tagged

from ..models.dunning_workspace import aging_bucket, dso_90
from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestCollectionWorkspace(DunningCommon):
    def _call(self, partner, reason, **values):
        action = partner.action_dunning_log_call()
        form = Form(self.env[action["res_model"]].with_context(action["context"]))
        form.reason = reason
        for name, value in values.items():
            setattr(form, name, value)
        wizard = form.save()
        warning = wizard.repeat_warning
        wizard.action_confirm()
        return warning

    def _manager_activities(self, partner):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", partner.id),
                ("summary", "ilike", "Escalation"),
            ]
        )

    def test_same_reason_twice_warns_then_escalates(self):
        customer = self._customer("Excuses Inc")
        self._invoice(customer, 500.0, self.TODAY - timedelta(days=10))
        with freeze_time(self.TODAY):
            self._run(customer, self.TODAY)
            first = self._call(customer, "not_received", note="Says the invoice never came")
            self.assertFalse(first)
            self.assertFalse(self._manager_activities(customer))
            second = self._call(customer, "not_received", note="Again not received")
        self.assertIn("already gave this reason", second)
        self.assertTrue(self._manager_activities(customer))
        calls = self._events(customer, channel="call")
        self.assertEqual(len(calls), 3)  # the task planned by level 1, then two logged calls
        self.assertEqual(calls.mapped("reason").count("not_received"), 2)
        # the planned call task of level 1 is done once a call is logged
        self.assertFalse(calls.filtered(lambda e: e.state == "todo"))

    def test_promise_kept(self):
        customer = self._customer("Keeps Promises")
        invoice = self._invoice(customer, 400.0, self.TODAY - timedelta(days=5))
        with freeze_time(self.TODAY):
            self._run(customer, self.TODAY)
            self._call(customer, "will_pay", promise_date=self.TODAY + timedelta(days=5))
        self.assertEqual(invoice.dunning_promise_date, self.TODAY + timedelta(days=5))
        promise = self._events(customer, channel="promise")
        self.assertEqual(promise.promise_state, "open")
        # paused: no reminder while the promise runs (level 2 would fire on day 7)
        before = len(self._events(customer))
        self._run(customer, self.TODAY + timedelta(days=3))
        self.assertEqual(len(self._events(customer)), before)
        with freeze_time(self.TODAY + timedelta(days=4)):
            self._register_payment(invoice, payment_date=self.TODAY + timedelta(days=4))
        self.assertEqual(promise.promise_state, "kept")

    def test_promise_broken_resumes_dunning(self):
        customer = self._customer("Breaks Promises")
        invoice = self._invoice(customer, 400.0, self.TODAY - timedelta(days=5))
        with freeze_time(self.TODAY):
            self._run(customer, self.TODAY)
            self._call(customer, "cash_issue", promise_date=self.TODAY + timedelta(days=2))
        promise = self._events(customer, channel="promise")
        self._run(customer, self.TODAY + timedelta(days=3))
        self.assertEqual(promise.promise_state, "broken")
        broken = self._events(customer, channel="promise", promise_state="broken")
        self.assertEqual(len(broken), 2)  # the promise itself and the event of the run
        self.assertFalse(invoice.dunning_promise_date)
        self.assertEqual(invoice.dunning_level_id, self.level_1)  # back in, at level 1

    def test_dispute_opened_and_resolved(self):
        customer = self._customer("Disputes Co")
        invoice = self._invoice(customer, 900.0, self.TODAY - timedelta(days=3))
        self._run(customer, self.TODAY)
        action = invoice.action_dunning_dispute()
        form = Form(self.env[action["res_model"]].with_context(action["context"]))
        form.reason = "Wrong quantity delivered"
        form.save().action_confirm()
        self.assertTrue(invoice.dunning_dispute)
        self.assertFalse(invoice.dunning_level_id)
        dispute = self._events(customer, channel="dispute")
        self.assertEqual(dispute.state, "todo")
        before = len(self._events(customer))
        self._run(customer, self.TODAY + timedelta(days=8))
        self.assertEqual(len(self._events(customer)), before)
        invoice.action_dunning_resolve_dispute()
        self.assertFalse(invoice.dunning_dispute)
        self.assertEqual(dispute.state, "done")
        self._run(customer, self.TODAY + timedelta(days=9))
        self.assertEqual(invoice.dunning_level_id, self.level_1)

    def test_worklist_filters(self):
        promised = self._customer("Promised Co")
        disputed = self._customer("Disputed Co")
        held = self._customer("Held Co")
        plain = self._customer("Plain Co")
        for partner in (promised, disputed, held, plain):
            self._invoice(partner, 100.0, self.TODAY - timedelta(days=4))
        promised.invoice_ids._dunning_write({"dunning_promise_date": self.TODAY})
        disputed.invoice_ids.dunning_dispute = True
        held.write({"credit_hold": True, "credit_hold_reason": "Manual"})
        all_four = promised | disputed | held | plain
        self._run(all_four, self.TODAY)
        Partner = self.env["res.partner"]
        scope = [("id", "in", all_four.ids)]
        self.assertEqual(Partner.search([*scope, ("dunning_has_promise", "=", True)]), promised)
        self.assertEqual(Partner.search([*scope, ("dunning_has_dispute", "=", True)]), disputed)
        self.assertEqual(Partner.search([*scope, ("credit_hold", "=", True)]), held)
        self.assertEqual(
            Partner.search([*scope, ("dunning_level_id", "=", self.level_1.id)]),
            held | plain,  # promised before any reminder: paused, no level yet
        )
        self.assertEqual(self._events(held, channel="hold").note, "Manual")

    def test_aging_and_dso_on_a_known_data_set(self):
        """Hand-computed: 5 open invoices on 2026-03-10, sales of the last 90 days."""
        today = self.TODAY
        customer = self._customer("Aging Co")
        self._invoice(customer, 100.0, today + timedelta(days=5))  # not due
        self._invoice(customer, 200.0, today - timedelta(days=3))  # 1-7
        self._invoice(customer, 300.0, today - timedelta(days=20))  # 8-30
        self._invoice(customer, 400.0, today - timedelta(days=45))  # 31-60
        old = self._invoice(customer, 500.0, today - timedelta(days=120))  # > 90
        paid = self._invoice(customer, 1000.0, today - timedelta(days=10))
        self._register_payment(paid, payment_date=today)
        kpis = self.company._dunning_kpis(today)
        self.assertEqual(
            kpis["aging"],
            {
                "not_due": 100.0,
                "1_7": 200.0,
                "8_30": 300.0,
                "31_60": 400.0,
                "61_90": 0.0,
                "over_90": 500.0,
            },
        )
        # open receivables 1,500; credit sales invoiced in the last 90 days (invoice date =
        # due date here): 200 + 300 + 400 + 1,000 = 1,900 (the 500 is older, the 100 is
        # dated in 5 days)
        self.assertEqual(kpis["open_receivables"], 1500.0)
        self.assertEqual(kpis["credit_sales_90"], 1900.0)
        self.assertEqual(kpis["dso"], 71.1)  # 1,500 / 1,900 x 90 = 71.05
        self.assertTrue(old.invoice_date < today - timedelta(days=90))
        # the same data set is the customer's own: its DSO is the company's
        with freeze_time(today):
            customer.invalidate_recordset(["dunning_dso"])
            self.assertEqual(customer.dunning_dso, 71.1)
            other = self._customer("No Sales Co")
            self.assertEqual(other.dunning_dso, 0.0)

    def test_pure_kpi_helpers(self):
        self.assertEqual(aging_bucket(0), "not_due")
        self.assertEqual(aging_bucket(-5), "not_due")
        self.assertEqual(aging_bucket(7), "1_7")
        self.assertEqual(aging_bucket(8), "8_30")
        self.assertEqual(aging_bucket(60), "31_60")
        self.assertEqual(aging_bucket(91), "over_90")
        self.assertEqual(dso_90(1500.0, 2000.0), 67.5)
        self.assertEqual(dso_90(10.0, 0.0), 0.0)
        self.assertTrue(date(2026, 1, 1))

    def test_promises_kept_ratio(self):
        Event = self.env["dunning.event"]
        customer = self._customer("Ratio Co")
        for state in ("kept", "kept", "kept", "broken"):
            Event.create(
                {
                    "partner_id": customer.id,
                    "channel": "promise",
                    "state": "done",
                    "promise_state": state,
                }
            )
        self.assertEqual(self.company._dunning_kpis(self.TODAY)["promises_kept_ratio"], 0.75)

    def test_dashboard_renders(self):
        dashboard = self.env["dunning.kpi.dashboard"].create({})
        self.assertIn("90-day formula", dashboard.kpi_html)
