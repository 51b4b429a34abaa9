"""The customer's collection page: tokenised link from reminders, or My Account."""

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, ValidationError
from odoo.http import request
from odoo.tools import format_date

from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.dunning_portal import MAX_FILE_SIZE, PortalRateLimitError, PortalReplayError

PAGE = "account_dunning.portal_collections_page"
MESSAGE = "account_dunning.portal_collections_message"


class DunningCollectionPortal(CustomerPortal):
    # ------------------------------------------------------------------ My Account
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "dunning_collection_count" in counters:
            partner = request.env.user.partner_id.commercial_partner_id
            values["dunning_collection_count"] = request.env[
                "dunning.portal.token"
            ]._portal_count_for_partner(partner)
        return values

    def _dunning_user_token(self, partner_id=None, company_id=None):
        """Token of the logged-in user's customer (server side, never shown), or empty."""
        Token = request.env["dunning.portal.token"].sudo()
        user = request.env.user
        if user._is_public():
            return Token
        partner = user.partner_id.commercial_partner_id
        if partner_id is not None and partner.id != partner_id:
            return Token
        companies = Token._portal_companies(partner)
        company = companies.filtered(lambda c: str(c.id) == str(company_id))[:1]
        if company_id and not company:
            return Token
        company = company or companies[:1]
        return Token._get_for_partner(partner, company) if company else Token

    @http.route("/my/collections", type="http", auth="user", methods=["GET"], website=True)
    def portal_my_collections(self, company_id=None, dispute=None, **kw):
        token = self._dunning_user_token(company_id=company_id)
        if not token or not token._portal_is_valid():
            return self._dunning_message(
                "nothing",
                request.env._("Nothing overdue"),
                request.env._("You have no overdue invoices. Thank you!"),
            )
        return self._dunning_page(token, None, dispute=dispute)

    # ------------------------------------------------------------------ tokenised page
    def _dunning_resolve(self, partner_id, access_token, company_id=None):
        """(token, valid) for the request, or NotFound (wrong token, other customer)."""
        if access_token:
            token = request.env["dunning.portal.token"]._find(partner_id, access_token)
        else:
            token = self._dunning_user_token(partner_id=partner_id, company_id=company_id)
        if not token:
            raise NotFound()
        return token, token._portal_is_valid()

    @http.route(
        "/my/collections/<int:partner_id>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def portal_collections(self, partner_id, access_token=None, company_id=None, **kw):
        token, valid = self._dunning_resolve(partner_id, access_token, company_id)
        if not valid:
            return self._dunning_expired()
        return self._dunning_page(token, access_token, dispute=kw.get("dispute"))

    def _dunning_back_url(self, token, access_token):
        if access_token:
            return f"/my/collections/{token.partner_id.id}?access_token={access_token}"
        return f"/my/collections?company_id={token.company_id.id}"

    def _dunning_page(self, token, access_token, dispute=None, error=None, status=200):
        values = self._prepare_portal_layout_values() if access_token is None else {}
        values.update(token._portal_page_values())
        nonce_promise, nonce_dispute, nonce_contact = token._portal_issue_nonces(3)
        try:
            dispute_move_id = int(dispute) if dispute else 0
        except ValueError:
            dispute_move_id = 0
        values.update(
            {
                "page_name": "dunning_collections",
                "access_token": access_token,
                "form_action": f"/my/collections/{token.partner_id.id}",
                "back_url": self._dunning_back_url(token, access_token),
                "nonce_promise": nonce_promise,
                "nonce_dispute": nonce_dispute,
                "nonce_contact": nonce_contact,
                "dispute_move_id": dispute_move_id,
                "error": error,
                "no_breadcrumbs": bool(access_token),
                "max_file_mb": MAX_FILE_SIZE // (1024 * 1024),
            }
        )
        return request.render(PAGE, values, status=status)

    def _dunning_message(self, kind, title, message, back_url=None, status=200):
        values = {
            "page_name": "dunning_collections",
            "message_kind": kind,
            "title": title,
            "message": message,
            "back_url": back_url,
            "no_breadcrumbs": request.env.user._is_public(),
        }
        return request.render(MESSAGE, values, status=status)

    def _dunning_expired(self):
        return self._dunning_message(
            "expired",
            request.env._("This link has expired"),
            request.env._(
                "This page is no longer available: either your invoices are settled, or the "
                "link is too old. Please use the link of our latest email or contact us."
            ),
            status=410,
        )

    # ------------------------------------------------------------------ answers
    def _dunning_answer(self, partner_id, method, vals, kw, thanks):
        access_token = kw.get("access_token") or None
        token, valid = self._dunning_resolve(partner_id, access_token, kw.get("company_id"))
        if not valid:
            return self._dunning_expired()
        back_url = self._dunning_back_url(token, access_token)
        vals["nonce"] = kw.get("nonce")
        try:
            event = getattr(token, method)(vals)
        except AccessError as error:
            raise NotFound() from error
        except PortalReplayError:
            return self._dunning_message(
                "replay",
                request.env._("Already received"),
                request.env._(
                    "We already received this answer. To tell us something else, please use "
                    "the page again."
                ),
                back_url=back_url,
                status=409,
            )
        except PortalRateLimitError:
            return self._dunning_message(
                "rate_limited",
                request.env._("Please try again later"),
                request.env._(
                    "We received many answers through this link in the last hour. Please try "
                    "again in a while, or contact us directly."
                ),
                back_url=back_url,
                status=429,
            )
        except ValidationError as error:
            return self._dunning_page(
                token, access_token, dispute=vals.get("move_id"), error=str(error), status=400
            )
        return self._dunning_message("thanks", request.env._("Thank you"), thanks(event), back_url)

    @http.route(
        "/my/collections/<int:partner_id>/promise",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=True,
        website=True,
    )
    def portal_collections_promise(self, partner_id, **kw):
        vals = {
            "move_ids": request.httprequest.form.getlist("move_ids"),
            "promise_date": kw.get("promise_date"),
            "amount": kw.get("amount"),
            "comment": kw.get("comment"),
        }

        def thanks(event):
            return request.env._(
                "Your payment promise for %(date)s is recorded. We will not send you reminders "
                "for these invoices until then.",
                date=format_date(request.env, event.promise_date),
            )

        return self._dunning_answer(partner_id, "_portal_promise", vals, kw, thanks)

    @http.route(
        "/my/collections/<int:partner_id>/dispute",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=True,
        website=True,
    )
    def portal_collections_dispute(self, partner_id, **kw):
        vals = {
            "move_id": kw.get("move_id"),
            "reason": kw.get("reason"),
            "comment": kw.get("comment"),
        }
        upload = request.httprequest.files.get("attachment")
        if upload and upload.filename:
            vals["attachment"] = {
                "name": upload.filename,
                "content": upload.read(MAX_FILE_SIZE + 1),
            }

        def thanks(event):
            return request.env._(
                "Your dispute about %(invoice)s is recorded: %(collector)s will look into it "
                "and get back to you. We will not send you reminders for this invoice meanwhile.",
                invoice=event.move_ids[:1].name,
                collector=event.user_id.name,
            )

        return self._dunning_answer(partner_id, "_portal_dispute", vals, kw, thanks)

    @http.route(
        "/my/collections/<int:partner_id>/contact",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=True,
        website=True,
    )
    def portal_collections_contact(self, partner_id, **kw):
        vals = {
            "request": kw.get("request"),
            "email": kw.get("email"),
            "comment": kw.get("comment"),
        }

        def thanks(event):
            return request.env._(
                "Your request is recorded: %(collector)s will take care of it.",
                collector=event.user_id.name,
            )

        return self._dunning_answer(partner_id, "_portal_contact", vals, kw, thanks)
