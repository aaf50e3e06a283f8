//! Dates, times and money amounts as citizens read them, from CLDR data through ICU4X.
//!
//! Nothing here is a hand-written pattern: the locale is `{lang}-{country}` (fr-SN, pt-GW, …)
//! so that regional conventions apply, such as "FG" for the Guinean franc in fr-GN. CLDR uses
//! narrow (U+202F) or plain (U+00A0) no-break spaces depending on the locale, so callers and
//! tests must never compare formatted strings byte for byte.
//!
//! Formatters are built once per (language, country) and kept for the life of the process:
//! loading them walks the baked data, which is too slow to repeat for every value on a page.

use std::sync::OnceLock;

use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeZone as _, Timelike};
use chrono_tz::Tz;
use fixed_decimal::Decimal;
use icu_calendar::{Date, Gregorian};
use icu_datetime::fieldsets::{YMD, YMDT};
use icu_datetime::input::{DateTime, Time};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_decimal::DecimalFormatter;
use icu_experimental::dimension::currency::formatter::CurrencyFormatter;
use icu_experimental::dimension::currency::CurrencyType;
use icu_experimental::dimension::percent::formatter::PercentFormatter;
use icu_locale_core::preferences::extensions::unicode::keywords::currency;
use icu_locale_core::Locale;

use super::Lang;
use crate::domain::commune::Country;

/// The CLDR long date, e.g. "30 novembre 2026" in fr-SN.
pub fn date(lang: Lang, country: Country, d: NaiveDate) -> String {
    let formatter = cached(&DATE, lang, country, |locale| {
        FixedCalendarDateTimeFormatter::<Gregorian, YMD>::try_new(locale.into(), YMD::long()).ok()
    });
    match (formatter, gregorian(d)) {
        (Some(f), Some(date)) => f.format(&date).to_string(),
        // Only reachable if ICU4X rejects data or a date chrono accepted: show ISO rather than fail.
        _ => d.to_string(),
    }
}

/// A UTC instant shown in the commune's time zone: CLDR long date with hours and minutes,
/// e.g. "1 décembre 2026 à 00:30" in fr-NE.
pub fn datetime(lang: Lang, country: Country, tz: Tz, at: NaiveDateTime) -> String {
    let local = tz.from_utc_datetime(&at).naive_local();
    let formatter = cached(&DATETIME, lang, country, |locale| {
        FixedCalendarDateTimeFormatter::<Gregorian, YMDT>::try_new(
            locale.into(),
            YMD::long().with_time_hm(),
        )
        .ok()
    });
    let input = gregorian(local.date()).and_then(|date| {
        // Seconds are not displayed; passing 0 also sidesteps chrono's leap-second encoding.
        let time = Time::try_new(local.hour() as u8, local.minute() as u8, 0, 0).ok()?;
        Some(DateTime { date, time })
    });
    match (formatter, input) {
        (Some(f), Some(input)) => f.format(&input).to_string(),
        _ => local.format("%Y-%m-%d %H:%M").to_string(),
    }
}

/// A whole amount in the country's currency, e.g. "1 234 567 F CFA" in fr-SN. Both currencies
/// have no minor unit, so CLDR formats them without decimals.
pub fn amount(lang: Lang, country: Country, value: i64) -> String {
    let code = currency_of(country);
    let formatter = cached(&AMOUNT, lang, country, |locale| {
        CurrencyFormatter::try_new_symbol(locale.into(), code, Default::default()).ok()
    });
    match formatter {
        Some(f) => f.format_fixed_decimal(&Decimal::from(value)).to_string(),
        None => format!("{value} {}", code.iso_code()),
    }
}

/// A share given in tenths of a percent (`354` is 35.4 %), e.g. "35,4 %" in French, "35,4%" in
/// Portuguese, with one decimal always shown so that figures line up.
pub fn percent(lang: Lang, country: Country, per_mille: i64) -> String {
    let formatter = cached(&PERCENT, lang, country, |locale| {
        PercentFormatter::try_new(locale.into(), Default::default()).ok()
    });
    let mut value = Decimal::from(per_mille);
    value.multiply_pow10(-1);
    value.pad_end(-1);
    match formatter {
        Some(f) => f.format(&value).to_string(),
        None => format!("{value} %"),
    }
}

/// Where a commune's dates and amounts are read: its country (locale region, currency) and its
/// time zone.
#[derive(Debug, Clone, Copy)]
pub struct Place {
    pub country: Country,
    pub tz: Tz,
}

impl Place {
    pub fn of(c: &crate::domain::commune::Commune) -> Place {
        Place {
            country: c.country,
            tz: c.tz(),
        }
    }

    pub fn date(&self, lang: Lang, d: NaiveDate) -> String {
        date(lang, self.country, d)
    }

    /// The local date of a UTC instant, as a long date.
    pub fn day_of(&self, lang: Lang, at: NaiveDateTime) -> String {
        date(
            lang,
            self.country,
            self.tz.from_utc_datetime(&at).date_naive(),
        )
    }

    pub fn datetime(&self, lang: Lang, at: NaiveDateTime) -> String {
        datetime(lang, self.country, self.tz, at)
    }

    pub fn amount(&self, lang: Lang, value: i64) -> String {
        amount(lang, self.country, value)
    }

    pub fn percent(&self, lang: Lang, per_mille: i64) -> String {
        percent(lang, self.country, per_mille)
    }
}

fn currency_of(country: Country) -> CurrencyType {
    match country {
        // Senegal, Niger and Guinea-Bissau share the West African CFA franc (UEMOA).
        Country::SN | Country::NE | Country::GW => currency!("XOF"),
        Country::GN => currency!("GNF"),
    }
}

fn gregorian(d: NaiveDate) -> Option<Date<Gregorian>> {
    Date::try_new_gregorian(d.year(), d.month() as u8, d.day() as u8).ok()
}

const LANGS: usize = 3;
const COUNTRIES: usize = 4;
const SLOTS: usize = LANGS * COUNTRIES;

type Cache<T> = [OnceLock<Option<T>>; SLOTS];

static DATE: Cache<FixedCalendarDateTimeFormatter<Gregorian, YMD>> =
    [const { OnceLock::new() }; SLOTS];
static DATETIME: Cache<FixedCalendarDateTimeFormatter<Gregorian, YMDT>> =
    [const { OnceLock::new() }; SLOTS];
static AMOUNT: Cache<CurrencyFormatter<DecimalFormatter>> = [const { OnceLock::new() }; SLOTS];
static PERCENT: Cache<PercentFormatter<DecimalFormatter>> = [const { OnceLock::new() }; SLOTS];

fn slot(lang: Lang, country: Country) -> usize {
    // Explicit matches rather than `as usize`, so reordering either enum cannot alias slots.
    let l = match lang {
        Lang::Fr => 0,
        Lang::Pt => 1,
        Lang::En => 2,
    };
    let c = match country {
        Country::SN => 0,
        Country::GN => 1,
        Country::GW => 2,
        Country::NE => 3,
    };
    l * COUNTRIES + c
}

/// The formatter for (lang, country), built on first use from the first locale that loads:
/// `{lang}-{country}`, then the language alone, then French. `None` (remembered, so not
/// retried) only if none loads, and callers then fall back to a plain rendering, not a panic.
fn cached<T>(
    cache: &'static Cache<T>,
    lang: Lang,
    country: Country,
    build: impl Fn(&Locale) -> Option<T>,
) -> Option<&'static T> {
    cache[slot(lang, country)]
        .get_or_init(|| {
            // CLDR has no English for these countries, and plain "en" is US English; the
            // international English of CLDR (en-001: "30 November 2026") reads as English is
            // written in West Africa.
            let regional = match lang {
                Lang::En => "en-001".to_owned(),
                _ => format!("{}-{}", lang.code(), country.code()),
            };
            let tags = [regional, lang.code().to_owned(), "fr".to_owned()];
            tags.iter()
                .filter_map(|tag| Locale::try_from_str(tag).ok())
                .find_map(|locale| build(&locale))
        })
        .as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::commune::default_timezone;

    /// CLDR picks U+202F or U+00A0 per locale; tests check the content, not the space flavour.
    fn plain(s: &str) -> String {
        s.replace(['\u{202F}', '\u{00A0}'], " ")
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn percentages_in_each_language() {
        assert_eq!(plain(&percent(Lang::Fr, Country::SN, 354)), "35,4 %");
        assert_eq!(plain(&percent(Lang::Pt, Country::GW, 1000)), "100,0%");
        assert_eq!(plain(&percent(Lang::En, Country::SN, 5)), "0.5%");
    }

    #[test]
    fn cfa_franc_in_senegal_and_guinean_franc_in_guinea() {
        assert_eq!(
            plain(&amount(Lang::Fr, Country::SN, 1_234_567)),
            "1 234 567 F CFA"
        );
        assert_eq!(
            plain(&amount(Lang::Fr, Country::NE, 1_234_567)),
            "1 234 567 F CFA"
        );
        assert_eq!(
            plain(&amount(Lang::Fr, Country::GN, 1_234_567)),
            "1 234 567 FG"
        );
    }

    #[test]
    fn grouping_follows_the_locale() {
        // Guinea-Bissau follows European Portuguese (space grouping); plain "pt" is Brazilian.
        assert_eq!(
            plain(&amount(Lang::Pt, Country::GW, 1_234_567)),
            "1 234 567 F CFA"
        );
        let pt = amount(Lang::Pt, Country::SN, 1_234_567);
        let en = amount(Lang::En, Country::SN, 1_234_567);
        assert!(pt.contains("1.234.567"), "{pt:?}");
        assert!(en.contains("1,234,567"), "{en:?}");
    }

    #[test]
    fn amounts_have_no_decimals() {
        for country in [Country::SN, Country::GN, Country::GW, Country::NE] {
            for lang in [Lang::Fr, Lang::Pt, Lang::En] {
                let s = amount(lang, country, 5);
                assert!(
                    !s.contains("5,0") && !s.contains("5.0"),
                    "{lang:?} {country:?}: {s:?}"
                );
            }
        }
    }

    #[test]
    fn negative_amounts_carry_a_minus_sign() {
        for lang in [Lang::Fr, Lang::Pt, Lang::En] {
            let s = amount(lang, Country::SN, -1500);
            assert!(s.contains(['-', '\u{2212}']), "{lang:?}: {s:?}");
            assert!(plain(&s).contains("500"), "{lang:?}: {s:?}");
        }
    }

    #[test]
    fn long_dates_name_the_month_in_the_reader_language() {
        let d = ymd(2026, 11, 30);
        let fr = plain(&date(Lang::Fr, Country::SN, d));
        let pt = plain(&date(Lang::Pt, Country::GW, d));
        let en = plain(&date(Lang::En, Country::SN, d));
        assert_eq!(fr, "30 novembre 2026");
        assert_eq!(pt, "30 de novembro de 2026");
        assert_eq!(en, "30 November 2026", "international English, not US");
    }

    #[test]
    fn datetime_is_shown_in_the_commune_zone() {
        let at = ymd(2026, 11, 30)
            .and_hms_opt(23, 30, 0)
            .expect("valid test time");
        let tz = default_timezone(Country::NE);
        let fr = plain(&datetime(Lang::Fr, Country::NE, tz, at));
        assert!(fr.contains("1 décembre 2026"), "{fr:?}");
        assert!(fr.contains("00:30"), "{fr:?}");
        let en = plain(&datetime(Lang::En, Country::NE, tz, at));
        assert!(en.contains("December") && en.contains("12:30"), "{en:?}");
        // Dakar is UTC+0 all year: same wall clock as UTC.
        let sn = plain(&datetime(
            Lang::Fr,
            Country::SN,
            default_timezone(Country::SN),
            at,
        ));
        assert!(
            sn.contains("30 novembre 2026") && sn.contains("23:30"),
            "{sn:?}"
        );
    }

    #[test]
    fn every_combination_formats_without_falling_back_to_iso() {
        let d = ymd(2026, 1, 5);
        let at = d.and_hms_opt(8, 5, 0).expect("valid test time");
        for country in [Country::SN, Country::GN, Country::GW, Country::NE] {
            for lang in [Lang::Fr, Lang::Pt, Lang::En] {
                assert!(
                    !date(lang, country, d).contains("2026-01"),
                    "{lang:?} {country:?}"
                );
                let dt = datetime(lang, country, default_timezone(country), at);
                assert!(!dt.contains("2026-01"), "{lang:?} {country:?}: {dt:?}");
                let a = amount(lang, country, 1);
                assert!(
                    !a.contains("XOF 1") && a != "1 GNF",
                    "{lang:?} {country:?}: {a:?}"
                );
            }
        }
    }
}
