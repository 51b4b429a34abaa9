from collections import Counter
from datetime import timedelta

from freezegun import freeze_time

from odoo.tests import tagged

from .common import DunningCommon


@tagged("post_install", "-at_install")
class TestDunningRun(DunningCommon):
    def _channels(self, events):
        return Counter(events.mapped("channel"))

    def test_standard_scenario_day_by_day(self):
        """-3, +1, +8, +15 (repeat), +31 and +60: exactly the standard scenario's events."""
        due = self.TODAY
        customer = self._customer("Late Payer")
        invoice = self._invoice(customer, 1000.0, due)
        planned = {}
        for offset in range(-5, 62):
            day = due + timedelta(days=offset)
            before = self._events(customer)
            with freeze_time(day):
                self._run(customer, day)
            new = self._events(customer) - before
            if new:
                planned[offset] = new
        self.assertEqual(sorted(planned), [-3, 1, 8, 15, 22, 29, 31, 60])
        self.assertEqual(self._channels(planned[-3]), Counter({"email": 1}))
        self.assertEqual(planned[-3].level_id, self.level_pre)
        self.assertEqual(self._channels(planned[1]), Counter({"email": 1, "call": 1}))
        self.assertEqual(planned[1].level_id, self.level_1)
        level_2 = Counter(
            {
                "email": 1,
                "registered_letter": 1,
                "call": 1,
                "salesperson": 1,
                "penalty": 1,
                "hold": 1,
            }
        )
        self.assertEqual(self._channels(planned[8]), level_2)
        self.assertEqual(planned[8].level_id, self.level_2)
        # the repeat: same actions again, the hold is already in place
        del level_2["hold"]
        self.assertEqual(dict(self._channels(planned[15])), dict(level_2))
        self.assertEqual(planned[15].level_id, self.level_2)
        # level 3 is manual: to-dos awaiting approval
        self.assertEqual(self._channels(planned[31]), Counter({"registered_letter": 1, "call": 1}))
        self.assertEqual(set(planned[31].mapped("state")), {"todo"})
        self.assertEqual(planned[31].level_id, self.level_3)
        # litigation: a task for the manager
        self.assertEqual(self._channels(planned[60]), Counter({"note": 1}))
        self.assertEqual(planned[60].level_id, self.level_lit)
        self.assertEqual(invoice.dunning_level_id, self.level_lit)
        self.assertEqual(customer.dunning_level_id, self.level_lit)
        self.assertTrue(customer.credit_hold)
        # emails went out in one message per customer, with the rendered level text
        email = planned[8].filtered(lambda e: e.channel == "email")
        self.assertEqual(email.state, "done")
        self.assertIn(invoice.name, email.mail_message_id.body)
        self.assertNotIn("#invoice_table", email.mail_message_id.body)
        # level 2 also sends a registered letter: the email carries it
        letter = planned[8].filtered(lambda e: e.channel == "registered_letter")
        attachment = email.mail_message_id.attachment_ids
        self.assertEqual(attachment.res_model, "dunning.event")
        self.assertEqual(attachment.res_id, letter.id)
        self.assertIn(b"acknowledgment of receipt", attachment.raw)
        self.assertFalse(
            planned[1].filtered(lambda e: e.channel == "email").mail_message_id.attachment_ids
        )

    def test_second_run_same_day_adds_nothing(self):
        customer = self._customer("Twice")
        self._invoice(customer, 500.0, self.TODAY - timedelta(days=1))
        self._run(customer, self.TODAY)
        count = len(self._events(customer))
        self.assertTrue(count)
        self._run(customer, self.TODAY)
        self.assertEqual(len(self._events(customer)), count)

    def test_backlog_starts_at_level_1_and_is_spaced(self):
        """An invoice 45 days late at installation climbs level by level, never skipping."""
        customer = self._customer("Backlog")
        invoice = self._invoice(customer, 800.0, self.TODAY - timedelta(days=45))
        self._run(customer, self.TODAY)
        self.assertEqual(invoice.dunning_level_id, self.level_1)
        self._run(customer, self.TODAY + timedelta(days=6))
        self.assertEqual(invoice.dunning_level_id, self.level_1)
        self._run(customer, self.TODAY + timedelta(days=7))
        self.assertEqual(invoice.dunning_level_id, self.level_2)
        self._run(customer, self.TODAY + timedelta(days=29))
        self.assertEqual(invoice.dunning_level_id, self.level_2)
        self._run(customer, self.TODAY + timedelta(days=30))
        self.assertEqual(invoice.dunning_level_id, self.level_3)

    def test_payment_stops_the_scenario(self):
        customer = self._customer("Payer")
        invoice = self._invoice(customer, 300.0, self.TODAY - timedelta(days=1))
        self._run(customer, self.TODAY)
        self.assertEqual(customer.dunning_level_id, self.level_1)
        self._register_payment(invoice, payment_date=self.TODAY)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        before = len(self._events(customer))
        for offset in (7, 14, 30):
            self._run(customer, self.TODAY + timedelta(days=offset))
        self.assertEqual(len(self._events(customer)), before)
        self.assertFalse(customer.dunning_level_id)

    def test_dispute_removes_invoice_from_dunning(self):
        customer = self._customer("Disputer")
        disputed = self._invoice(customer, 300.0, self.TODAY - timedelta(days=10))
        self._run(customer, self.TODAY)
        self.assertEqual(disputed.dunning_level_id, self.level_1)
        disputed.dunning_dispute = True
        self.assertFalse(disputed.dunning_level_id)
        before = len(self._events(customer))
        self._run(customer, self.TODAY + timedelta(days=8))
        self.assertEqual(len(self._events(customer)), before)
        self.assertFalse(customer.dunning_level_id)
        # resolved: back into the scenario at level 1
        disputed.dunning_dispute = False
        self._run(customer, self.TODAY + timedelta(days=9))
        self.assertEqual(disputed.dunning_level_id, self.level_1)

    def test_one_communication_for_all_invoices(self):
        customer = self._customer("Many Invoices")
        invoices = self._invoice(customer, 100.0, self.TODAY - timedelta(days=2))
        invoices |= self._invoice(customer, 200.0, self.TODAY - timedelta(days=1))
        self._run(customer, self.TODAY)
        emails = self._events(customer, channel="email")
        self.assertEqual(len(emails), 1)
        self.assertEqual(emails.move_ids, invoices)
        self.assertEqual(emails.amount_overdue, 300.0)

    def test_unreconciled_credit_covers_debt(self):
        customer = self._customer("Has Credit")
        self._invoice(customer, 100.0, self.TODAY - timedelta(days=3))
        refund = self._invoice(customer, 100.0, self.TODAY - timedelta(days=3), post=False)
        refund.move_type = "out_refund"
        refund.action_post()
        self._run(customer, self.TODAY)
        self.assertFalse(self._events(customer))
        self.assertFalse(customer.dunning_level_id)
        activity = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", customer.id)]
        )
        self.assertTrue(activity)

    def test_no_email_falls_back_to_letter(self):
        customer = self._customer("No Mail", email=False)
        self._invoice(customer, 100.0, self.TODAY - timedelta(days=1))
        self._run(customer, self.TODAY)
        email = self._events(customer, channel="email")
        self.assertEqual(email.state, "failed")
        self.assertTrue(email.failure_reason)
        letter = self._events(customer, channel="letter")
        self.assertEqual(letter.state, "todo")

    def test_excluded_customer_never_dunned(self):
        customer = self._customer("Excluded", dunning_excluded=True)
        self._invoice(customer, 100.0, self.TODAY - timedelta(days=20))
        self._run(customer, self.TODAY)
        self.assertFalse(self._events(customer))

    def test_min_amount_not_reached(self):
        self.level_1.min_amount = 1000.0
        customer = self._customer("Small Debt")
        self._invoice(customer, 100.0, self.TODAY - timedelta(days=2))
        self._run(customer, self.TODAY)
        self.assertFalse(self._events(customer, level_id=self.level_1.id))

    def test_two_companies_never_mix(self):
        other = self.setup_other_company()["company"]
        self.assertTrue(other.sudo().dunning_scenario_id)
        self.assertNotEqual(other.sudo().dunning_scenario_id, self.scenario)
        customer = self._customer("Shared Customer")
        mine = self._invoice(customer, 100.0, self.TODAY - timedelta(days=2))
        theirs = self._invoice(customer, 999.0, self.TODAY - timedelta(days=2), company=other)
        self.env.user.company_ids |= other
        customer.with_context(allowed_company_ids=[self.company.id, other.id])._dunning_process(
            date=self.TODAY
        )
        events = self._events(customer, channel="email")
        self.assertEqual(len(events), 2)
        for event in events:
            self.assertEqual(len(event.move_ids), 1)
            self.assertEqual(event.move_ids.company_id, event.company_id)
            self.assertEqual(event.sudo().level_id.scenario_id.company_id, event.company_id)
        self.assertEqual(mine.sudo().dunning_level_id.company_id, self.company)
        self.assertEqual(theirs.sudo().dunning_level_id.company_id, other)

    def test_cron_processes_everybody(self):
        customer = self._customer("Cron Customer")
        self._invoice(customer, 100.0, self.TODAY - timedelta(days=2))
        with freeze_time(self.TODAY):
            self.env["dunning.run"].with_context(dunning_no_commit=True)._cron_run()
        self.assertTrue(self._events(customer, channel="email"))
        cron = self.env.ref("account_dunning.ir_cron_dunning_run")
        self.assertTrue(cron.active)

    def test_customer_language_picks_the_translation(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["account_dunning"], ["fr_FR"])
        # a company's scenario is a copy of the shipped one, translations included
        scenario = (
            self.env.ref("account_dunning.scenario_standard")
            .sudo()
            .copy({"company_id": self.company.id, "name": "Standard (FR)"})
        )
        customer = self._customer("Client Français", lang="fr_FR")
        customer.dunning_scenario_id = scenario
        self._invoice(customer, 1234.5, self.TODAY - timedelta(days=1))
        self._run(customer, self.TODAY)
        message = self._events(customer, channel="email").mail_message_id
        self.assertIn("rappel de paiement", message.subject)
        self.assertIn("Sauf erreur de notre part", message.body)
        self.assertIn("1&nbsp;234,50", message.body)
        self.assertIn("Jours de retard", message.body)  # the table speaks French too

    def test_manual_level_waits_for_approval_then_executes(self):
        customer = self._customer("Manual Approval")
        invoice = self._invoice(customer, 700.0, self.TODAY - timedelta(days=31))
        for offset in (0, 7, 30):
            self._run(customer, self.TODAY + timedelta(days=offset))
        self.assertEqual(invoice.dunning_level_id, self.level_3)
        todo = self._events(customer, level_id=self.level_3.id)
        self.assertEqual(set(todo.mapped("state")), {"todo"})
        approval = self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", customer.id),
                ("summary", "ilike", "Approve"),
            ]
        )
        self.assertTrue(approval)
        call = todo.filtered(lambda e: e.channel == "call")
        call.action_execute()
        self.assertTrue(call.activity_id)
        letter = todo.filtered(lambda e: e.channel == "registered_letter")
        self.assertEqual(letter.state, "todo")  # waits in "Letters to Print"
