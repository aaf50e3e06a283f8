//! Legal deadlines for answering citizens' requests, counted as each country's law counts them.
//! The rules and the fixed public holidays are data (`deploy/access_to_information.toml`, or the
//! file the configuration names), not code; holidays that follow the moon are entered by an
//! admin each year and given here as `extra`.

use super::commune::Country;
use super::Invalid;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

/// The rules built into the node.
pub const BUILT_IN: &str = include_str!("../../deploy/access_to_information.toml");

/// One country's rules, as the data file gives them.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    pub law: String,
    pub days: u32,
    /// Whether the day of receipt counts (it does not for jours francs).
    pub day_of_receipt: bool,
    /// Whether a deadline ending on a non-working day moves to the next working day.
    pub roll_forward: bool,
    #[serde(default)]
    pub extended_days: Option<u32>,
    #[serde(default)]
    pub transfer_days: Option<u32>,
    pub silence_is_refusal: bool,
    #[serde(deserialize_with = "weekdays")]
    pub weekend: Vec<Weekday>,
    #[serde(deserialize_with = "month_days")]
    pub fixed: Vec<(u32, u32)>,
    #[serde(default)]
    pub easter: Vec<i64>,
    #[serde(default)]
    pub dated: Vec<NaiveDate>,
}

fn weekdays<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Weekday>, D::Error> {
    Vec::<String>::deserialize(d)?
        .iter()
        .map(|s| {
            s.parse::<Weekday>()
                .map_err(|_| serde::de::Error::custom(format!("not a day of the week: {s}")))
        })
        .collect()
}

fn month_days<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<(u32, u32)>, D::Error> {
    Vec::<String>::deserialize(d)?
        .iter()
        .map(|s| {
            let parsed = s.split_once('-').and_then(|(m, d)| {
                let (m, d) = (m.parse::<u32>().ok()?, d.parse::<u32>().ok()?);
                // Any leap year accepts every real MM-DD.
                NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
            });
            parsed.ok_or_else(|| serde::de::Error::custom(format!("not a MM-DD date: {s}")))
        })
        .collect()
}

/// Every country's rules.
#[derive(Debug, Clone)]
pub struct Deadlines(BTreeMap<String, Rules>);

impl Deadlines {
    /// Parses a rules file; every country we serve must be in it.
    pub fn parse(text: &str) -> Result<Self, Invalid> {
        let map: BTreeMap<String, Rules> =
            toml::from_str(text).map_err(|e| Invalid::new("deadlines", e.to_string()))?;
        for c in [Country::SN, Country::GN, Country::GW, Country::NE] {
            if !map.contains_key(c.code()) {
                return Err(Invalid::new(
                    "deadlines",
                    format!("no rules for {}", c.code()),
                ));
            }
        }
        if let Some((code, _)) = map.iter().find(|(_, r)| r.days == 0) {
            return Err(Invalid::new(
                "deadlines",
                format!("{code}: days must be at least 1"),
            ));
        }
        Ok(Deadlines(map))
    }

    pub fn built_in() -> Self {
        // The built-in file is checked by a unit test; a broken one cannot be released.
        Self::parse(BUILT_IN).unwrap_or_else(|e| panic!("built-in deadlines: {e}"))
    }

    pub fn of(&self, country: Country) -> &Rules {
        // `parse` made sure every country is there.
        &self.0[country.code()]
    }
}

/// A country's calendar: its rules and the lunar holidays an admin entered.
pub struct Calendar<'a> {
    pub rules: &'a Rules,
    pub extra: &'a BTreeSet<NaiveDate>,
}

impl Calendar<'_> {
    pub fn is_holiday(&self, d: NaiveDate) -> bool {
        if self.extra.contains(&d) || self.rules.dated.contains(&d) {
            return true;
        }
        if self.rules.fixed.contains(&(d.month(), d.day())) {
            return true;
        }
        let easter = computus::gregorian(d.year())
            .ok()
            .and_then(|e| NaiveDate::from_ymd_opt(e.year, e.month, e.day));
        easter.is_some_and(|easter| {
            self.rules
                .easter
                .iter()
                .any(|offset| easter + Duration::days(*offset) == d)
        })
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        !self.rules.weekend.contains(&d.weekday()) && !self.is_holiday(d)
    }

    /// The last day of a period of `days` from `received`, as the law counts it.
    pub fn after(&self, received: NaiveDate, days: u32) -> NaiveDate {
        let counted = if self.rules.day_of_receipt {
            days.saturating_sub(1)
        } else {
            days
        };
        let mut due = received + Duration::days(i64::from(counted));
        if self.rules.roll_forward {
            // A year holds fewer than 30 days off in a row; the bound only stops a data file
            // that made every day a holiday.
            for _ in 0..60 {
                if self.is_working_day(due) {
                    break;
                }
                due += Duration::days(1);
            }
        }
        due
    }

    /// When the answer is due.
    pub fn due(&self, received: NaiveDate) -> NaiveDate {
        self.after(received, self.rules.days)
    }

    /// When the answer is due once extended, where the law allows an extension.
    pub fn extended(&self, received: NaiveDate) -> Option<NaiveDate> {
        self.rules.extended_days.map(|d| self.after(received, d))
    }

    /// By when a request must be transferred to the competent body, where the law says.
    pub fn transfer_by(&self, received: NaiveDate) -> Option<NaiveDate> {
        self.rules.transfer_days.map(|d| self.after(received, d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn with<T>(country: Country, extra: &[&str], f: impl FnOnce(&Calendar<'_>) -> T) -> T {
        let deadlines = Deadlines::built_in();
        let extra: BTreeSet<NaiveDate> = extra.iter().map(|d| day(d)).collect();
        f(&Calendar {
            rules: deadlines.of(country),
            extra: &extra,
        })
    }

    // Dates worked out by hand on the 2026 calendar (the weekday is given beside each).

    #[test]
    fn senegal_eight_jours_francs() {
        with(Country::SN, &[], |cal| {
            // Received Mon 7 Dec: the 7th does not count; the 8th day is Tue 15 Dec.
            assert_eq!(cal.due(day("2026-12-07")), day("2026-12-15"));
            // Received Thu 3 Dec: the period ends on Fri 11 Dec, a working day.
            assert_eq!(cal.due(day("2026-12-03")), day("2026-12-11"));
            // Received Fri 4 Dec: the 8th day is Sat 12 Dec, so Mon 14 Dec.
            assert_eq!(cal.due(day("2026-12-04")), day("2026-12-14"));
        });
    }

    #[test]
    fn senegal_holidays_move_the_deadline() {
        with(Country::SN, &[], |cal| {
            // Received Thu 17 Dec: the 8th day is Fri 25 Dec (Christmas), then the weekend:
            // Mon 28 Dec.
            assert_eq!(cal.due(day("2026-12-17")), day("2026-12-28"));
            // Easter 2026 is Sun 5 April. Received Sun 29 March: the 8th day is Easter
            // Monday (6 April), so Tue 7 April.
            assert_eq!(cal.due(day("2026-03-29")), day("2026-04-07"));
        });
        // Korité 2026, entered by an admin for Fri 20 March. Received Thu 12 March: the 8th
        // day is that Friday, then the weekend: Mon 23 March. Without the entry, Fri 20.
        with(Country::SN, &["2026-03-20"], |cal| {
            assert_eq!(cal.due(day("2026-03-12")), day("2026-03-23"));
        });
        with(Country::SN, &[], |cal| {
            assert_eq!(cal.due(day("2026-03-12")), day("2026-03-20"));
        });
    }

    #[test]
    fn senegal_extension_and_transfer() {
        with(Country::SN, &[], |cal| {
            // Extended to 15 days from Mon 7 Dec: Tue 22 Dec.
            assert_eq!(cal.extended(day("2026-12-07")), Some(day("2026-12-22")));
            // From Fri 11 Dec: Sat 26 Dec, so Mon 28 Dec.
            assert_eq!(cal.extended(day("2026-12-11")), Some(day("2026-12-28")));
            // Transfer within 5 days of Mon 7 Dec: Sat 12 Dec, so Mon 14 Dec.
            assert_eq!(cal.transfer_by(day("2026-12-07")), Some(day("2026-12-14")));
        });
    }

    #[test]
    fn niger_seven_days_then_silence_is_refusal() {
        with(Country::NE, &[], |cal| {
            assert!(cal.rules.silence_is_refusal);
            // Received Mon 14 Dec: Mon 21 Dec.
            assert_eq!(cal.due(day("2026-12-14")), day("2026-12-21"));
            // Received Fri 11 Dec: the 7th day is Fri 18 Dec, Republic Day, then the
            // weekend: Mon 21 Dec.
            assert_eq!(cal.due(day("2026-12-11")), day("2026-12-21"));
            // Received Thu 3 Dec: Thu 10 Dec.
            assert_eq!(cal.due(day("2026-12-03")), day("2026-12-10"));
            // No extension or transfer period in the ordonnance.
            assert_eq!(cal.extended(day("2026-12-03")), None);
            assert_eq!(cal.transfer_by(day("2026-12-03")), None);
        });
        // Each country has its own holidays: 24 April (Concord Day) is one in Niger, 4 April
        // (Senegal's independence) is not.
        with(Country::NE, &[], |cal| {
            assert!(cal.is_holiday(day("2026-04-24")));
            assert!(!cal.is_holiday(day("2026-04-04")));
        });
    }

    #[test]
    fn a_rules_file_must_cover_every_country_and_be_well_formed() {
        assert!(Deadlines::parse(BUILT_IN).is_ok());
        let only_sn: String = BUILT_IN.split("\n[NE]").next().unwrap().to_string();
        assert!(Deadlines::parse(&only_sn)
            .unwrap_err()
            .message
            .contains("no rules for"));
        let bad_day = BUILT_IN.replace("\"12-25\"]", "\"12-32\"]");
        assert!(Deadlines::parse(&bad_day).is_err());
        let bad_weekday =
            BUILT_IN.replacen("[\"sat\", \"sun\"]", "[\"saturday\", \"dimanche\"]", 1);
        assert!(Deadlines::parse(&bad_weekday).is_err());
    }
}
