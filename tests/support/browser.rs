//! A browser for the staff area over HTTP: keeps cookies, sends the reader's language, does
//! not follow redirects (tests look at them).

use super::TestNode;

pub struct Browser {
    pub client: reqwest::Client,
    pub base: String,
    pub cookies: Vec<(String, String)>,
    pub lang: &'static str,
}

pub fn csrf_of(html: &str) -> String {
    regex::Regex::new(r#"name="csrf" value="([^"]*)""#)
        .unwrap()
        .captures(html)
        .map(|c| c[1].to_string())
        .unwrap_or_default()
}

impl Browser {
    pub fn new(node: &TestNode) -> Self {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .resolve(node.domain.split(':').next().unwrap(), node.addr)
            .build()
            .unwrap();
        Browser {
            client,
            base: node.base.clone(),
            cookies: Vec::new(),
            lang: "fr",
        }
    }

    pub fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub fn keep(&mut self, res: &reqwest::Response) {
        for v in res.headers().get_all("set-cookie") {
            let text = v.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (k, val) = pair.split_once('=').unwrap();
            self.cookies.retain(|(n, _)| n != k);
            if !val.is_empty() {
                self.cookies.push((k.to_string(), val.to_string()));
            }
        }
    }

    /// Sends a request as this browser (its cookies and language) and keeps what it sets.
    pub async fn send(&mut self, req: reqwest::RequestBuilder) -> (u16, String, Option<String>) {
        let res = req
            .header("cookie", self.cookie_header())
            .header("accept-language", self.lang)
            .send()
            .await
            .unwrap();
        self.keep(&res);
        let location = res
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_string());
        (res.status().as_u16(), res.text().await.unwrap(), location)
    }

    pub async fn get(&mut self, path: &str) -> (u16, String) {
        let req = self.client.get(format!("{}{path}", self.base));
        let (status, body, _) = self.send(req).await;
        (status, body)
    }

    pub async fn post(
        &mut self,
        path: &str,
        form: &[(&str, &str)],
    ) -> (u16, String, Option<String>) {
        let req = self.client.post(format!("{}{path}", self.base)).form(form);
        self.send(req).await
    }

    pub async fn post_multipart(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        file: Option<(&str, Vec<u8>)>,
    ) -> (u16, String, Option<String>) {
        let files: Vec<_> = file
            .into_iter()
            .map(|(name, bytes)| ("attachment", name, "application/pdf", bytes))
            .collect();
        self.post_files(path, fields, files).await
    }

    /// A multipart form with files, each as (field, file name, media type, bytes).
    pub async fn post_files(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        files: Vec<(&str, &str, &str, Vec<u8>)>,
    ) -> (u16, String, Option<String>) {
        let mut form = reqwest::multipart::Form::new();
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        for (field, name, mime, bytes) in files {
            form = form.part(
                field.to_string(),
                reqwest::multipart::Part::bytes(bytes)
                    .file_name(name.to_string())
                    .mime_str(mime)
                    .unwrap(),
            );
        }
        let req = self
            .client
            .post(format!("{}{path}", self.base))
            .multipart(form);
        self.send(req).await
    }

    pub async fn login(
        &mut self,
        slug: &str,
        user: &str,
        password: &str,
    ) -> (u16, String, Option<String>) {
        self.login_via(slug, user, password, &[]).await
    }

    /// Signs in with extra request headers (a proxy's X-Forwarded-For).
    pub async fn login_via(
        &mut self,
        slug: &str,
        user: &str,
        password: &str,
        headers: &[(&str, &str)],
    ) -> (u16, String, Option<String>) {
        let (_, page) = self.get(&format!("/communes/{slug}/admin/login")).await;
        let csrf = csrf_of(&page);
        let mut req = self
            .client
            .post(format!("{}/communes/{slug}/admin/login", self.base))
            .form(&[
                ("csrf", &csrf),
                ("username", &user.to_string()),
                ("password", &password.to_string()),
            ]);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        self.send(req).await
    }
}
