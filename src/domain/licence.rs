//! The open licences a commune may publish its data under (default CC BY 4.0), stated in its
//! DCAT catalog and in every data package.

/// Licences fit for open government data, by SPDX identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Licence {
    #[default]
    CcBy4,
    CcBySa4,
    Cc0,
    Odbl,
    /// The French State's Licence Ouverte 2.0, used by French-speaking administrations.
    Etalab2,
}

impl Licence {
    pub const ALL: [Licence; 5] = [
        Licence::CcBy4,
        Licence::CcBySa4,
        Licence::Cc0,
        Licence::Odbl,
        Licence::Etalab2,
    ];

    pub fn spdx(self) -> &'static str {
        match self {
            Licence::CcBy4 => "CC-BY-4.0",
            Licence::CcBySa4 => "CC-BY-SA-4.0",
            Licence::Cc0 => "CC0-1.0",
            Licence::Odbl => "ODbL-1.0",
            Licence::Etalab2 => "etalab-2.0",
        }
    }

    pub fn url(self) -> &'static str {
        match self {
            Licence::CcBy4 => "https://creativecommons.org/licenses/by/4.0/",
            Licence::CcBySa4 => "https://creativecommons.org/licenses/by-sa/4.0/",
            Licence::Cc0 => "https://creativecommons.org/publicdomain/zero/1.0/",
            Licence::Odbl => "https://opendatacommons.org/licenses/odbl/1-0/",
            Licence::Etalab2 => "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        }
    }

    /// The licence's own name (not translated: it is the legal text's title).
    pub fn title(self) -> &'static str {
        match self {
            Licence::CcBy4 => "Creative Commons Attribution 4.0 International",
            Licence::CcBySa4 => "Creative Commons Attribution-ShareAlike 4.0 International",
            Licence::Cc0 => "Creative Commons Zero 1.0 Universal",
            Licence::Odbl => "Open Data Commons Open Database License 1.0",
            Licence::Etalab2 => "Licence Ouverte / Open Licence 2.0",
        }
    }

    pub fn parse(s: &str) -> Option<Licence> {
        let s = s.trim();
        Licence::ALL
            .into_iter()
            .find(|l| l.spdx().eq_ignore_ascii_case(s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_round_trip() {
        for l in Licence::ALL {
            assert_eq!(Licence::parse(l.spdx()), Some(l));
        }
        assert_eq!(Licence::parse("cc-by-4.0"), Some(Licence::CcBy4));
        assert_eq!(Licence::parse("GPL-3.0"), None);
        assert_eq!(Licence::default().spdx(), "CC-BY-4.0");
    }
}
