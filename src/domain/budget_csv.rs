//! The budget import template (docs/budget/README.md) as communes' accountants write it from a
//! spreadsheet: `;` or `,` between cells, a decimal comma or point, thousands grouped by
//! spaces, dots or nothing, UTF-8 with or without a BOM or Windows-1252 (Excel's French "CSV"),
//! Windows or Unix line ends. Reading is all or nothing: every error is listed with its line and
//! column, and no line is returned if there is one.

use super::budget::{self, Amounts, Codes, Direction, Document, Line, Section};
use std::collections::HashMap;

/// The template's columns, in their order.
pub const COLUMNS: [&str; 15] = [
    "exercice",
    "document",
    "section",
    "sens",
    "chapitre",
    "article",
    "paragraphe",
    "libelle",
    "source",
    "prevision_initiale",
    "modifications",
    "prevision_definitive",
    "engage",
    "emis_mandate",
    "recouvre_paye",
];

/// Largest file read (a commune's whole year is well under 1 MB).
pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// Errors listed before the reader stops: past that the file is not a budget.
pub const MAX_ERRORS: usize = 200;

/// What is wrong with a file, a line or a cell. `key` names the message in the catalogs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    TooLarge,
    /// Neither UTF-8 nor Windows-1252 (UTF-16, binary).
    Encoding,
    /// No header line.
    Empty,
    /// A template column is not in the header.
    MissingColumn,
    /// Every column is there but not in the template's order, or unknown ones are added.
    ColumnOrder,
    /// A line with more or fewer cells than the header.
    FieldCount {
        found: usize,
    },
    Required,
    NotAnAmount,
    /// Amounts are whole units of the currency.
    NotWhole,
    Negative,
    /// `prevision_definitive` differs from `prevision_initiale + modifications`.
    Mismatch {
        expected: i64,
    },
    UnknownDocument,
    UnknownSection,
    UnknownDirection,
    NotAYear,
    /// A file holds one fiscal year.
    OtherYear {
        year: i32,
    },
    /// The same document, direction and codes already on an earlier line.
    Duplicate {
        first_line: u64,
    },
    Formula,
    TooLong {
        max: usize,
    },
    ControlCharacter,
    NoLines,
    TooManyErrors,
}

impl Problem {
    /// The catalog key of the message.
    pub fn key(&self) -> &'static str {
        match self {
            Problem::TooLarge => "budget-csv-too-large",
            Problem::Encoding => "budget-csv-encoding",
            Problem::Empty => "budget-csv-empty",
            Problem::MissingColumn => "budget-csv-missing-column",
            Problem::ColumnOrder => "budget-csv-column-order",
            Problem::FieldCount { .. } => "budget-csv-field-count",
            Problem::Required => "budget-csv-required",
            Problem::NotAnAmount => "budget-csv-not-an-amount",
            Problem::NotWhole => "budget-csv-not-whole",
            Problem::Negative => "budget-csv-negative",
            Problem::Mismatch { .. } => "budget-csv-mismatch",
            Problem::UnknownDocument => "budget-csv-document",
            Problem::UnknownSection => "budget-csv-section",
            Problem::UnknownDirection => "budget-csv-direction",
            Problem::NotAYear => "budget-csv-year",
            Problem::OtherYear { .. } => "budget-csv-other-year",
            Problem::Duplicate { .. } => "budget-csv-duplicate",
            Problem::Formula => "budget-csv-formula",
            Problem::TooLong { .. } => "budget-csv-too-long",
            Problem::ControlCharacter => "budget-csv-control",
            Problem::NoLines => "budget-csv-no-lines",
            Problem::TooManyErrors => "budget-csv-too-many-errors",
        }
    }

    /// The message's arguments, as numbers (the catalogs format them).
    pub fn args(&self) -> Vec<(&'static str, i64)> {
        match *self {
            Problem::FieldCount { found } => {
                vec![("found", found as i64), ("expected", COLUMNS.len() as i64)]
            }
            Problem::Mismatch { expected } => vec![("expected", expected)],
            Problem::OtherYear { year } => vec![("year", year as i64)],
            Problem::Duplicate { first_line } => vec![("first", first_line as i64)],
            Problem::TooLong { max } => vec![("max", max as i64)],
            _ => Vec::new(),
        }
    }
}

/// An error at a line of the file (1 is the header; 0 is the file as a whole) and, when it is
/// one cell's, its column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    pub line: u64,
    pub column: Option<&'static str>,
    pub problem: Problem,
}

impl CsvError {
    fn file(problem: Problem) -> Self {
        CsvError {
            line: 0,
            column: None,
            problem,
        }
    }
}

/// A file read without error: one fiscal year's lines, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parsed {
    pub year: i32,
    pub lines: Vec<Line>,
}

/// Reads a whole file.
pub fn parse(bytes: &[u8]) -> Result<Parsed, Vec<CsvError>> {
    if bytes.len() > MAX_BYTES {
        return Err(vec![CsvError::file(Problem::TooLarge)]);
    }
    let text = decode(bytes).ok_or_else(|| vec![CsvError::file(Problem::Encoding)])?;
    // The csv crate's line numbers lag on `\r\n`; the numbers we report are the editor's.
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").into()
    } else {
        text
    };
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.contains(';') { b';' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(_)) => return Err(vec![CsvError::file(Problem::Encoding)]),
        None => return Err(vec![CsvError::file(Problem::Empty)]),
    };
    check_header(&header)?;

    let mut errors = Vec::new();
    let mut lines = Vec::new();
    let mut year: Option<i32> = None;
    let mut seen: HashMap<[String; 5], u64> = HashMap::new();
    for record in records {
        if errors.len() >= MAX_ERRORS {
            errors.push(CsvError::file(Problem::TooManyErrors));
            break;
        }
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(CsvError {
                    line,
                    column: None,
                    problem: Problem::Encoding,
                });
                continue;
            }
        };
        let line_no = record.position().map_or(0, |p| p.line());
        // Spreadsheets end files with empty rows (`;;;;`): not lines of the budget.
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let extra_filled = record
            .iter()
            .skip(COLUMNS.len())
            .any(|c| !c.trim().is_empty());
        if record.len() < COLUMNS.len() || extra_filled {
            errors.push(CsvError {
                line: line_no,
                column: None,
                problem: Problem::FieldCount {
                    found: record.len(),
                },
            });
            continue;
        }
        let cells: Vec<&str> = record.iter().take(COLUMNS.len()).collect();
        // A line's identity as written, so that a duplicate is named even when one of the two
        // copies has other errors.
        let key = [1, 3, 4, 5, 6].map(|i| super::search::fold(cells[i].trim()));
        let duplicate = match seen.get(&key) {
            Some(&first_line) => {
                errors.push(CsvError {
                    line: line_no,
                    column: Some("chapitre"),
                    problem: Problem::Duplicate { first_line },
                });
                true
            }
            None => {
                seen.insert(key, line_no);
                false
            }
        };
        let mut row = Row {
            line: line_no,
            cells: &cells,
            errors: &mut errors,
        };
        let Some((y, l)) = row.read() else {
            continue;
        };
        match year {
            None => year = Some(y),
            Some(first) if first != y => {
                errors.push(CsvError {
                    line: line_no,
                    column: Some("exercice"),
                    problem: Problem::OtherYear { year: first },
                });
                continue;
            }
            Some(_) => {}
        }
        if !duplicate {
            lines.push(l);
        }
    }
    if errors.is_empty() && lines.is_empty() {
        errors.push(CsvError {
            line: 2,
            column: None,
            problem: Problem::NoLines,
        });
    }
    match (errors.is_empty(), year) {
        (true, Some(year)) => Ok(Parsed { year, lines }),
        _ => Err(errors),
    }
}

/// UTF-8 (a BOM dropped), else Windows-1252. Text with NUL bytes (UTF-16, binary) or bytes that
/// Windows-1252 leaves undefined is neither.
fn decode(bytes: &[u8]) -> Option<std::borrow::Cow<'_, str>> {
    if bytes.contains(&0) {
        return None;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some(s.into());
    }
    if bytes
        .iter()
        .any(|b| matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D))
    {
        return None;
    }
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    Some(text)
}

/// A header cell as compared with the template: trimmed, lower case, accents removed, spaces
/// as underscores (`Prévision initiale` is `prevision_initiale`).
fn header_name(cell: &str) -> String {
    super::search::fold(cell.trim()).replace([' ', '-'], "_")
}

fn check_header(header: &csv::StringRecord) -> Result<(), Vec<CsvError>> {
    let found: Vec<String> = header
        .iter()
        .map(header_name)
        .filter(|c| !c.is_empty())
        .collect();
    if found == COLUMNS {
        return Ok(());
    }
    let missing: Vec<CsvError> = COLUMNS
        .iter()
        .filter(|c| !found.iter().any(|f| f == *c))
        .map(|c| CsvError {
            line: 1,
            column: Some(c),
            problem: Problem::MissingColumn,
        })
        .collect();
    if missing.is_empty() {
        Err(vec![CsvError {
            line: 1,
            column: None,
            problem: Problem::ColumnOrder,
        }])
    } else {
        Err(missing)
    }
}

/// One line's cells being read, its errors added to the file's.
struct Row<'a> {
    line: u64,
    cells: &'a [&'a str],
    errors: &'a mut Vec<CsvError>,
}

impl Row<'_> {
    fn fail(&mut self, column: &'static str, problem: Problem) {
        self.errors.push(CsvError {
            line: self.line,
            column: Some(column),
            problem,
        });
    }

    fn cell(&self, column: &'static str) -> &str {
        let i = COLUMNS.iter().position(|c| *c == column).unwrap_or(0);
        self.cells.get(i).copied().unwrap_or("").trim()
    }

    fn text(&mut self, column: &'static str, max: usize, required: bool) -> Option<String> {
        let raw = self.cell(column).to_string();
        if required && raw.is_empty() {
            self.fail(column, Problem::Required);
            return None;
        }
        match budget::check_text(column, &raw, max) {
            Ok(v) => Some(v),
            Err(e) => {
                let p = match e.message.as_str() {
                    "formula" => Problem::Formula,
                    "control" => Problem::ControlCharacter,
                    _ => Problem::TooLong { max },
                };
                self.fail(column, p);
                None
            }
        }
    }

    fn amount(&mut self, column: &'static str) -> Result<Option<i64>, ()> {
        let allow_negative = column == "modifications";
        match parse_amount(self.cell(column)) {
            Ok(Some(v)) if v < 0 && !allow_negative => {
                self.fail(column, Problem::Negative);
                Err(())
            }
            Ok(v) => Ok(v),
            Err(p) => {
                self.fail(column, p);
                Err(())
            }
        }
    }

    fn choice<T>(
        &mut self,
        column: &'static str,
        parse: fn(&str) -> Option<T>,
        problem: Problem,
    ) -> Option<T> {
        let raw = self.cell(column).to_string();
        if raw.is_empty() {
            self.fail(column, Problem::Required);
            return None;
        }
        let v = parse(&raw);
        if v.is_none() {
            self.fail(column, problem);
        }
        v
    }

    /// The line's year and contents, or `None` with its errors recorded (every cell is checked,
    /// so one pass lists them all).
    fn read(&mut self) -> Option<(i32, Line)> {
        let before = self.errors.len();
        let year = self.choice("exercice", parse_year, Problem::NotAYear);
        let document = self.choice("document", Document::parse, Problem::UnknownDocument);
        let section = self.choice("section", Section::parse, Problem::UnknownSection);
        let direction = self.choice("sens", Direction::parse, Problem::UnknownDirection);
        let chapter = self.text("chapitre", budget::MAX_CODE, true);
        let article = self.text("article", budget::MAX_CODE, false);
        let paragraph = self.text("paragraphe", budget::MAX_CODE, false);
        let label = self.text("libelle", budget::MAX_LABEL, true);
        let source = self.text("source", budget::MAX_SOURCE, false);
        let initial = self.amount("prevision_initiale");
        let modifications = self.amount("modifications");
        let final_forecast = self.amount("prevision_definitive");
        let committed = self.amount("engage");
        let issued = self.amount("emis_mandate");
        let settled = self.amount("recouvre_paye");
        if self.errors.len() > before {
            return None;
        }
        let amounts = Amounts {
            initial: initial.ok()?,
            modifications: modifications.ok()?,
            final_forecast: final_forecast.ok()?,
            committed: committed.ok()?,
            issued: issued.ok()?,
            settled: settled.ok()?,
        };
        if let Err(e) = amounts.check() {
            let expected = amounts
                .initial
                .unwrap_or(0)
                .saturating_add(amounts.modifications.unwrap_or(0));
            let column = COLUMNS.iter().find(|c| **c == e.field).copied()?;
            self.fail(column, Problem::Mismatch { expected });
            return None;
        }
        Some((
            year?,
            Line {
                document: document?,
                section: section?,
                direction: direction?,
                codes: Codes {
                    chapter: chapter?,
                    article: article?,
                    paragraph: paragraph?,
                },
                label: label?,
                source: source?,
                amounts,
            },
        ))
    }
}

/// A fiscal year as written: four digits, 1960 to 2200 (the template, URLs).
pub fn parse_year(s: &str) -> Option<i32> {
    let s = s.trim();
    if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|y| (1960..=2200).contains(y))
}

/// An amount as spreadsheets write it in French, Portuguese or English: `1 234 567`,
/// `1.234.567`, `1234567,00`, `1 234 567.00`, `-500 000`. Empty is unknown. Amounts are whole
/// units, so a fraction other than zero is refused, and a lone dot followed by three digits is
/// read as a thousands separator (`1.500` is one thousand five hundred).
pub fn parse_amount(cell: &str) -> Result<Option<i64>, Problem> {
    let s: String = cell
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}'))
        .collect();
    if s.is_empty() {
        return Ok(None);
    }
    let (negative, s) = match s.strip_prefix(['-', '\u{2212}']) {
        Some(rest) => (true, rest),
        None => (false, s.as_str()),
    };
    let (whole, fraction) = if let Some((w, f)) = s.rsplit_once(',') {
        (w, f)
    } else if grouped_by_dots(s) {
        (s, "")
    } else if let Some((w, f)) = s.split_once('.') {
        (w, f)
    } else {
        (s, "")
    };
    let whole = if whole.contains('.') {
        if !grouped_by_dots(whole) {
            return Err(Problem::NotAnAmount);
        }
        whole.replace('.', "")
    } else {
        whole.to_string()
    };
    let digits = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(&whole) || !(fraction.is_empty() || digits(fraction)) {
        return Err(Problem::NotAnAmount);
    }
    if fraction.bytes().any(|b| b != b'0') {
        return Err(Problem::NotWhole);
    }
    let v: i64 = whole.parse().map_err(|_| Problem::NotAnAmount)?;
    // Far above any commune's budget; keeps every sum of a year's lines inside i64.
    if v > 1_000_000_000_000_000 {
        return Err(Problem::NotAnAmount);
    }
    Ok(Some(if negative { -v } else { v }))
}

/// `1.234` or `12.345.678`: digits grouped by three after a first group of one to three.
fn grouped_by_dots(s: &str) -> bool {
    let mut groups = s.split('.');
    let first = groups.next().unwrap_or("");
    let mut rest = groups.peekable();
    rest.peek().is_some()
        && (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && rest.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "exercice;document;section;sens;chapitre;article;paragraphe;libelle;source;prevision_initiale;modifications;prevision_definitive;engage;emis_mandate;recouvre_paye";

    fn file(lines: &[&str]) -> String {
        let mut s = String::from(HEADER);
        for l in lines {
            s.push_str("\r\n");
            s.push_str(l);
        }
        s.push_str("\r\n");
        s
    }

    #[test]
    fn amounts_as_spreadsheets_write_them() {
        for (cell, v) in [
            ("", None),
            ("0", Some(0)),
            ("1 234 567", Some(1_234_567)),
            ("1\u{202f}234\u{a0}567", Some(1_234_567)),
            ("1.234.567", Some(1_234_567)),
            ("1.500", Some(1_500)),
            ("1234567,00", Some(1_234_567)),
            ("1.234.567,00", Some(1_234_567)),
            ("1 234 567.00", Some(1_234_567)),
            ("1234.0", Some(1_234)),
            ("-500 000", Some(-500_000)),
        ] {
            assert_eq!(parse_amount(cell), Ok(v), "{cell:?}");
        }
        for (cell, p) in [
            ("12,5", Problem::NotWhole),
            ("1.5", Problem::NotWhole),
            ("abc", Problem::NotAnAmount),
            ("=SUM(A1:A2)", Problem::NotAnAmount),
            ("1.23.4", Problem::NotAnAmount),
            ("1,2,3", Problem::NotAnAmount),
            ("99999999999999999999", Problem::NotAnAmount),
            ("-", Problem::NotAnAmount),
        ] {
            assert_eq!(parse_amount(cell), Err(p), "{cell:?}");
        }
    }

    #[test]
    fn a_good_file_in_each_encoding_and_separator() {
        let utf8 = file(&[
            "2026;BP;fonctionnement;dépense;60;601;;Fournitures de bureau;ressources propres;1 000 000;-200 000;800 000;500 000;400 000;300 000",
            "2026;BP;Fonctionnement;recette;70;701;7011;Droits de place;ressources propres;2.000.000;;;;;1 500 000",
        ]);
        let p = parse(utf8.as_bytes()).unwrap();
        assert_eq!(p.year, 2026);
        assert_eq!(p.lines.len(), 2);
        assert_eq!(p.lines[0].direction, Direction::Expenditure);
        assert_eq!(p.lines[0].amounts.modifications, Some(-200_000));
        assert_eq!(p.lines[1].amounts.final_forecast(), Some(2_000_000));

        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(utf8.as_bytes());
        assert_eq!(parse(&bom).unwrap(), p);

        let (cp1252, _, _) = encoding_rs::WINDOWS_1252.encode(&utf8);
        assert!(std::str::from_utf8(&cp1252).is_err());
        assert_eq!(parse(&cp1252).unwrap(), p);

        let comma = utf8
            .replace(';', ",")
            .replace("1 000 000", "\"1 000 000,00\"");
        assert_eq!(parse(comma.as_bytes()).unwrap(), p);
        let unix = utf8.replace("\r\n", "\n");
        assert_eq!(parse(unix.as_bytes()).unwrap(), p);
    }

    #[test]
    fn every_error_is_listed_with_its_line_and_column() {
        let f = file(&[
            "2026;BP;fonctionnement;depense;60;601;;Fournitures;;1000;;1000;;;",
            "2026;XX;fonctionnement;depense;60;602;;Carburant;;abc;;;;;",
            "2026;BP;fonctionnement;depense;60;601;;Encore;;10;;10;;;",
            "2025;BP;fonctionnement;depense;60;603;;Eau;;10;;10;;;",
            "20x6;BP;social;sortie;61;611;;=HYPERLINK(\"x\");;-5;;;;;",
            "2026;BP;fonctionnement;depense;62;621;;Loyer;;100;10;120;;;",
            "2026;BP;fonctionnement;depense;63",
        ]);
        let errors = parse(f.as_bytes()).unwrap_err();
        let got: Vec<(u64, Option<&str>, &str)> = errors
            .iter()
            .map(|e| (e.line, e.column, e.problem.key()))
            .collect();
        assert_eq!(
            got,
            vec![
                (3, Some("document"), "budget-csv-document"),
                (3, Some("prevision_initiale"), "budget-csv-not-an-amount"),
                (4, Some("chapitre"), "budget-csv-duplicate"),
                (5, Some("exercice"), "budget-csv-other-year"),
                (6, Some("exercice"), "budget-csv-year"),
                (6, Some("section"), "budget-csv-section"),
                (6, Some("sens"), "budget-csv-direction"),
                (6, Some("libelle"), "budget-csv-formula"),
                (6, Some("prevision_initiale"), "budget-csv-negative"),
                (7, Some("prevision_definitive"), "budget-csv-mismatch"),
                (8, None, "budget-csv-field-count"),
            ]
        );
        assert_eq!(errors[2].problem, Problem::Duplicate { first_line: 2 });
        assert_eq!(errors[9].problem, Problem::Mismatch { expected: 110 });
    }

    #[test]
    fn headers_and_files_that_are_not_budgets() {
        let missing = HEADER.replace(";engage", "") + "\r\n";
        let e = parse(missing.as_bytes()).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].line, e[0].column), (1, Some("engage")));
        assert_eq!(e[0].problem, Problem::MissingColumn);

        let spelled = HEADER
            .replace("prevision_initiale", "Prévision initiale")
            .replace("libelle", "Libellé")
            + "\r\n2026;BP;fonctionnement;depense;60;;;X;;1;;1;;;\r\n";
        assert!(parse(spelled.as_bytes()).is_ok());

        let swapped = HEADER.replace("section;sens", "sens;section") + "\r\n";
        assert_eq!(
            parse(swapped.as_bytes()).unwrap_err()[0].problem,
            Problem::ColumnOrder
        );

        let utf16: Vec<u8> = HEADER
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(parse(&utf16).unwrap_err()[0].problem, Problem::Encoding);
        assert_eq!(
            parse(b"\x81\x8d\x90 garbage").unwrap_err()[0].problem,
            Problem::Encoding
        );
        assert_eq!(parse(b"").unwrap_err()[0].problem, Problem::Empty);
        assert_eq!(
            parse(file(&[";;;;;;;;;;;;;;"]).as_bytes()).unwrap_err()[0].problem,
            Problem::NoLines
        );
        let big = vec![b'a'; MAX_BYTES + 1];
        assert_eq!(parse(&big).unwrap_err()[0].problem, Problem::TooLarge);
    }

    #[test]
    fn the_error_list_is_bounded() {
        let bad: Vec<String> = (0..1000)
            .map(|i| format!("2026;BP;fonctionnement;depense;60;{i};;X;;x;;;;;"))
            .collect();
        let refs: Vec<&str> = bad.iter().map(|s| s.as_str()).collect();
        let e = parse(file(&refs).as_bytes()).unwrap_err();
        assert_eq!(e.len(), MAX_ERRORS + 1);
        assert_eq!(e[MAX_ERRORS].problem, Problem::TooManyErrors);
    }

    /// The example in docs/budget/ reads, with the totals its generator's own check printed
    /// (an independent Python sum).
    #[test]
    fn the_documented_example_reads() {
        let p = parse(include_bytes!("../../docs/budget/exemple-budget-2026.csv")).unwrap();
        assert_eq!((p.year, p.lines.len()), (2026, 330));
        let s = super::budget::Summary::of(&p.lines);
        assert_eq!(s.revenue.totals.final_forecast, Some(3_951_200_000));
        assert_eq!(s.revenue.totals.settled, Some(1_351_997_010));
        assert_eq!(s.expenditure.totals.final_forecast, Some(3_951_200_000));
        assert_eq!(s.expenditure.totals.issued, Some(1_400_642_250));
    }
}
