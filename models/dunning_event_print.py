"""Printed reminder letters, registered letters and customer statements.

The QWeb templates (report/dunning_letter_templates.xml) stay thin: the figures of a letter
are gathered here, formatted in the customer's language, by ``_dunning_letter_content``.
``action_print_letters`` renders the letters to print in one wkhtmltopdf pass, files each
letter on its event and in the customer's chatter, and downloads them as one PDF.
"""

from collections import defaultdict

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, formatLang

from odoo.addons.base.models.ir_actions_report import _wkhtml as wkhtml_info

from .dunning_render import render_level_texts

LETTER_REPORT = "account_dunning.action_report_dunning_letter"
LETTER_CHANNELS = ("letter", "registered_letter")
# a letter of a level this late after the due date is a formal notice to pay
FORMAL_NOTICE_DELAY = 31
OPEN_PAYMENT_STATES = ("not_paid", "partial")
PAID_STATES = ("paid", "in_payment")


def _wkhtmltopdf_converts_many():
    """Whether wkhtmltopdf converts several documents in one call (patched Qt only)."""
    try:
        return wkhtml_info().is_patched_qt
    except Exception:  # an unknown build: one document per call is safe
        return False


def _lang_code(env, partner):
    return partner.lang or env.user.lang or "en_US"


def _currency_totals(env, amounts):
    """['1,234.00 €', '500.00 $']: one formatted total per currency, in first-seen order."""
    return [formatLang(env, amount, currency_obj=currency) for currency, amount in amounts.items()]


class DunningEvent(models.Model):
    _inherit = "dunning.event"

    def _dunning_letter_penalty_moves(self):
        """Penalty invoices claimed by this letter: its own, else those of the same run."""
        self.ensure_one()
        if self.penalty_move_id:
            return self.penalty_move_id
        run_date = self.run_date or self.date
        if not run_date:
            return self.env["account.move"]
        return (
            self.env["dunning.event"]
            .search_fetch(
                [
                    ("partner_id", "=", self.partner_id.id),
                    ("company_id", "=", self.company_id.id),
                    ("channel", "=", "penalty"),
                    ("run_date", "=", run_date),
                    ("penalty_move_id", "!=", False),
                ],
                ["penalty_move_id"],
            )
            .penalty_move_id.filtered(lambda m: m.state != "cancel")
        )

    def _dunning_letter_scenario(self):
        self.ensure_one()
        partner = self.partner_id.with_company(self.company_id)
        return (
            self.level_id.scenario_id
            or partner.dunning_scenario_id
            or self.company_id.dunning_scenario_id
        )

    def _dunning_letter_content(self):
        """Everything a printed letter shows, formatted in the customer's language.

        Used by the QWeb report ``account_dunning.report_dunning_letter``: the level's letter
        text rendered with its #hashtags, the statement of the overdue invoices (days late at
        the letter date, residual, total per currency), the penalties claimed and the legal
        mention of late-payment penalties.
        """
        self.ensure_one()
        lang = _lang_code(self.env, self.partner_id)
        event = self.with_context(lang=lang)
        env = event.env
        company = event.company_id
        partner = event.partner_id
        level = event.level_id
        day = event.date or fields.Date.context_today(event)

        subject, body = render_level_texts(event, letter=True)

        lines = []
        totals = defaultdict(float)
        moves = event.move_ids.filtered(
            lambda m: m.state == "posted" and m.payment_state in OPEN_PAYMENT_STATES
        ).sorted(lambda m: (m.invoice_date_due or m.date, m.name or "", m.id))
        for move in moves:
            due = move.invoice_date_due or move.date
            totals[move.currency_id] += move.amount_residual
            lines.append(
                {
                    "number": move.name or "",
                    "invoice_date": format_date(env, move.invoice_date, lang_code=lang),
                    "due_date": format_date(env, due, lang_code=lang),
                    "days_late": max((day - due).days, 0),
                    "amount_total": formatLang(
                        env, move.amount_total, currency_obj=move.currency_id
                    ),
                    "residual": formatLang(
                        env, move.amount_residual, currency_obj=move.currency_id
                    ),
                }
            )

        penalty_lines = []
        penalty_total = 0.0
        for move in event._dunning_letter_penalty_moves():
            penalty_total += move.amount_total
            if move.state == "posted":
                totals[move.currency_id] += move.amount_residual
            penalty_lines.append(
                {
                    "number": move.name if move.state == "posted" else "",
                    "invoice_date": format_date(env, move.invoice_date, lang_code=lang),
                    "amount_total": formatLang(
                        env, move.amount_total, currency_obj=move.currency_id
                    ),
                    "residual": formatLang(
                        env,
                        move.amount_residual if move.state == "posted" else move.amount_total,
                        currency_obj=move.currency_id,
                    ),
                }
            )

        scenario = event._dunning_letter_scenario()
        scenario_currency = scenario.currency_id or company.currency_id
        collector = event.user_id or partner._dunning_collector(company)
        recipient = partner.child_ids.filtered(lambda c: c.type == "invoice" and c.active)[:1]
        return {
            "lang": lang,
            "is_french": lang.startswith("fr"),
            "subject": subject,
            "body": body or Markup(),
            "is_registered": event.channel == "registered_letter",
            "is_formal_notice": bool(level) and level.delay_days >= FORMAL_NOTICE_DELAY,
            "level_name": level.name or "",
            "tracking_number": event.tracking_number or "",
            "recipient": recipient or partner,
            "sender": company.partner_id,
            "place": company.partner_id.city or company.city or "",
            "date": format_date(env, day, lang_code=lang),
            "lines": lines,
            "days_late_max": max((line["days_late"] for line in lines), default=0),
            "penalty_lines": penalty_lines,
            "penalty_total": formatLang(env, penalty_total, currency_obj=company.currency_id),
            "has_penalties": bool(penalty_lines),
            "totals": _currency_totals(env, totals),
            "rate_mode": scenario.penalty_rate_mode or "fixed",
            "rate": formatLang(env, scenario.penalty_rate, digits=2),
            "margin": formatLang(env, scenario.penalty_margin, digits=2),
            "fixed_amount": formatLang(
                env, scenario.penalty_fixed_amount, currency_obj=scenario_currency
            ),
            "has_scenario": bool(scenario),
            "collector": collector.name or "",
            "collector_function": collector.partner_id.function or "",
            "company_name": company.name or "",
        }

    # ------------------------------------------------------------------ printing
    def _dunning_letter_pdfs(self):
        """({event id: (file name, content, mimetype)}, combined content, mimetype).

        With a wkhtmltopdf built on patched Qt, all letters are rendered in one call, then
        split per event (by the heading that starts each letter); a letter that cannot be
        split off is rendered alone. An unpatched wkhtmltopdf converts one document per call:
        each letter is then rendered alone and the combined PDF is their merge. In test mode
        Odoo renders reports as HTML, not PDF: the files are then HTML too.
        """
        report_model = self.env["ir.actions.report"].with_context(webp_as_jpg=True)
        batch = len(self) == 1 or _wkhtmltopdf_converts_many()
        first = self if batch else self[:1]
        result, report_type = report_model._pre_render_qweb_pdf(LETTER_REPORT, res_ids=first.ids)
        files = {}
        if report_type != "pdf":
            for event in self:
                html = report_model._render_qweb_html(LETTER_REPORT, event.ids)[0]
                files[event.id] = (event._dunning_letter_filename("html"), html, "text/html")
            combined = (
                result if batch else report_model._render_qweb_html(LETTER_REPORT, self.ids)[0]
            )
            return files, combined, "text/html"
        streams = {}
        for event in self:
            stream = (result.get(event.id) or {}).get("stream")
            if not stream:
                stream = report_model._render_qweb_pdf_prepare_streams(
                    LETTER_REPORT, {}, res_ids=event.ids
                )[event.id]["stream"]
            streams[event.id] = stream
            files[event.id] = (
                event._dunning_letter_filename("pdf"),
                stream.getvalue(),
                "application/pdf",
            )
        whole = (result.get(False) or {}).get("stream") if batch else None
        if whole:
            combined = whole.getvalue()
        elif len(self) == 1:
            combined = files[self.id][1]
        else:
            combined = report_model._merge_pdfs([streams[event.id] for event in self]).getvalue()
        return files, combined, "application/pdf"

    def _dunning_letter_filename(self, extension):
        self.ensure_one()
        kind = (
            self.env._("Registered Letter")
            if self.channel == "registered_letter"
            else self.env._("Letter")
        )
        name = (self.partner_id.name or "").replace("/", "-")
        return f"{kind} - {name} - {self.date}.{extension}"

    def action_print_letters(self):
        """Print the selected letters to do: one PDF to download with all of them, each
        letter filed on its event and in the customer's chatter; the letters are done."""
        events = self.filtered(lambda e: e.state == "todo" and e.channel in LETTER_CHANNELS)
        if not events:
            raise UserError(self.env._("Select letters or registered letters still to print."))
        events.check_access("write")
        events = events.sorted(lambda e: (e.partner_id.name or "", e.id))
        files, combined, mimetype = events._dunning_letter_pdfs()

        Attachment = self.env["ir.attachment"]
        attachments = Attachment.create(
            [
                {
                    "name": files[event.id][0],
                    "raw": files[event.id][1],
                    "mimetype": files[event.id][2],
                    "res_model": "dunning.event",
                    "res_id": event.id,
                }
                for event in events
            ]
        )
        for event, attachment in zip(events, attachments, strict=True):
            event.write({"attachment_id": attachment.id, "state": "done"})
        events._dunning_letter_post(dict(zip(events.ids, attachments, strict=True)))

        extension = "pdf" if mimetype == "application/pdf" else "html"
        download = Attachment.create(
            {
                "name": self.env._(
                    "Letters %(date)s.%(ext)s", date=fields.Date.context_today(self), ext=extension
                ),
                "raw": combined,
                "mimetype": mimetype,
                "res_model": "dunning.event",
                "res_id": False,
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{download.id}?download=true",
            "target": "self",
        }

    def _dunning_letter_post(self, attachments):
        """One chatter note per customer with its printed letters."""
        labels = dict(self._fields["channel"]._description_selection(self.env))
        by_partner = defaultdict(lambda: self.env["dunning.event"])
        for event in self:
            by_partner[event.partner_id] |= event
        for partner, events in by_partner.items():
            items = Markup().join(
                Markup("<li>%s</li>")
                % (
                    self.env._(
                        "%(channel)s (%(level)s), tracking number %(number)s",
                        channel=labels[event.channel],
                        level=event.level_id.name or "-",
                        number=event.tracking_number,
                    )
                    if event.tracking_number
                    else self.env._(
                        "%(channel)s (%(level)s)",
                        channel=labels[event.channel],
                        level=event.level_id.name or "-",
                    )
                )
                for event in events
            )
            # collectors may not edit customers: the note is posted as a system action,
            # signed by the collector (access to the letters was checked on the events)
            partner.sudo().message_post(
                author_id=self.env.user.partner_id.id,
                body=Markup("<p>%s</p><ul>%s</ul>")
                % (self.env._("Collection letter printed:"), items),
                attachment_ids=[attachments[event.id].id for event in events],
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _dunning_statement_content(self, day=None):
        """Open items of this customer (receivable lines not reconciled), in its language."""
        self.ensure_one()
        partner = self.commercial_partner_id
        lang = _lang_code(self.env, partner)
        env = self.with_context(lang=lang).env
        company = self.env.company
        day = day or fields.Date.context_today(self)
        move_lines = (
            env["account.move.line"]
            .search(
                [
                    ("partner_id", "child_of", partner.id),
                    ("company_id", "=", company.id),
                    ("account_id.account_type", "=", "asset_receivable"),
                    ("parent_state", "=", "posted"),
                    ("reconciled", "=", False),
                ]
            )
            .filtered(
                lambda line: not line.currency_id.is_zero(line.amount_residual_currency)
                # a payment registered but not matched with the bank yet counts as paid
                and not (line.move_id.is_invoice() and line.move_id.payment_state in PAID_STATES)
            )
            .sorted(lambda line: (line.date_maturity or line.date, line.move_name or "", line.id))
        )
        lines = []
        totals = defaultdict(float)
        overdue = defaultdict(float)
        for line in move_lines:
            currency = line.currency_id
            due = line.date_maturity or line.date
            days_late = max((day - due).days, 0)
            totals[currency] += line.amount_residual_currency
            if days_late:
                overdue[currency] += line.amount_residual_currency
            reference = line.move_id.ref or line.move_id.payment_reference or ""
            lines.append(
                {
                    "number": line.move_name or "",
                    "reference": reference if reference != line.move_name else "",
                    "date": format_date(env, line.date, lang_code=lang),
                    "due_date": format_date(env, due, lang_code=lang),
                    "days_late": days_late,
                    "amount": formatLang(env, line.amount_currency, currency_obj=currency),
                    "residual": formatLang(
                        env, line.amount_residual_currency, currency_obj=currency
                    ),
                }
            )
        return {
            "lang": lang,
            "is_french": lang.startswith("fr"),
            "partner": partner,
            "company": company,
            "date": format_date(env, day, lang_code=lang),
            "place": company.partner_id.city or "",
            "lines": lines,
            "totals": _currency_totals(env, totals),
            "overdue": _currency_totals(env, overdue),
            "collector": partner._dunning_collector(company).name or "",
        }
