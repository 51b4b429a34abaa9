"""The daily collection run: bulk reads, level decisions in pure Python, batched writes."""

import logging
import time
from collections import defaultdict
from datetime import datetime, timedelta

import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

from ..engine import levels as level_engine
from .account_move import INVOICE_TYPES, OPEN_STATES

_logger = logging.getLogger(__name__)

# the channel of each level action flag, in the order the actions run
FLAG_CHANNELS = [
    ("send_email", "email"),
    ("send_letter", "letter"),
    ("registered_letter", "registered_letter"),
    ("create_call", "call"),
    ("notify_salesperson", "salesperson"),
    ("apply_penalty", "penalty"),
    ("credit_hold", "hold"),
    ("manager_task", "note"),
]


class DunningRun(models.AbstractModel):
    _name = "dunning.run"
    _description = "Collection Run"

    # ------------------------------------------------------------------ cron
    @api.model
    def _cron_run(self, batch_size=500):
        started = time.monotonic()
        totals = defaultdict(int)
        for company in self.env["res.company"].sudo().search([]):
            run = self.with_company(company).with_context(
                allowed_company_ids=[company.id], tracking_disable=False
            )
            partner_ids = run._partners_to_process(company)
            for start in range(0, len(partner_ids), batch_size):
                chunk = run.env["res.partner"].browse(partner_ids[start : start + batch_size])
                stats = chunk._dunning_process(companies=company)
                for key, value in stats.items():
                    totals[key] += value
                if not self.env.context.get("dunning_no_commit"):
                    self.env["ir.cron"]._commit_progress(
                        len(chunk), remaining=max(len(partner_ids) - start - len(chunk), 0)
                    )
        _logger.info(
            "Collection run done in %.1fs: %s",
            time.monotonic() - started,
            ", ".join(f"{key}={value}" for key, value in sorted(totals.items())),
        )
        return totals

    @api.model
    def _partners_to_process(self, company):
        """Customers with open receivables, or still carrying a level, in ``company``."""
        self.env["account.move"].flush_model()
        rows = self.env.execute_query(
            SQL(
                """
                SELECT DISTINCT commercial_partner_id FROM account_move
                 WHERE company_id = %(company)s AND state = 'posted'
                   AND move_type IN %(types)s AND payment_state IN %(open)s
                   AND commercial_partner_id IS NOT NULL
                UNION
                SELECT id FROM res_partner
                 WHERE dunning_level_id ->> %(key)s IS NOT NULL
                 ORDER BY 1
                """,
                company=company.id,
                types=INVOICE_TYPES,
                open=OPEN_STATES,
                key=str(company.id),
            )
        )
        return [row[0] for row in rows]

    # ------------------------------------------------------------------ helpers
    @api.model
    def _company_today(self, company):
        tz = company.partner_id.tz or self.env.user.tz or "UTC"
        return datetime.now(pytz.timezone(tz)).date()

    # ------------------------------------------------------------------ process
    @api.model
    def _process(self, partners, date=None, companies=None):
        """Process commercial ``partners``; return figures. Never commits."""
        partners = partners.commercial_partner_id
        stats = defaultdict(int)
        if not partners:
            return stats
        if companies is None:
            self.env["account.move"].flush_model()
            rows = (
                self.env["account.move"]
                .sudo()
                ._read_group(
                    self.env["account.move"]._dunning_open_domain(partners),
                    ["company_id"],
                )
            )
            companies = self.env["res.company"].browse([c.id for (c,) in rows])
            companies |= self.env.companies
        for company in companies:
            run = self.with_company(company)
            today = date or run._company_today(company)
            run._process_company(partners.with_company(company), company, today, stats)
        return stats

    def _process_company(self, partners, company, today, stats):
        Move = self.env["account.move"].with_company(company)
        moves = Move.search_fetch(
            Move._dunning_open_domain(partners, company),
            [
                "commercial_partner_id",
                "invoice_date_due",
                "invoice_date",
                "date",
                "amount_residual",
                "amount_residual_signed",
                "currency_id",
                "dunning_level_id",
                "dunning_level_date",
                "dunning_dispute",
                "dunning_promise_date",
            ],
            order="invoice_date_due, id",
        )
        moves_by_partner = defaultdict(list)
        for move in moves:
            moves_by_partner[move.commercial_partner_id.id].append(move)
        credits = self._unapplied_credits(company, partners)
        specs_cache = {}
        level_updates = defaultdict(list)  # (level_id, date) -> move ids
        last_date_updates = []  # moves reminded again today
        broken_promises = []
        partner_updates = defaultdict(list)  # (level, next, last_action) -> partner ids
        firing = []  # (partner, level, kind, overdue moves, overdue amount)
        reconcile_asks = []
        default_scenario = company.dunning_scenario_id
        # read before the new levels are written: they may set the hold themselves
        held_before = set(partners.filtered("credit_hold").ids)
        for partner in partners:
            stats["customers"] += 1
            scenario = partner.dunning_scenario_id or default_scenario
            current_level = partner.dunning_level_id
            if not scenario or not scenario.active or partner.dunning_excluded:
                if current_level or partner.dunning_next_date:
                    partner_updates[(False, False, partner.dunning_last_action_date)].append(
                        partner.id
                    )
                continue
            if scenario.id not in specs_cache:
                specs_cache[scenario.id] = scenario._level_specs()
            specs = specs_cache[scenario.id]
            scenario_level_ids = {spec.id for spec in specs}
            invoice_levels = []
            overdue_moves = []
            upcoming_moves = []
            next_dates = []
            overdue_total = upcoming_total = 0.0
            for move in moves_by_partner.get(partner.id, ()):
                if move.dunning_dispute:
                    continue
                due = move.invoice_date_due or move.invoice_date or move.date
                if move.dunning_promise_date:
                    if move.dunning_promise_date >= today:
                        # paused until the promised day: keeps its level, no action
                        next_dates.append(move.dunning_promise_date + timedelta(days=1))
                        if move.dunning_level_id.id in scenario_level_ids:
                            invoice_levels.append(move.dunning_level_id.id)
                        continue
                    broken_promises.append(move)
                    level_id, level_date = None, None  # joins again at level 1
                else:
                    level_id = move.dunning_level_id.id
                    if level_id not in scenario_level_ids:
                        level_id = None
                    level_date = move.dunning_level_date
                new_level_id, reached = level_engine.invoice_level(
                    specs, due, level_id, level_date, today
                )
                if reached:
                    level_updates[(new_level_id, today)].append(move.id)
                    level_date = today
                elif (new_level_id or False) != move.dunning_level_id.id or move in broken_promises:
                    level_updates[(new_level_id or False, level_date or False)].append(move.id)
                invoice_levels.append(new_level_id)
                next_dates.append(
                    level_engine.invoice_next_step_date(specs, due, new_level_id, level_date)
                )
                late = level_engine.days_late(due, today)
                if late > 0:
                    overdue_moves.append(move)
                    overdue_total += move.amount_residual_signed
                elif new_level_id:
                    upcoming_moves.append(move)
                    upcoming_total += move.amount_residual_signed
            credit = credits.get(partner.id, 0.0)
            net_overdue = company.currency_id.round(max(overdue_total - credit, 0.0))
            if overdue_total > 0 and credit >= overdue_total:
                # an unreconciled payment or credit note covers the debt: ask to reconcile
                reconcile_asks.append(partner)
                invoice_levels = []
            new_level_id = level_engine.customer_level(
                specs, invoice_levels, net_overdue, upcoming_total
            )
            decision = level_engine.customer_decision(
                specs,
                new_level_id,
                current_level.id if current_level.id in scenario_level_ids else None,
                partner.dunning_last_action_date,
                today,
            )
            last_action = partner.dunning_last_action_date
            level = self.env["dunning.level"].browse(decision.level_id)
            covered = overdue_moves if level.delay_days >= 0 else upcoming_moves
            if decision.fire and not covered:
                decision = level_engine.CustomerDecision(decision.level_id, None)
            if decision.fire:
                firing.append((partner, level, decision.fire, covered, net_overdue))
                last_action = today
                if decision.fire == "repeat":
                    last_date_updates.extend(
                        m.id for m in covered if m.dunning_level_id.id == level.id
                    )
                stats[f"fire_{decision.fire}"] += 1
            if decision.level_id:
                level = self.env["dunning.level"].browse(decision.level_id)
                if level.repeat_days and last_action:
                    next_dates.append(fields.Date.add(last_action, days=level.repeat_days))
            next_date = level_engine.next_action_date(next_dates) or False
            key = (decision.level_id or False, next_date, last_action or False)
            if (
                key[0] != current_level.id
                or key[1] != partner.dunning_next_date
                or key[2] != (partner.dunning_last_action_date or False)
            ):
                partner_updates[key].append(partner.id)

        # --- batched writes
        stats["broken_promises"] += len(broken_promises)
        if broken_promises:
            self._record_broken_promises(broken_promises, company, today)
        for (level_id, level_date), move_ids in level_updates.items():
            vals = {"dunning_level_id": level_id, "dunning_level_date": level_date}
            if level_date == today:
                vals["dunning_last_date"] = today
            Move.browse(move_ids)._dunning_write(vals)
        if last_date_updates:
            Move.browse(last_date_updates)._dunning_write({"dunning_last_date": today})
        for (level_id, next_date, last_action), partner_ids in partner_updates.items():
            self.env["res.partner"].with_company(company).browse(partner_ids).sudo().with_context(
                tracking_disable=True
            ).write(
                {
                    "dunning_level_id": level_id,
                    "dunning_next_date": next_date,
                    "dunning_last_action_date": last_action,
                }
            )
        if reconcile_asks:
            self._ask_reconcile(reconcile_asks, company, today)
        if firing:
            events = self._plan_events(firing, company, today, held_before)
            stats["events"] += len(events)
            for event in events:
                stats[f"events_{event.channel}"] += 1
            self._execute_events(events.filtered(lambda e: e.level_id.auto_execute))
            self._ask_approval(events.filtered(lambda e: not e.level_id.auto_execute))
        self._notify_released(partners)
        return stats

    @api.model
    def _unapplied_credits(self, company, partners):
        """Open credit notes and unreconciled payments, per commercial partner, company
        currency (positive amounts)."""
        self.env["account.move.line"].flush_model()
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.commercial_partner_id, -SUM(aml.amount_residual)
                  FROM account_move_line aml
                  JOIN res_partner p ON p.id = aml.partner_id
                  JOIN account_account acc ON acc.id = aml.account_id
                 WHERE aml.company_id = %(company)s
                   AND aml.parent_state = 'posted'
                   AND acc.account_type = 'asset_receivable'
                   AND aml.reconciled IS NOT TRUE
                   AND aml.amount_residual < 0
                   AND p.commercial_partner_id IN %(partners)s
                 GROUP BY p.commercial_partner_id
                """,
                company=company.id,
                partners=tuple(partners.ids),
            )
        )
        return dict(rows)

    # ------------------------------------------------------------------ events
    def _event_model(self):
        """Events are history: created in bulk, without follower or tracking messages."""
        return (
            self.env["dunning.event"]
            .sudo()
            .with_context(
                mail_create_nolog=True, mail_create_nosubscribe=True, tracking_disable=True
            )
        )

    def _plan_events(self, firing, company, today, held_before):
        vals_list = []
        held = set(held_before)
        for partner, level, kind, moves, amount in firing:
            for flag, channel in FLAG_CHANNELS:
                if not level[flag]:
                    continue
                if channel == "hold" and partner.id in held:
                    continue  # already held: nothing new to record
                if channel == "hold":
                    held.add(partner.id)
                vals_list.append(
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "level_id": level.id,
                        "channel": channel,
                        "date": today,
                        "run_date": today,
                        "state": "todo",
                        "user_id": partner._dunning_collector(company).id,
                        "move_ids": [fields.Command.set([m.id for m in moves])],
                        "amount_overdue": amount,
                        "note": self.env._("Repeated reminder") if kind == "repeat" else False,
                    }
                )
        return self._event_model().create(vals_list)

    def _execute_events(self, events):
        """Run automatic actions; letters stay to print, calls stay open until logged."""
        if not events:
            return
        by_channel = defaultdict(lambda: self.env["dunning.event"])
        for event in events:
            by_channel[event.channel] |= event
        # the hold goes first so that the email can mention it
        if by_channel["hold"]:
            self._execute_holds(by_channel["hold"])
        if by_channel["penalty"]:
            self._execute_penalties(by_channel["penalty"])
        if by_channel["email"]:
            self._execute_emails(by_channel["email"])
        if by_channel["call"]:
            self._create_activities(
                by_channel["call"],
                "mail.mail_activity_data_call",
                lambda e: self.env._("Collection call: %(level)s", level=e.level_id.name),
                lambda e: e.user_id,
            )
        if by_channel["salesperson"]:
            self._create_activities(
                by_channel["salesperson"],
                "mail.mail_activity_data_todo",
                lambda e: self.env._(
                    "Overdue customer: please help collect (%(level)s)", level=e.level_id.name
                ),
                lambda e: (
                    e.partner_id.user_id or e.partner_id.user_id.sale_team_id.user_id or e.user_id
                ),
            )
            by_channel["salesperson"].write({"state": "done"})
        if by_channel["note"]:
            self._create_activities(
                by_channel["note"],
                "mail.mail_activity_data_todo",
                lambda e: self.env._(
                    "%(level)s: hand over to the collection agency / legal department",
                    level=e.level_id.name,
                ),
                lambda e: self._dunning_manager(e.company_id) or e.user_id,
            )
        emailed = by_channel["email"].filtered(lambda e: e.state == "done").partner_id
        self._post_summaries(events.filtered(lambda e: e.partner_id not in emailed))

    def _dunning_manager(self, company):
        group = self.env.ref("account_dunning.group_dunning_manager")
        users = group.sudo().all_user_ids.filtered(
            lambda u: company in u.company_ids and not u.share and u.active
        )
        return users.sorted("id")[:1]

    def _create_activities(self, events, type_xmlid, summary, user_of):
        activity_type = self.env.ref(type_xmlid, raise_if_not_found=False)
        model_id = self.env["ir.model"]._get_id("res.partner")
        vals_list = []
        for event in events:
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": event.partner_id.id,
                    "activity_type_id": activity_type.id if activity_type else False,
                    "summary": summary(event),
                    "note": event.note or False,
                    "user_id": user_of(event).id,
                    "date_deadline": event.date,
                }
            )
        activities = (
            self.env["mail.activity"]
            .sudo()
            .with_context(mail_activity_quick_update=True)
            .create(vals_list)
        )
        for event, activity in zip(events, activities, strict=True):
            event.activity_id = activity

    def _ask_approval(self, events):
        """Manual levels: the collector approves the planned actions."""
        firsts = {}
        for event in events:
            firsts.setdefault((event.partner_id.id, event.level_id.id), event)
        if firsts:
            self._create_activities(
                self.env["dunning.event"].union(*firsts.values()),
                "mail.mail_activity_data_todo",
                lambda e: self.env._("Approve the actions of %(level)s", level=e.level_id.name),
                lambda e: e.user_id,
            )

    def _execute_holds(self, events):
        for event in events:
            reason = self.env._(
                "%(level)s reached: %(amount)s overdue",
                level=event.level_id.name,
                amount=event.currency_id.format(event.amount_overdue),
            )
            event.partner_id.sudo().credit_hold_reason = reason
            event.note = reason
        events.write({"state": "done"})

    def _execute_penalties(self, events):
        """Late-payment penalty invoices (see dunning_penalty)."""
        penalty = getattr(self, "_create_penalty_invoices", None)
        if penalty:
            penalty(events)
        else:
            events.write({"state": "done"})

    def _execute_emails(self, events):
        """One queued email per customer, created in batch (mail.mail with its chatter
        message); the mail queue cron sends them, nothing is sent inline."""
        from .dunning_render import render_level_texts_batch

        note_subtype = self.env.ref("mail.mt_note")
        mail_vals = []
        sent = self.env["dunning.event"]
        rendered = render_level_texts_batch(events)
        letter_pdfs = self._letter_pdfs_for_emails(events)
        for event in events:
            partner = event.partner_id
            recipients = partner.child_ids.filtered(
                lambda c: c.type == "invoice" and c.email and c.active
            ) or (partner if partner.email else partner.browse())
            if not recipients:
                event.write(
                    {
                        "state": "failed",
                        "failure_reason": self.env._("The customer has no email address."),
                    }
                )
                self._email_fallback(event)
                continue
            result = rendered.get(event.id)
            if isinstance(result, Exception):
                event.write({"state": "failed", "failure_reason": str(result)[:250]})
                self._create_activities(
                    event,
                    "mail.mail_activity_data_todo",
                    lambda e: self.env._("Collection email could not be prepared"),
                    lambda e: e.user_id,
                )
                continue
            subject, body = result
            company = event.company_id
            mail_vals.append(
                {
                    "model": "res.partner",
                    "res_id": partner.id,
                    "message_type": "email_outgoing",
                    "subtype_id": note_subtype.id,
                    "subject": subject,
                    "body": body,
                    "body_html": body,
                    "author_id": company.partner_id.id,
                    "email_from": company.email_formatted or self.env.user.email_formatted,
                    "reply_to": company.email_formatted or self.env.user.email_formatted,
                    "recipient_ids": [fields.Command.set(recipients.ids)],
                    "attachment_ids": [
                        fields.Command.set(
                            event.move_ids.invoice_pdf_report_id.ids + letter_pdfs.get(event.id, [])
                        )
                    ],
                    "auto_delete": False,
                    "state": "outgoing",
                }
            )
            sent |= event
        if mail_vals:
            mails = self.env["mail.mail"].sudo().create(mail_vals)
            for event, mail in zip(sent, mails, strict=True):
                event.write({"state": "done", "mail_message_id": mail.mail_message_id.id})

    def _letter_pdfs_for_emails(self, email_events):
        """{email event id: [attachment id]}: the letter of the same reminder as a PDF, for
        levels that ask for it (PDFs are rendered for those customers only)."""
        wanted = email_events.filtered(
            lambda e: e.level_id.attach_letter_pdf
            and (e.level_id.send_letter or e.level_id.registered_letter)
        )
        if not wanted:
            return {}
        letters = self.env["dunning.event"].search(
            [
                ("partner_id", "in", wanted.partner_id.ids),
                ("run_date", "in", list(set(wanted.mapped("run_date")))),
                ("channel", "in", ("letter", "registered_letter")),
                ("state", "=", "todo"),
            ]
        )
        letter_of = {(e.partner_id.id, e.run_date, e.level_id.id): e for e in letters}
        result = {}
        Report = self.env["ir.actions.report"].sudo()
        for event in wanted:
            letter = letter_of.get((event.partner_id.id, event.run_date, event.level_id.id))
            if not letter:
                continue
            try:
                content, report_type = Report._render_qweb_pdf(
                    "account_dunning.action_report_dunning_letter", letter.ids
                )
            except Exception as error:  # a letter that cannot be rendered never stops the email
                _logger.warning(
                    "Letter PDF for %s not attached: %s", event.partner_id.display_name, error
                )
                continue
            extension = "pdf" if report_type == "pdf" else "html"
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .create(
                    {
                        "name": f"{letter.display_name}.{extension}",
                        "raw": content,
                        "res_model": "dunning.event",
                        "res_id": letter.id,
                        "mimetype": "application/pdf" if extension == "pdf" else "text/html",
                    }
                )
            )
            result[event.id] = [attachment.id]
        return result

    def _email_fallback(self, event):
        """No email address: plan a letter instead, and say so."""
        exists = (
            self.env["dunning.event"]
            .sudo()
            .search_count(
                [
                    ("partner_id", "=", event.partner_id.id),
                    ("company_id", "=", event.company_id.id),
                    ("channel", "=", "letter"),
                    ("run_date", "=", event.run_date),
                    ("level_id", "=", event.level_id.id),
                ]
            )
        )
        if not exists:
            self._event_model().create(
                {
                    "partner_id": event.partner_id.id,
                    "company_id": event.company_id.id,
                    "level_id": event.level_id.id,
                    "channel": "letter",
                    "date": event.date,
                    "run_date": event.run_date,
                    "user_id": event.user_id.id,
                    "move_ids": [fields.Command.set(event.move_ids.ids)],
                    "amount_overdue": event.amount_overdue,
                    "note": self.env._("No email address: sent by letter instead."),
                }
            )
        self._create_activities(
            event,
            "mail.mail_activity_data_todo",
            lambda e: self.env._("Add an email address for collection reminders"),
            lambda e: e.user_id,
        )

    def _post_summaries(self, events):
        labels = dict(self.env["dunning.event"]._fields["channel"]._description_selection(self.env))
        states = dict(self.env["dunning.event"]._fields["state"]._description_selection(self.env))
        by_partner = defaultdict(list)
        for event in events:
            by_partner[event.partner_id.id].append(event)
        bodies = {}
        for partner_id, partner_events in by_partner.items():
            items = Markup("").join(
                Markup("<li>%s: %s</li>") % (labels[e.channel], states[e.state])
                for e in partner_events
            )
            bodies[partner_id] = Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._("Collection level %(level)s:", level=partner_events[0].level_id.name),
                items,
            )
        if bodies:
            self.env["res.partner"].browse(list(bodies))._message_log_batch(bodies)

    def _ask_reconcile(self, partners, company, today):
        model_id = self.env["ir.model"]._get_id("res.partner")
        summary = self.env._("Reconcile open payments before dunning")
        existing = set(
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model_id", "=", model_id),
                    ("res_id", "in", [p.id for p in partners]),
                    ("summary", "=", summary),
                ]
            )
            .mapped("res_id")
        )
        todo_type = self.env.ref("mail.mail_activity_data_todo")
        vals_list = [
            {
                "res_model_id": model_id,
                "res_id": partner.id,
                "activity_type_id": todo_type.id,
                "summary": summary,
                "user_id": partner._dunning_collector(company).id,
                "date_deadline": today,
            }
            for partner in partners
            if partner.id not in existing
        ]
        if vals_list:
            self.env["mail.activity"].sudo().create(vals_list)

    def _record_broken_promises(self, moves, company, today):
        vals_list = []
        for move in moves:
            vals_list.append(
                {
                    "partner_id": move.commercial_partner_id.id,
                    "company_id": company.id,
                    "channel": "promise",
                    "state": "done",
                    "date": today,
                    "promise_date": move.dunning_promise_date,
                    "promise_state": "broken",
                    "move_ids": [fields.Command.set(move.ids)],
                    "amount_overdue": move.amount_residual_signed,
                    "note": self.env._(
                        "Promise to pay %(invoice)s by %(date)s not kept: dunning resumes.",
                        invoice=move.name,
                        date=move.dunning_promise_date,
                    ),
                }
            )
        self._event_model().create(vals_list)
        open_promises = (
            self.env["dunning.event"]
            .sudo()
            .search(
                [
                    ("channel", "=", "promise"),
                    ("promise_state", "=", "open"),
                    ("move_ids", "in", [m.id for m in moves]),
                ]
            )
        )
        open_promises.write({"promise_state": "broken"})
        self.env["account.move"].browse([m.id for m in moves])._dunning_write(
            {"dunning_promise_date": False}
        )

    @api.model
    def _notify_released(self, partners):
        """Record the release of automatic holds whose invoices got paid or disputed."""
        partners = partners.commercial_partner_id.sudo()
        if not partners:
            return
        held = (
            self.env["dunning.event"]
            .sudo()
            ._read_group(
                [
                    ("partner_id", "in", partners.ids),
                    ("channel", "in", ("hold", "release")),
                    ("state", "=", "done"),
                ],
                ["partner_id"],
                ["id:max"],
            )
        )
        last_ids = [last_id for _partner, last_id in held]
        last_events = self.env["dunning.event"].sudo().browse(last_ids)
        released = last_events.filtered(
            lambda e: e.channel == "hold" and not e.partner_id.credit_hold_auto
        )
        if not released:
            return
        vals_list = []
        for event in released:
            vals_list.append(
                {
                    "partner_id": event.partner_id.id,
                    "company_id": event.company_id.id,
                    "channel": "release",
                    "state": "done",
                    "date": fields.Date.context_today(self),
                    "note": self.env._("The invoices behind the credit hold are settled."),
                }
            )
        releases = self._event_model().create(vals_list)
        for event in releases:
            partner = event.partner_id
            if not partner.credit_hold_manual:
                partner.credit_hold_reason = False
            partner.message_post(
                body=self.env._("Credit hold lifted: the overdue invoices are settled."),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
        self._create_activities(
            releases,
            "mail.mail_activity_data_todo",
            lambda e: self.env._("Credit hold lifted: orders can be confirmed again"),
            lambda e: e.partner_id.user_id or e.user_id,
        )
