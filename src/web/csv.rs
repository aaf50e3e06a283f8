//! The one way the node writes CSV: every text cell quoted, and a text cell that a spreadsheet
//! would run as a formula (beginning with `=`, `+`, `-`, `@`, a tab or a carriage return) made
//! inert with a leading apostrophe. Numbers are written as numbers: `-200000` is an amount,
//! not a formula, and stays readable by tools that type their columns (frictionless).

/// A text cell.
pub fn text(s: &str) -> String {
    let s = if crate::domain::budget::starts_like_formula(s) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// An optional whole number: empty when unknown.
pub fn int(v: Option<i64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

/// A line of cells already written by `text` or `int`, with the CRLF of RFC 4180.
pub fn row(cells: &[String]) -> String {
    let mut out = cells.join(",");
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_inert_and_quotes_doubled() {
        assert_eq!(text("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(text("+33 6"), "\"'+33 6\"");
        assert_eq!(text("-1"), "\"'-1\"");
        assert_eq!(text("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(text("Marché"), "\"Marché\"");
        assert_eq!(int(Some(-200_000)), "-200000");
        assert_eq!(row(&[text("a"), int(None)]), "\"a\",\r\n");
    }
}
