"""Late-payment penalty invoices: interest and fixed recovery compensation.

The daily run (``dunning.run._execute_penalties``) hands over the ``penalty`` events of the
customers reaching a level with ``apply_penalty``; each becomes one customer invoice flagged
``is_dunning_penalty``, in the company currency, computed by the pure functions of
``engine.penalties`` (Decimal money, one rounding per line).
"""

import logging
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command, Domain
from odoo.tools import formatLang

from ..engine import penalties as engine

_logger = logging.getLogger(__name__)

PENALTY_INVOICE_TYPES = ("out_invoice", "out_receipt")
# digits of interest computed in a foreign currency, before the conversion rounds it once
FOREIGN_DIGITS = 10


def _convert(amount, from_currency, to_currency, company, day):
    """``amount`` (Decimal) converted at the company rate of ``day``, not rounded."""
    if from_currency == to_currency or not amount:
        return amount
    rate = from_currency._get_conversion_rate(from_currency, to_currency, company, day)
    return amount * engine.to_decimal(rate)


def _residual_on(history, day):
    """Residual of a ``[(day, residual)]`` history on ``day``."""
    found = Decimal(0)
    for change_day, residual in sorted(history):
        if change_day > day:
            break
        found = residual
    return found


class DunningRun(models.AbstractModel):
    _inherit = "dunning.run"

    # ------------------------------------------------------------------ entry point
    def _create_penalty_invoices(self, events):
        """One penalty invoice per ``penalty`` event (customer and run), in batch.

        Never raises on business problems: an event whose penalty cannot be computed (a
        missing reference rate...) or invoiced is marked failed with the reason, and the
        collector gets an activity.
        """
        events = events.filtered(lambda e: e.state == "todo" and e.channel == "penalty")
        if not events:
            return
        candidates = events.move_ids.filtered(
            lambda m: m.move_type in PENALTY_INVOICE_TYPES
            and m.state == "posted"
            and not m.is_dunning_penalty
            and not m.dunning_dispute
            and m.payment_state in ("not_paid", "partial")
        )
        histories = self._penalty_residual_histories(candidates)
        reference_rates = self.env["dunning.reference.rate"].sudo()._rates_by_source()
        product = self.env.ref("account_dunning.product_penalty", raise_if_not_found=False)

        failures = {}  # event -> reason
        nothing_due = {}  # event -> note
        plans = []  # (event, plan)
        for event in events:
            try:
                plan = self._penalty_plan(event, candidates, histories, reference_rates)
            except ValueError as error:
                failures[event] = str(error)
                continue
            minimum = engine.to_decimal(event.level_id.scenario_id.penalty_min_amount or 0.0)
            if plan["total"] <= 0 or plan["total"] < minimum:
                nothing_due[event] = self._penalty_nothing_due_note(event, plan, minimum)
                continue
            if not (event.level_id.scenario_id.penalty_product_id or product):
                failures[event] = self.env._("The penalty product is missing.")
                continue
            plans.append((event, plan))

        created = self._penalty_create_moves(plans, product, failures)
        self._penalty_post_moves(created)
        self._penalty_mark_charged(created)
        self._penalty_close_events(created, nothing_due, failures)

    # ------------------------------------------------------------------ computation
    @api.model
    def _penalty_residual_histories(self, moves):
        """``{move id: [(day, residual)]}`` in the invoice currency, signed for the customer.

        The residual is the receivable total less each reconciled partial (payments, credit
        notes) from the partial's ``max_date`` on, so that interest follows partial payments
        period by period. Exchange-difference partials carry no foreign amount and change
        nothing.
        """
        if not moves:
            return {}
        lines = (
            self.env["account.move.line"]
            .sudo()
            .search_fetch(
                Domain("move_id", "in", moves.ids) & Domain("display_type", "=", "payment_term"),
                ["move_id", "amount_currency"],
            )
        )
        totals = defaultdict(Decimal)
        move_of_line = {}
        for line in lines:
            totals[line.move_id.id] += engine.to_decimal(line.amount_currency)
            move_of_line[line.id] = line.move_id.id
        changes = defaultdict(lambda: defaultdict(Decimal))  # move -> day -> delta
        if lines:
            partials = (
                self.env["account.partial.reconcile"]
                .sudo()
                .search_fetch(
                    Domain("debit_move_id", "in", lines.ids)
                    | Domain("credit_move_id", "in", lines.ids),
                    [
                        "debit_move_id",
                        "credit_move_id",
                        "debit_amount_currency",
                        "credit_amount_currency",
                        "max_date",
                    ],
                )
            )
            for partial in partials:
                debit_move = move_of_line.get(partial.debit_move_id.id)
                if debit_move:
                    amount = engine.to_decimal(partial.debit_amount_currency)
                    changes[debit_move][partial.max_date] -= amount
                credit_move = move_of_line.get(partial.credit_move_id.id)
                if credit_move:
                    amount = engine.to_decimal(partial.credit_amount_currency)
                    changes[credit_move][partial.max_date] += amount
        histories = {}
        for move in moves:
            residual = totals.get(move.id, Decimal(0))
            history = [(date.min, residual)]
            for day, delta in sorted(changes.get(move.id, {}).items()):
                residual += delta
                history.append((day, residual))
            histories[move.id] = history
        return histories

    def _penalty_plan(self, event, candidates, histories, reference_rates):
        """Lines, totals and invoice updates of one event; raises ValueError from the engine."""
        scenario = event.level_id.scenario_id
        if not scenario:
            raise ValueError(self.env._("The penalty event has no recovery scenario."))
        company = event.company_id
        company_currency = company.currency_id
        digits = company_currency.decimal_places
        day = event.date
        if scenario.penalty_rate_mode == "fixed":
            rule, source_rates = "fixed", ()
        else:
            rule = scenario.penalty_rule
            source_rates = reference_rates.get(scenario.penalty_reference_source, ())
        plan = {
            "lines": [],  # (label, amount in company currency)
            "interest": Decimal(0),
            "fixed": Decimal(0),
            "interest_moves": [],
            "fee_moves": [],
            "total": Decimal(0),
        }
        moves = (event.move_ids & candidates).sorted(lambda m: (m.invoice_date_due, m.id))
        for move in moves:
            currency = move.currency_id
            foreign = currency != company_currency
            due = move.invoice_date_due or move.invoice_date or move.date
            history = histories.get(move.id) or [
                (date.min, engine.to_decimal(move.amount_residual))
            ]
            interest_from = (
                move.dunning_interest_until + timedelta(days=1)
                if move.dunning_interest_until
                else None
            )
            interest_lines = engine.invoice_interest(
                due_date=due,
                run_date=day,
                residual_history=history,
                rule=rule,
                interest_from=interest_from,
                grace_days=scenario.penalty_grace_days or 0,
                fixed_rate=engine.to_decimal(scenario.penalty_rate or 0.0),
                reference_rates=source_rates,
                margin=engine.to_decimal(scenario.penalty_margin or 0.0),
                digits=FOREIGN_DIGITS if foreign else currency.decimal_places,
            )
            charged = False
            for line in interest_lines:
                amount = engine.quantize(
                    _convert(line.amount, currency, company_currency, company, day), digits
                )
                if amount <= 0:
                    continue
                charged = True
                plan["lines"].append((self._penalty_interest_label(move, line, foreign), amount))
                plan["interest"] += amount
            if charged:
                plan["interest_moves"].append(move.id)
            if not move.dunning_fixed_fee_charged:
                residual = _residual_on(history, day)
                fee = self._penalty_fixed_fee(scenario, move, residual, day)
                if fee > 0:
                    plan["lines"].append(
                        (
                            self.env._(
                                "Fixed recovery compensation for %(invoice)s", invoice=move.name
                            ),
                            fee,
                        )
                    )
                    plan["fixed"] += fee
                    plan["fee_moves"].append(move.id)
        plan["total"] = plan["interest"] + plan["fixed"]
        return plan

    def _penalty_fixed_fee(self, scenario, move, residual, day):
        """Fixed compensation of one overdue invoice, in the company currency, rounded."""
        company = move.company_id
        company_currency = company.currency_id
        if residual <= 0:
            return Decimal(0)
        preset = engine.PRESETS.get(scenario.penalty_jurisdiction or "")
        if scenario.penalty_tiered and preset:
            # tiers are stated in the preset's currency (GBP for the UK, else EUR)
            tier_currency = self.env.ref(f"base.{preset['currency']}", raise_if_not_found=False)
            if not tier_currency or not tier_currency.active:
                tier_currency = company_currency
            amount_due = _convert(residual, move.currency_id, tier_currency, company, day)
            fee = engine.preset_compensation(scenario.penalty_jurisdiction, amount_due)
            fee = _convert(fee, tier_currency, company_currency, company, day)
        else:
            fee = engine.to_decimal(scenario.penalty_fixed_amount or 0.0)
            fee = _convert(
                fee, scenario.currency_id or company_currency, company_currency, company, day
            )
        return engine.quantize(fee, company_currency.decimal_places)

    def _penalty_interest_label(self, move, line, foreign):
        currency = move.currency_id
        places = currency.decimal_places
        rate = line.rate.normalize()
        rate_digits = max(2, -rate.as_tuple().exponent)
        values = {
            "invoice": move.name,
            "base": formatLang(self.env, float(line.base), digits=places),
            "currency": currency.name,
            "rate": formatLang(self.env, float(line.rate), digits=rate_digits),
            "days": line.days,
            "start": fields.Date.to_string(line.start),
            "end": fields.Date.to_string(line.end),
        }
        if line.days == 1:
            label = self.env._(
                "Late-payment interest on %(invoice)s: %(base)s %(currency)s x %(rate)s%% x "
                "1 day (%(start)s)",
                **values,
            )
        else:
            label = self.env._(
                "Late-payment interest on %(invoice)s: %(base)s %(currency)s x %(rate)s%% x "
                "%(days)s days (%(start)s to %(end)s)",
                **values,
            )
        if foreign:
            label += self.env._(
                ", %(amount)s %(currency)s",
                amount=formatLang(self.env, float(line.amount), digits=places),
                currency=currency.name,
            )
        return label

    def _penalty_nothing_due_note(self, event, plan, minimum):
        currency = event.company_id.currency_id
        if plan["total"] <= 0:
            return self.env._("No penalty due.")
        return self.env._(
            "No penalty due: %(total)s is below the minimum of %(minimum)s.",
            total=currency.format(float(plan["total"])),
            minimum=currency.format(float(minimum)),
        )

    # ------------------------------------------------------------------ invoices
    def _penalty_move_vals(self, event, plan, product):
        scenario = event.level_id.scenario_id
        product = scenario.penalty_product_id or product
        moves = self.env["account.move"].browse(plan["interest_moves"] + plan["fee_moves"])
        return {
            "move_type": "out_invoice",
            "partner_id": event.partner_id.id,
            "company_id": event.company_id.id,
            "currency_id": event.company_id.currency_id.id,
            "invoice_date": event.date,
            "is_dunning_penalty": True,
            "invoice_origin": ", ".join(moves.sorted("id").mapped("name"))[:200] or False,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "name": label,
                        "quantity": 1.0,
                        "price_unit": float(amount),
                    }
                )
                for label, amount in plan["lines"]
            ],
        }

    def _penalty_create_moves(self, plans, product, failures):
        """Create the invoices in batch per company; returns [(event, plan, move)]."""
        by_company = defaultdict(list)
        for event, plan in plans:
            by_company[event.company_id].append((event, plan))
        created = []
        for company, items in by_company.items():
            Move = (
                self.env["account.move"]
                .sudo()
                .with_company(company)
                .with_context(default_move_type="out_invoice", tracking_disable=True)
            )
            vals_list = [self._penalty_move_vals(event, plan, product) for event, plan in items]
            try:
                with self.env.cr.savepoint():
                    moves = Move.create(vals_list)
                created.extend(
                    (event, plan, move) for (event, plan), move in zip(items, moves, strict=True)
                )
                continue
            except (UserError, ValueError):
                _logger.info("Penalty invoices: batch creation failed, retrying one by one")
            for (event, plan), vals in zip(items, vals_list, strict=True):
                try:
                    with self.env.cr.savepoint():
                        move = Move.create(vals)
                except (UserError, ValueError) as error:
                    failures[event] = self.env._(
                        "The penalty invoice could not be created: %(error)s", error=str(error)
                    )
                    continue
                created.append((event, plan, move))
        return created

    def _penalty_post_moves(self, created):
        """Post the invoices of scenarios that post them; a failure leaves a draft + note."""
        to_post = [item for item in created if item[0].level_id.scenario_id.penalty_post]
        if not to_post:
            return
        moves = self.env["account.move"].union(*(move for _event, _plan, move in to_post))
        try:
            with self.env.cr.savepoint():
                moves.action_post()
            return
        except (UserError, ValueError):
            _logger.info("Penalty invoices: batch posting failed, posting one by one")
        for _event, plan, move in to_post:
            try:
                with self.env.cr.savepoint():
                    move.action_post()
            except (UserError, ValueError) as error:
                plan["post_error"] = str(error)

    def _penalty_mark_charged(self, created):
        """Batched writes of what each invoice has now been charged."""
        interest = defaultdict(list)  # day -> move ids
        fees = []
        for event, plan, _move in created:
            interest[event.date].extend(plan["interest_moves"])
            fees.extend(plan["fee_moves"])
        Move = self.env["account.move"]
        for day, move_ids in interest.items():
            if move_ids:
                Move.browse(move_ids)._dunning_write({"dunning_interest_until": day})
        if fees:
            Move.browse(fees)._dunning_write({"dunning_fixed_fee_charged": True})

    def _penalty_close_events(self, created, nothing_due, failures):
        Event = self.env["dunning.event"].sudo()
        for event, plan, move in created:
            currency = event.company_id.currency_id
            note = self.env._(
                "Penalty invoice %(invoice)s: %(total)s (interest %(interest)s, fixed "
                "compensation %(fixed)s).",
                invoice=move.name if move.state == "posted" else self.env._("(draft)"),
                total=currency.format(float(plan["total"])),
                interest=currency.format(float(plan["interest"])),
                fixed=currency.format(float(plan["fixed"])),
            )
            if plan.get("post_error"):
                note += "\n" + self.env._(
                    "Left in draft, it could not be posted: %(error)s", error=plan["post_error"]
                )
            event.write({"state": "done", "penalty_move_id": move.id, "note": note})
        by_note = defaultdict(list)
        for event, note in nothing_due.items():
            by_note[note].append(event.id)
        for note, event_ids in by_note.items():
            Event.browse(event_ids).write({"state": "done", "note": note})
        if not failures:
            return
        failed = Event
        for event, reason in failures.items():
            note = self.env._("Late-payment penalty not invoiced: %(reason)s", reason=reason)
            event.write({"state": "failed", "failure_reason": reason[:250], "note": note})
            failed |= event
        self._create_activities(
            failed,
            "mail.mail_activity_data_todo",
            lambda e: self.env._("Late-payment penalty could not be invoiced"),
            lambda e: e.user_id,
        )


class DunningScenario(models.Model):
    _inherit = "dunning.scenario"

    @api.onchange("penalty_jurisdiction")
    def _onchange_penalty_jurisdiction(self):
        preset = engine.PRESETS.get(self.penalty_jurisdiction or "")
        if not preset:
            return
        self.penalty_rule = preset["rule"]
        self.penalty_reference_source = preset["source"]
        self.penalty_margin = float(preset["margin"])
        self.penalty_tiered = preset["compensation"] != "tiers" or len(preset["tiers"]) > 1
        amount = engine.to_decimal(preset["tiers"][0][1])
        preset_currency = self.env.ref(f"base.{preset['currency']}", raise_if_not_found=False)
        currency = self.currency_id or self.env.company.currency_id
        if preset_currency and preset_currency.active and currency:
            amount = _convert(
                amount,
                preset_currency,
                currency,
                self.company_id or self.env.company,
                fields.Date.context_today(self),
            )
            amount = engine.quantize(amount, currency.decimal_places)
        self.penalty_fixed_amount = float(amount)

    @api.onchange("penalty_rate_mode", "penalty_reference_source")
    def _onchange_penalty_reference_rates(self):
        if self.penalty_rate_mode != "reference" or not self.penalty_reference_source:
            return
        rows = (
            self.env["dunning.reference.rate"]
            ._rates_by_source()
            .get(self.penalty_reference_source, [])
        )
        today = fields.Date.context_today(self)
        if engine.half_years_without_rate(rows, today, today):
            label = dict(self._fields["penalty_reference_source"]._description_selection(self.env))
            return {
                "warning": {
                    "title": self.env._("Reference rate missing"),
                    "message": self.env._(
                        "The reference rate table %(source)s has no rate for the current "
                        "half-year: add it, or penalties will use an older rate or fail.",
                        source=label.get(self.penalty_reference_source),
                    ),
                }
            }


class AccountMove(models.Model):
    _inherit = "account.move"

    def _dunning_penalty_mention(self):
        """The mandatory mention of late-payment terms, e.g. "Late-payment penalties: 10.15%
        per year; fixed recovery compensation: 40.00 EUR"; empty without a scenario."""
        self.ensure_one()
        company = self.company_id or self.env.company
        partner = self.commercial_partner_id.with_company(company)
        scenario = partner.dunning_scenario_id or company.dunning_scenario_id
        if not scenario:
            return ""
        day = self.invoice_date_due or self.invoice_date or fields.Date.context_today(self)
        if scenario.penalty_rate_mode == "fixed":
            rate = engine.to_decimal(scenario.penalty_rate or 0.0)
        else:
            rows = self.env["dunning.reference.rate"].sudo()._rates_by_source()
            try:
                rate = engine.rate_segments(
                    scenario.penalty_rule,
                    day + timedelta(days=1),
                    day + timedelta(days=1),
                    reference_rates=rows.get(scenario.penalty_reference_source, ()),
                    margin=engine.to_decimal(scenario.penalty_margin or 0.0),
                    due_date=day,
                )[0][2]
            except ValueError:
                rate = None
        if rate is None:
            label = dict(
                scenario._fields["penalty_reference_source"]._description_selection(self.env)
            )
            rate_text = self.env._(
                "%(source)s + %(margin)s points",
                source=label.get(scenario.penalty_reference_source, ""),
                margin=formatLang(self.env, scenario.penalty_margin, digits=2),
            )
        else:
            rate = rate.normalize()
            digits = max(2, -rate.as_tuple().exponent)
            rate_text = f"{formatLang(self.env, float(rate), digits=digits)}%"
        preset = engine.PRESETS.get(scenario.penalty_jurisdiction or "")
        currency = scenario.currency_id or company.currency_id
        if scenario.penalty_tiered and preset and preset["compensation"] == "tiers":
            amounts = " / ".join(
                formatLang(self.env, float(tier[1]), digits=0) for tier in preset["tiers"]
            )
            fixed_text = self.env._(
                "%(amounts)s %(currency)s depending on the amount due",
                amounts=amounts,
                currency=preset["currency"],
            )
        elif scenario.penalty_tiered and preset:
            fixed_text = self.env._("statutory collection costs scale (minimum 40 EUR)")
        else:
            amount = formatLang(
                self.env, scenario.penalty_fixed_amount, digits=currency.decimal_places
            )
            fixed_text = f"{amount} {currency.name}"
        return self.env._(
            "Late-payment penalties: %(rate)s per year; fixed recovery compensation: %(fixed)s",
            rate=rate_text,
            fixed=fixed_text,
        )
