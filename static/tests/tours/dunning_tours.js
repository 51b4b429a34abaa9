import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("account_dunning_menu_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            trigger: ".o_app[data-menu-xmlid='account.menu_finance']",
            content: "Open Invoicing",
            run: "click",
        },
        {
            trigger: '.dropdown-toggle[data-menu-xmlid="account.menu_finance_receivables"]',
            content: "Open the Customers menu",
            run: "click",
        },
        {
            trigger: '.dropdown-item[data-menu-xmlid="account_dunning.menu_dunning_followup"]',
            content: "Open the collection follow-ups",
            run: "click",
        },
        {
            trigger: ".o_breadcrumb:contains(Follow-ups)",
            content: "The worklist is shown",
        },
        {
            trigger: ".o_data_row:contains(Tour Late Customer)",
            content: "The late customer is in the worklist",
        },
    ],
});

registry.category("web_tour.tours").add("account_dunning_edit_level_tour", {
    url: "/odoo/action-account_dunning.action_dunning_level",
    steps: () => [
        {
            trigger: ".o_data_row td[name=name]:contains(Firm reminder)",
            content: "Open the firm reminder level",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=repeat_days] input",
            content: "Repeat every 5 days",
            run: "edit 5",
        },
        {
            trigger: ".o_field_widget[name=email_subject] input",
            content: "Edit the subject with hashtags",
            run: "edit #company: pay #overdue_amount now",
        },
        ...stepUtils.saveForm(),
    ],
});

registry.category("web_tour.tours").add("account_dunning_hold_banner_tour", {
    steps: () => [
        {
            trigger: ".o_dunning_hold_banner:contains(Customer on credit hold)",
            content: "The quotation of a held customer shows the hold",
        },
        {
            trigger: ".o_dunning_hold_banner:contains(Unpaid since January)",
            content: "with its reason",
        },
        {
            trigger: ".o_statusbar_buttons button[name=action_confirm]",
            content: "Try to confirm",
            run: "click",
        },
        {
            trigger: ".modal:contains(is on credit hold)",
            content: "The confirmation is refused with the overdue amount",
        },
    ],
});

registry.category("web_tour.tours").add("account_dunning_log_call_tour", {
    steps: () => [
        {
            trigger: ".o_data_row td[name=name]:contains(Tour Late Customer)",
            content: "Open the late customer from the worklist",
            run: "click",
        },
        {
            trigger: ".o_notebook .nav-link:contains(Invoicing)",
            content: "Go to the Invoicing tab",
            run: "click",
        },
        {
            trigger: "button[name=action_dunning_log_call]",
            content: "Log a call",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=history_html]:contains(Email)",
            content: "The last exchanges are shown",
        },
        {
            trigger: ".modal .o_field_widget[name=reason] input",
            content: "Choose the reason",
            run: "click",
        },
        {
            trigger: ".o_select_menu_item:contains(Invoice not received)",
            content: "The customer says the invoice was not received",
            run: "click",
        },
        {
            trigger: ".modal .o_field_widget[name=note] textarea",
            content: "Write what was said",
            run: "edit Will check with their accountant",
        },
        {
            trigger: ".modal button[name=action_confirm]",
            content: "Log it",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
            content: "The wizard is closed",
        },
    ],
});
