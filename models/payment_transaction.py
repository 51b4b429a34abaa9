from odoo import models


class PaymentTransaction(models.Model):
    _inherit = "payment.transaction"

    def _check_amount_and_confirm_order(self):
        """A paid quotation of a held customer stays a quotation (and people are told)."""
        held_txs = self.filtered(
            lambda tx: any(
                so.partner_id.commercial_partner_id.credit_hold for so in tx.sale_order_ids
            )
        )
        held_txs.sale_order_ids.filtered(
            lambda so: so.state in ("draft", "sent")
        )._dunning_block_online()
        return super(PaymentTransaction, self - held_txs)._check_amount_and_confirm_order()
