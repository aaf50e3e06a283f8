# The action plan's pages: the public plan and a commitment's page, and the staff's forms.
commitment-page-title = Plan d’action — { $commune }
commitment-page-intro = Les engagements de la commune dans son plan d’action pour un gouvernement ouvert (OGP Local) : pour chacun, le problème qu’il traite, qui le pilote, sa période et l’avancement de ses jalons.
commitment-page-none = La commune n’a encore publié aucun engagement.
commitment-page-overall = { $count ->
    [one] { $count } engagement
   *[other] { $count } engagements
} · { $done } { $done ->
    [one] jalon réalisé
   *[other] jalons réalisés
} sur { $total } · { $late } en retard
commitment-page-status = État : { $status }
commitment-page-lead = Pilote : { $lead }
commitment-page-period = Du { $start } au { $end }
commitment-page-scale = Échelle d’avancement de l’OGP
commitment-page-status-label = État
commitment-page-period-label = Période
commitment-page-lead-label = Pilote
commitment-page-partners-label = Partenaires
commitment-page-progress-label = Avancement
commitment-page-progress = { $total ->
    [0] Aucun jalon défini
   *[other] { $done } { $done ->
        [one] jalon réalisé
       *[other] jalons réalisés
    } sur { $total }
}
commitment-page-late-count = { $count ->
    [0] aucun jalon en retard
    [one] { $count } jalon en retard
   *[other] { $count } jalons en retard
}
commitment-page-problem = Problème traité
commitment-page-description = Description
commitment-page-milestones = Jalons
commitment-page-no-milestones = Aucun jalon n’est défini pour cet engagement.
commitment-page-col-milestone = Jalon
commitment-page-col-due = Échéance
commitment-page-col-done = Réalisation
commitment-page-evidence-link = Voir la preuve
commitment-page-late = En retard
commitment-page-done-late = Réalisé en retard
commitment-page-not-done = pas encore
commitment-page-notes = Notes d’avancement
commitment-page-no-notes = Aucune note d’avancement pour l’instant.
commitment-page-note-by = Par { $author }
commitment-page-back = Tout le plan d’action

# The staff area.
commitment-admin-new-link = Nouvel engagement
commitment-admin-public-link = Page publique
commitment-admin-none = Aucun engagement pour l’instant.
commitment-admin-new-title = Nouvel engagement
commitment-admin-edit-title = Modifier l’engagement
commitment-admin-field-title = Titre de l’engagement
commitment-admin-field-problem = Problème public traité
commitment-admin-field-description = Description
commitment-admin-field-lead = Pilote (service ou personne responsable)
commitment-admin-field-partners = Partenaires (associations, services de l’État, bailleurs…)
commitment-admin-field-starts_on = Date de début
commitment-admin-field-ends_on = Date de fin
commitment-admin-field-status = État (échelle de l’OGP)
commitment-admin-milestones = Jalons
commitment-admin-milestones-help = Chaque jalon a un intitulé et une échéance comprise dans la période de l’engagement. Laissez vides les lignes inutiles ; pour ajouter d’autres jalons, enregistrez : de nouvelles lignes vides apparaissent.
commitment-admin-milestone-title = Jalon { $n } : intitulé
commitment-admin-milestone-due = Jalon { $n } : échéance
commitment-admin-milestone-kept = Réalisé le { $date } : la date de réalisation et la preuve sont conservées.
commitment-admin-create = Créer l’engagement
commitment-admin-save = Enregistrer les modifications
commitment-admin-status-title = Changer l’état
commitment-admin-status-new = Nouvel état
commitment-admin-status-save = Enregistrer l’état
commitment-admin-due = Échéance : { $date }
commitment-admin-done = Réalisé le { $date }
commitment-admin-done-on = Date de réalisation
commitment-admin-evidence = Lien vers la preuve (rapport, photo, délibération ; facultatif)
commitment-admin-mark-done = Marquer comme réalisé
commitment-admin-correct-done = Corriger la réalisation
commitment-admin-note-date = Date de la note
commitment-admin-note-text = Note d’avancement
commitment-admin-note-author = Signée par (facultatif)
commitment-admin-note-add = Ajouter la note

# Refused fields of the staff's forms.
commitment-error-summary = Rien n’a été enregistré : corrigez les champs signalés.
commitment-error-title-empty = Indiquez le titre de l’engagement.
commitment-error-milestone-title-empty = Indiquez l’intitulé de ce jalon, ou videz aussi son échéance.
commitment-error-note-empty = Écrivez le texte de la note.
commitment-error-required = Ce champ est obligatoire.
commitment-error-too-long = { $max } caractères au plus.
commitment-error-too-many = { $max } jalons au plus.
commitment-error-date = Indiquez une date valide (AAAA-MM-JJ).
commitment-error-end-before-start = La date de fin ne peut pas précéder la date de début.
commitment-error-due-outside = L’échéance doit tomber dans la période de l’engagement, du { $start } au { $end }.
commitment-error-due-outside-period = L’échéance doit tomber dans la période de l’engagement.
commitment-error-done-before-start = La date de réalisation ne peut pas précéder le début de l’engagement.
commitment-error-evidence = Indiquez une adresse web complète, commençant par http:// ou https://.
commitment-error-status = Choisissez un état de l’échelle de l’OGP.
commitment-error-other = Cette valeur n’est pas acceptée.
