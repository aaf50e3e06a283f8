pub use crate::domain::ObjectKind;
use url::Url;

/// Every URL the node mints. Ids are also web pages (content negotiation), so one place
/// decides their shape.
#[derive(Debug, Clone)]
pub struct Urls {
    base: Url,
}

impl Urls {
    /// `scheme` is `https` unless the development switch is on.
    pub fn new(scheme: &str, domain: &str) -> Result<Self, url::ParseError> {
        Ok(Urls {
            base: Url::parse(&format!("{scheme}://{domain}/"))?,
        })
    }

    fn join(&self, path: &str) -> Url {
        let mut u = self.base.clone();
        u.set_path(path);
        u
    }

    pub fn base(&self) -> &Url {
        &self.base
    }

    /// `host[:port]` as in the ids we mint.
    pub fn authority(&self) -> String {
        crate::store::activities::host_key(&self.base)
    }

    pub fn commune(&self, slug: &str) -> Url {
        self.join(&format!("/communes/{slug}"))
    }
    pub fn inbox(&self, slug: &str) -> Url {
        self.join(&format!("/communes/{slug}/inbox"))
    }
    pub fn outbox(&self, slug: &str) -> Url {
        self.join(&format!("/communes/{slug}/outbox"))
    }
    pub fn followers(&self, slug: &str) -> Url {
        self.join(&format!("/communes/{slug}/followers"))
    }
    pub fn following(&self, slug: &str) -> Url {
        self.join(&format!("/communes/{slug}/following"))
    }
    pub fn key_id(&self, actor: &Url) -> String {
        format!("{actor}#main-key")
    }
    pub fn shared_inbox(&self) -> Url {
        self.join("/inbox")
    }
    pub fn instance_actor(&self) -> Url {
        self.join("/actor")
    }
    pub fn decision(&self, slug: &str, key: &str) -> Url {
        self.join(&format!("/communes/{slug}/decisions/{key}"))
    }
    pub fn consultation(&self, slug: &str, key: &str) -> Url {
        self.join(&format!("/communes/{slug}/consultations/{key}"))
    }
    /// A year's budget: its `Article` and its page.
    pub fn budget(&self, slug: &str, year: i32) -> Url {
        self.join(&format!("/communes/{slug}/budgets/{year}"))
    }
    /// A commitment of the action plan: its `Article` and its page.
    pub fn commitment(&self, slug: &str, key: &str) -> Url {
        self.join(&format!("/communes/{slug}/commitments/{key}"))
    }
    pub fn commitments(&self, slug: &str) -> Url {
        self.join(&format!("/communes/{slug}/commitments"))
    }
    /// The commune's open-data page; its DCAT catalog is `catalog.jsonld` below it.
    pub fn open_data(&self, slug: &str) -> Url {
        self.join(&format!("/communes/{slug}/data"))
    }
    pub fn data_catalog(&self, slug: &str) -> Url {
        self.join(&format!("/communes/{slug}/data/catalog.jsonld"))
    }
    pub fn budgets(&self, slug: &str) -> Url {
        self.join(&format!("/communes/{slug}/budgets"))
    }
    pub fn media(&self, sha256: &str) -> Url {
        self.join(&format!("/media/{sha256}"))
    }
    pub fn new_activity(&self) -> Url {
        self.join(&format!("/activities/{}", uuid::Uuid::new_v4()))
    }

    /// Whether `url` is one we mint (same scheme, host and port).
    pub fn is_local(&self, url: &Url) -> bool {
        url.scheme() == self.base.scheme()
            && url.host_str() == self.base.host_str()
            && url.port_or_known_default() == self.base.port_or_known_default()
    }

    /// The commune slug of an actor id we minted.
    pub fn slug_of_actor(&self, url: &Url) -> Option<String> {
        if !self.is_local(url) {
            return None;
        }
        let rest = url.path().strip_prefix("/communes/")?;
        (!rest.is_empty() && !rest.contains('/')).then(|| rest.to_string())
    }

    /// The commune slug and key of a consultation id we minted (a vote's `inReplyTo`).
    pub fn consultation_of(&self, url: &Url) -> Option<(String, String)> {
        self.local_object(url)
            .filter(|o| o.kind == ObjectKind::Consultation)
            .map(|o| (o.slug, o.key))
    }

    /// One of a commune's objects, from its id (a comment's `inReplyTo`).
    pub fn local_object(&self, url: &Url) -> Option<LocalObject> {
        if !self.is_local(url) || url.query().is_some() || url.fragment().is_some() {
            return None;
        }
        let rest = url.path().strip_prefix("/communes/")?;
        let mut parts = rest.split('/');
        let (slug, kind, key) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || slug.is_empty() || key.is_empty() {
            return None;
        }
        let kind = ObjectKind::from_segment(kind)?;
        Some(LocalObject {
            slug: slug.to_string(),
            kind,
            key: key.to_string(),
        })
    }

    /// The id of a commune's object.
    pub fn object(&self, o: &LocalObject) -> Url {
        self.join(&format!(
            "/communes/{}/{}/{}",
            o.slug,
            o.kind.segment(),
            o.key
        ))
    }

    /// The `replies` collection of one of our objects.
    pub fn replies(&self, object: &Url) -> Url {
        let mut u = object.clone();
        u.set_path(&format!("{}/replies", object.path()));
        u
    }

    /// A citizen's request, by its public reference.
    pub fn request(&self, slug: &str, reference: &str) -> Url {
        self.join(&format!("/communes/{slug}/requests/{reference}"))
    }

    /// A note the commune writes (an answer to a comment or a request).
    pub fn note(&self, slug: &str, key: &str) -> Url {
        self.join(&format!("/communes/{slug}/notes/{key}"))
    }
}

/// One of a commune's objects, named by its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalObject {
    pub slug: String,
    pub kind: ObjectKind,
    pub key: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_means_same_host_and_port() {
        let urls = Urls::new("http", "node1.localhost:8001").unwrap();
        let a = urls.commune("rufisque");
        assert_eq!(a.as_str(), "http://node1.localhost:8001/communes/rufisque");
        assert!(urls.is_local(&a));
        assert!(
            !urls.is_local(&Url::parse("http://node1.localhost:8002/communes/rufisque").unwrap())
        );
        assert_eq!(urls.slug_of_actor(&a).as_deref(), Some("rufisque"));
        assert_eq!(urls.slug_of_actor(&urls.inbox("rufisque")), None);
        let q = urls.consultation("rufisque", "k1");
        assert_eq!(
            urls.consultation_of(&q),
            Some(("rufisque".to_string(), "k1".to_string()))
        );
        assert_eq!(urls.consultation_of(&urls.decision("rufisque", "k1")), None);
        let elsewhere =
            Url::parse("http://other.localhost:8001/communes/rufisque/consultations/k1");
        assert_eq!(urls.consultation_of(&elsewhere.unwrap()), None);
        let d = urls.decision("rufisque", "d1");
        let o = urls.local_object(&d).expect("a decision");
        assert_eq!(
            (o.kind, o.slug.as_str(), o.key.as_str()),
            (ObjectKind::Decision, "rufisque", "d1")
        );
        assert_eq!(urls.object(&o), d);
        assert_eq!(
            urls.replies(&d).as_str(),
            "http://node1.localhost:8001/communes/rufisque/decisions/d1/replies"
        );
        for not_an_object in [
            urls.replies(&d),
            urls.commune("rufisque"),
            urls.outbox("rufisque"),
            Url::parse("http://node1.localhost:8001/communes/rufisque/decisions/").unwrap(),
            Url::parse("http://node1.localhost:8001/communes/rufisque/budgets/b1").unwrap(),
            Url::parse("http://node1.localhost:8001/communes/rufisque/decisions/d1?x=1").unwrap(),
        ] {
            assert_eq!(urls.local_object(&not_an_object), None, "{not_an_object}");
        }
    }
}
