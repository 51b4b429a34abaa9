from itertools import pairwise

from odoo import api, fields, models
from odoo.exceptions import ValidationError

ACTION_FLAGS = (
    "send_email",
    "send_letter",
    "registered_letter",
    "create_call",
    "notify_salesperson",
    "apply_penalty",
    "credit_hold",
)
TEXT_FIELDS = {"email_subject": False, "body": True, "letter_body": True}  # name: is html


class DunningLevel(models.Model):
    _name = "dunning.level"
    _description = "Recovery Level"
    _order = "scenario_id, sequence, delay_days, id"

    scenario_id = fields.Many2one("dunning.scenario", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="scenario_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    delay_days = fields.Integer(
        "Days After Due Date",
        required=True,
        help="Days after the invoice due date at which the level is reached "
        "(negative: before the due date, i.e. pre-dunning).",
    )
    min_amount = fields.Monetary(
        "Minimum Overdue Amount",
        currency_field="currency_id",
        help="The level fires only if the customer's overdue total reaches this amount.",
    )
    repeat_days = fields.Integer(
        "Repeat Every (days)",
        help="Repeat the level's actions every N days while the customer stays at this level "
        "and has not paid (0 = once).",
    )
    auto_execute = fields.Boolean(
        "Automatic",
        default=True,
        help="Actions run in the daily run; otherwise they wait as to-dos for approval.",
    )
    send_email = fields.Boolean("Email", default=False)
    send_letter = fields.Boolean("Letter", default=False)
    registered_letter = fields.Boolean("Registered Letter (AR)", default=False)
    create_call = fields.Boolean("Phone Call Task", default=False)
    notify_salesperson = fields.Boolean("Involve Salesperson", default=False)
    apply_penalty = fields.Boolean("Late-Payment Penalties", default=False)
    credit_hold = fields.Boolean("Credit Hold", default=False)
    manager_task = fields.Boolean(
        "Task for the Manager",
        default=False,
        help="Hand-over to the collection agency or legal department.",
    )
    attach_letter_pdf = fields.Boolean(
        "Attach the Letter to the Email",
        help="When the level sends both an email and a letter, the email carries the letter "
        "as a PDF (rendered for these customers only).",
    )
    promise_max_days = fields.Integer(
        "Promise Limit (days)",
        default=30,
        help="Longest payment promise a customer may give from the portal at this level.",
    )
    email_subject = fields.Char("Email Subject", translate=True)
    body = fields.Html("Text", translate=True, sanitize_attributes=False)
    letter_body = fields.Html(
        "Letter Text",
        translate=True,
        sanitize_attributes=False,
        help="Printed letters use this text, or the email text when empty.",
    )
    is_pre_dunning = fields.Boolean(compute="_compute_is_pre_dunning")
    preview_partner_id = fields.Many2one(
        "res.partner", "Preview for", store=False, domain="[('is_company', '=', True)]"
    )
    preview_subject = fields.Char(compute="_compute_preview")
    preview_html = fields.Html("Preview", compute="_compute_preview", sanitize=False)

    _scenario_delay_uniq = models.Constraint(
        "UNIQUE (scenario_id, delay_days)",
        "Two levels of a scenario cannot share the same number of days after the due date.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # a level added without a sequence goes where its delay puts it
        for vals in vals_list:
            if "sequence" not in vals and vals.get("scenario_id"):
                scenario = self.env["dunning.scenario"].browse(vals["scenario_id"])
                delay = vals.get("delay_days", 0)
                before = scenario.level_ids.filtered(lambda lv, d=delay: lv.delay_days < d)
                vals["sequence"] = max(before.mapped("sequence"), default=0) + 1
        return super().create(vals_list)

    @api.depends("preview_partner_id", "email_subject", "body")
    def _compute_preview(self):
        """Live preview of the texts on a chosen customer's open invoices (nothing saved)."""
        from ..engine.hashtags import UnknownHashtagError, render
        from .dunning_render import hashtag_values

        for level in self:
            partner = level.preview_partner_id.commercial_partner_id
            if not partner:
                level.preview_subject = level.preview_html = False
                continue
            company = level.company_id or self.env.company
            Move = self.env["account.move"]
            moves = Move.search(Move._dunning_open_domain(partner, company))
            values = hashtag_values(
                self.env,
                partner,
                moves,
                level=level,
                company=company,
                portal_link=self.env._("(link to the customer's collection page)"),
            )
            try:
                level.preview_subject = render(level.email_subject or "", values)
                level.preview_html = render(str(level.body or ""), values, html=True)
            except UnknownHashtagError as error:
                level.preview_subject = str(error)
                level.preview_html = False

    @api.depends("delay_days")
    def _compute_is_pre_dunning(self):
        for level in self:
            level.is_pre_dunning = level.delay_days < 0

    @api.constrains(*ACTION_FLAGS, "manager_task")
    def _check_has_action(self):
        for level in self:
            if not any(level[flag] for flag in (*ACTION_FLAGS, "manager_task")):
                raise ValidationError(
                    self.env._(
                        "The level %(level)s has no action: tick at least one "
                        "(email, letter, call, penalty, hold...).",
                        level=level.name,
                    )
                )

    @api.constrains("sequence", "delay_days", "scenario_id")
    def _check_order(self):
        for scenario in self.scenario_id:
            levels = scenario.level_ids.sorted(lambda lv: (lv.sequence, lv.id))
            delays = levels.mapped("delay_days")
            if any(b <= a for a, b in pairwise(delays)):
                raise ValidationError(
                    self.env._(
                        "The levels of %(scenario)s must be ordered by strictly increasing "
                        "days after the due date (now: %(delays)s).",
                        scenario=scenario.name,
                        delays=", ".join(str(d) for d in delays),
                    )
                )

    @api.constrains("repeat_days", "min_amount", "promise_max_days")
    def _check_positive(self):
        for level in self:
            if level.repeat_days < 0 or level.min_amount < 0 or level.promise_max_days < 0:
                raise ValidationError(
                    self.env._(
                        "Repeat days, minimum amount and promise limit of %(level)s "
                        "cannot be negative.",
                        level=level.name,
                    )
                )

    @api.constrains("email_subject", "body", "letter_body")
    def _check_hashtags(self):
        from ..engine.hashtags import UnknownHashtagError, check_hashtags

        for level in self:
            for field_name, is_html in TEXT_FIELDS.items():
                # every translation is checked, not only the current language
                translations = level._fields[field_name]._get_stored_translations(level) or {}
                texts = set(translations.values()) | {level[field_name] or ""}
                for text in texts:
                    try:
                        check_hashtags(text or "", html=is_html)
                    except UnknownHashtagError as error:
                        raise ValidationError(
                            self.env._(
                                "%(level)s, %(field)s: %(error)s",
                                level=level.name,
                                field=level._fields[field_name].string,
                                error=str(error),
                            )
                        ) from error

    def _actions(self):
        self.ensure_one()
        return [flag for flag in ACTION_FLAGS if self[flag]]
