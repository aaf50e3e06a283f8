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
