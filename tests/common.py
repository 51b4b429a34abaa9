from datetime import date, timedelta

from odoo.fields import Command

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class DunningCommon(AccountTestInvoicingCommon):
    """Customers and invoices with chosen due dates, in a company with the standard scenario."""

    TODAY = date(2026, 3, 10)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        if not cls.company.dunning_scenario_id:
            cls.company._dunning_create_default_scenario()
        cls.scenario = cls.company.dunning_scenario_id
        levels = cls.scenario.level_ids.sorted("delay_days")
        cls.level_pre, cls.level_1, cls.level_2, cls.level_3, cls.level_lit = levels
        cls.collector = cls.env["res.users"].create(
            {"name": "Colin Collector", "login": "colin_collector", "email": "colin@example.com"}
        )
        cls.company.dunning_collector_id = cls.collector
        cls.env.user.group_ids |= cls.env.ref("account_dunning.group_dunning_manager")
        cls.env.user.group_ids |= cls.env.ref("sales_team.group_sale_manager")

    @classmethod
    def _use_fixed_penalties(cls, rate=12.15):
        """Fixed-rate penalties (the contract's example): 12.15 % a year + 40 per invoice."""
        cls.scenario.write(
            {
                "penalty_rate_mode": "fixed",
                "penalty_rate": rate,
                "penalty_fixed_amount": 40.0,
                "penalty_min_amount": 0.0,
                "penalty_tiered": False,
                "penalty_grace_days": 0,
                "penalty_post": True,
            }
        )

    @classmethod
    def _customer(cls, name, email=True, **vals):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "email": f"{name.lower().replace(' ', '.')}@example.com" if email else False,
                **vals,
            }
        )

    @classmethod
    def _invoice(cls, partner, amount, due, company=None, currency=None, post=True):
        company = company or cls.env.company
        vals = {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "invoice_date": due,
            "invoice_date_due": due,
            "invoice_line_ids": [
                Command.create(
                    {"name": "Consulting", "quantity": 1, "price_unit": amount, "tax_ids": []}
                )
            ],
        }
        if currency:
            vals["currency_id"] = currency.id
        move = cls.env["account.move"].with_company(company).create(vals)
        if post:
            move.action_post()
        return move

    def _events(self, partner, **domain):
        dom = [("partner_id", "=", partner.id)] + [(k, "=", v) for k, v in domain.items()]
        return self.env["dunning.event"].search(dom)

    def _run(self, partners, day):
        return partners._dunning_process(date=day)

    @staticmethod
    def _days(day, offset):
        return day + timedelta(days=offset)
