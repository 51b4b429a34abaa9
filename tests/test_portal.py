import logging
import os
import resource
import subprocess
import tempfile
from datetime import timedelta
from urllib.parse import parse_qs, urlparse

from lxml import html

from odoo import fields
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged

_logger = logging.getLogger(__name__)


def _unlimited_memory():
    resource.setrlimit(resource.RLIMIT_AS, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))


@tagged("post_install", "-at_install")
class TestDunningPortal(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        if not cls.company.dunning_scenario_id:
            cls.company._dunning_create_default_scenario()
        levels = cls.company.dunning_scenario_id.level_ids.filtered(
            lambda level: level.delay_days >= 0
        ).sorted("delay_days")
        cls.level_1, cls.level_2 = levels[0], levels[1]
        cls.collector = cls.env["res.users"].create(
            {"name": "Polly Collector", "login": "polly_collector", "email": "polly@example.com"}
        )
        cls.company.dunning_collector_id = cls.collector
        cls.today = cls.env["dunning.run"]._company_today(cls.company)
        cls.customer = cls._customer("Portal Late Customer")
        cls.invoice = cls._invoice(cls.customer, 500.0, cls.today - timedelta(days=3))
        cls.invoice_b = cls._invoice(cls.customer, 300.0, cls.today - timedelta(days=2))
        cls.other = cls._customer("Portal Other Customer")
        cls.other_invoice = cls._invoice(cls.other, 200.0, cls.today - timedelta(days=3))
        (cls.customer | cls.other)._dunning_process(date=cls.today)

    @classmethod
    def _customer(cls, name):
        return cls.env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "email": f"{name.lower().replace(' ', '.')}@example.com",
            }
        )

    @classmethod
    def _invoice(cls, partner, amount, due, name="Consulting"):
        move = cls.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": due,
                "invoice_date_due": due,
                "invoice_line_ids": [
                    Command.create(
                        {"name": name, "quantity": 1, "price_unit": amount, "tax_ids": []}
                    )
                ],
            }
        )
        move.action_post()
        return move

    # ------------------------------------------------------------------ helpers
    def _url(self, partner=None, company=None):
        partner = partner or self.customer
        return partner._dunning_portal_url(company or self.company)

    def _path(self, partner=None):
        url = urlparse(self._url(partner))
        return f"{url.path}?{url.query}"

    def _token(self, partner=None):
        return parse_qs(urlparse(self._url(partner)).query)["access_token"][0]

    def _form(self, url, form_class):
        """GET the page and return the hidden fields of one form."""
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, response.text[:500])
        doc = html.fromstring(response.content)
        form = doc.xpath(f"//form[contains(@class, '{form_class}')]")[0]
        fields_ = {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}
        return form.get("action"), fields_

    def _post_promise(self, days=5, moves=None, amount="", url=None):
        action, data = self._form(url or self._path(), "o_dunning_promise_form")
        data.update(
            {
                "move_ids": (moves or self.invoice).ids,
                "promise_date": fields.Date.to_string(self.today + timedelta(days=days)),
                "amount": amount,
                "comment": "Paid by transfer next week",
            }
        )
        response = self.url_open(action, data=data)
        self.env.invalidate_all()
        return response, action, data

    def _events(self, partner=None, **domain):
        dom = [("partner_id", "=", (partner or self.customer).id)]
        dom += [(key, "=", value) for key, value in domain.items()]
        return self.env["dunning.event"].search(dom)

    def _collector_activities(self, partner=None):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "=", (partner or self.customer).id),
                ("user_id", "=", self.collector.id),
            ]
        )

    def _take_screenshot(self, url):
        """Keep a picture of the page for the README (never fails the test)."""
        target = os.environ.get("DUNNING_PORTAL_SCREENSHOT")
        if not target:
            return
        try:
            # chromium has no test cookie: let the test server answer it
            with (
                tempfile.TemporaryDirectory(prefix="dunning_shot_") as profile,
                self.allow_requests(all_requests=True),
            ):
                result = subprocess.run(
                    [
                        "chromium",
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-dev-shm-usage",
                        f"--user-data-dir={profile}",
                        "--hide-scrollbars",
                        "--virtual-time-budget=5000",
                        f"--screenshot={target}",
                        "--window-size=1280,900",
                        self.base_url() + url,
                    ],
                    timeout=60,
                    check=False,
                    capture_output=True,
                    preexec_fn=_unlimited_memory,  # Odoo caps the address space, Chromium needs it
                )
                if result.returncode:
                    _logger.warning("portal screenshot not taken: %s", result.stderr[-2000:])
        except Exception:  # a picture is a nice-to-have
            _logger.warning("portal screenshot failed", exc_info=True)

    # ------------------------------------------------------------------ tests
    def test_portal_url(self):
        url = self._url()
        self.assertTrue(url.startswith(self.customer.get_base_url()))
        self.assertIn(f"/my/collections/{self.customer.id}?access_token=", url)
        self.assertEqual(url, self._url(), "the token of the cycle is reused")
        self.assertGreaterEqual(len(self._token()), 40)
        self.assertNotEqual(self._token(), self._token(self.other))
        token = self.env["dunning.portal.token"].sudo().search([("token", "=", self._token())])
        self.assertEqual(token.partner_id, self.customer)
        self.assertEqual(token.company_id, self.company)
        self.assertGreater(token.expiry_date, fields.Datetime.now() + timedelta(days=59))

    def test_page_lists_overdue_invoices(self):
        self.assertEqual(self.customer.with_company(self.company).dunning_level_id, self.level_1)
        response = self.url_open(self._path())
        self.assertEqual(response.status_code, 200)
        doc = html.fromstring(response.content)
        rows = doc.xpath("//tr[contains(@class, 'o_dunning_invoice_row')]")
        self.assertEqual(len(rows), 2)
        self.assertIn(self.invoice.name, response.text)
        self.assertNotIn(self.other_invoice.name, response.text)
        self.assertEqual(
            doc.xpath(f"//tr[@data-move-id='{self.invoice.id}']//td[contains(@class, 'days')]")[
                0
            ].text_content(),
            "3",
        )
        pdf = doc.xpath(f"//tr[@data-move-id='{self.invoice.id}']//a[contains(@class, 'download')]")
        self.assertIn(f"/my/invoices/{self.invoice.id}?access_token=", pdf[0].get("href"))
        self.assertIn("report_type=pdf", pdf[0].get("href"))
        pay = doc.xpath(
            f"//tr[@data-move-id='{self.invoice.id}']//a[contains(@class, 'o_dunning_pay')]"
        )
        self.assertEqual(self.url_open(pay[0].get("href")).status_code, 200, "invoice portal page")
        self._take_screenshot(self._path())

    def test_promise(self):
        activities_before = self._collector_activities()
        response, _action, _data = self._post_promise(days=10, moves=self.invoice | self.invoice_b)
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertIn("o_dunning_message_thanks", response.text)
        promise = self._events(channel="promise")
        self.assertEqual(len(promise), 1)
        self.assertEqual(promise.promise_state, "open")
        self.assertEqual(promise.promise_date, self.today + timedelta(days=10))
        self.assertEqual(promise.promise_amount, 800.0)
        self.assertEqual(promise.move_ids, self.invoice | self.invoice_b)
        self.assertEqual(promise.user_id, self.collector)
        self.assertEqual(self.invoice.dunning_promise_date, self.today + timedelta(days=10))
        new_activities = self._collector_activities() - activities_before
        self.assertEqual(len(new_activities), 1)
        self.assertTrue(
            self.env["mail.message"].search(
                [
                    ("model", "=", "res.partner"),
                    ("res_id", "=", self.customer.id),
                    ("body", "ilike", "Paid by transfer"),
                ]
            ),
            "the answer is in the customer's chatter",
        )
        # 8 days later, level 2 would fire: the promise pauses the customer's invoices
        day = self.today + timedelta(days=8)
        events_before = self._events()
        other_before = self._events(self.other)
        (self.customer | self.other)._dunning_process(date=day)
        self.assertFalse(self._events() - events_before, "no reminder while the promise holds")
        self.assertEqual(self.invoice.dunning_level_id, self.level_1)
        self.assertTrue(
            (self._events(self.other) - other_before).filtered(lambda e: e.channel == "email"),
            "the customer without a promise is reminded",
        )

    def test_promise_partial_amount_and_limits(self):
        response, action, data = self._post_promise(days=200)
        self.assertEqual(response.status_code, 400)
        self.assertIn("o_dunning_error", response.text)
        self.assertFalse(self._events(channel="promise"))
        self.assertFalse(self.invoice.dunning_promise_date)
        response, *_ = self._post_promise(days=3, amount="120.50")
        self.assertEqual(response.status_code, 200)
        promise = self._events(channel="promise")
        self.assertEqual(promise.promise_amount, 120.5)
        self.assertEqual(self.invoice.dunning_promise_amount, 120.5)
        # a running promise is not pushed back from the portal
        response, *_ = self._post_promise(days=20)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(len(self._events(channel="promise")), 1)
        self.assertEqual(self.invoice.dunning_promise_date, self.today + timedelta(days=3))

    def test_dispute(self):
        action, data = self._form(
            f"{self._path()}&dispute={self.invoice.id}", "o_dunning_dispute_form"
        )
        data.update({"move_id": self.invoice.id, "reason": "amount", "comment": "Wrong price"})
        response = self.url_open(
            action, data=data, files={"attachment": ("order.txt", b"PO 42: 450.00", "text/plain")}
        )
        self.env.invalidate_all()
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertIn("o_dunning_message_thanks", response.text)
        self.assertTrue(self.invoice.dunning_dispute)
        self.assertIn("Wrong price", self.invoice.dunning_dispute_reason)
        self.assertFalse(self.invoice.dunning_level_id, "a disputed invoice leaves dunning")
        self.assertFalse(self.invoice_b.dunning_dispute)
        dispute = self._events(channel="dispute")
        self.assertEqual(dispute.move_ids, self.invoice)
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", "dunning.event"), ("res_id", "=", dispute.id)]
        )
        self.assertEqual(attachment.raw, b"PO 42: 450.00")
        self.assertTrue(self._collector_activities())
        # the invoice is no longer dunned
        self.customer._dunning_process(date=self.today + timedelta(days=8))
        self.assertFalse(self.invoice.dunning_level_id)

    def test_contact(self):
        action, data = self._form(self._path(), "o_dunning_contact_form")
        data.update({"request": "contact", "email": "ap@customer.example.com", "comment": "AP"})
        response = self.url_open(action, data=data)
        self.env.invalidate_all()
        self.assertEqual(response.status_code, 200)
        note = self._events(channel="note")
        self.assertIn("ap@customer.example.com", note.note)
        self.assertEqual(self.customer.email, "portal.late.customer@example.com", "not changed")
        self.assertTrue(
            self._collector_activities().filtered(
                lambda a: "ap@customer.example.com" in (a.summary or "")
            )
        )

    def test_wrong_token_and_other_customer(self):
        token = self._token()
        self.assertEqual(
            self.url_open(f"/my/collections/{self.customer.id}?access_token=x{token}").status_code,
            404,
        )
        self.assertEqual(self.url_open(f"/my/collections/{self.customer.id}").status_code, 404)
        self.assertEqual(
            self.url_open(f"/my/collections/{self.other.id}?access_token={token}").status_code,
            404,
        )
        # a valid form of this customer, replayed against the other customer or a bad token
        action, data = self._form(self._path(), "o_dunning_promise_form")
        data.update(
            {
                "move_ids": self.invoice.id,
                "promise_date": fields.Date.to_string(self.today + timedelta(days=3)),
            }
        )
        other_action = action.replace(f"/{self.customer.id}/", f"/{self.other.id}/")
        self.assertEqual(self.url_open(other_action, data=data).status_code, 404)
        self.assertEqual(
            self.url_open(action, data=dict(data, access_token="nope")).status_code, 404
        )
        # the other customer's invoice through this customer's token
        self.assertEqual(
            self.url_open(action, data=dict(data, move_ids=self.other_invoice.id)).status_code,
            404,
        )
        self.env.invalidate_all()
        self.assertFalse(
            self._events(channel="promise") | self._events(self.other, channel="promise")
        )
        self.assertFalse(self.invoice.dunning_promise_date)
        self.assertFalse(self.other_invoice.dunning_promise_date)

    def test_expired_token(self):
        action, data = self._form(self._path(), "o_dunning_promise_form")
        token = self.env["dunning.portal.token"].sudo().search([("token", "=", self._token())])
        token.expiry_date = fields.Datetime.now() - timedelta(seconds=1)
        response = self.url_open(f"/my/collections/{self.customer.id}?access_token={token.token}")
        self.assertEqual(response.status_code, 410)
        self.assertIn("o_dunning_message_expired", response.text)
        data.update(
            {
                "move_ids": self.invoice.id,
                "promise_date": fields.Date.to_string(self.today + timedelta(days=3)),
            }
        )
        self.assertEqual(self.url_open(action, data=data).status_code, 410)
        self.env.invalidate_all()
        self.assertFalse(self._events(channel="promise"))
        self.assertFalse(self.invoice.dunning_promise_date)
        self.assertNotEqual(self._token(), token.token, "a new link is issued")

    def test_token_expires_when_paid(self):
        path = self._path()
        for invoice in self.invoice | self.invoice_b:
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({})._create_payments()
        response = self.url_open(path)
        self.assertEqual(response.status_code, 410)

    def test_replayed_form(self):
        response, action, data = self._post_promise(days=4)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(self._events(channel="promise")), 1)
        replay = self.url_open(action, data=dict(data, promise_date=data["promise_date"]))
        self.env.invalidate_all()
        self.assertEqual(replay.status_code, 409)
        self.assertIn("o_dunning_message_replay", replay.text)
        self.assertEqual(len(self._events(channel="promise")), 1, "nothing written twice")
        # a forged nonce is no better
        forged = self.url_open(action, data=dict(data, nonce="forged"))
        self.assertEqual(forged.status_code, 409)
        # without the CSRF token, the request is refused
        no_csrf = {k: v for k, v in data.items() if k != "csrf_token"}
        self.assertEqual(self.url_open(action, data=no_csrf).status_code, 400)
        self.env.invalidate_all()
        self.assertEqual(len(self._events(channel="promise")), 1)

    def test_rate_limit(self):
        token = self.env["dunning.portal.token"].sudo().search([("token", "=", self._token())])
        token.write({"rate_window_start": fields.Datetime.now(), "rate_window_count": 10})
        response, *_ = self._post_promise(days=3)
        self.assertEqual(response.status_code, 429)
        self.assertIn("o_dunning_message_rate_limited", response.text)
        self.assertFalse(self._events(channel="promise"))
        token.write({"rate_window_start": fields.Datetime.now() - timedelta(hours=2)})
        response, *_ = self._post_promise(days=3)
        self.assertEqual(response.status_code, 200)

    def test_portal_user(self):
        contact = self.env["res.partner"].create(
            {"name": "Paula Payable", "parent_id": self.customer.id, "email": "paula@example.com"}
        )
        new_test_user(
            self.env, login="paula_portal", groups="base.group_portal", partner_id=contact.id
        )
        new_test_user(self.env, login="otto_portal", groups="base.group_portal")
        self.authenticate("paula_portal", "paula_portal")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["dunning_collection_count"]}
        )
        self.assertEqual(counters["dunning_collection_count"], 2)
        self.assertIn("/my/collections", self.url_open("/my").text)
        action, data = self._form("/my/collections", "o_dunning_contact_form")
        self.assertNotIn("access_token", data)
        data.update({"request": "copy", "email": "paula@example.com"})
        response = self.url_open(action, data=data)
        self.assertEqual(response.status_code, 200)
        self.env.invalidate_all()
        self.assertEqual(len(self._events(channel="note")), 1)
        # another portal user cannot open this customer's page
        self.authenticate("otto_portal", "otto_portal")
        self.assertEqual(self.url_open(f"/my/collections/{self.customer.id}").status_code, 404)

    def test_portal_tour(self):
        invoice = self._invoice(
            self.customer, 90.0, self.today - timedelta(days=1), name="Portal Tour Invoice"
        )
        self.customer.invalidate_recordset()
        self.start_tour(self._path(), "account_dunning_portal_tour")
        self.env.invalidate_all()
        promise = self._events(channel="promise")
        self.assertEqual(len(promise), 1)
        self.assertEqual(
            promise.promise_date, self.today + timedelta(days=self.level_1.promise_max_days)
        )
        self.assertTrue(invoice.dunning_promise_date)
        self.assertTrue(self.invoice.dunning_dispute, "the first invoice is disputed")
