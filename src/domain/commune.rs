use super::licence::Licence;
use super::{required_text, Invalid};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A hosted commune as every layer above the store reads it: built from its row once
/// (`store::communes`), its country parsed there, its private key never printed.
#[derive(Debug, Clone)]
pub struct Commune {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub country: Country,
    pub region: Option<String>,
    pub population: Option<i64>,
    pub website: Option<String>,
    /// Publication languages, the first being the main one.
    pub languages: Vec<String>,
    pub description: Option<String>,
    pub icon_url: Option<String>,
    pub public_key: String,
    pub private_key: PrivateKeyPem,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub address: Option<String>,
    pub legal_notice: Option<String>,
    /// An IANA zone name; None means the capital's zone of the country.
    pub timezone: Option<String>,
    pub logo_sha256: Option<String>,
    /// Comments from actors not seen yet wait for a moderator (off by default).
    pub hold_new_commenters: bool,
    /// The licence of the commune's open data.
    pub data_licence: Licence,
}

impl Commune {
    /// The commune's time zone: its own, else its country capital's.
    pub fn tz(&self) -> chrono_tz::Tz {
        self.timezone
            .as_deref()
            .and_then(|t| t.parse::<chrono_tz::Tz>().ok())
            .unwrap_or_else(|| default_timezone(self.country))
    }

    /// The commune's calendar date at a UTC instant.
    pub fn local_date(&self, at: NaiveDateTime) -> chrono::NaiveDate {
        use chrono::TimeZone;
        self.tz().from_utc_datetime(&at).date_naive()
    }

    /// The main publication language.
    pub fn language(&self) -> &str {
        self.languages.first().map_or("fr", String::as_str)
    }
}

/// A PEM private key: readable where it signs, redacted wherever it is printed.
#[derive(Clone)]
pub struct PrivateKeyPem(pub String);

impl PrivateKeyPem {
    pub fn pem(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PrivateKeyPem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

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

    /// ISO 4217 code of the country's currency: the CFA franc of the UEMOA, or the Guinean franc.
    pub fn currency(self) -> &'static str {
        match self {
            Country::SN | Country::NE | Country::GW => "XOF",
            Country::GN => "GNF",
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
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub address: Option<String>,
    pub legal_notice: Option<String>,
    /// An IANA zone name; None means the capital's zone of the country.
    pub timezone: Option<String>,
    pub data_licence: Licence,
}

/// Raw fields as they arrive from the CLI or a form. A field left out (None) keeps its
/// current value; a field sent empty clears it.
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
    pub contact_email: Option<String>,
    pub contact_phone: Option<String>,
    pub address: Option<String>,
    pub legal_notice: Option<String>,
    pub timezone: Option<String>,
    /// SPDX identifier (`CC-BY-4.0`, `CC0-1.0`, …).
    pub data_licence: Option<String>,
}

/// The zone of each country's capital, where every commune of the programme lies today.
pub fn default_timezone(country: Country) -> chrono_tz::Tz {
    match country {
        Country::SN => chrono_tz::Africa::Dakar,
        Country::GN => chrono_tz::Africa::Conakry,
        Country::GW => chrono_tz::Africa::Bissau,
        Country::NE => chrono_tz::Africa::Niamey,
    }
}

fn email(v: &str) -> Result<String, Invalid> {
    let bad = || Invalid::new("contact_email", "must be an email address");
    let (local, domain) = v.split_once('@').ok_or_else(bad)?;
    let ok = !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && v.len() <= 254
        && !v
            .chars()
            .any(|c| c.is_whitespace() || "<>\",;:()[]".contains(c));
    ok.then(|| v.to_string()).ok_or_else(bad)
}

fn phone(v: &str) -> Result<String, Invalid> {
    let digits = v.chars().filter(char::is_ascii_digit).count();
    let ok = (6..=20).contains(&digits)
        && v.len() <= 40
        && v.chars()
            .all(|c| c.is_ascii_digit() || " +-.()".contains(c));
    ok.then(|| v.to_string()).ok_or_else(|| {
        Invalid::new(
            "contact_phone",
            "must be a phone number (digits, spaces, + - . ( ))",
        )
    })
}

/// Zones a commune of the programme may be in: those of the four countries.
pub const TIMEZONES: &[&str] = &[
    "Africa/Dakar",
    "Africa/Conakry",
    "Africa/Bissau",
    "Africa/Niamey",
];

fn timezone(v: &str) -> Result<String, Invalid> {
    TIMEZONES
        .iter()
        .find(|tz| **tz == v)
        .map(|tz| tz.to_string())
        .ok_or_else(|| {
            Invalid::new(
                "timezone",
                format!("must be one of {}", TIMEZONES.join(", ")),
            )
        })
}

/// An optional field of an edit: left out keeps `base`, sent empty clears, else `check` decides.
fn edited<T: Clone>(
    input: Option<&str>,
    base: Option<&Option<T>>,
    check: impl FnOnce(&str) -> Result<T, Invalid>,
) -> Result<Option<T>, Invalid> {
    match input.map(str::trim) {
        None => Ok(base.cloned().flatten()),
        Some("") => Ok(None),
        Some(v) => check(v).map(Some),
    }
}

fn http_url(field: &'static str, s: &str) -> Result<url::Url, Invalid> {
    let u = url::Url::parse(s).map_err(|_| Invalid::new(field, "must be a full URL"))?;
    if u.scheme() != "https" && u.scheme() != "http" {
        return Err(Invalid::new(field, "must be an http(s) URL"));
    }
    Ok(u)
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
        let text = |field: &'static str, max: usize| move |v: &str| required_text(field, v, max);
        let url = |field: &'static str| move |v: &str| http_url(field, v);
        Ok(CommuneProfile {
            name,
            country,
            region: edited(
                input.region.as_deref(),
                base.map(|b| &b.region),
                text("region", 120),
            )?,
            population,
            website: edited(
                input.website.as_deref(),
                base.map(|b| &b.website),
                url("website"),
            )?,
            languages,
            description: edited(
                input.description.as_deref(),
                base.map(|b| &b.description),
                text("description", 2000),
            )?,
            icon_url: edited(
                input.icon_url.as_deref(),
                base.map(|b| &b.icon_url),
                url("icon_url"),
            )?,
            contact_email: edited(
                input.contact_email.as_deref(),
                base.map(|b| &b.contact_email),
                email,
            )?,
            contact_phone: edited(
                input.contact_phone.as_deref(),
                base.map(|b| &b.contact_phone),
                phone,
            )?,
            address: edited(
                input.address.as_deref(),
                base.map(|b| &b.address),
                text("address", 300),
            )?,
            legal_notice: edited(
                input.legal_notice.as_deref(),
                base.map(|b| &b.legal_notice),
                text("legal_notice", 2000),
            )?,
            timezone: edited(
                input.timezone.as_deref(),
                base.map(|b| &b.timezone),
                timezone,
            )?,
            data_licence: match input.data_licence.as_deref().map(str::trim) {
                None | Some("") => base.map(|b| b.data_licence).unwrap_or_default(),
                Some(l) => Licence::parse(l).ok_or_else(|| {
                    let known: Vec<_> = Licence::ALL.iter().map(|l| l.spdx()).collect();
                    Invalid::new(
                        "data_licence",
                        format!("must be one of {}", known.join(", ")),
                    )
                })?,
            },
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
    fn contact_and_legal_fields_are_checked_and_cleared_when_empty() {
        let base = CommuneProfile::parse(
            &CommuneProfileInput {
                name: Some("Labé".into()),
                country: Some("GN".into()),
                region: Some("Labé".into()),
                contact_email: Some("mairie@labe.gn".into()),
                contact_phone: Some("+224 620 00 00 00".into()),
                timezone: Some("Africa/Conakry".into()),
                ..Default::default()
            },
            None,
        )
        .unwrap();
        assert_eq!(base.contact_email.as_deref(), Some("mairie@labe.gn"));
        let cleared = CommuneProfile::parse(
            &CommuneProfileInput {
                region: Some("  ".into()),
                ..Default::default()
            },
            Some(&base),
        )
        .unwrap();
        assert_eq!(cleared.region, None, "sent empty clears");
        assert_eq!(cleared.contact_phone, base.contact_phone, "left out keeps");
        for (input, field) in [
            (
                CommuneProfileInput {
                    contact_email: Some("mairie at labe".into()),
                    ..Default::default()
                },
                "contact_email",
            ),
            (
                CommuneProfileInput {
                    contact_phone: Some("<script>".into()),
                    ..Default::default()
                },
                "contact_phone",
            ),
            (
                CommuneProfileInput {
                    timezone: Some("Mars/Olympus".into()),
                    ..Default::default()
                },
                "timezone",
            ),
            (
                CommuneProfileInput {
                    legal_notice: Some("x".repeat(2001)),
                    ..Default::default()
                },
                "legal_notice",
            ),
        ] {
            assert_eq!(
                CommuneProfile::parse(&input, Some(&base))
                    .unwrap_err()
                    .field,
                field
            );
        }
    }

    #[test]
    fn unknown_language_is_refused() {
        assert_eq!(parse_languages("fr, pt").unwrap(), vec!["fr", "pt"]);
        assert_eq!(parse_languages("fr,xx").unwrap_err().field, "languages");
    }
}
