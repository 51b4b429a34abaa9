from datetime import date

from odoo.fields import Command
from odoo.tests import tagged

from .common import DunningCommon

DUE = date(2026, 1, 31)
LEVEL_1_DAY = date(2026, 2, 1)
RUN_DAY = date(2026, 3, 10)


@tagged("post_install", "-at_install")
class TestPenalty(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._use_fixed_penalties()

    # ------------------------------------------------------------------ helpers
    def _penalty_event(self, customer):
        return self._events(customer, channel="penalty").sorted("id")

    def _lines(self, penalty_move):
        return [
            (line.name, line.price_subtotal)
            for line in penalty_move.invoice_line_ids.sorted("sequence")
        ]

    def _direct_event(self, customer, moves, day=RUN_DAY):
        """A penalty event as the run plans it, executed directly."""
        event = self.env["dunning.event"].create(
            {
                "partner_id": customer.id,
                "company_id": self.company.id,
                "level_id": self.level_2.id,
                "channel": "penalty",
                "date": day,
                "state": "todo",
                "move_ids": [Command.set(moves.ids)],
            }
        )
        self.env["dunning.run"]._create_penalty_invoices(event)
        return event

    # ------------------------------------------------------------------ tests
    def test_contract_example_through_the_run_then_repeat(self):
        """Fixed 12.15 %, 1,000.00 due 31 Jan, run 10 Mar: 38 days -> 12.65 + 40.00."""
        customer = self._customer("Contract Example")
        invoice = self._invoice(customer, 1000.0, DUE)
        self._run(customer, LEVEL_1_DAY)
        self.assertFalse(self._penalty_event(customer))
        self._run(customer, RUN_DAY)
        self.assertEqual(customer.dunning_level_id, self.level_2)
        event = self._penalty_event(customer)
        self.assertEqual(len(event), 1)
        self.assertEqual(event.state, "done")
        penalty = event.penalty_move_id
        self.assertTrue(penalty)
        self.assertTrue(penalty.is_dunning_penalty)
        self.assertEqual(penalty.state, "posted")
        self.assertEqual(penalty.move_type, "out_invoice")
        self.assertEqual(penalty.partner_id, customer)
        self.assertEqual(penalty.currency_id, self.company.currency_id)
        self.assertEqual(penalty.invoice_date, RUN_DAY)
        self.assertFalse(penalty.invoice_line_ids.tax_ids)
        self.assertEqual(
            penalty.invoice_line_ids.product_id, self.env.ref("account_dunning.product_penalty")
        )
        (interest_label, interest), (fixed_label, fixed) = self._lines(penalty)
        self.assertAlmostEqual(interest, 12.65)
        self.assertAlmostEqual(fixed, 40.0)
        self.assertIn(f"Late-payment interest on {invoice.name}: 1,000.00", interest_label)
        self.assertIn("x 12.15% x 38 days", interest_label)
        self.assertEqual(fixed_label, f"Fixed recovery compensation for {invoice.name}")
        self.assertAlmostEqual(penalty.amount_total, 52.65)
        self.assertEqual(invoice.dunning_interest_until, RUN_DAY)
        self.assertTrue(invoice.dunning_fixed_fee_charged)
        self.assertIn(penalty.name, event.note)

        # the same day again: nothing new
        self._run(customer, RUN_DAY)
        self.assertEqual(len(self._penalty_event(customer)), 1)

        # the weekly repeat: only the 7 new days, no second fixed compensation
        self._run(customer, self._days(RUN_DAY, 7))
        events = self._penalty_event(customer)
        self.assertEqual(len(events), 2)
        repeat = events[-1]
        self.assertEqual(repeat.state, "done")
        lines = self._lines(repeat.penalty_move_id)
        self.assertEqual(len(lines), 1)
        self.assertIn("x 7 days", lines[0][0])
        self.assertIn(invoice.name, lines[0][0])
        self.assertAlmostEqual(lines[0][1], 2.33)  # 1,000 x 12.15 % x 7 / 365 = 2.330
        self.assertEqual(invoice.dunning_interest_until, self._days(RUN_DAY, 7))

    def test_reference_mode_across_1_july(self):
        """ECB + 8: 10.15 % until 30 June, 10.40 % from 1 July (shipped table)."""
        self.scenario.write(
            {"penalty_rate_mode": "reference", "penalty_rule": "half_year", "penalty_margin": 8}
        )
        self.scenario.penalty_reference_source = "ecb"
        customer = self._customer("Summer Payer")
        invoice = self._invoice(customer, 1000.0, date(2026, 6, 20))
        self._run(customer, date(2026, 6, 21))
        self._run(customer, date(2026, 7, 10))
        event = self._penalty_event(customer)
        self.assertEqual(event.state, "done")
        lines = self._lines(event.penalty_move_id)
        self.assertEqual(len(lines), 3)
        self.assertIn("x 10.15% x 10 days", lines[0][0])
        self.assertAlmostEqual(lines[0][1], 2.78)  # 1,000 x 10.15 % x 10 / 365 = 2.7808
        self.assertIn("x 10.40% x 10 days", lines[1][0])
        self.assertAlmostEqual(lines[1][1], 2.85)  # 1,000 x 10.40 % x 10 / 365 = 2.8493
        self.assertAlmostEqual(lines[2][1], 40.0)
        self.assertEqual(invoice.dunning_interest_until, date(2026, 7, 10))

    def test_disputed_invoice_not_penalised(self):
        customer = self._customer("Disputer")
        good = self._invoice(customer, 1000.0, DUE)
        disputed = self._invoice(customer, 500.0, DUE)
        disputed.dunning_dispute = True
        self._run(customer, LEVEL_1_DAY)
        self._run(customer, RUN_DAY)
        penalty = self._penalty_event(customer).penalty_move_id
        labels = " ".join(name for name, _amount in self._lines(penalty))
        self.assertIn(good.name, labels)
        self.assertNotIn(disputed.name, labels)
        self.assertAlmostEqual(penalty.amount_total, 52.65)
        self.assertFalse(disputed.dunning_fixed_fee_charged)
        self.assertFalse(disputed.dunning_interest_until)
        # even when an event covers it, a disputed invoice is skipped
        event = self._direct_event(customer, good + disputed, self._days(RUN_DAY, 1))
        self.assertEqual(len(event.penalty_move_id.invoice_line_ids), 1)
        self.assertNotIn(disputed.name, event.penalty_move_id.invoice_line_ids.name)

    def test_partial_payment_splits_the_periods(self):
        customer = self._customer("Partial Payer")
        invoice = self._invoice(customer, 1000.0, DUE)
        refund = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": customer.id,
                "invoice_date": date(2026, 2, 20),
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Discount", "quantity": 1, "price_unit": 400.0, "tax_ids": []}
                    )
                ],
            }
        )
        refund.action_post()
        (invoice + refund).line_ids.filtered(
            lambda line: line.display_type == "payment_term"
        ).reconcile()
        self.assertEqual(invoice.payment_state, "partial")
        event = self._direct_event(customer, invoice)
        lines = self._lines(event.penalty_move_id)
        # 1 Feb - 19 Feb on 1,000 (6.3246), 20 Feb - 10 Mar on 600 (3.7948), then the 40
        self.assertEqual([amount for _label, amount in lines], [6.32, 3.79, 40.0])
        self.assertIn("1,000.00", lines[0][0])
        self.assertIn("600.00", lines[1][0])

    def test_foreign_currency_invoice(self):
        eur = self.setup_other_currency("EUR")  # 1 USD = 2 EUR
        self.assertNotEqual(eur, self.company.currency_id)
        customer = self._customer("Foreign Payer")
        invoice = self._invoice(customer, 1000.0, DUE, currency=eur)
        event = self._direct_event(customer, invoice)
        penalty = event.penalty_move_id
        self.assertEqual(penalty.currency_id, self.company.currency_id)
        (label, interest), (_fixed_label, fixed) = self._lines(penalty)
        self.assertIn("1,000.00 EUR x 12.15% x 38 days", label)
        # 12.6493 EUR -> 6.3247 USD, rounded once
        self.assertAlmostEqual(interest, 6.32)
        self.assertAlmostEqual(fixed, 40.0)

    def test_minimum_amount(self):
        self.scenario.penalty_min_amount = 100.0
        customer = self._customer("Small Debtor")
        invoice = self._invoice(customer, 1000.0, DUE)
        self._run(customer, LEVEL_1_DAY)
        self._run(customer, RUN_DAY)
        event = self._penalty_event(customer)
        self.assertEqual(event.state, "done")
        self.assertFalse(event.penalty_move_id)
        self.assertIn("No penalty due", event.note)
        self.assertFalse(invoice.dunning_interest_until)
        self.assertFalse(invoice.dunning_fixed_fee_charged)
        self.assertFalse(
            self.env["account.move"].search_count(
                [("is_dunning_penalty", "=", True), ("partner_id", "=", customer.id)]
            )
        )

    def test_missing_reference_rate_fails_the_event(self):
        self.env["dunning.reference.rate"].search([("source", "=", "boe")]).unlink()
        self.scenario.write(
            {
                "penalty_rate_mode": "reference",
                "penalty_rule": "at_due_date",
                "penalty_reference_source": "boe",
            }
        )
        customer = self._customer("No Rate")
        invoice = self._invoice(customer, 1000.0, DUE)
        event = self._direct_event(customer, invoice)
        self.assertEqual(event.state, "failed")
        self.assertIn("No reference rate", event.failure_reason)
        self.assertFalse(event.penalty_move_id)
        self.assertTrue(event.activity_id)
        self.assertFalse(invoice.dunning_interest_until)

    def test_draft_when_not_posting_and_tiered_compensation(self):
        self.scenario.write(
            {"penalty_post": False, "penalty_tiered": True, "penalty_jurisdiction": "uk"}
        )
        customer = self._customer("Big Debtor")
        invoice = self._invoice(customer, 5000.0, DUE)
        event = self._direct_event(customer, invoice)
        penalty = event.penalty_move_id
        self.assertEqual(penalty.state, "draft")
        # 40 / 70 / 100 by debt size: 5,000 -> 70 (GBP inactive: tiers in company currency)
        self.assertAlmostEqual(self._lines(penalty)[-1][1], 70.0)
        self.assertTrue(invoice.dunning_fixed_fee_charged)

    def test_jurisdiction_presets(self):
        scenario = self.env["dunning.scenario"].new({"penalty_jurisdiction": "de"})
        scenario._onchange_penalty_jurisdiction()
        self.assertEqual(scenario.penalty_rule, "half_year")
        self.assertEqual(scenario.penalty_reference_source, "de_basis")
        self.assertEqual(scenario.penalty_margin, 9.0)
        self.assertFalse(scenario.penalty_tiered)
        scenario.penalty_jurisdiction = "uk"
        scenario._onchange_penalty_jurisdiction()
        self.assertEqual(scenario.penalty_rule, "at_due_date")
        self.assertEqual(scenario.penalty_reference_source, "boe")
        self.assertEqual(scenario.penalty_margin, 8.0)
        self.assertTrue(scenario.penalty_tiered)

    def test_invoice_mention(self):
        customer = self._customer("Mention")
        invoice = self._invoice(customer, 100.0, DUE, post=False)
        currency = self.company.currency_id.name
        self.assertEqual(
            invoice._dunning_penalty_mention(),
            "Late-payment penalties: 12.15% per year; "
            f"fixed recovery compensation: 40.00 {currency}",
        )


@tagged("post_install", "-at_install")
class TestInvoiceMention(DunningCommon):
    def test_mention_printed_on_invoices_when_enabled(self):
        customer = self._customer("Mention Co")
        invoice = self._invoice(customer, 100.0, DUE)
        report = self.env["ir.actions.report"]
        html = report._render_qweb_html("account.account_invoices", invoice.ids)[0].decode()
        self.assertNotIn("dunning_penalty_mention", html)
        self.company.dunning_print_penalty_mention = True
        html = report._render_qweb_html("account.account_invoices", invoice.ids)[0].decode()
        self.assertIn("dunning_penalty_mention", html)
        self.assertIn(invoice._dunning_penalty_mention(), html.replace("&nbsp;", "\xa0"))
