//! One typed configuration, read from an optional TOML file and then from environment
//! variables with the same keys (`PALABRE_` + the key in capitals; `DATABASE_URL` as well).

use serde::Deserialize;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct Config {
    /// Public host name, with the port if it is not the scheme's default.
    pub domain: String,
    pub bind: SocketAddr,
    pub database_url: String,
    /// Development switch: allows `http://` and loopback/private peers. Never on by default.
    pub dev: bool,
    pub media_dir: PathBuf,
    pub max_attachment_mb: usize,
    pub delivery_concurrency: usize,
    pub delivery_per_host: usize,
    pub delivery_lease_secs: u64,
    pub delivery_backoff_secs: u64,
    pub delivery_max_age_hours: u64,
    pub host_dead_after_hours: u64,
    /// Open connections at most; past it the node stops accepting until one ends.
    pub max_connections: usize,
    /// Time to send a request's head (from the accept, or from its first byte on keep-alive).
    pub header_timeout_secs: u64,
    /// Keep-alive wait for the next request, and the longest a request may go without I/O.
    pub idle_timeout_secs: u64,
    /// Time to send a whole request body, counted from its head.
    pub body_timeout_secs: u64,
    /// A consultation's tally goes back to followers and voters at most this often.
    pub tally_interval_secs: u64,
    /// Activities accepted per minute from one remote actor, and from one instance (all its
    /// actors together), checked after the signature; past them the inbox answers 429 with
    /// `Retry-After`, and the sender retries later.
    pub inbox_actor_per_minute: u32,
    /// Access-to-information deadlines and holidays; None: the rules built into the node.
    pub deadlines_file: Option<PathBuf>,
    pub inbox_instance_per_minute: u32,
    /// Reverse proxies whose forwarded-for headers name the client. Empty by default: a
    /// header from anyone else could choose the address that login limits count.
    pub trusted_proxies: TrustedProxies,
}

/// An address or a CIDR block (`127.0.0.1`, `10.0.0.0/8`, `::1`, `fd00::/8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpBlock {
    addr: IpAddr,
    prefix: u8,
}

impl std::str::FromStr for IpBlock {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (text, None),
        };
        let addr: IpAddr = addr
            .parse()
            .map_err(|_| format!("{text:?} is not an IP address or CIDR block"))?;
        let addr = addr.to_canonical();
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(|| format!("{text:?} has an invalid prefix length"))?,
        };
        Ok(IpBlock { addr, prefix })
    }
}

impl IpBlock {
    pub fn contains(&self, ip: IpAddr) -> bool {
        let bits = |ip: IpAddr| -> u128 {
            match ip {
                IpAddr::V4(v4) => u32::from(v4) as u128,
                IpAddr::V6(v6) => u128::from(v6),
            }
        };
        let ip = ip.to_canonical();
        if ip.is_ipv4() != self.addr.is_ipv4() {
            return false;
        }
        let width = if ip.is_ipv4() { 32 } else { 128 };
        let shift = width - u32::from(self.prefix);
        // A shift by the whole width would overflow: prefix 0 matches everything.
        shift >= width || (bits(ip) >> shift) == (bits(self.addr) >> shift)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(pub Vec<IpBlock>);

impl TrustedProxies {
    pub fn contains(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|b| b.contains(ip))
    }

    fn parse<'a>(items: impl IntoIterator<Item = &'a str>) -> Result<Self, ConfigError> {
        items
            .into_iter()
            .filter(|s| !s.trim().is_empty())
            .map(|s| {
                s.parse().map_err(|message| ConfigError::Value {
                    key: "trusted_proxies",
                    message,
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    domain: Option<String>,
    bind: Option<String>,
    database_url: Option<String>,
    dev: Option<bool>,
    media_dir: Option<PathBuf>,
    max_attachment_mb: Option<usize>,
    delivery_concurrency: Option<usize>,
    delivery_per_host: Option<usize>,
    delivery_lease_secs: Option<u64>,
    delivery_backoff_secs: Option<u64>,
    delivery_max_age_hours: Option<u64>,
    host_dead_after_hours: Option<u64>,
    trusted_proxies: Option<Vec<String>>,
    max_connections: Option<usize>,
    header_timeout_secs: Option<u64>,
    idle_timeout_secs: Option<u64>,
    body_timeout_secs: Option<u64>,
    tally_interval_secs: Option<u64>,
    inbox_actor_per_minute: Option<u32>,
    deadlines_file: Option<PathBuf>,
    inbox_instance_per_minute: Option<u32>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read configuration file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid configuration file {path}: {source}")]
    Parse {
        path: PathBuf,
        source: toml::de::Error,
    },
    #[error("invalid value for {key}: {message}")]
    Value { key: &'static str, message: String },
}

fn env_value(key: &str) -> Option<String> {
    std::env::var(format!("PALABRE_{}", key.to_ascii_uppercase()))
        .ok()
        .filter(|v| !v.is_empty())
}

fn parse_env<T: std::str::FromStr>(key: &'static str) -> Result<Option<T>, ConfigError>
where
    T::Err: std::fmt::Display,
{
    env_value(key)
        .map(|v| {
            v.parse::<T>().map_err(|e| ConfigError::Value {
                key,
                message: e.to_string(),
            })
        })
        .transpose()
}

fn parse_bool(key: &'static str) -> Result<Option<bool>, ConfigError> {
    match env_value(key).as_deref() {
        None => Ok(None),
        Some("1" | "true" | "yes" | "on") => Ok(Some(true)),
        Some("0" | "false" | "no" | "off") => Ok(Some(false)),
        Some(other) => Err(ConfigError::Value {
            key,
            message: format!("{other:?} is not a boolean (use 1 or 0)"),
        }),
    }
}

impl Config {
    /// Reads `file` if given, then the environment, which wins.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        let mut raw = match file {
            None => Raw::default(),
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                    path: path.to_path_buf(),
                    source,
                })?;
                toml::from_str(&text).map_err(|source| ConfigError::Parse {
                    path: path.to_path_buf(),
                    source,
                })?
            }
        };
        macro_rules! overlay {
            ($($field:ident),*) => {$(
                if let Some(v) = parse_env(stringify!($field))? { raw.$field = Some(v); }
            )*};
        }
        overlay!(
            domain,
            bind,
            media_dir,
            max_attachment_mb,
            delivery_concurrency,
            delivery_per_host,
            delivery_lease_secs,
            delivery_backoff_secs,
            delivery_max_age_hours,
            host_dead_after_hours,
            max_connections,
            header_timeout_secs,
            idle_timeout_secs,
            body_timeout_secs,
            tally_interval_secs,
            inbox_actor_per_minute,
            inbox_instance_per_minute,
            deadlines_file
        );
        // A list in the environment is comma-separated: PALABRE_TRUSTED_PROXIES=127.0.0.1,::1
        if let Some(v) = env_value("trusted_proxies") {
            raw.trusted_proxies = Some(v.split(',').map(str::to_string).collect());
        }
        if let Some(v) = parse_bool("dev")? {
            raw.dev = Some(v);
        }
        if let Some(url) = env_value("database_url").or_else(|| std::env::var("DATABASE_URL").ok())
        {
            raw.database_url = Some(url);
        }
        Self::from_raw(raw)
    }

    /// The built-in defaults, without reading files or the environment.
    pub fn defaults() -> Self {
        Self::from_raw(Raw::default()).expect("built-in defaults are valid")
    }

    fn from_raw(raw: Raw) -> Result<Self, ConfigError> {
        let domain = raw.domain.unwrap_or_else(|| "localhost:8080".to_string());
        if domain.is_empty() || domain.contains('/') || domain.contains(' ') {
            return Err(ConfigError::Value {
                key: "domain",
                message: "a host name, with :port if needed, without scheme or path".into(),
            });
        }
        let bind_text = raw.bind.unwrap_or_else(|| "127.0.0.1:8080".to_string());
        let bind = bind_text.parse().map_err(|_| ConfigError::Value {
            key: "bind",
            message: format!("{bind_text:?} is not an address such as 127.0.0.1:8080"),
        })?;
        let positive = |key: &'static str, v: Option<usize>, default: usize| match v {
            Some(0) => Err(ConfigError::Value {
                key,
                message: "must be at least 1".into(),
            }),
            Some(n) => Ok(n),
            None => Ok(default),
        };
        let positive_secs = |key: &'static str, v: Option<u64>, default: u64| {
            positive(key, v.map(|n| n as usize), default as usize).map(|n| n as u64)
        };
        Ok(Config {
            domain,
            bind,
            database_url: raw
                .database_url
                .unwrap_or_else(|| "sqlite://palabre.db".to_string()),
            dev: raw.dev.unwrap_or(false),
            media_dir: raw.media_dir.unwrap_or_else(|| PathBuf::from("media")),
            max_attachment_mb: positive("max_attachment_mb", raw.max_attachment_mb, 10)?,
            delivery_concurrency: positive("delivery_concurrency", raw.delivery_concurrency, 32)?,
            delivery_per_host: positive("delivery_per_host", raw.delivery_per_host, 4)?,
            delivery_lease_secs: raw.delivery_lease_secs.unwrap_or(120).max(1),
            delivery_backoff_secs: raw.delivery_backoff_secs.unwrap_or(30).max(1),
            delivery_max_age_hours: raw.delivery_max_age_hours.unwrap_or(24 * 5),
            host_dead_after_hours: raw.host_dead_after_hours.unwrap_or(24 * 7),
            trusted_proxies: TrustedProxies::parse(
                raw.trusted_proxies.iter().flatten().map(String::as_str),
            )?,
            max_connections: positive("max_connections", raw.max_connections, 4096)?,
            header_timeout_secs: positive_secs("header_timeout_secs", raw.header_timeout_secs, 10)?,
            idle_timeout_secs: positive_secs("idle_timeout_secs", raw.idle_timeout_secs, 60)?,
            // Five minutes carry a 10 MB PDF at 35 KB/s; behind nginx the body arrives buffered.
            body_timeout_secs: positive_secs("body_timeout_secs", raw.body_timeout_secs, 300)?,
            tally_interval_secs: positive_secs("tally_interval_secs", raw.tally_interval_secs, 60)?,
            deadlines_file: raw.deadlines_file,
            inbox_actor_per_minute: positive(
                "inbox_actor_per_minute",
                raw.inbox_actor_per_minute.map(|n| n as usize),
                120,
            )? as u32,
            inbox_instance_per_minute: positive(
                "inbox_instance_per_minute",
                raw.inbox_instance_per_minute.map(|n| n as usize),
                1200,
            )? as u32,
        })
    }

    /// `http` only under the development switch: a public node always speaks https.
    pub fn scheme(&self) -> &'static str {
        if self.dev {
            "http"
        } else {
            "https"
        }
    }

    pub fn max_attachment_bytes(&self) -> usize {
        self.max_attachment_mb * 1024 * 1024
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_safe() {
        let c = Config::from_raw(Raw::default()).unwrap();
        assert!(!c.dev);
        assert_eq!(c.scheme(), "https");
        assert_eq!(c.database_url, "sqlite://palabre.db");
        // Every connection is bounded unless the operator says otherwise.
        assert_eq!(c.max_connections, 4096);
        assert_eq!((c.header_timeout_secs, c.idle_timeout_secs), (10, 60));
        let raw = Raw {
            header_timeout_secs: Some(0),
            ..Default::default()
        };
        match Config::from_raw(raw) {
            Err(ConfigError::Value { key, .. }) => assert_eq!(key, "header_timeout_secs"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn file_keys_parse_and_bad_values_are_named() {
        let raw: Raw = toml::from_str("domain = \"rufisque.sn\"\ndev = true\n").unwrap();
        let c = Config::from_raw(raw).unwrap();
        assert_eq!(c.domain, "rufisque.sn");
        assert!(c.dev);
        let raw = Raw {
            bind: Some("nowhere".into()),
            ..Default::default()
        };
        match Config::from_raw(raw) {
            Err(ConfigError::Value { key, .. }) => assert_eq!(key, "bind"),
            other => panic!("{other:?}"),
        }
        assert!(toml::from_str::<Raw>("colour = 1").is_err());
    }

    #[test]
    fn trusted_proxies_are_addresses_or_blocks() {
        assert!(Config::defaults().trusted_proxies.0.is_empty());
        let raw: Raw =
            toml::from_str("trusted_proxies = [\"127.0.0.1\", \"10.0.0.0/8\", \"fd00::/8\"]\n")
                .unwrap();
        let t = Config::from_raw(raw).unwrap().trusted_proxies;
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert!(t.contains(ip("127.0.0.1")) && t.contains(ip("::ffff:127.0.0.1")));
        assert!(t.contains(ip("10.200.3.4")) && t.contains(ip("fd12::1")));
        assert!(!t.contains(ip("127.0.0.2")) && !t.contains(ip("11.0.0.1")));
        assert!(!t.contains(ip("::1")));
        let all: IpBlock = "0.0.0.0/0".parse().unwrap();
        assert!(all.contains(ip("203.0.113.9")) && !all.contains(ip("::1")));
        for bad in ["localhost", "10.0.0.0/33", "10.0.0.0/x"] {
            let raw = Raw {
                trusted_proxies: Some(vec![bad.into()]),
                ..Default::default()
            };
            match Config::from_raw(raw) {
                Err(ConfigError::Value { key, .. }) => assert_eq!(key, "trusted_proxies"),
                other => panic!("{bad}: {other:?}"),
            }
        }
    }
}
