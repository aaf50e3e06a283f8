# Budgets: the public pages (list of years, a year, a chapter's lines).
budgets-page-title = Budgets — { $commune }
budgets-none = The commune has not published a budget yet.
budgets-year = Budget { $year }
budgets-compare = Year on year
budgets-compare-chart = { $direction } planned and executed, by year; the figures are in the table that follows.
budget-page-situation = As of { $date }, from: { $documents }.
budget-list-separator = { ", " }
budget-document-bp = initial budget
budget-document-bs = supplementary budget
budget-document-dm = budget amendment
budget-document-ca = administrative account
budget-document-legend = { $code }: { $name }.
budget-overview = Overview
budget-rates-explained = Executed: mandated for expenditure, collected for revenue. Execution rate: executed ÷ final forecast.
budget-rate-explained-depense = Rate: mandated ÷ final forecast.
budget-rate-explained-recette = Rate: collected ÷ final forecast.
budget-by-section = By section
budget-section-chart = { $direction } by section: final forecast and execution; the figures are in the table that follows.
budget-no-lines = No lines.
budget-by-chapter = By chapter
budget-chapters-explained = A chapter's label is that of its first line. Choose a chapter to see its lines.
budget-side-heading = { $kind ->
    [depense-investissement] Investment expenditure
    [recette-fonctionnement] Operating revenue
    [recette-investissement] Investment revenue
   *[depense-fonctionnement] Operating expenditure
}
budget-progress = Progress through the year
budget-progress-chart = Expenditure mandated and revenue collected at each reporting date; the figures are in the table that follows.
budget-chart-planned = Planned: { $amount }
budget-chart-mandated = Mandated: { $amount }
budget-chart-collected = Collected: { $amount }
budget-chart-expenditure = Expenditure mandated: { $amount }
budget-chart-revenue = Revenue collected: { $amount }
budget-col-year = Year
budget-col-situation = As of
budget-col-section = Section
budget-col-chapter = Chapter
budget-col-code = Code
budget-col-label = Label
budget-col-document = Document
budget-col-source = Source
budget-col-initial = Initial forecast
budget-col-modifications = Amendments
budget-col-planned = Final forecast
budget-col-committed = Committed
budget-col-executed = Executed
budget-col-executed-depense = Mandated
budget-col-executed-recette = Collected
budget-col-issued-depense = Mandated
budget-col-issued-recette = Issued
budget-col-settled-depense = Paid
budget-col-settled-recette = Collected
budget-col-rate = Execution rate
budget-col-expenditure-planned = Expenditure planned
budget-col-expenditure-executed = Expenditure mandated
budget-col-revenue-planned = Revenue planned
budget-col-revenue-executed = Revenue collected
budget-not-known-mark = —
budget-not-known-legend = —: amount not known yet.
budget-data-json = This budget's figures as JSON
budget-chapter-unknown = This chapter is not in this budget; here is the year's budget.
budget-chapter-title = Chapter { $chapter }: { $kind ->
    [depense-investissement] investment expenditure
    [recette-fonctionnement] operating revenue
    [recette-investissement] investment revenue
   *[depense-fonctionnement] operating expenditure
}
budget-chapter-page-title = { $chapter } · { $budget }
budget-chapter-lines = { $count ->
    [one] One line.
   *[other] { $count } lines.
}
budget-chapter-rate = Chapter execution rate: { $rate }.
budget-chapter-total = Chapter total
budget-back-to-year = Back to the { $year } budget
