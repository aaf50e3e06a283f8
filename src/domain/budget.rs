//! A commune's budget for a fiscal year, as its documents state it (DESIGN §4): lines in the
//! UEMOA layout — section, direction, chapter/article/paragraph codes and labels, source of
//! funds — with amounts per stage, and the execution rates computed from them. Codes and labels
//! are data from the commune's file, never enumerated here. No I/O; the CSV form is in
//! `budget_csv`.

use super::Invalid;
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::BTreeMap;

/// A commune's budget for a year, with its execution reports (oldest first). The latest report
/// states the budget; the earlier ones show the year's progress.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    pub id: i32,
    pub commune_id: i32,
    pub year: i32,
    pub published_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub reports: Vec<Report>,
}

impl Budget {
    pub fn latest(&self) -> Option<&Report> {
        self.reports.last()
    }
}

/// One import: the lines as of a situation date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub id: i32,
    pub situation_on: NaiveDate,
    pub imported_at: NaiveDateTime,
}

/// A stored line, with the id the staff's correction form names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLine {
    pub id: i32,
    pub line: Line,
}

/// The budget documents a commune produces in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Document {
    /// Budget primitif: the initial budget voted before the year.
    Primitive,
    /// Budget supplémentaire: carries over the previous year's result.
    Supplementary,
    /// Décision modificative: an amendment during the year.
    Amendment,
    /// Compte administratif: the mayor's closing account of the year.
    Closing,
}

impl Document {
    pub const ALL: [Document; 4] = [
        Document::Primitive,
        Document::Supplementary,
        Document::Amendment,
        Document::Closing,
    ];

    /// The code in the template and in exports.
    pub fn code(self) -> &'static str {
        match self {
            Document::Primitive => "BP",
            Document::Supplementary => "BS",
            Document::Amendment => "DM",
            Document::Closing => "CA",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Document::ALL
            .into_iter()
            .find(|d| d.code().eq_ignore_ascii_case(s))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    Operating,
    Investment,
}

impl Section {
    pub const ALL: [Section; 2] = [Section::Operating, Section::Investment];

    /// The word of the template and of exports.
    pub fn code(self) -> &'static str {
        match self {
            Section::Operating => "fonctionnement",
            Section::Investment => "investissement",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = super::search::fold(s.trim());
        Section::ALL.into_iter().find(|d| d.code() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Direction {
    Revenue,
    Expenditure,
}

impl Direction {
    pub const ALL: [Direction; 2] = [Direction::Revenue, Direction::Expenditure];

    /// The word of the template and of exports (`dépense` is read as `depense`).
    pub fn code(self) -> &'static str {
        match self {
            Direction::Revenue => "recette",
            Direction::Expenditure => "depense",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        let s = super::search::fold(s.trim());
        Direction::ALL.into_iter().find(|d| d.code() == s)
    }
}

/// Amounts of a line per stage, in whole units of the commune's currency; `None` is "not yet
/// known", which is not zero.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Amounts {
    pub initial: Option<i64>,
    pub modifications: Option<i64>,
    pub final_forecast: Option<i64>,
    pub committed: Option<i64>,
    /// Émis (revenue: titles issued) or mandaté (expenditure: payment orders).
    pub issued: Option<i64>,
    /// Recouvré (revenue collected) or payé (expenditure paid).
    pub settled: Option<i64>,
}

impl Amounts {
    /// The final forecast: as given, or the initial forecast plus the modifications when
    /// either is known.
    pub fn final_forecast(&self) -> Option<i64> {
        self.final_forecast
            .or_else(|| match (self.initial, self.modifications) {
                (None, None) => None,
                (a, b) => Some(a.unwrap_or(0) + b.unwrap_or(0)),
            })
    }

    /// What DESIGN §4 counts as executed: mandated for expenditure, collected for revenue.
    pub fn executed(&self, direction: Direction) -> Option<i64> {
        match direction {
            Direction::Expenditure => self.issued,
            Direction::Revenue => self.settled,
        }
    }

    /// Checks the rules a line's amounts obey: none negative but the modifications, and the
    /// final forecast equal to initial + modifications when all three are given. The field
    /// names are the template's columns.
    pub fn check(&self) -> Result<(), Invalid> {
        for (field, v) in [
            ("prevision_initiale", self.initial),
            ("prevision_definitive", self.final_forecast),
            ("engage", self.committed),
            ("emis_mandate", self.issued),
            ("recouvre_paye", self.settled),
        ] {
            if v.is_some_and(|v| v < 0) {
                return Err(Invalid::new(field, "negative"));
            }
        }
        if let (Some(i), Some(m), Some(f)) = (self.initial, self.modifications, self.final_forecast)
        {
            if i.checked_add(m) != Some(f) {
                return Err(Invalid::new("prevision_definitive", "mismatch"));
            }
        }
        Ok(())
    }
}

/// Where a line sits in the nomenclature; with the document and the direction, the key that a
/// year's budget holds once.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Codes {
    pub chapter: String,
    pub article: String,
    pub paragraph: String,
}

/// Longest code accepted (official codes have a few digits; some communes add letters).
pub const MAX_CODE: usize = 20;
/// Longest label and source accepted.
pub const MAX_LABEL: usize = 300;
pub const MAX_SOURCE: usize = 100;

impl Codes {
    /// The most precise code given, for display.
    pub fn most_precise(&self) -> &str {
        [&self.paragraph, &self.article, &self.chapter]
            .into_iter()
            .find(|c| !c.is_empty())
            .map_or("", |c| c.as_str())
    }
}

/// One line of a budget document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub document: Document,
    pub section: Section,
    pub direction: Direction,
    pub codes: Codes,
    pub label: String,
    pub source: String,
    pub amounts: Amounts,
}

/// A share executed, or why there is none. A rate over a base of zero is not applicable, never
/// a division by zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rate {
    /// `executed ÷ base`, with `base > 0`.
    Ratio { executed: i64, base: i64 },
    /// The base is zero.
    NotApplicable,
    /// The base or the executed amount is not known yet.
    Unknown,
}

impl Rate {
    pub fn of(executed: Option<i64>, base: Option<i64>) -> Rate {
        match (executed, base) {
            (_, Some(0)) => Rate::NotApplicable,
            (Some(executed), Some(base)) if base > 0 => Rate::Ratio { executed, base },
            _ => Rate::Unknown,
        }
    }

    /// The rate as a fraction (1.0 = 100 %), when there is one.
    pub fn value(self) -> Option<f64> {
        match self {
            Rate::Ratio { executed, base } => Some(executed as f64 / base as f64),
            _ => None,
        }
    }

    /// The rate rounded to a tenth of a percent, for pages and summaries.
    pub fn per_mille(self) -> Option<i64> {
        match self {
            Rate::Ratio { executed, base } => {
                Some(((executed as i128 * 2000 + base as i128) / (base as i128 * 2)) as i64)
            }
            _ => None,
        }
    }
}

/// Sums of amounts per stage over some lines: a stage is known when at least one line gives it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub lines: usize,
    pub initial: Option<i64>,
    pub modifications: Option<i64>,
    pub final_forecast: Option<i64>,
    pub committed: Option<i64>,
    pub issued: Option<i64>,
    pub settled: Option<i64>,
}

fn add(sum: &mut Option<i64>, v: Option<i64>) {
    if let Some(v) = v {
        *sum = Some(sum.unwrap_or(0).saturating_add(v));
    }
}

impl Totals {
    pub fn add(&mut self, a: &Amounts) {
        self.lines += 1;
        add(&mut self.initial, a.initial);
        add(&mut self.modifications, a.modifications);
        add(&mut self.final_forecast, a.final_forecast());
        add(&mut self.committed, a.committed);
        add(&mut self.issued, a.issued);
        add(&mut self.settled, a.settled);
    }

    pub fn executed(&self, direction: Direction) -> Option<i64> {
        match direction {
            Direction::Expenditure => self.issued,
            Direction::Revenue => self.settled,
        }
    }

    pub fn rate(&self, direction: Direction) -> Rate {
        Rate::of(self.executed(direction), self.final_forecast)
    }
}

/// The lines that state the year: the closing account's alone when the year has one (it
/// restates every stage), otherwise the initial budget with its supplements and amendments.
pub fn reference_lines(lines: &[Line]) -> impl Iterator<Item = &Line> {
    let closed = lines.iter().any(|l| l.document == Document::Closing);
    lines
        .iter()
        .filter(move |l| (l.document == Document::Closing) == closed)
}

/// One chapter of a direction and section, with its totals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chapter {
    pub code: String,
    /// The label of the chapter's first line, for want of the official nomenclature's.
    pub first_label: String,
    pub totals: Totals,
}

/// A direction's figures: overall, per section and per chapter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Side {
    pub direction: Direction,
    pub totals: Totals,
    pub sections: Vec<(Section, Totals)>,
    pub chapters: Vec<(Section, Chapter)>,
}

impl Side {
    pub fn rate(&self) -> Rate {
        self.totals.rate(self.direction)
    }
}

/// The figures of a year: revenue and expenditure, from the reference lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub revenue: Side,
    pub expenditure: Side,
}

impl Summary {
    pub fn of(lines: &[Line]) -> Summary {
        let side = |direction: Direction| {
            let mut totals = Totals::default();
            let mut sections: BTreeMap<Section, Totals> = BTreeMap::new();
            let mut chapters: BTreeMap<(Section, String), Chapter> = BTreeMap::new();
            for l in reference_lines(lines).filter(|l| l.direction == direction) {
                totals.add(&l.amounts);
                sections.entry(l.section).or_default().add(&l.amounts);
                chapters
                    .entry((l.section, l.codes.chapter.clone()))
                    .or_insert_with(|| Chapter {
                        code: l.codes.chapter.clone(),
                        first_label: l.label.clone(),
                        totals: Totals::default(),
                    })
                    .totals
                    .add(&l.amounts);
            }
            Side {
                direction,
                totals,
                sections: sections.into_iter().collect(),
                chapters: chapters.into_iter().map(|((s, _), c)| (s, c)).collect(),
            }
        };
        Summary {
            revenue: side(Direction::Revenue),
            expenditure: side(Direction::Expenditure),
        }
    }

    pub fn side(&self, direction: Direction) -> &Side {
        match direction {
            Direction::Revenue => &self.revenue,
            Direction::Expenditure => &self.expenditure,
        }
    }

    /// The `n` reference lines of a direction with the largest final forecast, largest first
    /// (ties in file order).
    pub fn largest(lines: &[Line], direction: Direction, n: usize) -> Vec<&Line> {
        let mut v: Vec<&Line> = reference_lines(lines)
            .filter(|l| l.direction == direction && l.amounts.final_forecast().is_some())
            .collect();
        v.sort_by_key(|l| std::cmp::Reverse(l.amounts.final_forecast().unwrap_or(0)));
        v.truncate(n);
        v
    }
}

/// Checks a line's text fields (used by the CSV reader and the staff's line form). Returns the
/// name of the template column at fault.
pub fn check_text(column: &'static str, value: &str, max: usize) -> Result<String, Invalid> {
    let v = value.trim();
    if v.chars().count() > max {
        return Err(Invalid::new(column, "too_long"));
    }
    if starts_like_formula(v) {
        return Err(Invalid::new(column, "formula"));
    }
    if v.chars().any(|c| c.is_control()) {
        return Err(Invalid::new(column, "control"));
    }
    Ok(v.to_string())
}

/// Whether a spreadsheet would read the cell as a formula (OWASP's CSV injection list).
pub fn starts_like_formula(s: &str) -> bool {
    matches!(s.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(doc: Document, dir: Direction, ch: &str, a: Amounts) -> Line {
        Line {
            document: doc,
            section: Section::Operating,
            direction: dir,
            codes: Codes {
                chapter: ch.into(),
                article: String::new(),
                paragraph: String::new(),
            },
            label: format!("L{ch}"),
            source: String::new(),
            amounts: a,
        }
    }

    #[test]
    fn rates_over_zero_or_unknown_bases_are_not_numbers() {
        assert_eq!(Rate::of(Some(5), Some(0)), Rate::NotApplicable);
        assert_eq!(Rate::of(None, Some(0)), Rate::NotApplicable);
        assert_eq!(Rate::of(None, Some(10)), Rate::Unknown);
        assert_eq!(Rate::of(Some(1), None), Rate::Unknown);
        assert_eq!(Rate::of(Some(1), Some(3)).per_mille(), Some(333));
        assert_eq!(Rate::of(Some(2), Some(3)).per_mille(), Some(667));
        assert_eq!(Rate::of(Some(1), Some(2000)).per_mille(), Some(1));
    }

    #[test]
    fn amendments_add_to_the_initial_budget_until_a_closing_account_restates_it() {
        let bp = Amounts {
            initial: Some(1000),
            modifications: None,
            final_forecast: Some(1000),
            issued: Some(400),
            ..Default::default()
        };
        let dm = Amounts {
            modifications: Some(-200),
            ..Default::default()
        };
        let mut lines = vec![
            line(Document::Primitive, Direction::Expenditure, "60", bp),
            line(Document::Amendment, Direction::Expenditure, "60", dm),
        ];
        let s = Summary::of(&lines);
        assert_eq!(s.expenditure.totals.final_forecast, Some(800));
        assert_eq!(
            s.expenditure.rate(),
            Rate::Ratio {
                executed: 400,
                base: 800
            }
        );
        assert_eq!(s.revenue.rate(), Rate::Unknown);
        lines.push(line(
            Document::Closing,
            Direction::Expenditure,
            "60",
            Amounts {
                final_forecast: Some(900),
                issued: Some(900),
                ..Default::default()
            },
        ));
        let s = Summary::of(&lines);
        assert_eq!(s.expenditure.totals.lines, 1);
        assert_eq!(s.expenditure.rate().per_mille(), Some(1000));
    }

    #[test]
    fn amounts_rules() {
        let ok = Amounts {
            initial: Some(10),
            modifications: Some(-3),
            final_forecast: Some(7),
            ..Default::default()
        };
        assert!(ok.check().is_ok());
        let bad = Amounts {
            final_forecast: Some(8),
            ..ok
        };
        assert_eq!(bad.check().unwrap_err().field, "prevision_definitive");
        let neg = Amounts {
            issued: Some(-1),
            ..Default::default()
        };
        assert_eq!(neg.check().unwrap_err().field, "emis_mandate");
    }
}
