"""#hashtag templates and formatters on plain values (no database)."""

import unittest
from datetime import date
from decimal import Decimal

from markupsafe import Markup

from ..engine import hashtags

LABELS = {
    "number": "Invoice",
    "date": "Date",
    "due_date": "Due date",
    "days_late": "Days late",
    "residual": "Amount due",
}


class TestFindHashtags(unittest.TestCase):
    def test_order_and_duplicates(self):
        text = "#customer owes #overdue_amount, #customer! #overdue_count."
        self.assertEqual(
            hashtags.find_hashtags(text), ["customer", "overdue_amount", "overdue_count"]
        )

    def test_what_is_not_a_hashtag(self):
        self.assertEqual(hashtags.find_hashtags("It&#39;s ##level x#level #Level #1"), [])
        self.assertEqual(hashtags.find_hashtags("#level_2x, #today."), ["level_2x", "today"])
        self.assertEqual(hashtags.find_hashtags(False), [])

    def test_html_reads_text_only(self):
        body = (
            '<p style="color:#ff0000"><a href="#top" title="#customer">#level</a></p>'
            "<style>p { color: #fff; }</style><!-- #note --> <b>#today</b>"
        )
        self.assertEqual(hashtags.find_hashtags(body, html=True), ["level", "today"])
        hashtags.check_hashtags(body, html=True)
        self.assertEqual(
            hashtags.find_hashtags(body),
            ["ff0000", "top", "customer", "level", "fff", "note", "today"],
        )

    def test_unknown_hashtag(self):
        with self.assertRaises(hashtags.UnknownHashtagError) as caught:
            hashtags.check_hashtags("Dear #customer, pay #amount now #amout")
        error = caught.exception
        self.assertIsInstance(error, ValueError)
        self.assertEqual(error.unknown, ["amount", "amout"])
        message = str(error)
        self.assertIn("#amount", message)
        self.assertIn("#overdue_amount", message)
        self.assertIn("#invoice_table", message)
        with self.assertRaises(hashtags.UnknownHashtagError):
            hashtags.render("#nope", {})

    def test_required_hashtags(self):
        required = {
            "customer",
            "contact",
            "overdue_amount",
            "overdue_count",
            "oldest_due_date",
            "days_late",
            "invoice_table",
            "penalty_amount",
            "company",
            "salesperson",
            "collector",
            "level",
            "today",
            "portal_link",
            "customer_ref",
            "due_amount_total",
            "payment_terms",
            "bank_account",
        }
        self.assertLessEqual(required, set(hashtags.HASHTAGS))


RENDER_VALUES = {"customer": "Acme <Corp> & Co", "overdue_amount": "1,234.50\u00a0€", "level": 2}


class TestRender(unittest.TestCase):
    def test_text(self):
        self.assertEqual(
            hashtags.render("Reminder #level: #customer owes #overdue_amount", RENDER_VALUES),
            "Reminder 2: Acme <Corp> & Co owes 1,234.50\u00a0€",
        )

    def test_missing_value_is_empty(self):
        self.assertEqual(hashtags.render("[#collector][#today]", {"today": None}), "[][]")

    def test_html(self):
        rendered = hashtags.render("<p>Dear <b>#customer</b>,</p>", RENDER_VALUES, html=True)
        self.assertIsInstance(rendered, Markup)
        self.assertEqual(rendered, "<p>Dear <b>Acme &lt;Corp&gt; &amp; Co</b>,</p>")

    def test_html_escapes_script(self):
        rendered = hashtags.render(
            "<p>#customer</p>", {"customer": "<script>alert(1)</script>"}, html=True
        )
        self.assertNotIn("<script>", rendered)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", rendered)

    def test_markup_inserted_raw(self):
        table = Markup("<table><tr><td>INV/1</td></tr></table>")
        rendered = hashtags.render("<div>#invoice_table</div>", {"invoice_table": table}, True)
        self.assertEqual(rendered, "<div><table><tr><td>INV/1</td></tr></table></div>")

    def test_jinja_syntax_is_verbatim(self):
        template = "{{ 7*7 }} {% for x in y %}#customer{% endfor %} {# c #} {% raw %}"
        expected = "{{ 7*7 }} {% for x in y %}Acme{% endfor %} {# c #} {% raw %}"
        self.assertEqual(hashtags.render(template, {"customer": "Acme"}), expected)
        self.assertEqual(
            hashtags.render(f"<p>{template}</p>", {"customer": "Acme"}, html=True),
            f"<p>{expected}</p>",
        )
        self.assertEqual(hashtags.render("#customer", {"customer": "{{ 7*7 }}"}), "{{ 7*7 }}")

    def test_html_attributes_and_entities_untouched(self):
        body = '<p style="color:#ff0000">It&#39;s <a href="#top">#customer</a> ##level</p>'
        self.assertEqual(
            hashtags.render(body, {"customer": "Acme", "level": "L"}, html=True),
            '<p style="color:#ff0000">It&#39;s <a href="#top">Acme</a> ##level</p>',
        )


class TestFormatting(unittest.TestCase):
    def test_format_amount(self):
        self.assertEqual(hashtags.format_amount(Decimal("1234.5"), "€"), "1,234.50\u00a0€")
        self.assertEqual(
            hashtags.format_amount(Decimal("1234.5"), "$", position="before"), "$\u00a01,234.50"
        )
        self.assertEqual(
            hashtags.format_amount(Decimal("-1234567.005"), "$", position="before"),
            "$\u00a0-1,234,567.01",
        )
        self.assertEqual(hashtags.format_amount(Decimal("999"), ""), "999.00")
        self.assertEqual(hashtags.format_amount(Decimal("1500"), "¥", digits=0), "1,500\u00a0¥")

    def test_format_amount_french(self):
        self.assertEqual(
            hashtags.format_amount(
                Decimal("1234567.5"), "€", thousands_sep="\u202f", decimal_point=","
            ),
            "1\u202f234\u202f567,50\u00a0€",
        )
        self.assertEqual(
            hashtags.format_amount(
                Decimal("-1234.5"), "€", position="before", thousands_sep=" ", decimal_point=","
            ),
            "€\u00a0-1 234,50",
        )

    def test_format_date(self):
        self.assertEqual(hashtags.format_date(date(2026, 3, 9)), "03/09/2026")
        self.assertEqual(hashtags.format_date(date(2026, 3, 9), "%d/%m/%Y"), "09/03/2026")
        self.assertEqual(hashtags.format_date(False), "")

    def test_invoice_table(self):
        rows = [
            {
                "number": "INV/<2026>/1",
                "date": date(2026, 1, 2),
                "due_date": date(2026, 2, 1),
                "days_late": 12,
                "residual": Decimal("1234.5"),
            },
            {
                "number": "INV/2026/2",
                "date": "01/05/2026",
                "due_date": "02/04/2026",
                "days_late": "9",
                "residual": "10.00\u00a0€",
            },
        ]
        table = hashtags.invoice_table(
            rows,
            dict(LABELS, total="Total & due"),
            amount_formatter=lambda amount: hashtags.format_amount(amount, "€"),
            date_formatter=hashtags.format_date,
            totals=["1,244.50\u00a0€", "<b>5.00 $</b>"],
        )
        self.assertIsInstance(table, Markup)
        self.assertTrue(table.startswith('<table style="border-collapse:collapse;'))
        self.assertIn("INV/&lt;2026&gt;/1", table)
        self.assertNotIn("<2026>", table)
        self.assertIn(">01/02/2026<", table)
        self.assertIn(">1,234.50\u00a0€<", table)
        self.assertIn('text-align:right;white-space:nowrap;">10.00\u00a0€<', table)
        self.assertIn(">Amount due<", table)
        self.assertIn("<tfoot>", table)
        self.assertIn("Total &amp; due", table)
        self.assertIn("1,244.50\u00a0€<br/>&lt;b&gt;5.00 $&lt;/b&gt;", table)
        no_totals = hashtags.invoice_table(rows[1:], LABELS)
        self.assertNotIn("<tfoot>", no_totals)
        self.assertIn("padding:", no_totals)

    def test_table_in_rendered_body(self):
        table = hashtags.invoice_table([{"number": "A&B", "residual": "1.00"}], LABELS)
        body = hashtags.render(
            "<p>#customer</p>#invoice_table",
            {"customer": "<i>x</i>", "invoice_table": table},
            html=True,
        )
        self.assertIn("&lt;i&gt;x&lt;/i&gt;", body)
        self.assertIn("<table", body)
        self.assertIn(">A&amp;B<", body)
