def post_init_hook(env):
    """Companies that exist at install get a default scenario of their own."""
    standard = env.ref("account_dunning.scenario_standard")
    companies = env["res.company"].search([])
    for company in companies:
        if company.dunning_scenario_id:
            continue
        if standard.company_id == company:
            company.dunning_scenario_id = standard
        else:
            company._dunning_create_default_scenario()
