//! Localisation below the web layer, so that what the node publishes (a budget's summary) is
//! written in the commune's language with the same catalogs and CLDR data as its pages:
//! `lang` (the languages, Fluent catalogs), `format` (dates, times and amounts from CLDR).

pub mod format;
mod lang;

pub use lang::Lang;

use crate::domain::budget_csv::CsvError;
use fluent_templates::fluent_bundle::FluentValue;

/// A budget file's error as its reader reads it (the pages, the API and the CLI say the same).
pub fn csv_error(lang: Lang, e: &CsvError) -> String {
    let args: Vec<(&str, FluentValue<'_>)> = e
        .problem
        .args()
        .into_iter()
        .map(|(k, v)| (k, FluentValue::from(v)))
        .collect();
    lang.t_args(e.problem.key(), &args)
}

/// "The file has 3 errors; nothing was stored."
pub fn csv_errors_summary(lang: Lang, count: usize) -> String {
    lang.t_args("budget-csv-errors", &[("count", FluentValue::from(count))])
}
