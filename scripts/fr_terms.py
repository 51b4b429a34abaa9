"""French translations maintained by hand; `scripts/update_po.sh` merges them into i18n/fr.po."""

FR = {
    "#company: file handed over to litigation": "#company : dossier transmis au contentieux",
    "#company: formal notice to pay": "#company : mise en demeure de payer",
    "#company: immediate payment required (#overdue_amount)": "#company : paiement immédiat exigé (#overdue_amount)",
    "#company: invoices due soon": "#company : factures arrivant à échéance",
    "#company: payment reminder (#overdue_amount overdue)": "#company : rappel de paiement (#overdue_amount échus)",
    "As #customer has not paid #overdue_amount despite our formal notice, the file is handed "
    "over to our collection agency / legal department.": "#customer n'ayant pas réglé #overdue_amount malgré notre mise en demeure, le dossier "
    "est transmis à notre société de recouvrement / service juridique.",
    "As a courtesy, we remind you that the following invoices of #customer are due in the "
    "coming days:": "Nous nous permettons de vous rappeler que les factures suivantes de #customer "
    "arrivent à échéance dans les prochains jours :",
    "Courtesy reminder": "Rappel de courtoisie",
    "Dear #contact,": "Bonjour #contact,",
    "Dear Sir or Madam,": "Madame, Monsieur,",
    "Despite our previous reminders, #customer still owes us #overdue_amount:": "Malgré nos précédentes relances, #customer nous doit toujours #overdue_amount :",
    "Despite our reminder, the following invoices of #customer remain unpaid, #days_late days "
    "after the oldest due date (#oldest_due_date):": "Malgré notre relance, les factures suivantes de #customer restent impayées, "
    "#days_late jours après la plus ancienne échéance (#oldest_due_date) :",
    "Firm reminder": "Relance ferme",
    "Formal notice": "Mise en demeure",
    "Friendly reminder": "Relance amicale",
    "If payment is already on its way, please disregard this message.": "Si votre règlement est déjà en cours, merci de ne pas tenir compte de ce message.",
    "It may be an oversight (a lost payment, an absence): we would be grateful if you could "
    "settle them, or tell us if anything prevents it. #portal_link": "Il s'agit peut-être d'un oubli (règlement égaré, absence) : nous vous serions "
    "reconnaissants de bien vouloir les régler, ou de nous indiquer ce qui s'y oppose. "
    "#portal_link",
    "Kind regards,<br>#collector<br>#company": "Cordialement,<br>#collector<br>#company",
    "Litigation": "Contentieux",
    "Standard B2B": "Standard B2B",
    "Unless we are mistaken, the following invoices of #customer are still unpaid "
    "(#overdue_amount in total):": "Sauf erreur de notre part, les factures suivantes de #customer restent impayées "
    "(#overdue_amount au total) :",
    "We ask you to pay #overdue_amount immediately. Late-payment penalties (#penalty_amount) "
    "apply, and we will deliver your next orders upon receipt of your payment.": "Nous vous demandons de régler immédiatement #overdue_amount. Des pénalités de retard "
    "(#penalty_amount) s'appliquent, et nous livrerons vos prochaines commandes à "
    "réception de votre règlement.",
    "We hereby give you formal notice to pay this amount, increased by the late-payment "
    "penalties and the fixed recovery compensation (#penalty_amount), within eight days of "
    "this letter. Failing this, we will hand the file over to our collection agency without "
    "further notice.": "Par la présente, nous vous mettons en demeure de régler cette somme, majorée des "
    "pénalités de retard et de l'indemnité forfaitaire pour frais de recouvrement "
    "(#penalty_amount), sous huit jours à compter de la présente. À défaut, nous "
    "transmettrons le dossier à notre société de recouvrement sans autre avis.",
    "Despite our reminder, #customer has not paid the invoices listed below, #days_late days after the oldest due date (#oldest_due_date). We require immediate payment of #overdue_amount.": "Malgré notre relance, #customer n'a pas réglé les factures ci-dessous, #days_late jours après la plus ancienne échéance (#oldest_due_date). Nous exigeons le paiement immédiat de #overdue_amount.",
    "Late-payment penalties and the fixed recovery compensation are due by law from the day after each due date. Until payment, we will deliver your orders only upon receipt of your payment.": "Les pénalités de retard et l'indemnité forfaitaire pour frais de recouvrement sont dues de plein droit dès le lendemain de chaque échéance. Jusqu'au paiement, nous ne livrerons vos commandes qu'à réception de votre règlement.",
    "Despite our previous reminders, #customer still owes us #overdue_amount, as detailed below.": "Malgré nos précédentes relances, #customer nous doit toujours #overdue_amount, selon le détail ci-dessous.",
    "We hereby give you formal notice to pay this amount, increased by the late-payment penalties and the fixed recovery compensation, within eight days of receipt of this letter. Failing this, we will hand the file over to our collection agency or take legal action without further notice.": "Par la présente, nous vous mettons en demeure de régler cette somme, majorée des pénalités de retard et de l'indemnité forfaitaire pour frais de recouvrement, sous huit jours à compter de la réception de la présente. À défaut, nous transmettrons le dossier à notre société de recouvrement ou engagerons une action en justice sans autre avis.",
    # interface
    "Collections": "Recouvrement",
    "Follow-ups": "Relances",
    "Recovery Scenarios": "Scénarios de relance",
    "Recovery Scenario": "Scénario de relance",
    "Collection History": "Historique de recouvrement",
    "Letters to Print": "Lettres à imprimer",
    "Credit Hold": "Blocage de compte",
    "Confirm Anyway": "Confirmer quand même",
    "Invoice": "Facture",
    "Date": "Date",
    "Due Date": "Échéance",
    "Days Late": "Jours de retard",
    "Amount Due": "Montant dû",
    "Registered letter with acknowledgment of receipt": "Lettre recommandée avec accusé de réception",
}
