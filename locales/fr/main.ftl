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
admin-login-too-many = Trop de tentatives échouées depuis votre connexion. Réessayez dans 15 minutes.
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
field-attachment = Document PDF, un ou plusieurs (facultatif, { $mb } Mo au plus chacun, { $max } par décision)
invalid-attachment = Le document doit être un fichier PDF de { $mb } Mo au plus.
invalid-attachments = Une décision a au plus { $max } documents joints.
invalid-attachments-total = Les documents envoyés ensemble doivent faire { $total } Mo au plus (chacun { $mb } Mo au plus) ; ajoutez les autres en modifiant la décision.
invalid-reference-taken = Une autre décision de la commune porte déjà cette référence.
error-conflict = Cette action n’est plus possible : la page a changé entre-temps. Rechargez-la.
admin-settings = Paramètres de la commune
admin-federation = Fédération
settings-name = Nom
settings-region = Région
settings-population = Population
settings-logo = Adresse du logo (URL)
settings-description = Présentation
settings-languages = Langues de publication (codes séparés par des virgules : { $known })
settings-saved = Paramètres enregistrés ; les abonnés recevront le profil à jour.
settings-invalid = Une valeur est invalide
fed-following = Comptes suivis
fed-accepted = accepté
fed-pending = en attente d’acceptation
fed-unfollow = Ne plus suivre
fed-follow-label = Suivre un compte (@nom@instance ou adresse) :
fed-follow-sent = Demande d’abonnement envoyée.
fed-unfollow-sent = Abonnement retiré.
fed-not-found = Ce compte est introuvable ou refusé par la configuration.
fed-failed = Action impossible
fed-blocked = Instances bloquées pour cette commune
fed-block-label = Bloquer une instance pour cette commune (nom d’hôte) :
fed-block-reason = Motif (facultatif)
fed-block = Bloquer
fed-unblock = Débloquer
fed-blocked-done = Instance bloquée.
fed-unblocked-done = Instance débloquée.
fed-blocked-node = Bloquées pour tout le nœud par son exploitant (lui seul peut les débloquer) :
fed-not-blocked-here = Cette commune n’a pas bloqué cette instance. Un blocage de tout le nœud ne peut être levé que par son exploitant.
fed-bad-host = Nom d’hôte invalide.
fed-health = Santé des envois
fed-host = Serveur
health-state = État
health-ok = en bonne santé
health-failing = en échec
health-dead = abandonné
health-pending = En attente
health-delivered = Livrés
health-failed = Échoués
health-refused = Refusés par le serveur
admin-edit = modifier
admin-edit-decision = Modifier la décision
admin-withdraw = Retirer la décision
admin-withdraw-explain = La décision ne sera plus publiée ; ses abonnés reçoivent le retrait.

## Decision form: Markdown help and preview
field-body-help = Mise en forme simple : **gras**, *italique*, listes commençant par « - », titres commençant par « ## », liens [texte](https://…).
admin-preview = Aperçu
admin-preview-empty = Le texte est vide.
admin-preview-file = L'aperçu ne garde pas le fichier PDF choisi : choisissez-le de nouveau avant de publier.

## Staff invitations
invite-title = Inviter un membre
invite-explain = Créez un lien d'invitation et envoyez-le à la personne (SMS, WhatsApp, courriel). Elle choisira elle-même son identifiant et son mot de passe.
invite-button = Créer un lien d'invitation
invite-created = Lien d'invitation créé. Copiez-le maintenant : il ne sera plus affiché.
invite-link = Lien d'invitation
invite-link-help = Ce lien sert une seule fois et expire dans { $days } jours.
invite-pending = Invitations en attente
invite-expires = expire le { $date }
invite-revoke = Annuler l'invitation
invite-revoked = Invitation annulée.
invite-gone = Ce lien d'invitation n'est plus valable (déjà utilisé, annulé ou expiré). Demandez un nouveau lien à l'administrateur de votre commune.
invite-welcome = Bienvenue
invite-welcome-explain = Vous êtes invité(e) à rejoindre l'équipe de { $commune } avec le rôle : { $role }. Choisissez votre identifiant et votre mot de passe.
invite-username-help = 2 à 40 caractères : lettres sans accents, chiffres, point, tiret.
invite-accept = Créer mon compte
admin-add-staff-explain = Ou créez directement un compte et communiquez le mot de passe à la personne.

## Settings: identity, logo, contact, legal information, time zone
settings-identity = Identité
settings-timezone = Fuseau horaire des dates
settings-timezone-default = Celui du pays ({ $zone })
settings-logo-title = Logo
settings-logo-current = Logo actuel
settings-logo-upload = Nouveau logo (PNG, JPEG, WebP ou GIF, 2 Mo au plus ; il sera réduit à 96 pixels)
settings-contact = Contact
settings-email = Adresse électronique
settings-phone = Téléphone
settings-address = Adresse de la mairie
settings-legal = Informations légales
settings-legal-help = Forme juridique, texte de création, responsable de la publication…
invalid-logo = Le logo doit être une image PNG, JPEG, WebP ou GIF de 2 Mo au plus.
invalid-contact_email = Indiquez une adresse électronique valide (nom@domaine.sn).
invalid-contact_phone = Indiquez un numéro de téléphone (chiffres, espaces, + - . ( )).
invalid-address = L'adresse est trop longue (300 caractères au plus).
invalid-legal_notice = Les informations légales sont trop longues (2000 caractères au plus).
invalid-timezone = Choisissez un fuseau horaire de la liste.
invalid-website = Indiquez une adresse web complète (https://…).
invalid-icon_url = Indiquez une adresse web complète (https://…) pour le logo.
invalid-name = Indiquez un nom (120 caractères au plus).
invalid-region = La région est trop longue (120 caractères au plus).
invalid-description = La présentation est trop longue (2000 caractères au plus).
invalid-languages = Indiquez des codes de langue connus, séparés par des virgules.
invalid-population = La population doit être un nombre entier positif.
commune-contact = Contact
commune-legal = Informations légales

## Amounts
field-amount = Montant engagé, en { $currency } (facultatif, chiffres seulement)
decision-amount = Montant
invalid-amount = Indiquez un montant entier, en chiffres (par exemple 12 500 000).

## One-time messages after a redirect
flash-published = Décision publiée. Elle part vers les abonnés de la commune.
flash-updated = Modifications enregistrées et envoyées aux abonnés.
flash-withdrawn = Décision retirée. Les abonnés en sont informés.
flash-signed-out = Vous êtes déconnecté(e).
flash-welcome = Votre compte est créé. Bienvenue dans l'espace du personnel.

## Disabling staff accounts
staff-state = Accès
staff-you = vous
staff-disabled = désactivé
staff-disable = Désactiver
staff-disable-label = Désactiver le compte { $name }
staff-disabled-done = Compte désactivé : la personne ne peut plus se connecter.
staff-disable-refused = Impossible : vous ne pouvez désactiver ni votre propre compte ni le dernier administrateur.

## Consultations
consultation-kind = Consultation
consultation-opens = S'ouvre le { $date }
consultation-open-until = Ouverte jusqu'au { $date }
consultation-closed = Close depuis le { $date }
consultation-results = Résultats
consultation-results-hidden = Les résultats seront publiés à la clôture.
consultation-option = Choix
consultation-fediverse = Fédivers
consultation-codes = Codes
consultation-paper = Papier
consultation-total = Total
consultation-voters = Votants : { $count }
consultation-per-thousand = soit { $rate } pour 1 000 habitants
consultation-chart = Résultats en barres
consultation-how-mastodon = Avec un compte Mastodon (ou un autre compte du fédivers) : suivez { $handle } et répondez au sondage.
consultation-vote-code = Voter avec un code
consultation-code = Code inscrit sur votre bulletin
consultation-choice-one = Votre choix (un seul)
consultation-choice-many = Vos choix (un ou plusieurs)
consultation-submit = Voter
consultation-voted = Votre vote est enregistré. Merci !
code-malformed = Ce code n'a pas la bonne forme : il compte 10 caractères, par exemple ACDEF-GH347.
code-unknown = Ce code n'existe pas. Vérifiez-le sur votre bulletin.
code-other = Ce code est valable pour une autre consultation.
code-used = Ce code a déjà servi : chaque code ne vaut qu'un vote.
code-not-open = La consultation n'est pas encore ouverte.
code-closed = La consultation est close : les votes ne sont plus reçus.
code-no-codes = Cette consultation ne se vote pas par code.
code-bad-choice = Choisissez une réponse (une seule si la consultation n'en permet qu'une).
code-too-many = Trop de codes erronés depuis cette connexion. Réessayez dans un quart d'heure.

## Consultations in the staff area
admin-consultations = Consultations
admin-consultation-new = Nouvelle consultation
admin-consultation-question = Question posée aux habitants
admin-consultation-description = Présentation (Markdown, facultatif)
admin-consultation-options = Réponses possibles, une par ligne (2 à 20, 50 caractères au plus)
admin-consultation-multiple = Plusieurs réponses permises
admin-consultation-opens = Ouverture (heure de la commune ; vide : tout de suite)
admin-consultation-closes = Clôture (heure de la commune)
admin-consultation-channels = Comment voter
admin-consultation-after-closing = Ne montrer les résultats qu'à la clôture
admin-consultation-create = Créer la consultation
admin-consultation-created = Consultation créée. Elle part vers les abonnés à son ouverture.
admin-consultation-scheduled = Programmée
admin-consultation-open = Ouverte
admin-consultation-closed = Close
admin-consultation-none = Aucune consultation pour l'instant.
admin-consultation-codes-used = { $used } codes utilisés sur { $issued }
admin-consultation-codes-count = Nombre de codes à imprimer
admin-consultation-codes-make = Créer les codes
admin-consultation-codes-sheet = Codes de vote
admin-consultation-codes-once = Ces codes ne sont montrés qu'une fois : imprimez-les ou téléchargez-les maintenant.
admin-consultation-codes-csv = Télécharger les codes (CSV)
admin-consultation-paper = Saisir les bulletins papier d'un bureau
admin-consultation-place = Bureau de vote
admin-consultation-note = Remarque (facultatif)
admin-consultation-paper-save = Enregistrer le décompte
admin-consultation-paper-saved = Décompte enregistré. Toute correction est gardée dans l'historique.
admin-consultation-invalid = La consultation n'est pas créée :
admin-consultation-edit = Modifier
admin-consultation-save = Enregistrer les modifications
admin-consultation-saved = Consultation modifiée. Les abonnés reçoivent la nouvelle version.
admin-consultation-not-saved = La consultation n'est pas modifiée :
admin-consultation-fixed = Cette consultation a déjà reçu des votes : la question et les réponses ne changent plus. Seules la présentation et une clôture plus tardive peuvent être modifiées.
admin-consultation-later = après le premier vote, la clôture ne peut qu'être repoussée.
admin-consultation-is-closed = Cette consultation est close : elle ne peut plus être modifiée.
invalid-consultation-title = indiquez un titre (200 caractères au plus).
invalid-consultation-question = indiquez la question (500 caractères au plus).
invalid-consultation-description = la présentation est trop longue.
invalid-consultation-options = donnez de 2 à 20 réponses différentes, de 50 caractères au plus.
invalid-consultation-opens_at = la date d'ouverture n'est pas valable.
invalid-consultation-closes_at = la clôture doit être après l'ouverture et dans le futur.
invalid-consultation-channels = choisissez au moins une façon de voter.
invalid-consultation-results = choix d'affichage des résultats inconnu.
invalid-consultation-language = langue inconnue.
invalid-count = Indiquez un nombre de codes entre 1 et 10 000.
invalid-counts = Les décomptes sont des nombres entiers, à partir de 0.
invalid-place = Indiquez le bureau de vote.
invalid-channels = Cette consultation ne se vote pas de cette façon.
admin-consultation-paper-log = Historique des décomptes papier
admin-consultation-before = Avant
admin-consultation-after = Après
admin-consultation-by = Saisi par

## Comments
comments-title = { $count ->
    [0] Commentaires
    [one] 1 commentaire
   *[other] { $count } commentaires
}
comments-none = Aucun commentaire pour l’instant. Pour commenter, répondez à cette publication depuis un compte Mastodon ou d’un autre serveur du fédivers.
comments-next = Commentaires suivants
comments-previous = Commentaires précédents
comment-edited = modifié
comment-by-commune = · réponse de la commune
admin-comments = Commentaires
admin-comments-unanswered = { $count ->
    [0] Aucun commentaire en attente de réponse
    [one] 1 commentaire en attente de réponse
   *[other] { $count } commentaires en attente de réponse
}
admin-comments-none = Rien pour l’instant.
admin-comments-answer-all = Voir et répondre aux commentaires
admin-comments-held = Commentaires retenus (nouveaux auteurs)
admin-comments-hidden = Commentaires masqués
admin-comment-in-thread = voir dans la discussion
admin-comment-answer-label = Réponse publique de la commune (l’auteur est mentionné et la reçoit dans ses notifications)
admin-comment-answer = Répondre au nom de la commune
admin-comment-reason = Motif
admin-comment-hide = Masquer
admin-comment-restore = Rétablir
admin-comment-approve = Approuver
admin-moderation-log = Journal de modération
admin-log-when = Quand
admin-log-who = Qui
admin-log-what = Quoi
admin-log-why = Pourquoi
admin-log-hide = Masqué
admin-log-restore = Rétabli
admin-log-approve = Approuvé
flash-answered = Réponse publiée. Elle part vers l’auteur du commentaire et les abonnés de la commune.
flash-moderated = Modération enregistrée dans le journal.
invalid-text = Écrivez une réponse en texte simple, sans HTML, et pas trop longue.
invalid-reason = Indiquez un motif (500 caractères au plus).
admin-reports = { $count ->
    [0] Aucun signalement à traiter
    [one] 1 signalement à traiter
   *[other] { $count } signalements à traiter
}
admin-report-from-server = Signalement venu du serveur de
admin-report-from-visitor = Signalement d’un visiteur du site
admin-report-target = Objet :
admin-report-resolve = Marquer comme traité
report-link = Signaler ce commentaire
report-title = Signaler un commentaire
report-back = retour à la discussion
report-reason = Pourquoi ce commentaire pose-t-il problème ? (les modérateurs de la commune liront votre message)
report-send = Envoyer le signalement
report-filed = Merci. Votre signalement a été transmis aux modérateurs de la commune.
report-too-many = Trop de signalements envoyés depuis votre connexion. Réessayez dans une heure.
invalid-report-reason = Expliquez en quelques mots ce qui pose problème.
admin-block-summary = Bloquer l’auteur ou son serveur
admin-block-actor = Bloquer { $handle }
admin-block-instance = Bloquer tout le serveur { $host }
admin-blocks = Comptes et serveurs bloqués
admin-blocks-help = La commune refuse leurs activités ; leurs abonnements ont été retirés et leurs commentaires masqués.
admin-log-comment = le commentaire
admin-log-block = Masqué par un blocage
admin-comments-settings = Réglages
admin-comments-hold = Retenir les commentaires des auteurs que la commune ne connaît pas encore, jusqu’à leur approbation par un modérateur

## Requests
requests-register = Registre des demandes
requests-register-intro = Toutes les demandes d’information, réclamations et suggestions reçues par la commune, avec leur délai légal et la réponse donnée. Le nom et les coordonnées des demandeurs ne sont jamais publiés.
requests-ask = Poser une question à la commune
requests-none = Aucune demande pour l’instant.
requests-form-intro = La commune doit vous répondre dans un délai de { $days } jours ({ $law }). Vous pouvez aussi poser votre question depuis Mastodon en mentionnant la commune.
requests-form-public = L’objet de votre demande et la réponse de la commune seront publics. Votre nom et vos coordonnées sont facultatifs et ne seront jamais publiés.
requests-send = Envoyer la demande
requests-too-many = Trop de demandes envoyées depuis votre connexion. Réessayez dans une heure.
requests-filed = Demande { $reference } enregistrée
requests-filed-due = La commune doit répondre au plus tard le { $date }.
requests-follow-up = Suivre votre demande
requests-follow-up-once = Gardez ce lien : il n’est affiché qu’une fois. Il vous permet de voir où en est votre demande et de lire la réponse.
requests-follow-up-private = Cette page est privée : seule la personne qui a le lien peut la voir.
request-reference = Référence
request-subject = Objet
request-body = Votre demande (facultatif)
request-name = Votre nom (facultatif, jamais publié)
request-contact = Téléphone ou e-mail (facultatif, jamais publié)
request-kind = Nature
request-status = État
request-received = Reçue le
request-due = À répondre avant le
request-answered = Réponse le
request-days = Jours
request-days-n = { $count ->
    [0] le jour même
    [one] 1 jour
   *[other] { $count } jours
}
request-extension = Prolongation
request-transferred-to = Transmise à
request-refusal = Motif du refus
request-the-answer = Réponse de la commune
request-kind-information = Demande d’information
request-kind-complaint = Réclamation
request-kind-suggestion = Suggestion
request-status-received = Reçue
request-status-acknowledged = Accusé de réception
request-status-extended = Délai prolongé
request-status-answered = Répondue
request-status-partially_answered = Partiellement répondue
request-status-refused = Refusée
request-status-transferred = Transmise
request-status-silence = Refusée (silence de la commune passé le délai légal)
refusal-national_security = Sécurité nationale ou défense
refusal-private_life = Protection de la vie privée
refusal-ongoing_proceedings = Procédure judiciaire ou administrative en cours
refusal-business_secret = Secret commercial ou industriel
refusal-not_held = Information non détenue par la commune
refusal-abusive = Demande manifestement abusive
invalid-request-subject = Indiquez l’objet de votre demande (200 caractères au plus, sans HTML).
invalid-request-body = Votre demande est trop longue ou contient du HTML.
invalid-request-name = Le nom est trop long ou contient du HTML.
invalid-request-contact = Les coordonnées sont trop longues ou contiennent du HTML.
admin-requests = Demandes des citoyens
admin-requests-open = { $count ->
    [0] Aucune demande en cours
    [one] 1 demande en cours
   *[other] { $count } demandes en cours
} { $overdue ->
    [0] {""}
   *[other] (dont { $overdue } en retard)
}
admin-request-overdue = en retard
admin-request-soon = bientôt dû
admin-request-who = Demandeur (jamais publié)
admin-request-anonymous = Anonyme
admin-request-answer-label = Réponse publique de la commune (publiée au registre ; envoyée au demandeur s’il a écrit depuis le fédivers)
admin-request-partial = Réponse partielle
admin-request-answer = Publier la réponse
admin-request-other-steps = Autres étapes
admin-request-acknowledge = Accuser réception
admin-request-extend-label = Motif de la prolongation (délai porté à { $days } jours, une seule fois)
admin-request-extend = Prolonger le délai
admin-request-transfer-label = Organisme compétent à qui transmettre
admin-request-transfer = Transmettre
admin-request-refuse = Refuser
admin-request-closed = Cette demande est déjà close.
flash-request-updated = Demande mise à jour.
invalid-to = Indiquez à qui la demande est transmise.
invalid-extension = La loi ne permet qu’une prolongation, et seulement si elle est prévue.
admin-request-transfer-by = Si la commune n’est pas compétente, la loi demande de transmettre la demande avant le { $date }.
