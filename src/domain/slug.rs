use super::Invalid;
use std::fmt;
use std::sync::LazyLock;

/// A commune's handle: the `slug` in `@slug@domain`, with Mastodon's username rule.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Slug(String);

static SLUG_RE: LazyLock<regex::Regex> = LazyLock::new(|| {
    regex::Regex::new(r"^[a-z0-9_]+([.-]+[a-z0-9_]+)*$").expect("slug regex is valid")
});

impl Slug {
    pub fn parse(value: &str) -> Result<Self, Invalid> {
        if value.len() > 64 {
            return Err(Invalid::new("slug", "must be at most 64 characters"));
        }
        if !SLUG_RE.is_match(value) {
            return Err(Invalid::new(
                "slug",
                "use lowercase letters, digits, '_', and '.' or '-' between them",
            ));
        }
        Ok(Slug(value.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_mastodon_usernames() {
        for ok in ["rufisque", "fass-colobane", "labe_2", "a.b"] {
            assert!(Slug::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn refuses_what_mastodon_would_not_resolve() {
        for bad in ["", "Rufisque", "-labe", "labe-", "a b", "kouroussa!", "é"] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
    }
}
