//! The interface languages and their Fluent catalogs (`locales/`).

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{static_loader, LanguageIdentifier, Loader};
use std::borrow::Cow;
use std::collections::HashMap;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "fr",
        // Unicode isolation marks around arguments show up as stray characters in plain text.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Fr,
    Pt,
    En,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::Fr, Lang::Pt, Lang::En];

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::Pt => "pt",
            Lang::En => "en",
        }
    }

    /// The language's name in itself, for the switcher.
    pub fn autonym(self) -> &'static str {
        match self {
            Lang::Fr => "Français",
            Lang::Pt => "Português",
            Lang::En => "English",
        }
    }

    /// A BCP 47 tag's primary language, if we have a catalog for it.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    fn id(self) -> LanguageIdentifier {
        self.code().parse().unwrap_or_default()
    }

    /// Accept-Language, honouring quality values.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut ranked: Vec<(f32, Lang)> = header
            .split(',')
            .filter_map(|item| {
                let mut parts = item.split(';');
                let lang = Lang::parse(parts.next()?)?;
                let q = parts
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.parse::<f32>().ok())
                    .unwrap_or(1.0);
                Some((q, lang))
            })
            .collect();
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranked.first().map(|(_, l)| *l)
    }

    pub fn t(self, key: &str) -> String {
        LOCALES.lookup(&self.id(), key)
    }

    pub fn t_args(self, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| (Cow::Owned(k.to_string()), v.clone()))
            .collect();
        LOCALES.lookup_with_args(&self.id(), key, &map)
    }

    /// Name of a content language (fr, pt, en, wo, …) in this language.
    pub fn language_name(self, code: &str) -> String {
        match code {
            "fr" | "pt" | "en" | "wo" | "ff" | "ha" | "dje" => self.t(&format!("lang-{code}")),
            other => other.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_quality_wins() {
        assert_eq!(
            Lang::from_accept_language("en;q=0.5, pt-GW;q=0.9, fr;q=0.1"),
            Some(Lang::Pt)
        );
        assert_eq!(Lang::from_accept_language("de, wo"), None);
        assert_eq!(Lang::from_accept_language("fr-SN"), Some(Lang::Fr));
    }

    /// Every catalog file of French (`locales/fr/*.ftl`) has its twin in Portuguese and
    /// English, with every key.
    #[test]
    fn every_key_exists_in_every_language() {
        let mut files: Vec<_> = std::fs::read_dir("locales/fr")
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|f| f.ends_with(".ftl"))
            .collect();
        files.sort();
        assert!(files.len() >= 2, "{files:?}");
        let mut total = 0;
        for file in &files {
            let fr = std::fs::read_to_string(format!("locales/fr/{file}")).unwrap();
            let keys: Vec<&str> = fr
                .lines()
                .filter(|l| !l.starts_with(' ') && !l.starts_with('#') && l.contains(" ="))
                .filter_map(|l| l.split(" =").next())
                .collect();
            total += keys.len();
            for lang in ["pt", "en"] {
                let text = std::fs::read_to_string(format!("locales/{lang}/{file}"))
                    .unwrap_or_else(|_| panic!("{lang} lacks {file}"));
                for k in &keys {
                    assert!(
                        text.contains(&format!("\n{k} =")) || text.starts_with(&format!("{k} =")),
                        "{lang}/{file} lacks {k}"
                    );
                }
            }
        }
        assert!(total > 40);
    }

    #[test]
    fn plurals_and_arguments() {
        assert_eq!(
            Lang::Fr.t_args("home-followers", &[("count", 1.into())]),
            "1 abonné"
        );
        assert_eq!(
            Lang::Pt.t_args("home-followers", &[("count", 3.into())]),
            "3 seguidores"
        );
        assert_eq!(Lang::En.t("nav-decisions"), "Decisions");
        // Keys of a second catalog file load too.
        assert_eq!(Lang::Pt.t("budgets-title"), "Orçamentos");
    }
}
