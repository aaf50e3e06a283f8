use super::{required_text, Invalid};
use serde::{Deserialize, Serialize};

/// The four countries of the programme (ISO 3166-1 alpha-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Country {
    SN,
    GN,
    GW,
    NE,
}

impl Country {
    pub fn parse(value: &str) -> Result<Self, Invalid> {
        match value.trim().to_ascii_uppercase().as_str() {
            "SN" => Ok(Country::SN),
            "GN" => Ok(Country::GN),
            "GW" => Ok(Country::GW),
            "NE" => Ok(Country::NE),
            _ => Err(Invalid::new("country", "must be one of SN, GN, GW, NE")),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Country::SN => "SN",
            Country::GN => "GN",
            Country::GW => "GW",
            Country::NE => "NE",
        }
    }

    /// Country names as citizens read them, in French, Portuguese and English.
    pub fn name(self, lang: &str) -> &'static str {
        match (self, lang) {
            (Country::SN, "pt") => "Senegal",
            (Country::SN, _) => "Sénégal",
            (Country::GN, "pt") => "Guiné",
            (Country::GN, "en") => "Guinea",
            (Country::GN, _) => "Guinée",
            (Country::GW, "pt") => "Guiné-Bissau",
            (Country::GW, "en") => "Guinea-Bissau",
            (Country::GW, _) => "Guinée-Bissau",
            (Country::NE, "pt") => "Níger",
            (Country::NE, _) => "Niger",
        }
    }
}

/// Interface languages a commune may publish in (BCP 47 primary tags).
pub const LANGUAGES: &[&str] = &["fr", "pt", "en", "wo", "ff", "ha", "dje"];

pub fn parse_languages(value: &str) -> Result<Vec<String>, Invalid> {
    let langs: Vec<String> = value
        .split(',')
        .map(|l| l.trim().to_ascii_lowercase())
        .filter(|l| !l.is_empty())
        .collect();
    if langs.is_empty() {
        return Err(Invalid::new("languages", "name at least one language"));
    }
    for l in &langs {
        if !LANGUAGES.contains(&l.as_str()) {
            return Err(Invalid::new(
                "languages",
                format!("unknown language {l:?} (known: {})", LANGUAGES.join(", ")),
            ));
        }
    }
    Ok(langs)
}

/// A commune's public identity, validated.
#[derive(Debug, Clone)]
pub struct CommuneProfile {
    pub name: String,
    pub country: Country,
    pub region: Option<String>,
    pub population: Option<i64>,
    pub website: Option<url::Url>,
    pub languages: Vec<String>,
    pub description: Option<String>,
    pub icon_url: Option<url::Url>,
}

/// Raw fields as they arrive from the CLI or a form.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CommuneProfileInput {
    pub name: Option<String>,
    pub country: Option<String>,
    pub region: Option<String>,
    pub population: Option<i64>,
    pub website: Option<String>,
    pub languages: Option<String>,
    pub description: Option<String>,
    pub icon_url: Option<String>,
}

fn optional_text(
    field: &'static str,
    v: Option<&str>,
    max: usize,
) -> Result<Option<String>, Invalid> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => required_text(field, s, max).map(Some),
    }
}

fn optional_http_url(field: &'static str, v: Option<&str>) -> Result<Option<url::Url>, Invalid> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => {
            let u = url::Url::parse(s).map_err(|_| Invalid::new(field, "must be a full URL"))?;
            if u.scheme() != "https" && u.scheme() != "http" {
                return Err(Invalid::new(field, "must be an http(s) URL"));
            }
            Ok(Some(u))
        }
    }
}

impl CommuneProfile {
    /// Builds a profile from input, filling missing fields from `base` (for edits).
    pub fn parse(
        input: &CommuneProfileInput,
        base: Option<&CommuneProfile>,
    ) -> Result<Self, Invalid> {
        let name = match (&input.name, base) {
            (Some(n), _) => required_text("name", n, 120)?,
            (None, Some(b)) => b.name.clone(),
            (None, None) => return Err(Invalid::new("name", "must not be empty")),
        };
        let country = match (&input.country, base) {
            (Some(c), _) => Country::parse(c)?,
            (None, Some(b)) => b.country,
            (None, None) => return Err(Invalid::new("country", "must be one of SN, GN, GW, NE")),
        };
        let population = match (input.population, base) {
            (Some(p), _) if p < 0 => {
                return Err(Invalid::new("population", "must not be negative"))
            }
            (Some(p), _) => Some(p),
            (None, b) => b.and_then(|b| b.population),
        };
        let languages = match (&input.languages, base) {
            (Some(l), _) => parse_languages(l)?,
            (None, Some(b)) => b.languages.clone(),
            (None, None) => vec!["fr".to_string()],
        };
        let keep = |new: Option<String>, old: Option<&Option<String>>| match new {
            Some(v) => Some(v),
            None => old.cloned().flatten(),
        };
        let region = optional_text("region", input.region.as_deref(), 120)?;
        let description = optional_text("description", input.description.as_deref(), 2000)?;
        let website = optional_http_url("website", input.website.as_deref())?;
        let icon_url = optional_http_url("icon_url", input.icon_url.as_deref())?;
        Ok(CommuneProfile {
            name,
            country,
            region: keep(region, base.map(|b| &b.region)),
            population,
            website: website.or_else(|| base.and_then(|b| b.website.clone())),
            languages,
            description: keep(description, base.map(|b| &b.description)),
            icon_url: icon_url.or_else(|| base.and_then(|b| b.icon_url.clone())),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_codes_are_the_four_countries() {
        assert_eq!(Country::parse("sn"), Ok(Country::SN));
        assert_eq!(Country::parse("GW"), Ok(Country::GW));
        assert_eq!(Country::parse("FR").unwrap_err().field, "country");
    }

    #[test]
    fn edit_keeps_unset_fields() {
        let base = CommuneProfile::parse(
            &CommuneProfileInput {
                name: Some("Rufisque".into()),
                country: Some("SN".into()),
                region: Some("Dakar".into()),
                population: Some(300_000),
                ..Default::default()
            },
            None,
        )
        .unwrap();
        let edited = CommuneProfile::parse(
            &CommuneProfileInput {
                population: Some(310_000),
                ..Default::default()
            },
            Some(&base),
        )
        .unwrap();
        assert_eq!(edited.name, "Rufisque");
        assert_eq!(edited.region.as_deref(), Some("Dakar"));
        assert_eq!(edited.population, Some(310_000));
        assert!(CommuneProfile::parse(
            &CommuneProfileInput {
                population: Some(-1),
                ..Default::default()
            },
            Some(&base)
        )
        .is_err());
    }

    #[test]
    fn unknown_language_is_refused() {
        assert_eq!(parse_languages("fr, pt").unwrap(), vec!["fr", "pt"]);
        assert_eq!(parse_languages("fr,xx").unwrap_err().field, "languages");
    }
}
