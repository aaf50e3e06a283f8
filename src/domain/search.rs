//! Text folded for search, the same way for what is stored and what a reader types: lower
//! case, accents and other combining marks removed, runs of spaces collapsed. Readers type on
//! phone keyboards, often without accents; "deliberation" must find "Délibération", and a
//! Portuguese "orcamento" must find "orçamento". Done here rather than in SQL because neither
//! SQLite's nor PostgreSQL's `lower` folds accents without an extension.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.nfkd().filter(|c| !is_combining_mark(*c)) {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::fold;

    #[test]
    fn accents_case_and_spaces_fold_away() {
        assert_eq!(fold("Délibération N°12"), "deliberation n°12");
        assert_eq!(fold("ORÇAMENTO  de\n2027"), "orcamento de 2027");
        assert_eq!(fold("  Niamey "), "niamey");
        assert_eq!(fold("Guinée-Bissau"), "guinee-bissau");
    }

    #[test]
    fn typed_queries_match_stored_text() {
        let stored = fold("Réhabilitation du marché central");
        assert!(stored.contains(&fold("marche CENTRAL")));
        assert!(stored.contains(&fold("réhabilitation")));
        assert!(!stored.contains(&fold("marchés")));
    }
}
