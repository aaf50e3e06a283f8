# Budgets: the published summary, CSV import errors, public pages.
budgets-title = Budgets
budget-title = Budget { $year } — { $commune }
budget-summary-situation = As of { $date }.
budget-summary-expenditure = Expenditure: { $executed } mandated of { $planned } planned ({ $rate }).
budget-summary-revenue = Revenue: { $executed } collected of { $planned } planned ({ $rate }).
budget-summary-largest = Largest expenditure items: { $items }.
budget-rate-not-applicable = not applicable
budget-rate-unknown = not known
budget-direction-depense = Expenditure
budget-direction-recette = Revenue
budget-section-fonctionnement = Operating
budget-section-investissement = Investment
budget-csv-errors = { $count ->
    [one] The file has one error; nothing was stored.
   *[other] The file has { $count } errors; nothing was stored.
}
budget-csv-too-large = The file is too large (10 MB at most).
budget-csv-encoding = The file is neither UTF-8 nor Windows-1252: save it from the spreadsheet as "CSV (semicolon delimited)" or "CSV UTF-8".
budget-csv-empty = The file is empty: it needs at least the header line.
budget-csv-missing-column = This column is missing from the header line.
budget-csv-column-order = The columns are not the template's, in its order: exercice;document;section;sens;chapitre;article;paragraphe;libelle;source;prevision_initiale;modifications;prevision_definitive;engage;emis_mandate;recouvre_paye.
budget-csv-field-count = The line has { $found } cells instead of { $expected }.
budget-csv-required = This cell must be filled in.
budget-csv-not-an-amount = This is not an amount (digits, with spaces or dots between thousands).
budget-csv-not-whole = Amounts are whole units, without cents.
budget-csv-negative = This amount cannot be negative (only modifications can).
budget-csv-mismatch = The final forecast must equal the initial forecast plus the modifications, that is { $expected }.
budget-csv-document = Unknown document: BP, BS, DM or CA.
budget-csv-section = Unknown section: fonctionnement or investissement.
budget-csv-direction = Unknown direction: recette or depense.
budget-csv-year = The fiscal year must be a year (for example 2026).
budget-csv-other-year = A file holds one fiscal year; the lines before are of { $year }.
budget-csv-duplicate = This line (same document, direction and codes) is already on line { $first }.
budget-csv-formula = A cell cannot begin with =, +, - or @ (a spreadsheet formula).
budget-csv-too-long = Text too long ({ $max } characters at most).
budget-csv-control = The cell holds a control character.
budget-csv-no-lines = The file holds no budget line.
budget-csv-too-many-errors = Too many errors: reading stopped. Check that this is the budget template.
