from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    dunning_scenario_id = fields.Many2one(related="company_id.dunning_scenario_id", readonly=False)
    dunning_collector_id = fields.Many2one(
        related="company_id.dunning_collector_id", readonly=False
    )
    dunning_print_penalty_mention = fields.Boolean(
        related="company_id.dunning_print_penalty_mention", readonly=False
    )
    dunning_hold_on_credit_limit = fields.Boolean(
        related="company_id.dunning_hold_on_credit_limit", readonly=False
    )
