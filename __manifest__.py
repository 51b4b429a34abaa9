# Copyright 2026 account_dunning authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Dunning: Customer Collections",
    "summary": "Recovery scenarios, reminders, registered letters, late-payment penalties "
    "and credit holds for B2B cash collection",
    "version": "19.0.1.0.0",
    "category": "Accounting/Accounting",
    "author": "account_dunning authors",
    "website": "https://github.com/account-dunning/account_dunning",
    "license": "AGPL-3",
    "depends": ["account", "sale", "mail", "portal"],
    "external_dependencies": {"python": ["jinja2", "python-dateutil", "markupsafe"]},
    "data": [
        "security/dunning_security.xml",
        "security/ir.model.access.csv",
        "data/dunning_reference_rate_data.xml",
        "data/dunning_scenario_data.xml",
        "data/ir_cron_data.xml",
        "views/dunning_level_views.xml",
        "views/dunning_scenario_views.xml",
        "views/dunning_event_views.xml",
        "views/res_partner_views.xml",
        "views/account_move_views.xml",
        "views/sale_order_views.xml",
        "views/res_config_settings_views.xml",
        "wizard/dunning_hold_override_wizard_views.xml",
        "views/dunning_menus.xml",
    ],
    "assets": {
        "web.assets_tests": ["account_dunning/static/tests/tours/*.js"],
    },
    "post_init_hook": "post_init_hook",
    "installable": True,
    "application": False,
}
