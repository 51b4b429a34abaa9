"""Values of the #hashtags for one customer, and rendering of level texts.

The substitution itself is the sandboxed pure engine (engine/hashtags.py); this
module only gathers the customer's figures, formatted in the customer's language.
"""

from collections import defaultdict
from decimal import Decimal

from markupsafe import Markup

from odoo import fields

from ..engine import hashtags


def _lang(env, partner):
    code = partner.lang or env.user.lang or "en_US"
    return env["res.lang"]._get_data(code=code) or env["res.lang"]._get_data(code="en_US")


def _amount_formatter(lang):
    def fmt(amount, currency):
        return hashtags.format_amount(
            Decimal(str(currency.round(amount))),
            currency.symbol or currency.name,
            position=currency.position or "after",
            digits=currency.decimal_places,
            thousands_sep=lang.thousands_sep or "",
            decimal_point=lang.decimal_point or ".",
        )

    return fmt


def hashtag_values(
    env,
    partner,
    moves,
    level=None,
    company=None,
    today=None,
    penalty=0.0,
    due_total=None,
    portal_link=None,
):
    """Formatted values of every hashtag for ``partner`` and its overdue ``moves``.

    ``due_total`` (all open receivables of the customer) is read when not given.
    """
    company = company or env.company
    today = today or fields.Date.context_today(partner)
    env = env(context=dict(env.context, lang=partner.lang or env.user.lang))
    partner = partner.with_env(env)
    lang = _lang(env, partner)
    fmt_amount = _amount_formatter(lang)

    def fmt_date(value):
        return hashtags.format_date(value, lang.date_format or "%m/%d/%Y") if value else ""

    totals = defaultdict(float)
    rows = []
    oldest = None
    for move in moves.sorted(lambda m: (m.invoice_date_due or m.date, m.id)):
        due = move.invoice_date_due or move.date
        oldest = min(oldest, due) if oldest else due
        totals[move.currency_id] += move.amount_residual
        rows.append(
            {
                "number": move.name,
                "date": fmt_date(move.invoice_date),
                "due_date": fmt_date(due),
                "days_late": str(max((today - due).days, 0)),
                "residual": fmt_amount(move.amount_residual, move.currency_id),
            }
        )
    total_texts = [fmt_amount(amount, currency) for currency, amount in totals.items()]
    labels = {
        "number": env._("Invoice"),
        "date": env._("Date"),
        "due_date": env._("Due Date"),
        "days_late": env._("Days Late"),
        "residual": env._("Amount Due"),
    }
    contact = partner.child_ids.filtered(lambda c: c.type == "invoice")[:1] or partner
    collector = partner._dunning_collector(company)
    if due_total is None:
        due_total = _due_totals(env, partner, company).get(partner.id, 0.0)
    bank = company.partner_id.bank_ids[:1]
    if portal_link is None:
        portal_link = partner._dunning_portal_url(company)
    return {
        "customer": partner.name or "",
        "contact": contact.name or "",
        "customer_ref": partner.ref or "",
        "overdue_amount": " + ".join(total_texts) or fmt_amount(0.0, company.currency_id),
        "overdue_count": str(len(moves)),
        "oldest_due_date": fmt_date(oldest),
        "days_late": str(max((today - oldest).days, 0)) if oldest else "0",
        "invoice_table": hashtags.invoice_table(rows, labels, totals=total_texts),
        "penalty_amount": fmt_amount(penalty, company.currency_id),
        "due_amount_total": fmt_amount(due_total, company.currency_id),
        "company": company.name or "",
        "salesperson": partner.user_id.name or "",
        "collector": collector.name or "",
        "level": level.with_context(lang=partner.lang).name if level else "",
        "today": fmt_date(today),
        "portal_link": portal_link,
        "payment_terms": partner.property_payment_term_id.name or "",
        "bank_account": bank.acc_number or "",
    }


def render_level_texts(event, letter=False):
    """(subject, body Markup) of the level of ``event`` in the customer's language."""
    run_date = event.run_date or event.date
    penalty_moves = (
        event.env["dunning.event"]
        .search_fetch(
            [
                ("partner_id", "=", event.partner_id.id),
                ("channel", "=", "penalty"),
                ("run_date", "=", run_date),
                ("penalty_move_id", "!=", False),
            ],
            ["penalty_move_id"],
        )
        .penalty_move_id
    )
    penalty = sum(penalty_moves.mapped("amount_total")) if run_date else 0.0
    return _render(event, penalty=penalty, due_total=None, letter=letter)


def _due_totals(env, partners, company):
    """{partner id: open receivables in company currency} in one query."""
    rows = (
        env["account.move"]
        .sudo()
        ._read_group(
            env["account.move"]._dunning_open_domain(partners, company),
            ["commercial_partner_id"],
            ["amount_residual_signed:sum"],
        )
    )
    return {partner.id: amount for partner, amount in rows}


def render_level_texts_batch(events):
    """{event id: (subject, body) or the Exception met}, with shared figures read in bulk."""
    env = events.env
    results = {}
    for company in events.company_id:
        company_events = events.filtered(lambda e, c=company: e.company_id == c)
        due_totals = _due_totals(env, company_events.partner_id, company)
        portal_links = company_events.partner_id._dunning_portal_urls(company)
        penalties = {}
        for penalty in env["dunning.event"].search_fetch(
            [
                ("partner_id", "in", company_events.partner_id.ids),
                ("company_id", "=", company.id),
                ("channel", "=", "penalty"),
                ("run_date", "in", list(set(company_events.mapped("run_date")) - {False})),
                ("penalty_move_id", "!=", False),
            ],
            ["partner_id", "run_date", "penalty_move_id"],
        ):
            key = (penalty.partner_id.id, penalty.run_date)
            penalties[key] = penalties.get(key, 0.0) + penalty.penalty_move_id.amount_total
        for event in company_events:
            try:
                results[event.id] = _render(
                    event,
                    penalty=penalties.get((event.partner_id.id, event.run_date), 0.0),
                    due_total=due_totals.get(event.partner_id.id, 0.0),
                    portal_link=portal_links.get(event.partner_id.id, ""),
                )
            except Exception as error:  # one customer's bad data never stops the run
                results[event.id] = error
    return results


def _render(event, penalty, due_total, letter=False, portal_link=None):
    env = event.env
    partner = event.partner_id
    level = event.level_id.with_context(lang=partner.lang or env.user.lang)
    values = hashtag_values(
        env,
        partner,
        event.move_ids,
        level=level,
        company=event.company_id,
        today=event.date,
        penalty=penalty,
        due_total=due_total,
        portal_link=portal_link,
    )
    subject = hashtags.render(level.email_subject or level.name or "", values, html=False)
    text = (level.letter_body if letter and level.letter_body else level.body) or ""
    html_values = values
    if values.get("portal_link") and not letter:
        # a button-like link in emails; letters print the bare address
        html_values = dict(
            values,
            portal_link=Markup('<a href="%s">%s</a>')
            % (values["portal_link"], env._("View your invoices and answer online")),
        )
    return subject, Markup(hashtags.render(str(text), html_values, html=True))
