from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .dunning_reference_rate import REFERENCE_SOURCES


class DunningScenario(models.Model):
    _name = "dunning.scenario"
    _description = "Recovery Scenario"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    level_ids = fields.One2many("dunning.level", "scenario_id", string="Levels", copy=True)
    level_count = fields.Integer(compute="_compute_level_count")
    note = fields.Html("Description", translate=True)
    # Late-payment penalties
    penalty_rate_mode = fields.Selection(
        [("fixed", "Fixed annual rate"), ("reference", "Reference rate + margin")],
        default="reference",
        required=True,
        tracking=True,
    )
    penalty_rate = fields.Float(
        "Annual Penalty Rate (%)", digits=(16, 4), default=12.15, tracking=True
    )
    penalty_margin = fields.Float("Margin (points)", digits=(16, 4), default=8.0, tracking=True)
    penalty_reference_source = fields.Selection(REFERENCE_SOURCES, default="ecb")
    penalty_rule = fields.Selection(
        [
            ("half_year", "Rate of each half-year (EU, FR, DE, ES, IT)"),
            ("at_due_date", "One rate fixed when the debt falls due (UK, IE)"),
            ("half_year_round_up", "Half-year, rounded up to the next half point (BE)"),
            ("yearly_compound", "Half-year, compounded yearly (NL)"),
        ],
        default="half_year",
        required=True,
    )
    penalty_jurisdiction = fields.Selection(
        [
            ("eu", "EU Directive"),
            ("fr", "France"),
            ("de", "Germany"),
            ("uk", "United Kingdom"),
            ("ie", "Ireland"),
            ("be", "Belgium"),
            ("nl", "Netherlands"),
            ("es", "Spain"),
            ("it", "Italy"),
        ],
        string="Jurisdiction",
        default="eu",
    )
    penalty_fixed_amount = fields.Monetary(
        "Fixed Compensation per Invoice", currency_field="currency_id", default=40.0
    )
    penalty_tiered = fields.Boolean(
        "Tiered Compensation", help="UK/Ireland: 40/70/100 by debt size instead of a flat amount."
    )
    penalty_grace_days = fields.Integer("Grace Days")
    penalty_min_amount = fields.Monetary(
        "Minimum Penalty",
        currency_field="currency_id",
        help="No penalty invoice below this amount.",
    )
    penalty_product_id = fields.Many2one(
        "product.product", "Penalty Product", domain=[("type", "=", "service")]
    )
    penalty_post = fields.Boolean(
        "Post Penalty Invoices", default=True, help="Otherwise they stay in draft for review."
    )

    _name_company_uniq = models.Constraint(
        "UNIQUE (name, company_id)", "A scenario with this name already exists in this company."
    )

    @api.depends("level_ids")
    def _compute_level_count(self):
        for scenario in self:
            scenario.level_count = len(scenario.level_ids)

    @api.constrains("penalty_rate", "penalty_margin", "penalty_fixed_amount")
    def _check_penalty_values(self):
        for scenario in self:
            if scenario.penalty_rate < 0 or scenario.penalty_rate > 100:
                raise ValidationError(
                    self.env._(
                        "The penalty rate of %(name)s must be between 0 and 100%%.",
                        name=scenario.name,
                    )
                )
            if scenario.penalty_fixed_amount < 0 or scenario.penalty_margin < 0:
                raise ValidationError(
                    self.env._(
                        "Penalty amounts and margins cannot be negative (%(name)s).",
                        name=scenario.name,
                    )
                )

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        if default and "name" in default:
            return vals_list
        return [
            dict(vals, name=self.env._("%s (copy)", scenario.name))
            for scenario, vals in zip(self, vals_list, strict=True)
        ]

    def _level_specs(self):
        """Engine view of the levels, ordered."""
        from ..engine.levels import LevelSpec

        self.ensure_one()
        return [
            LevelSpec(
                id=level.id,
                delay_days=level.delay_days,
                min_amount=level.min_amount,
                repeat_days=level.repeat_days,
            )
            for level in self.level_ids.sorted("delay_days")
        ]
