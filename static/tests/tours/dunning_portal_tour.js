import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("account_dunning_portal_tour", {
    steps: () => [
        {
            trigger: "h3:contains(Portal Late Customer)",
            content: "The customer's page is open",
        },
        {
            trigger: ".o_dunning_invoice_row .o_dunning_pay",
            content: "The overdue invoice is listed with a Pay now button",
        },
        {
            trigger: ".o_dunning_invoice_row .o_dunning_download",
            content: "The invoice PDF can be downloaded",
        },
        {
            trigger: "#dunning_promise_date",
            content: "Promise to pay on the last allowed day",
            run() {
                this.anchor.value = this.anchor.getAttribute("max");
            },
        },
        {
            trigger: "#dunning_promise_comment",
            content: "Explain the promise",
            run: "edit Payment scheduled with our bank",
        },
        {
            trigger: ".o_dunning_promise_submit",
            content: "Send the promise",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_dunning_message_thanks:contains(Thank you)",
            content: "The confirmation page is shown",
        },
        {
            trigger: ".o_dunning_back",
            content: "Back to the invoices",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_dunning_invoice_row .badge:contains(Payment promised)",
            content: "The invoice shows the promise",
        },
        {
            trigger: "#dunning_dispute_reason",
            content: "Choose a dispute reason",
            run: "select amount",
        },
        {
            trigger: "#dunning_dispute_comment",
            content: "Describe the dispute",
            run: "edit The unit price is not the one of our order",
        },
        {
            trigger: ".o_dunning_dispute_submit",
            content: "Send the dispute",
            run: "click",
            expectUnloadPage: true,
        },
        {
            trigger: ".o_dunning_message_thanks:contains(dispute)",
            content: "The dispute is confirmed",
        },
    ],
});
