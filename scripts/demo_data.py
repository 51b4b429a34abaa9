"""Realistic demo data for account_dunning, run inside `odoo-bin shell`.

Customers at every level of the standard scenario, a disputed invoice, a promise,
a held customer with a quotation; the collection history is replayed day by day so
that levels were climbed in order, as in real life.
"""

from datetime import timedelta

from odoo import fields
from odoo.fields import Command

env = env  # noqa: F821 - provided by odoo-bin shell
if env["res.partner"].search_count([("ref", "=like", "DUNDEMO-%")]):
    print("demo data already loaded")
else:
    today = fields.Date.context_today(env["res.partner"])
    company = env.company
    product = env["product.product"].create(
        {"name": "Consulting day", "list_price": 800.0, "type": "service"}
    )
    plans = [
        ("Courtesy Corp", [2]),  # due in 2 days: pre-dunning
        ("Friendly Foods", [-3]),  # level 1
        ("Firm Fabrics", [-12, -9]),  # level 2, held
        ("Repeat Retail", [-20]),  # level 2 repeated
        ("Notice Networks", [-40]),  # formal notice (manual)
        ("Litigation Logistics", [-75]),  # litigation
        ("Disputed Devices", [-15]),  # disputed invoice
        ("Promise Partners", [-10]),  # promised to pay
        ("Punctual Paper", [10]),  # not due
    ]
    customers = env["res.partner"]
    invoices = {}
    for index, (name, dues) in enumerate(plans, start=1):
        customer = env["res.partner"].create(
            {
                "name": name,
                "is_company": True,
                "ref": f"DUNDEMO-{index}",
                "email": f"accounts@{name.split()[0].lower()}.example.com",
                "street": f"{index} Demo Street",
                "city": "Brussels",
                "zip": "1000",
                "user_id": env.ref("base.user_admin").id,
            }
        )
        customers |= customer
        for offset in dues:
            due = today + timedelta(days=offset)
            move = env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": customer.id,
                    "invoice_date": due - timedelta(days=30),
                    "invoice_date_due": due,
                    "invoice_line_ids": [
                        Command.create(
                            {"product_id": product.id, "quantity": 2 + index % 3, "tax_ids": []}
                        )
                    ],
                }
            )
            move.invoice_date_due = due
            move.action_post()
            invoices.setdefault(name, []).append(move)
    invoices["Disputed Devices"][0].write(
        {"dunning_dispute": True, "dunning_dispute_reason": "Goods damaged on delivery"}
    )
    env["dunning.event"].create(
        {
            "partner_id": customers.filtered(lambda p: p.name == "Disputed Devices").id,
            "channel": "dispute",
            "state": "todo",
            "note": "Goods damaged on delivery",
            "move_ids": [Command.set([invoices["Disputed Devices"][0].id])],
        }
    )
    # replay the daily run over the last 80 days
    for offset in range(-80, 1):
        day = today + timedelta(days=offset)
        if offset == -5:
            promised = invoices["Promise Partners"][0]
            promised.dunning_promise_date = today + timedelta(days=5)
            env["dunning.event"].create(
                {
                    "partner_id": promised.commercial_partner_id.id,
                    "channel": "promise",
                    "state": "done",
                    "date": day,
                    "reason": "will_pay",
                    "promise_date": promised.dunning_promise_date,
                    "promise_state": "open",
                    "move_ids": [Command.set(promised.ids)],
                }
            )
        customers._dunning_process(date=day)
    held = customers.filtered("credit_hold")[:1]
    if held:
        env["sale.order"].create(
            {
                "partner_id": held.id,
                "order_line": [Command.create({"product_id": product.id, "product_uom_qty": 3})],
            }
        )
    env.cr.commit()
    print(f"demo data loaded: {len(customers)} customers, {len(held)} held with a quotation")
