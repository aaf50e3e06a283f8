use super::Invalid;
use serde::{Deserialize, Serialize};

/// What a staff member may do on their commune.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, including staff and settings.
    Admin,
    /// Publishes.
    Editor,
    /// Moderates comments and reports.
    Moderator,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Admin, Role::Editor, Role::Moderator];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Editor => "editor",
            Role::Moderator => "moderator",
        }
    }

    pub fn parse(v: &str) -> Result<Role, Invalid> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == v.trim())
            .ok_or_else(|| Invalid::new("role", "must be one of admin, editor, moderator"))
    }

    pub fn can_publish(self) -> bool {
        matches!(self, Role::Admin | Role::Editor)
    }

    /// Hides, restores and approves comments, and handles reports.
    pub fn can_moderate(self) -> bool {
        matches!(self, Role::Admin | Role::Moderator)
    }

    pub fn can_manage_staff(self) -> bool {
        self == Role::Admin
    }
}

pub const MIN_PASSWORD: usize = 10;

pub fn username(v: &str) -> Result<String, Invalid> {
    let v = v.trim().to_lowercase();
    let ok = (2..=40).contains(&v.chars().count())
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if ok {
        Ok(v)
    } else {
        Err(Invalid::new(
            "username",
            "2 to 40 letters, digits, '.', '-' or '_'",
        ))
    }
}

pub fn password(v: &str) -> Result<&str, Invalid> {
    let n = v.chars().count();
    if n < MIN_PASSWORD {
        return Err(Invalid::new(
            "password",
            format!("at least {MIN_PASSWORD} characters"),
        ));
    }
    if n > 200 {
        return Err(Invalid::new("password", "at most 200 characters"));
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_rights() {
        assert!(Role::parse("editor").unwrap().can_publish());
        assert!(!Role::parse("moderator").unwrap().can_publish());
        assert!(!Role::Editor.can_manage_staff());
        assert_eq!(Role::parse("mayor").unwrap_err().field, "role");
    }

    #[test]
    fn usernames_and_passwords() {
        assert_eq!(username(" Awa.Diop ").unwrap(), "awa.diop");
        assert!(username("a").is_err());
        assert!(username("<b>").is_err());
        assert!(password("short").is_err());
        assert!(password("long enough pass").is_ok());
    }
}
