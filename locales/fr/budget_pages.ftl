# Budgets: the public pages (list of years, a year, a chapter's lines).
budgets-page-title = Budgets — { $commune }
budgets-none = La commune n’a pas encore publié de budget.
budgets-year = Budget { $year }
budgets-compare = D’une année à l’autre
budgets-compare-chart = { $direction } prévues et exécutées, par exercice ; les chiffres sont dans le tableau qui suit.
budget-page-situation = Situation au { $date }, d’après : { $documents }.
budget-list-separator = { ", " }
budget-document-bp = budget primitif
budget-document-bs = budget supplémentaire
budget-document-dm = décision modificative
budget-document-ca = compte administratif
budget-document-legend = { $code } : { $name }.
budget-overview = Vue d’ensemble
budget-rates-explained = Exécuté : mandaté pour les dépenses, recouvré pour les recettes. Taux d’exécution : exécuté ÷ prévision définitive.
budget-rate-explained-depense = Taux : mandaté ÷ prévision définitive.
budget-rate-explained-recette = Taux : recouvré ÷ prévision définitive.
budget-by-section = Par section
budget-section-chart = { $direction } par section : prévision définitive et exécution ; les chiffres sont dans le tableau qui suit.
budget-no-lines = Aucune ligne.
budget-by-chapter = Par chapitre
budget-chapters-explained = Le libellé d’un chapitre est celui de sa première ligne. Choisissez un chapitre pour voir ses lignes.
budget-side-heading = { $kind ->
    [depense-investissement] Dépenses d’investissement
    [recette-fonctionnement] Recettes de fonctionnement
    [recette-investissement] Recettes d’investissement
   *[depense-fonctionnement] Dépenses de fonctionnement
}
budget-progress = Progression de l’exercice
budget-progress-chart = Dépenses mandatées et recettes recouvrées à chaque date de situation ; les chiffres sont dans le tableau qui suit.
budget-chart-planned = Prévu : { $amount }
budget-chart-mandated = Mandaté : { $amount }
budget-chart-collected = Recouvré : { $amount }
budget-chart-expenditure = Dépenses mandatées : { $amount }
budget-chart-revenue = Recettes recouvrées : { $amount }
budget-col-year = Exercice
budget-col-situation = Situation au
budget-col-section = Section
budget-col-chapter = Chapitre
budget-col-code = Code
budget-col-label = Libellé
budget-col-document = Document
budget-col-source = Source
budget-col-initial = Prévision initiale
budget-col-modifications = Modifications
budget-col-planned = Prévision définitive
budget-col-committed = Engagé
budget-col-executed = Exécuté
budget-col-executed-depense = Mandaté
budget-col-executed-recette = Recouvré
budget-col-issued-depense = Mandaté
budget-col-issued-recette = Émis
budget-col-settled-depense = Payé
budget-col-settled-recette = Recouvré
budget-col-rate = Taux d’exécution
budget-col-expenditure-planned = Dépenses prévues
budget-col-expenditure-executed = Dépenses mandatées
budget-col-revenue-planned = Recettes prévues
budget-col-revenue-executed = Recettes recouvrées
budget-not-known-mark = —
budget-not-known-legend = — : montant pas encore connu.
budget-data-json = Les chiffres de ce budget en JSON
budget-chapter-unknown = Ce chapitre ne figure pas dans ce budget ; voici le budget de l’exercice.
budget-chapter-title = Chapitre { $chapter } : { $kind ->
    [depense-investissement] dépenses d’investissement
    [recette-fonctionnement] recettes de fonctionnement
    [recette-investissement] recettes d’investissement
   *[depense-fonctionnement] dépenses de fonctionnement
}
budget-chapter-page-title = { $chapter } · { $budget }
budget-chapter-lines = { $count ->
    [one] Une ligne.
   *[other] { $count } lignes.
}
budget-chapter-rate = Taux d’exécution du chapitre : { $rate }.
budget-chapter-total = Total du chapitre
budget-back-to-year = Retour au budget { $year }
