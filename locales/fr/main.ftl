site-name = Palabre
site-tagline = La commune publie ce qu’elle décide, les citoyens suivent et participent.
nav-home = Accueil
nav-decisions = Décisions
footer-software = Propulsé par Palabre, logiciel libre (AGPL-3.0)
language = Langue
skip-to-content = Aller au contenu

home-title = Communes publiées sur ce nœud
home-empty = Aucune commune n’est encore publiée sur ce nœud.
home-followers = { $count ->
    [0] aucun abonné
    [one] { $count } abonné
   *[other] { $count } abonnés
}
home-latest = Dernière publication : { $date }
home-no-activity = Pas encore de publication

commune-population = Population : { $count } habitants
commune-website = Site web
commune-latest = Dernières décisions
commune-all-decisions = Toutes les décisions
commune-feed = Flux Atom
follow-title = Suivre depuis Mastodon ou le fédivers
follow-handle = Recherchez cette adresse dans votre application :
follow-remote-label = Ou saisissez votre adresse (@vous@instance) :
follow-remote-button = Suivre
follow-remote-invalid = Adresse invalide : écrivez-la sous la forme @nom@instance.exemple

decisions-title = Décisions de { $commune }
decisions-filter = Filtrer
decisions-search = Rechercher
decisions-year = Année
decisions-kind = Type
decisions-theme = Thème
decisions-status = Statut
decisions-any = Tous
decisions-none = Aucune décision ne correspond.
decisions-count = { $count ->
    [one] { $count } décision
   *[other] { $count } décisions
}
page-of = Page { $page } sur { $pages }
page-previous = Page précédente
page-next = Page suivante

decision-session = Séance du { $date }
decision-published = Publiée le { $date }
decision-updated = Mise à jour le { $date }
decision-votes = Votes
vote-yes = Pour
vote-no = Contre
vote-abstain = Abstentions
vote-absent = Absents
decision-attachments = Documents
attachment-size = PDF, { $size }
decision-permalink = Lien permanent
decision-withdrawn = Cette décision a été retirée.
decision-themes = Thèmes
content-language = Texte publié en { $language }

error-not-found = Page introuvable.
error-bad-request = Requête invalide.
error-server = Une erreur est survenue. Réessayez plus tard.
error-page-beyond = Cette page n’existe pas : la liste compte { $pages } page(s).
error-back-home = Retour à l’accueil

lang-fr = français
lang-pt = portugais
lang-en = anglais
lang-wo = wolof
lang-ff = pulaar
lang-ha = haoussa
lang-dje = zarma
error-unknown-language = Langue inconnue
admin-title = Espace du personnel
admin-login = Connexion
admin-username = Identifiant
admin-password = Mot de passe
admin-login-button = Se connecter
admin-login-wrong = Identifiant ou mot de passe incorrect.
admin-login-too-many = Trop de tentatives. Réessayez dans 15 minutes.
admin-logout = Se déconnecter
admin-form-expired = Ce formulaire a expiré ou ne vient pas de ce site. Rechargez la page et recommencez.
admin-session-missing = Votre session a expiré. Connectez-vous à nouveau.
admin-forbidden = Votre compte ne permet pas cette action.
admin-signed-in = Connecté en tant que { $name } ({ $role })
admin-new-decision = Publier une décision
admin-staff = Personnel
admin-change-password = Changer de mot de passe
admin-current-password = Mot de passe actuel
admin-new-password = Nouveau mot de passe (10 caractères au moins)
admin-password-changed = Mot de passe changé. Connectez-vous avec le nouveau.
admin-save = Enregistrer
admin-publish = Publier
admin-add-staff = Ajouter un membre
admin-role = Rôle
role-admin = administrateur
role-editor = éditeur
role-moderator = modérateur
admin-staff-added = Compte créé.
field-reference = Référence
field-kind = Type
field-title = Titre
field-summary = Résumé
field-body = Texte (Markdown)
field-session-date = Date de la séance
field-status = Statut
field-themes = Thèmes (séparés par des virgules)
field-language = Langue du texte
form-errors = Le formulaire contient des erreurs : corrigez les champs signalés.
invalid-reference = Indiquez une référence (64 caractères au plus).
invalid-kind = Choisissez un type.
invalid-title = Indiquez un titre (200 caractères au plus).
invalid-summary = Indiquez un résumé (1000 caractères au plus).
invalid-body = Le texte est trop long.
invalid-session_date = Indiquez une date au format AAAA-MM-JJ.
invalid-status = Choisissez un statut.
invalid-votes = Les votes sont des nombres entiers positifs.
invalid-themes = Au plus 20 thèmes de 60 caractères.
invalid-language = Choisissez une langue.
invalid-username = De 2 à 40 lettres, chiffres, « . », « - » ou « _ ».
invalid-password = Le mot de passe doit compter 10 caractères au moins.
invalid-role = Choisissez un rôle.
invalid-taken = Cet identifiant est déjà pris.
field-attachment = Document PDF (facultatif, { $mb } Mo au plus)
invalid-attachment = Le document doit être un fichier PDF de { $mb } Mo au plus.
