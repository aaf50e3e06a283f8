//! Localisation below the web layer, so that what the node publishes (a budget's summary) is
//! written in the commune's language with the same catalogs and CLDR data as its pages:
//! `lang` (the languages, Fluent catalogs), `format` (dates, times and amounts from CLDR).

pub mod format;
mod lang;

pub use lang::Lang;
