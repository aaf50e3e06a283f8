-- A commune's budget per fiscal year. Each import is a report with its situation date (the
-- date its execution figures are as of), kept so that the year's progress can be shown; a
-- re-import at the same date replaces that report's lines. The latest report is the budget.
CREATE TABLE budgets (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    commune_id INTEGER NOT NULL REFERENCES communes (id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    published_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (commune_id, year)
);

CREATE TABLE budget_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    budget_id INTEGER NOT NULL REFERENCES budgets (id) ON DELETE CASCADE,
    situation_on DATE NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    UNIQUE (budget_id, situation_on)
);

-- Codes and labels are the commune's data (its country's nomenclature), never a list in code.
-- Amounts are whole units of the commune's currency; NULL is "not known yet", not zero.
CREATE TABLE budget_lines (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    report_id INTEGER NOT NULL REFERENCES budget_reports (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    document TEXT NOT NULL,
    section TEXT NOT NULL,
    direction TEXT NOT NULL,
    chapter TEXT NOT NULL,
    article TEXT NOT NULL,
    paragraph TEXT NOT NULL,
    label TEXT NOT NULL,
    source TEXT NOT NULL,
    initial BIGINT,
    modifications BIGINT,
    final_forecast BIGINT,
    committed BIGINT,
    issued BIGINT,
    settled BIGINT,
    UNIQUE (report_id, document, direction, chapter, article, paragraph)
);
CREATE INDEX budget_lines_report ON budget_lines (report_id, position);
