"""The customer's collection portal: tokenised access and the answers it records.

``dunning.portal.token`` has no access rights on purpose: only ``sudo`` code reaches it.
The controller never writes business data itself: every answer goes through one of the
checked ``_portal_*`` methods below, which validate the token, the one-time form nonce,
the rate limit and that the invoices belong to the token's customer and company.
"""

import secrets
from datetime import timedelta

from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Domain
from odoo.tools import consteq, email_normalize, format_date

TOKEN_DAYS_PARAM = "account_dunning.portal_token_days"
DEFAULT_TOKEN_DAYS = 60
DEFAULT_PROMISE_DAYS = 30
MAX_ANSWERS_PER_HOUR = 10
MAX_NONCES = 30
MAX_COMMENT = 2000
MAX_FILE_SIZE = 10 * 1024 * 1024
OPEN_PAYMENT_STATES = ("not_paid", "partial")


class PortalReplayError(Exception):
    """The form's one-time nonce was already used (or never issued): nothing is written."""


class PortalRateLimitError(Exception):
    """Too many answers through this token in the last hour."""


class DunningPortalToken(models.Model):
    _name = "dunning.portal.token"
    _description = "Collection Portal Access Token"
    _order = "id desc"

    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    token = fields.Char(required=True, copy=False, default=lambda self: self._new_token())
    expiry_date = fields.Datetime(
        required=True, default=lambda self: self._default_expiry_date(), index=True
    )
    active = fields.Boolean(
        default=True, help="Cleared when the customer has no more overdue invoices."
    )
    used_count = fields.Integer("Answers", readonly=True)
    last_answer_at = fields.Datetime(readonly=True)
    rate_window_start = fields.Datetime(readonly=True)
    rate_window_count = fields.Integer(readonly=True)
    nonces = fields.Json(readonly=True, copy=False, help="One-time form nonces not used yet.")

    _token_uniq = models.Constraint("UNIQUE (token)", "A portal token must be unique.")

    @api.model
    def _new_token(self):
        return secrets.token_urlsafe(32)

    @api.model
    def _token_days(self):
        value = self.env["ir.config_parameter"].sudo().get_param(TOKEN_DAYS_PARAM)
        try:
            days = int(value) if value else DEFAULT_TOKEN_DAYS
        except ValueError:
            days = DEFAULT_TOKEN_DAYS
        return days if days > 0 else DEFAULT_TOKEN_DAYS

    @api.model
    def _default_expiry_date(self):
        return fields.Datetime.now() + timedelta(days=self._token_days())

    # ------------------------------------------------------------------ lookup
    @api.model
    def _get_for_partner(self, partner, company):
        """The live token of this customer's current cycle in ``company`` (created if none)."""
        partner = partner.commercial_partner_id
        Token = self.sudo()
        token = Token.search(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", company.id),
                ("expiry_date", ">", fields.Datetime.now()),
            ],
            limit=1,
        )
        return token or Token.create({"partner_id": partner.id, "company_id": company.id})

    def _get_for_partners(self, partners, company):
        """{partner id: live token} for many customers: one search, one batched create."""
        partners = partners.commercial_partner_id
        Token = self.sudo()
        tokens = {}
        for token in Token.search(
            [
                ("partner_id", "in", partners.ids),
                ("company_id", "=", company.id),
                ("expiry_date", ">", fields.Datetime.now()),
            ],
            order="id",
        ):
            tokens[token.partner_id.id] = token
        missing = [p.id for p in partners if p.id not in tokens]
        if missing:
            created = Token.create(
                [{"partner_id": pid, "company_id": company.id} for pid in missing]
            )
            tokens.update(zip(missing, created, strict=True))
        return tokens

    @api.model
    def _find(self, partner_id, access_token):
        """The token of customer ``partner_id`` equal to ``access_token`` (constant-time
        comparison), expired ones included, or an empty recordset."""
        if not access_token or not isinstance(access_token, str) or len(access_token) > 200:
            return self.sudo().browse()
        candidates = (
            self.sudo()
            .with_context(active_test=False)
            .search([("partner_id", "=", int(partner_id))], order="id desc", limit=50)
        )
        for token in candidates:
            if consteq(token.token, access_token):
                return token
        return self.sudo().browse()

    @api.model
    def _portal_companies(self, partner):
        """Companies where the customer has invoices to show."""
        rows = (
            self.env["account.move"]
            .sudo()
            ._read_group(
                Domain.AND(
                    [
                        self._moves_base_domain(partner.commercial_partner_id),
                        Domain("invoice_date_due", "<", fields.Date.context_today(self)),
                    ]
                ),
                ["company_id"],
            )
        )
        return self.env["res.company"].browse([company.id for (company,) in rows])

    @api.model
    def _portal_count_for_partner(self, partner):
        return (
            self.env["account.move"]
            .sudo()
            .search_count(
                Domain.AND(
                    [
                        self._moves_base_domain(partner.commercial_partner_id),
                        Domain("invoice_date_due", "<", fields.Date.context_today(self)),
                    ]
                )
            )
        )

    @api.model
    def _moves_base_domain(self, partner):
        return Domain(
            [
                ("commercial_partner_id", "=", partner.id),
                ("move_type", "in", ("out_invoice", "out_receipt")),
                ("state", "=", "posted"),
                ("payment_state", "in", OPEN_PAYMENT_STATES),
            ]
        )

    # ------------------------------------------------------------------ state
    def _today(self):
        self.ensure_one()
        return self.env["dunning.run"]._company_today(self.company_id)

    def _level(self):
        self.ensure_one()
        return self.partner_id.with_company(self.company_id).sudo().dunning_level_id

    def _promise_max_days(self):
        level = self._level()
        return level.promise_max_days if level else DEFAULT_PROMISE_DAYS

    def _collector(self):
        self.ensure_one()
        return self.partner_id.sudo()._dunning_collector(self.company_id)

    def _portal_moves(self):
        """Open invoices shown on the page: overdue, or already at a (pre-)dunning level."""
        self.ensure_one()
        domain = Domain.AND(
            [
                self._moves_base_domain(self.partner_id),
                Domain("company_id", "=", self.company_id.id),
                Domain("invoice_date_due", "<", self._today())
                | Domain("dunning_level_id", "!=", False),
            ]
        )
        return (
            self.env["account.move"]
            .sudo()
            .with_company(self.company_id)
            .search(domain, order="invoice_date_due, id")
        )

    def _portal_is_valid(self):
        """Live and unexpired; a token whose customer has nothing left to pay expires."""
        self.ensure_one()
        if not self.active or self.expiry_date <= fields.Datetime.now():
            return False
        if not self._portal_moves():
            self.sudo().write({"active": False, "expiry_date": fields.Datetime.now()})
            return False
        return True

    def _portal_issue_nonces(self, count=1):
        """One-time nonces for the forms of a page view."""
        self.ensure_one()
        new = [secrets.token_urlsafe(16) for _i in range(count)]
        kept = list(self.nonces or [])[-(MAX_NONCES - count) :]
        self.sudo().write({"nonces": kept + new})
        return new

    def _portal_pending_nonce(self, nonce):
        """The issued, unused nonce equal to ``nonce`` (constant-time), or None."""
        if not nonce or not isinstance(nonce, str):
            return None
        for candidate in self.nonces or []:
            if consteq(candidate, nonce):
                return candidate
        return None

    def _portal_precheck(self, nonce):
        """Checks run before reading the answer: live token, rate limit, unused nonce."""
        self.ensure_one()
        if not self._portal_is_valid():
            raise AccessError(self.env._("This link has expired."))
        now = fields.Datetime.now()
        window_open = self.rate_window_start and now - self.rate_window_start < timedelta(hours=1)
        if window_open and self.rate_window_count >= MAX_ANSWERS_PER_HOUR:
            raise PortalRateLimitError()
        if self._portal_pending_nonce(nonce) is None:
            raise PortalReplayError()
        return window_open

    def _portal_start_answer(self, nonce):
        """Consume the form's nonce and count the answer; raise when it cannot be taken.

        Call it once every check on the answer passed, right before writing.
        """
        window_open = self._portal_precheck(nonce)
        pending = list(self.nonces or [])
        pending.remove(self._portal_pending_nonce(nonce))
        now = fields.Datetime.now()
        self.sudo().write(
            {
                "nonces": pending,
                "used_count": self.used_count + 1,
                "last_answer_at": now,
                "rate_window_start": self.rate_window_start if window_open else now,
                "rate_window_count": (self.rate_window_count if window_open else 0) + 1,
            }
        )

    def _portal_check_moves(self, move_ids):
        """The given invoice ids as records, each an open invoice of the token's customer and
        company, or AccessError."""
        self.ensure_one()
        try:
            ids = {int(move_id) for move_id in move_ids or ()}
        except (TypeError, ValueError):
            ids = set()
        moves = self._portal_moves().filtered(lambda m: m.id in ids)
        if not ids or len(moves) != len(ids):
            raise AccessError(self.env._("These invoices are not yours to answer for."))
        return moves

    # ------------------------------------------------------------------ page
    def _portal_page_values(self):
        self.ensure_one()
        today = self._today()
        moves = self._portal_moves()
        rows = []
        for move in moves:
            move._portal_ensure_token()
            due = move.invoice_date_due or move.invoice_date or move.date
            rows.append(
                {
                    "move": move,
                    "days_late": max((today - due).days, 0),
                    "pdf_url": move.get_portal_url(report_type="pdf", download=True),
                    "pay_url": move.get_portal_url(),
                    "disputed": move.dunning_dispute,
                    "promise_date": move.dunning_promise_date,
                    "promisable": self._promisable(move, today),
                }
            )
        max_days = self._promise_max_days()
        currencies = moves.currency_id
        return {
            "dunning_token": self,
            "partner": self.partner_id,
            "company": self.company_id,
            "rows": rows,
            "total": sum(moves.mapped("amount_residual")) if len(currencies) == 1 else None,
            "currency": currencies[:1] or self.company_id.currency_id,
            "today": today,
            "promise_allowed": bool(max_days) and any(row["promisable"] for row in rows),
            "promise_min": fields.Date.to_string(today),
            "promise_max": fields.Date.to_string(today + timedelta(days=max_days)),
            "promise_max_days": max_days,
            "dispute_reasons": self._dispute_reasons(),
            "collector": self._collector(),
        }

    @staticmethod
    def _promisable(move, today):
        """Not disputed, and no promise running: a promise is not extended from the portal."""
        return not move.dunning_dispute and not (
            move.dunning_promise_date and move.dunning_promise_date >= today
        )

    @api.model
    def _dispute_reasons(self):
        return [
            ("amount", self.env._("The amount or the price is wrong")),
            ("delivery", self.env._("Goods or services not delivered or not as ordered")),
            ("paid", self.env._("Already paid")),
            ("not_received", self.env._("I never received this invoice")),
            ("other", self.env._("Other reason")),
        ]

    # ------------------------------------------------------------------ answers
    @staticmethod
    def _clean_text(value):
        return (value or "").strip()[:MAX_COMMENT] if isinstance(value, str) else ""

    def _portal_promise(self, vals):
        """Record "I will pay on ...": ``vals`` holds move_ids, promise_date, amount, comment,
        nonce. Returns the promise event."""
        self._portal_precheck(vals.get("nonce"))
        moves = self._portal_check_moves(vals.get("move_ids"))
        today = self._today()
        if not all(self._promisable(move, today) for move in moves):
            raise ValidationError(
                self.env._(
                    "A payment date is already set for, or a dispute is open on, some of these "
                    "invoices: please contact us to change it."
                )
            )
        max_days = self._promise_max_days()
        if not max_days:
            raise ValidationError(
                self.env._("Please contact us directly to agree on a payment date.")
            )
        try:
            promise_date = fields.Date.to_date(vals.get("promise_date") or None)
        except (TypeError, ValueError):
            promise_date = None
        last_day = today + timedelta(days=max_days)
        if not promise_date or promise_date < today or promise_date > last_day:
            raise ValidationError(
                self.env._(
                    "Choose a payment date between %(first)s and %(last)s.",
                    first=format_date(self.env, today),
                    last=format_date(self.env, last_day),
                )
            )
        residual = sum(moves.mapped("amount_residual"))
        amount = 0.0
        if vals.get("amount") not in (None, ""):
            try:
                amount = float(str(vals["amount"]).replace(",", "."))
            except ValueError:
                amount = -1.0
            if amount <= 0 or amount > residual + 0.005:
                raise ValidationError(
                    self.env._("The amount must be positive and at most the amount due.")
                )
        comment = self._clean_text(vals.get("comment"))
        self._portal_start_answer(vals.get("nonce"))

        # spread a partial amount over the oldest invoices first
        remaining = amount or residual
        for move in moves.sorted(lambda m: (m.invoice_date_due or m.date, m.id)):
            part = min(remaining, move.amount_residual)
            remaining -= part
            move._dunning_write(
                {"dunning_promise_date": promise_date, "dunning_promise_amount": part}
            )
        date_text = format_date(self.env, promise_date)
        note = self.env._(
            "Payment promised from the portal for %(date)s (%(amount)s) on invoices %(invoices)s.",
            date=date_text,
            amount=self._format_amount(amount or residual),
            invoices=", ".join(moves.mapped("name")),
        )
        if comment:
            note += "\n" + comment
        event = self._create_event(
            moves,
            {
                "channel": "promise",
                "reason": "will_pay",
                "promise_date": promise_date,
                "promise_amount": amount or residual,
                "promise_state": "open",
                "note": note,
            },
        )
        self._notify(
            event,
            self.env._("Check the promised payment (%(date)s)", date=date_text),
            promise_date + timedelta(days=1),
        )
        self._post_on_partner(note)
        return event

    def _portal_dispute(self, vals):
        """Record "I dispute this invoice": ``vals`` holds move_id, reason, comment, nonce and
        optionally attachment ``{"name", "content"}``. Returns the dispute event."""
        self._portal_precheck(vals.get("nonce"))
        move = self._portal_check_moves([vals.get("move_id")])
        reasons = dict(self._dispute_reasons())
        reason = vals.get("reason")
        if reason not in reasons:
            raise ValidationError(self.env._("Tell us why you dispute this invoice."))
        comment = self._clean_text(vals.get("comment"))
        if reason == "other" and not comment:
            raise ValidationError(self.env._("Please describe the problem."))
        attachment = vals.get("attachment") or {}
        content = attachment.get("content") or b""
        if len(content) > MAX_FILE_SIZE:
            raise ValidationError(self.env._("The file is too large (10 MB at most)."))
        if move.dunning_dispute:
            raise ValidationError(self.env._("This invoice is already in dispute."))
        self._portal_start_answer(vals.get("nonce"))

        collector = self._collector()
        label = reasons[reason]
        move._dunning_write(
            {
                "dunning_dispute": True,
                "dunning_dispute_reason": f"{label}: {comment}" if comment else label,
                "dunning_dispute_user_id": collector.id,
                "dunning_promise_date": False,
            }
        )
        note = self.env._(
            "Invoice %(invoice)s disputed from the portal: %(reason)s",
            invoice=move.name,
            reason=label,
        )
        if comment:
            note += "\n" + comment
        event = self._create_event(
            move,
            {
                "channel": "dispute",
                "reason": "not_received" if reason == "not_received" else "dispute",
                "note": note,
            },
        )
        attachments = self.env["ir.attachment"]
        if content:
            name = (attachment.get("name") or "").strip()[:200] or "dispute"
            attachments = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": name,
                        "raw": content,
                        "res_model": "dunning.event",
                        "res_id": event.id,
                    }
                )
            )
        move.sudo().message_post(
            body=self._note_html(note),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            author_id=self.partner_id.id,
        )
        self._notify(event, self.env._("Customer dispute: %(invoice)s", invoice=move.name), None)
        self._post_on_partner(note, attachments)
        return event

    def _portal_contact(self, vals):
        """Record "Send me a copy" / "wrong contact": ``vals`` holds request ("copy" or
        "contact"), email, comment, nonce. Returns the note event.

        The customer's data is not changed from an anonymous page: the collector decides.
        """
        self._portal_precheck(vals.get("nonce"))
        kind = vals.get("request")
        if kind not in ("copy", "contact"):
            raise ValidationError(self.env._("Tell us what you need."))
        email = email_normalize(vals.get("email") or "")
        if not email or len(email) > 200:
            raise ValidationError(self.env._("Enter a valid email address."))
        comment = self._clean_text(vals.get("comment"))
        self._portal_start_answer(vals.get("nonce"))

        moves = self._portal_moves()
        if kind == "copy":
            note = self.env._(
                "The customer asks for a copy of the overdue invoices at %(email)s.", email=email
            )
            summary = self.env._("Send a copy of the overdue invoices to %(email)s", email=email)
        else:
            note = self.env._(
                "The customer says reminders go to the wrong contact; new contact: %(email)s.",
                email=email,
            )
            summary = self.env._("Update the collection contact: %(email)s", email=email)
        if comment:
            note += "\n" + comment
        event = self._create_event(
            moves, {"channel": "note", "reason": "administrative", "note": note}
        )
        self._notify(event, summary, None)
        self._post_on_partner(note)
        return event

    # ------------------------------------------------------------------ helpers
    def _format_amount(self, amount):
        currency = self.company_id.currency_id
        return f"{currency.round(amount):.{currency.decimal_places}f} {currency.symbol or ''}"

    def _create_event(self, moves, vals):
        level = self._level()
        event = (
            self.env["dunning.event"]
            .sudo()
            .with_context(mail_create_nolog=True)
            .create(
                {
                    "partner_id": self.partner_id.id,
                    "company_id": self.company_id.id,
                    "level_id": level.id,
                    "date": self._today(),
                    "user_id": self._collector().id,
                    "move_ids": [fields.Command.set(moves.ids)],
                    "state": "done",
                    "amount_overdue": sum(moves.mapped("amount_residual_signed")),
                    **vals,
                }
            )
        )
        return event

    def _notify(self, event, summary, deadline):
        activity_type = self.env.ref("mail.mail_activity_data_todo", raise_if_not_found=False)
        activity = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "res_id": self.partner_id.id,
                    "activity_type_id": activity_type.id if activity_type else False,
                    "summary": summary,
                    "note": self._note_html(event.note),
                    "user_id": event.user_id.id,
                    "date_deadline": deadline or self._today(),
                }
            )
        )
        event.activity_id = activity

    @staticmethod
    def _note_html(text):
        return Markup("<br/>").join(escape(line) for line in (text or "").splitlines())

    def _post_on_partner(self, note, attachments=None):
        self.partner_id.sudo().message_post(
            body=Markup("<p><b>%s</b></p><p>%s</p>")
            % (self.env._("Answer from the collection portal"), self._note_html(note)),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            author_id=self.partner_id.id,
            attachment_ids=attachments.ids if attachments else [],
        )

    @api.autovacuum
    def _gc_expired_tokens(self):
        limit = fields.Datetime.now() - timedelta(days=90)
        self.sudo().with_context(active_test=False).search([("expiry_date", "<", limit)]).unlink()


class ResPartner(models.Model):
    _inherit = "res.partner"

    def _dunning_portal_url(self, company=None):
        """Absolute link to the customer's collection page (no login needed)."""
        self.ensure_one()
        return self._dunning_portal_urls(company).get(self.commercial_partner_id.id, "")

    def _dunning_portal_urls(self, company=None):
        """{commercial partner id: link} for many customers at once (daily run)."""
        company = company or self.env.company
        partners = self.commercial_partner_id.filtered("id")
        if not partners:
            return {}
        tokens = self.env["dunning.portal.token"].sudo()._get_for_partners(partners, company)
        base = partners[0].get_base_url()
        return {
            pid: f"{base}/my/collections/{pid}?access_token={token.token}"
            for pid, token in tokens.items()
        }
