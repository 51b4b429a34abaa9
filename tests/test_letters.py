import re
import shutil
import subprocess
import tempfile
from datetime import timedelta

from lxml import html as lxml_html

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import DunningCommon

LETTER_REPORT = "account_dunning.action_report_dunning_letter"
STATEMENT_REPORT = "account_dunning.action_report_dunning_statement"
MENTION = "Registered letter with acknowledgment of receipt"
MENTION_FR = "Lettre recommandée avec accusé de réception"
HASHTAG = re.compile(r"(?<![\w&#])#[a-z][a-z0-9_]*\b")


@tagged("post_install", "-at_install")
class TestLetters(DunningCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._use_fixed_penalties()
        cls.company.partner_id.city = "Lyon"
        cls.DUE = cls.TODAY - timedelta(days=40)
        cls.LEVEL_2_DAY = cls.TODAY + timedelta(days=7)

    # ------------------------------------------------------------------ helpers
    def _registered_letter(self, name="Registered Customer", amount=1000.0, **partner_vals):
        """A customer 40 days late: level 1 today, level 2 (registered letter) a week later."""
        customer = self._customer(
            name, street="12 Rue de la Paix", zip="75002", city="Paris", **partner_vals
        )
        invoice = self._invoice(customer, amount, self.DUE)
        self._run(customer, self.TODAY)
        self.assertEqual(customer.dunning_level_id, self.level_1)
        self.assertFalse(self._events(customer, channel="registered_letter"))
        self._run(customer, self.LEVEL_2_DAY)
        self.assertEqual(customer.dunning_level_id, self.level_2)
        letter = self._events(customer, channel="registered_letter")
        self.assertEqual(len(letter), 1)
        self.assertEqual(letter.state, "todo")
        return customer, invoice, letter

    def _html(self, records, report=LETTER_REPORT):
        content, report_type = self.env["ir.actions.report"]._render_qweb_html(report, records.ids)
        self.assertEqual(report_type, "html")
        return content.decode() if isinstance(content, bytes) else str(content)

    def _statement_row(self, html, number):
        """Cells of the statement row of invoice ``number``."""
        root = lxml_html.fromstring(html)
        for row in root.xpath("//div[hasclass('o_dunning_statement')]//tbody/tr"):
            cells = [" ".join(td.text_content().split()) for td in row.xpath("./td")]
            if cells and cells[0] == number:
                return cells
        self.fail(f"{number} is not in the statement")

    def _text(self, html):
        """Visible text of a rendered report, whitespace collapsed."""
        root = lxml_html.fromstring(html)
        for node in root.xpath("//style|//script|//head"):
            node.getparent().remove(node)
        return " ".join(root.text_content().split())

    # ------------------------------------------------------------------ content
    def test_registered_letter_content(self):
        customer, invoice, letter = self._registered_letter()
        letter.tracking_number = "1A 123 456 7890 1"
        penalty = self._events(customer, channel="penalty").penalty_move_id
        self.assertTrue(penalty, "level 2 invoices late-payment penalties")

        html = self._html(letter)
        text = self._text(html)
        self.assertIn(MENTION, text)
        self.assertIn("Tracking number: 1A 123 456 7890 1", text)
        self.assertIn(invoice.name, text)
        # 47 days late at the letter date (due 40 days before TODAY, letter a week after)
        row = self._statement_row(html, invoice.name)
        self.assertEqual(row[1:4], ["01/29/2026", "01/29/2026", "47"])
        self.assertEqual(row[5], invoice.currency_id.format(1000.0).replace("\xa0", " "))
        self.assertIn("Statement of overdue invoices", text)
        # the rendered subject of level 2 and its body, without any hashtag left
        self.assertIn("immediate payment required", text)
        self.assertIn("Despite our reminder", text)
        self.assertIn(customer.name, text)
        self.assertFalse(HASHTAG.findall(text), "no hashtag left unrendered")
        # penalties claimed and the legal mention
        self.assertIn("Late-payment penalties claimed:", text)
        self.assertIn(penalty.name, text)
        self.assertIn("annual rate of 12.15%", text)
        self.assertIn("fixed compensation for recovery costs of", text)
        self.assertIn(self.env.company.currency_id.format(40.0).replace("\xa0", " "), text)
        # recipient in the window-envelope slot, sender block, place and date, signature
        root = lxml_html.fromstring(html)
        address = " ".join(root.xpath("//div[@name='address']")[0].text_content().split())
        self.assertIn(customer.name, address)
        self.assertIn("12 Rue de la Paix", address)
        self.assertIn("Paris", address)
        sender = " ".join(root.xpath("//div[@name='information_block']")[0].text_content().split())
        self.assertIn("Sender:", sender)
        self.assertIn(self.env.company.name, sender)
        self.assertIn("Lyon, 03/17/2026", text)
        signature = root.xpath("//div[hasclass('o_dunning_signature')]")[0].text_content()
        self.assertIn("Colin Collector", signature)
        self.assertIn(self.env.company.name, signature)
        # one letter, as a document the PDF split can find: one article of this event
        articles = root.xpath("//div[hasclass('article')]")
        self.assertEqual(len(articles), 1)
        self.assertEqual(articles[0].get("data-oe-model"), "dunning.event")
        self.assertEqual(int(articles[0].get("data-oe-id")), letter.id)
        self.assertIn("Firm reminder", articles[0].xpath(".//h2")[0].text_content())
        self.assertNotIn("Formal notice", text)

    def test_letter_content(self):
        """A plain letter (no email address): no registered-letter mention, same statement."""
        customer = self._customer("Paper Only", email=False, city="Nantes")
        invoice = self._invoice(customer, 250.0, self.TODAY - timedelta(days=3))
        self._run(customer, self.TODAY)
        letter = self._events(customer, channel="letter")
        self.assertEqual(letter.state, "todo")
        html = self._html(letter)
        text = self._text(html)
        self.assertNotIn(MENTION, text)
        self.assertNotIn("Sender:", text)
        self.assertIn("payment reminder", text)
        self.assertIn("Friendly reminder", text)
        self.assertIn(invoice.name, text)
        self.assertEqual(self._statement_row(html, invoice.name)[3], "3")
        self.assertIn("Colin Collector", text)
        self.assertFalse(HASHTAG.findall(text))

    def test_letter_body_preferred(self):
        customer = self._customer("Letter Body")
        self._invoice(customer, 100.0, self.TODAY - timedelta(days=3))
        self.level_1.letter_body = "<p>Printed text for #customer: #overdue_amount.</p>"
        letter = self.env["dunning.event"].create(
            {
                "partner_id": customer.id,
                "level_id": self.level_1.id,
                "channel": "letter",
                "date": self.TODAY,
                "move_ids": [Command.set(customer.invoice_ids.ids)],
            }
        )
        text = self._text(self._html(letter))
        self.assertIn("Printed text for Letter Body:", text)
        self.assertNotIn("Unless we are mistaken", text)

    def test_formal_notice(self):
        customer, invoice, _letter = self._registered_letter("Notice Customer")
        notice = self.env["dunning.event"].create(
            {
                "partner_id": customer.id,
                "level_id": self.level_3.id,
                "channel": "registered_letter",
                "date": self.TODAY + timedelta(days=31),
                "move_ids": [Command.set(invoice.ids)],
                "tracking_number": "RR-31",
            }
        )
        html = self._html(notice)
        title = lxml_html.fromstring(html).xpath("//div[hasclass('article')]//h2")[0]
        self.assertEqual(title.text_content().strip(), "Formal notice")
        text = self._text(html)
        self.assertIn(MENTION, text)
        self.assertIn("RR-31", text)
        self.assertIn("formal notice to pay", text)
        self.assertEqual(self._statement_row(html, invoice.name)[3], "71")

    def test_french_letter(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        customer, invoice, letter = self._registered_letter("Client Français", lang="fr_FR")
        letter.tracking_number = "1A-FR-42"
        text = self._text(self._html(letter))
        self.assertIn(MENTION_FR, text)
        self.assertNotIn(MENTION, text)
        self.assertIn("N° de recommandé : 1A-FR-42", text)
        self.assertIn("Relevé des factures échues", text)
        self.assertIn("Lyon, le 17/03/2026", text)
        self.assertIn(invoice.name, text)
        self.assertIn("indemnité forfaitaire pour frais de recouvrement", text)
        notice = letter.copy({"level_id": self.level_3.id, "date": self.TODAY + timedelta(days=31)})
        title = lxml_html.fromstring(self._html(notice)).xpath("//div[hasclass('article')]//h2")[0]
        self.assertEqual(title.text_content().strip(), "Mise en demeure")

    def test_multi_print_one_letter_per_customer(self):
        _c1, invoice_1, letter_1 = self._registered_letter("First Customer")
        _c2, invoice_2, letter_2 = self._registered_letter("Second Customer", amount=500.0)
        html = self._html(letter_1 | letter_2)
        root = lxml_html.fromstring(html)
        articles = root.xpath("//div[hasclass('article')]")
        self.assertEqual(
            sorted(int(a.get("data-oe-id")) for a in articles), sorted((letter_1 | letter_2).ids)
        )
        by_id = {int(a.get("data-oe-id")): a.text_content() for a in articles}
        self.assertIn(invoice_1.name, by_id[letter_1.id])
        self.assertNotIn(invoice_2.name, by_id[letter_1.id])
        self.assertIn(invoice_2.name, by_id[letter_2.id])

    # ------------------------------------------------------------------ printing workflow
    def test_print_letters_workflow(self):
        customer_1, invoice_1, letter_1 = self._registered_letter("Print One")
        customer_2, _invoice_2, letter_2 = self._registered_letter("Print Two")
        letter_1.tracking_number = "TRACK-001"
        email = self._events(customer_1, channel="email")
        letters = letter_1 | letter_2
        action = (letters | email).action_print_letters()

        self.assertEqual(action["type"], "ir.actions.act_url")
        download = self.env["ir.attachment"].browse(
            int(re.search(r"/web/content/(\d+)\?download=true", action["url"]).group(1))
        )
        self.assertTrue(download.exists())
        combined = download.raw.decode()
        self.assertIn("TRACK-001", combined)
        self.assertIn(invoice_1.name, combined)
        self.assertIn("Print Two", combined)

        self.assertEqual(set(letters.mapped("state")), {"done"})
        for letter, customer in ((letter_1, customer_1), (letter_2, customer_2)):
            attachment = letter.attachment_id
            self.assertTrue(attachment)
            self.assertEqual(
                (attachment.res_model, attachment.res_id), ("dunning.event", letter.id)
            )
            self.assertIn(customer.name, attachment.raw.decode())
            message = customer.message_ids.filtered(lambda m, a=attachment: a in m.attachment_ids)
            self.assertEqual(len(message), 1)
            self.assertIn("Collection letter printed", message.body)
        self.assertIn("TRACK-001", letter_1.attachment_id.raw.decode())
        self.assertNotIn("TRACK-001", letter_2.attachment_id.raw.decode())

        # printed letters are not printed again
        with self.assertRaises(UserError):
            letters.action_print_letters()

    def test_print_as_collections_user(self):
        customer, invoice, letter = self._registered_letter("User Prints")
        user = new_test_user(
            self.env, login="letter_printer", groups="account_dunning.group_dunning_user"
        )
        letter.with_user(user).tracking_number = "USER-1"
        action = letter.with_user(user).action_print_letters()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertEqual(letter.state, "done")
        self.assertIn(invoice.name, letter.attachment_id.raw.decode())
        self.assertIn(letter.attachment_id, customer.message_ids.attachment_ids)

    def test_print_needs_letters(self):
        customer, _invoice, _letter = self._registered_letter("Nothing To Print")
        with self.assertRaises(UserError):
            self._events(customer, channel="email").action_print_letters()

    def test_real_pdf(self):
        if not shutil.which("pdftotext"):
            self.skipTest("pdftotext (poppler-utils) is not installed")
        _c1, invoice_1, letter_1 = self._registered_letter("Pdf Customer One")
        _c2, invoice_2, letter_2 = self._registered_letter("Pdf Customer Two")
        letter_1.tracking_number = "PDF-TRACK-1"
        letter_2.tracking_number = "PDF-TRACK-2"
        letters = (letter_1 | letter_2).with_context(force_report_rendering=True)
        action = letters.action_print_letters()
        download = self.env["ir.attachment"].browse(int(re.search(r"(\d+)", action["url"])[1]))
        self.assertTrue(download.raw.startswith(b"%PDF"))
        self.assertEqual(download.mimetype, "application/pdf")
        text = self._pdf_text(download.raw)
        self.assertIn(MENTION.upper(), text.upper())
        for number in ("PDF-TRACK-1", "PDF-TRACK-2", invoice_1.name, invoice_2.name):
            self.assertIn(number, text)
        # each letter is filed as its own PDF
        for letter, own, other in (
            (letter_1, "PDF-TRACK-1", "PDF-TRACK-2"),
            (letter_2, "PDF-TRACK-2", "PDF-TRACK-1"),
        ):
            self.assertEqual(letter.state, "done")
            raw = letter.attachment_id.raw
            self.assertTrue(raw.startswith(b"%PDF"))
            own_text = self._pdf_text(raw)
            self.assertIn(own, own_text)
            self.assertNotIn(other, own_text)

    def _pdf_text(self, content):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
            pdf.write(content)
            pdf.flush()
            result = subprocess.run(
                ["pdftotext", "-layout", pdf.name, "-"],
                capture_output=True,
                check=True,
                timeout=60,
            )
        return " ".join(result.stdout.decode().split())

    # ------------------------------------------------------------------ views and statement
    def test_letters_to_print_list_is_editable(self):
        action = self.env.ref("account_dunning.action_dunning_event_to_print")
        list_view = self.env.ref("account_dunning.dunning_event_view_list_to_print")
        self.assertEqual(
            action.view_ids.filtered(lambda v: v.view_mode == "list").view_id, list_view
        )
        arch = self.env["dunning.event"].get_view(list_view.id, "list")["arch"]
        self.assertIn('editable="bottom"', arch)
        self.assertIn("tracking_number", arch)
        self.assertIn("action_print_letters", arch)

    def test_customer_statement(self):
        customer = self._customer("Statement Customer")
        overdue = self._invoice(customer, 300.0, self.TODAY - timedelta(days=12))
        not_due = self._invoice(customer, 200.0, self.TODAY + timedelta(days=20))
        paid = self._invoice(customer, 50.0, self.TODAY - timedelta(days=5))
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=paid.ids
        ).create({})._create_payments()
        text = self._text(self._html(customer, report=STATEMENT_REPORT))
        self.assertIn("Customer Statement", text)
        self.assertIn(overdue.name, text)
        self.assertIn(not_due.name, text)
        self.assertNotIn(paid.name, text)
        self.assertIn("Total due", text)
