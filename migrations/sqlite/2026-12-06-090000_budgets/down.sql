DROP TABLE budget_lines;
DROP TABLE budget_reports;
DROP TABLE budgets;
