"""Late-payment interest and compensation on plain values (no database)."""

import unittest
from datetime import date, timedelta
from decimal import Decimal

from ..engine import penalties

ECB = [
    (date(2025, 7, 1), Decimal("2.15")),  # any order
    (date(2025, 1, 1), Decimal("3.15")),
    (date(2026, 1, 1), Decimal("2.15")),
]
BOE = [
    (date(2023, 1, 1), Decimal("3.50")),  # base rate on 31 Dec 2022
    (date(2023, 7, 1), Decimal("5.00")),  # base rate on 30 Jun 2023
    (date(2024, 1, 1), Decimal("5.25")),
]


def one_residual(first_day, amount):
    return [(first_day, Decimal(amount))]


class TestRates(unittest.TestCase):
    def test_rate_in_force(self):
        self.assertEqual(penalties.rate_in_force(ECB, date(2025, 6, 30)), Decimal("3.15"))
        self.assertEqual(penalties.rate_in_force(ECB, date(2025, 7, 1)), Decimal("2.15"))
        self.assertIsNone(penalties.rate_in_force(ECB, date(2024, 12, 31)))
        floats = [(date(2025, 1, 1), 3.15)]
        self.assertEqual(penalties.rate_in_force(floats, date(2025, 2, 1)), Decimal("3.15"))

    def test_half_year_segments(self):
        segments = penalties.rate_segments(
            "half_year",
            date(2025, 6, 16),
            date(2026, 2, 1),
            reference_rates=ECB,
            margin=Decimal(8),
        )
        # 2025-H2 and 2026-H1 share 10.15: merged into one period.
        self.assertEqual(
            segments,
            [
                (date(2025, 6, 16), date(2025, 6, 30), Decimal("11.15")),
                (date(2025, 7, 1), date(2026, 2, 1), Decimal("10.15")),
            ],
        )

    def test_missing_reference_rate(self):
        with self.assertRaisesRegex(ValueError, "No reference rate in force on 2024-07-01"):
            penalties.rate_segments(
                "half_year", date(2024, 12, 1), date(2025, 2, 1), reference_rates=ECB
            )
        with self.assertRaises(ValueError):
            penalties.invoice_interest(
                due_date=date(2024, 11, 30),
                run_date=date(2025, 2, 1),
                residual_history=one_residual(date(2024, 12, 1), "1000"),
                rule="at_due_date",
                reference_rates=ECB,
                margin=Decimal(8),
            )
        with self.assertRaisesRegex(ValueError, "fixed annual rate"):
            penalties.rate_segments("fixed", date(2025, 1, 1), date(2025, 2, 1))
        with self.assertRaisesRegex(ValueError, "Unknown penalty rule"):
            penalties.rate_segments("monthly", date(2025, 1, 1), date(2025, 2, 1))

    def test_half_years_without_rate(self):
        self.assertEqual(
            penalties.half_years_without_rate(ECB, date(2025, 3, 1), date(2026, 8, 1)),
            [date(2026, 7, 1)],
        )

    def test_simple_interest_rounds_once(self):
        # 1000 * 12.15 * 38 / 36500 = 12.6493...
        self.assertEqual(
            penalties.simple_interest(Decimal("1000"), 38, Decimal("12.15")), Decimal("12.65")
        )
        # 100 * 10 * 73 / 36500 = 2.000 exactly; 0.005 rounds half up
        self.assertEqual(penalties.simple_interest(Decimal(100), 73, Decimal(10)), Decimal("2.00"))
        self.assertEqual(penalties.simple_interest(Decimal("36.5"), 1, Decimal(5)), Decimal("0.01"))


class TestInvoiceInterest(unittest.TestCase):
    def test_contract_example(self):
        lines = penalties.invoice_interest(
            due_date=date(2026, 1, 31),
            run_date=date(2026, 3, 10),
            residual_history=one_residual(date(2026, 2, 1), "1000.00"),
            rule="fixed",
            fixed_rate=Decimal("12.15"),
        )
        self.assertEqual(
            lines,
            [
                penalties.InterestLine(
                    start=date(2026, 2, 1),
                    end=date(2026, 3, 10),
                    days=38,
                    base=Decimal("1000.00"),
                    rate=Decimal("12.15"),
                    amount=Decimal("12.65"),
                )
            ],
        )

    def test_nothing_due(self):
        common = {"rule": "fixed", "fixed_rate": Decimal(10), "due_date": date(2026, 1, 31)}
        history = one_residual(date(2026, 1, 1), "500")
        self.assertEqual(
            penalties.invoice_interest(
                run_date=date(2026, 1, 31), residual_history=history, **common
            ),
            [],
        )
        paid = [(date(2026, 1, 1), Decimal(500)), (date(2026, 1, 20), Decimal(0))]
        self.assertEqual(
            penalties.invoice_interest(run_date=date(2026, 3, 1), residual_history=paid, **common),
            [],
        )

    def test_period_spanning_1_july(self):
        lines = penalties.invoice_interest(
            due_date=date(2025, 6, 15),
            run_date=date(2025, 7, 20),
            residual_history=one_residual(date(2025, 6, 16), "1000"),
            rule="half_year",
            reference_rates=ECB,
            margin=Decimal(8),
        )
        # 16-30 Jun: 15 days at 3.15 + 8 = 11.15 %: 1000 * 11.15 * 15 / 36500 = 4.5821...
        # 1-20 Jul: 20 days at 2.15 + 8 = 10.15 %: 1000 * 10.15 * 20 / 36500 = 5.5616...
        self.assertEqual(
            [(line.start, line.end, line.days, line.rate, line.amount) for line in lines],
            [
                (date(2025, 6, 16), date(2025, 6, 30), 15, Decimal("11.15"), Decimal("4.58")),
                (date(2025, 7, 1), date(2025, 7, 20), 20, Decimal("10.15"), Decimal("5.56")),
            ],
        )

    def test_partial_payment(self):
        history = [
            (date(2026, 2, 1), Decimal("2000")),
            (date(2026, 3, 1), Decimal("500")),  # 1500 paid on 1 March
            (date(2026, 3, 21), Decimal("0")),  # the rest paid on 21 March
        ]
        lines = penalties.invoice_interest(
            due_date=date(2026, 1, 31),
            run_date=date(2026, 3, 31),
            residual_history=history,
            rule="fixed",
            fixed_rate=Decimal(10),
        )
        # 2000 * 10 * 28 / 36500 = 15.3424...; 500 * 10 * 20 / 36500 = 2.7397...
        self.assertEqual(
            [(line.start, line.end, line.base, line.amount) for line in lines],
            [
                (date(2026, 2, 1), date(2026, 2, 28), Decimal("2000.00"), Decimal("15.34")),
                (date(2026, 3, 1), date(2026, 3, 20), Decimal("500.00"), Decimal("2.74")),
            ],
        )

    def test_continuation_after_previous_invoice(self):
        common = {
            "due_date": date(2025, 5, 31),
            "residual_history": one_residual(date(2025, 6, 1), "1000"),
            "rule": "half_year",
            "reference_rates": ECB,
            "margin": Decimal(8),
        }
        first = penalties.invoice_interest(run_date=date(2025, 6, 30), **common)
        second = penalties.invoice_interest(
            run_date=date(2025, 8, 9), interest_from=first[-1].end + timedelta(days=1), **common
        )
        whole = penalties.invoice_interest(run_date=date(2025, 8, 9), **common)
        self.assertEqual(first[-1].end, date(2025, 6, 30))
        self.assertEqual(second[0].start, date(2025, 7, 1))  # no gap, no overlap
        self.assertEqual(first + second, whole)
        # 1000 * 11.15 * 30 / 36500 = 9.1643...; 1000 * 10.15 * 40 / 36500 = 11.1232...
        self.assertEqual([line.amount for line in whole], [Decimal("9.16"), Decimal("11.12")])
        # interest_from in the middle of a rate period splits it at that day
        third = penalties.invoice_interest(
            run_date=date(2025, 8, 9), interest_from=date(2025, 7, 11), **common
        )
        self.assertEqual([(line.start, line.days) for line in third], [(date(2025, 7, 11), 30)])
        nothing = penalties.invoice_interest(
            run_date=date(2025, 8, 9), interest_from=date(2025, 8, 10), **common
        )
        self.assertEqual(nothing, [])

    def test_grace_days(self):
        common = {
            "due_date": date(2026, 1, 31),
            "residual_history": one_residual(date(2026, 2, 1), "1000"),
            "rule": "fixed",
            "fixed_rate": Decimal("12.15"),
            "grace_days": 5,
        }
        self.assertEqual(penalties.invoice_interest(run_date=date(2026, 2, 5), **common), [])
        lines = penalties.invoice_interest(run_date=date(2026, 3, 10), **common)
        # 6 Feb - 10 Mar = 33 days: 1000 * 12.15 * 33 / 36500 = 10.9849...
        self.assertEqual(
            [(line.start, line.days, line.amount) for line in lines],
            [(date(2026, 2, 6), 33, Decimal("10.98"))],
        )

    def test_uk_one_rate_for_the_whole_debt(self):
        common = {
            "due_date": date(2023, 6, 20),
            "residual_history": one_residual(date(2023, 6, 21), "1000"),
            "rule": "at_due_date",
            "reference_rates": BOE,
            "margin": Decimal(8),
        }
        lines = penalties.invoice_interest(run_date=date(2024, 2, 10), **common)
        # Interest starts 21 Jun 2023: base rate of 31 Dec 2022 (3.50) + 8, despite the later
        # rises. 21 Jun 2023 - 10 Feb 2024 = 10 + 184 + 41 = 235 days:
        # 1000 * 11.50 * 235 / 36500 = 74.0410...
        self.assertEqual(
            [(line.start, line.end, line.days, line.rate, line.amount) for line in lines],
            [(date(2023, 6, 21), date(2024, 2, 10), 235, Decimal("11.50"), Decimal("74.04"))],
        )
        later = penalties.invoice_interest(
            run_date=date(2024, 2, 10), interest_from=date(2024, 1, 5), **common
        )
        self.assertEqual([line.rate for line in later], [Decimal("11.50")])
        # Interest starting 1 Jul 2023: base rate of 30 Jun 2023 (5.00) + 8
        segments = penalties.rate_segments(
            "at_due_date",
            date(2023, 7, 1),
            date(2024, 3, 1),
            reference_rates=BOE,
            margin=Decimal(8),
        )
        self.assertEqual(segments, [(date(2023, 7, 1), date(2024, 3, 1), Decimal("13.00"))])

    def test_belgium_rounds_up_to_half_point(self):
        lines = penalties.invoice_interest(
            due_date=date(2025, 1, 31),
            run_date=date(2025, 3, 1),
            residual_history=one_residual(date(2025, 2, 1), "1000"),
            rule="half_year_round_up",
            reference_rates=ECB,
            margin=Decimal(8),
        )
        # 3.15 + 8 = 11.15 -> 11.5 %; 29 days: 1000 * 11.5 * 29 / 36500 = 9.1369...
        self.assertEqual(
            [(line.days, line.rate, line.amount) for line in lines],
            [(29, Decimal("11.5"), Decimal("9.14"))],
        )
        self.assertEqual(penalties.round_up_half_point(Decimal("12.00")), Decimal(12))
        self.assertEqual(penalties.round_up_half_point(Decimal("12.01")), Decimal("12.5"))

    def test_netherlands_compounds_yearly(self):
        lines = penalties.invoice_interest(
            due_date=date(2024, 12, 31),
            run_date=date(2026, 3, 31),
            residual_history=one_residual(date(2025, 1, 1), "1000"),
            rule="yearly_compound",
            reference_rates=ECB,
            margin=Decimal(8),
        )
        # 2025-H1: 181 days at 11.15 %: 55.2917...; 2025-H2: 184 days at 10.15 %: 51.1671...
        # On 1 Jan 2026 the year's interest 106.4589... joins the base:
        # 1106.4589... * 10.15 * 90 / 36500 = 27.6917...
        self.assertEqual(
            [(line.start, line.end, line.base, line.rate, line.amount) for line in lines],
            [
                (
                    date(2025, 1, 1),
                    date(2025, 6, 30),
                    Decimal("1000.00"),
                    Decimal("11.15"),
                    Decimal("55.29"),
                ),
                (
                    date(2025, 7, 1),
                    date(2025, 12, 31),
                    Decimal("1000.00"),
                    Decimal("10.15"),
                    Decimal("51.17"),
                ),
                (
                    date(2026, 1, 1),
                    date(2026, 3, 31),
                    Decimal("1106.46"),
                    Decimal("10.15"),
                    Decimal("27.69"),
                ),
            ],
        )
        # A continuation invoice keeps the compound base of the whole schedule.
        continued = penalties.invoice_interest(
            due_date=date(2024, 12, 31),
            run_date=date(2026, 3, 31),
            residual_history=one_residual(date(2025, 1, 1), "1000"),
            rule="yearly_compound",
            reference_rates=ECB,
            margin=Decimal(8),
            interest_from=date(2026, 1, 1),
        )
        self.assertEqual(continued, lines[2:])


class TestCompensation(unittest.TestCase):
    def test_eu(self):
        self.assertEqual(penalties.fixed_compensation(Decimal("0.01"), penalties.EU_FIXED), 40)
        self.assertEqual(penalties.fixed_compensation(Decimal(0), penalties.EU_FIXED), 0)

    def test_uk_tiers_from(self):
        cases = {"999.99": 40, "1000.00": 70, "9999.99": 70, "10000.00": 100}
        for amount, expected in cases.items():
            with self.subTest(amount=amount):
                self.assertEqual(
                    penalties.fixed_compensation(Decimal(amount), penalties.UK_TIERS), expected
                )

    def test_ireland_tiers_strictly_over(self):
        cases = {"1000.00": 40, "1000.01": 70, "10000.00": 70, "10000.01": 100}
        for amount, expected in cases.items():
            with self.subTest(amount=amount):
                self.assertEqual(
                    penalties.fixed_compensation(Decimal(amount), penalties.IE_TIERS), expected
                )

    def test_presets(self):
        self.assertEqual(
            set(penalties.PRESETS), {"eu", "fr", "de", "uk", "ie", "be", "nl", "es", "it"}
        )
        for key, preset in penalties.PRESETS.items():
            with self.subTest(preset=key):
                self.assertIn(preset["rule"], penalties.RULES)
                self.assertIn(preset["source"], penalties.SOURCES)
                self.assertIsInstance(preset["margin"], Decimal)
        self.assertEqual(penalties.PRESETS["fr"]["margin"], 10)
        self.assertEqual(penalties.PRESETS["de"]["source"], "de_basis")
        self.assertEqual(penalties.preset_compensation("uk", Decimal(1000)), 70)
        # Dutch scale: 15 % of 2,500 + 10 % of 500 = 425; minimum 40; maximum 6,775
        self.assertEqual(penalties.preset_compensation("nl", Decimal(3000)), Decimal("425.00"))
        self.assertEqual(penalties.preset_compensation("nl", Decimal(100)), 40)
        self.assertEqual(penalties.preset_compensation("nl", Decimal(10**7)), 6775)
