# Budgets: the published summary, CSV import errors, public pages.
budgets-title = Budgets
budget-title = Budget { $year } — { $commune }
budget-summary-situation = Situation au { $date }.
budget-summary-expenditure = Dépenses : { $executed } mandatés sur { $planned } prévus ({ $rate }).
budget-summary-revenue = Recettes : { $executed } recouvrés sur { $planned } prévus ({ $rate }).
budget-summary-largest = Principales dépenses : { $items }.
budget-rate-not-applicable = non applicable
budget-rate-unknown = non connu
budget-direction-depense = Dépenses
budget-direction-recette = Recettes
budget-section-fonctionnement = Fonctionnement
budget-section-investissement = Investissement
budget-csv-errors = { $count ->
    [one] Le fichier contient une erreur ; rien n’a été enregistré.
   *[other] Le fichier contient { $count } erreurs ; rien n’a été enregistré.
}
budget-csv-too-large = Le fichier est trop volumineux (10 Mo au plus).
budget-csv-encoding = Le fichier n’est ni en UTF-8 ni en Windows-1252 : enregistrez-le depuis le tableur au format « CSV (point-virgule) » ou « CSV UTF-8 ».
budget-csv-empty = Le fichier est vide : il faut au moins la ligne d’en-tête.
budget-csv-missing-column = Cette colonne manque dans la ligne d’en-tête.
budget-csv-column-order = Les colonnes ne sont pas celles du modèle, dans son ordre : exercice;document;section;sens;chapitre;article;paragraphe;libelle;source;prevision_initiale;modifications;prevision_definitive;engage;emis_mandate;recouvre_paye.
budget-csv-field-count = La ligne a { $found } cellules au lieu de { $expected }.
budget-csv-required = Cette cellule doit être remplie.
budget-csv-not-an-amount = Ce n’est pas un montant (chiffres, espaces ou points entre les milliers).
budget-csv-not-whole = Les montants sont en unités entières, sans centimes.
budget-csv-negative = Ce montant ne peut pas être négatif (seules les modifications le peuvent).
budget-csv-mismatch = La prévision définitive doit être égale à la prévision initiale plus les modifications, soit { $expected }.
budget-csv-document = Document inconnu : BP, BS, DM ou CA.
budget-csv-section = Section inconnue : fonctionnement ou investissement.
budget-csv-direction = Sens inconnu : recette ou depense.
budget-csv-year = L’exercice doit être une année (par exemple 2026).
budget-csv-other-year = Un fichier contient un seul exercice ; les lignes précédentes sont de { $year }.
budget-csv-duplicate = Cette ligne (même document, sens et codes) figure déjà à la ligne { $first }.
budget-csv-formula = Une cellule ne peut pas commencer par =, +, - ou @ (formule de tableur).
budget-csv-too-long = Texte trop long ({ $max } caractères au plus).
budget-csv-control = La cellule contient un caractère de contrôle.
budget-csv-no-lines = Le fichier ne contient aucune ligne de budget.
budget-csv-too-many-errors = Trop d’erreurs : la lecture s’est arrêtée. Vérifiez que c’est bien le modèle de budget.
