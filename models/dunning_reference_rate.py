from odoo import fields, models

REFERENCE_SOURCES = [
    ("ecb", "ECB main refinancing rate"),
    ("de_basis", "German Basiszinssatz"),
    ("boe", "Bank of England base rate"),
    ("fr_legal", "French taux légal (professionals)"),
]


class DunningReferenceRate(models.Model):
    _name = "dunning.reference.rate"
    _description = "Late-payment reference rate"
    _order = "source, date_from desc"

    source = fields.Selection(REFERENCE_SOURCES, required=True, index=True)
    date_from = fields.Date("Valid From", required=True)
    rate = fields.Float("Rate (%)", digits=(16, 4), required=True)
    note = fields.Char("Source / Note")

    _source_date_uniq = models.Constraint(
        "UNIQUE (source, date_from)", "A reference rate already exists for this source and date."
    )

    def _rates_by_source(self):
        """{source: [(date_from, Decimal rate)]} of every stored rate, for the engine."""
        from decimal import Decimal

        table = {}
        for rate in self.search_fetch([], ["source", "date_from", "rate"]):
            table.setdefault(rate.source, []).append((rate.date_from, Decimal(str(rate.rate))))
        return table
