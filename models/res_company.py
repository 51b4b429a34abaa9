from odoo import api, fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    dunning_scenario_id = fields.Many2one(
        "dunning.scenario",
        "Default Recovery Scenario",
        domain="[('company_id', '=', id)]",
        help="Scenario of the customers who have none of their own.",
    )
    dunning_collector_id = fields.Many2one(
        "res.users",
        "Default Collector",
        help="Receives the collection tasks of customers without a collector of their own.",
    )
    dunning_print_penalty_mention = fields.Boolean(
        "Late-Payment Mention on Invoices",
        help="Print the late-payment penalty rate and the fixed recovery compensation on "
        "customer invoices (mandatory in France).",
    )
    dunning_hold_on_credit_limit = fields.Boolean(
        "Hold Above Credit Limit",
        help="Also put customers on credit hold when their open receivables exceed their "
        "credit limit.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        companies.filtered(lambda c: not c.dunning_scenario_id)._dunning_create_default_scenario()
        return companies

    def _dunning_create_default_scenario(self):
        """Give each company a working default scenario, copied from the shipped one."""
        template = self.env.ref("account_dunning.scenario_standard", raise_if_not_found=False)
        if not template:
            return
        template = template.sudo()
        for company in self:
            scenario = template.copy({"company_id": company.id, "name": template.name})
            company.sudo().dunning_scenario_id = scenario
