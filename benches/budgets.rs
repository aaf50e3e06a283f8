//! Budgets at a commune's size: a 5,000-line CSV in the import template (docs/budget/README.md)
//! sent to a real `palabre serve` (`POST /api/v1/communes/{slug}/budgets`, `text/csv`, a
//! commune token), then the full open-data set downloaded as a harvester would take it (the
//! DCAT catalog, then every distribution it lists, on one kept connection; and again with a new
//! connection per file), on SQLite and, when PALABRE_BENCH_DATABASE_URL names a PostgreSQL
//! server, on a fresh PostgreSQL database. Printed: the time of the import (first, and median
//! of `IMPORTS` at the same situation date, each replacing the report) and of the export (first,
//! and median of `EXPORTS`), each as a ratio to the reference measured in the same run: reading and parsing the same file in this process with no database
//! (`palabre::domain::budget_csv::parse`); and the server's peak resident memory (`VmHWM`, the
//! process's peak since it started) before the imports, after them and after the export.
//! Loopback only.
//!
//! The file grows the example budget (docs/budget/exemple-budget-2026.csv, 330 lines): the
//! example itself, then copies of its lines per quartier, each with its own paragraph codes and
//! amounts, until there are `LINES`.
//!
//! `cargo bench --bench budgets`
//! (`PALABRE_BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:55432/postgres` adds PostgreSQL)

use palabre::domain::budget::{Amounts, Line};
use palabre::domain::budget_csv::{self, COLUMNS};
use std::io::Write;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const LINES: usize = 5000;
const IMPORTS: usize = 5;
const PARSES: usize = 11;
const DOWNLOADS: usize = 5;
const EXPORTS: usize = 3;
const DECISIONS: usize = 20;
const SITUATION: &str = "2026-06-30";
const EXAMPLE: &str = include_str!("../docs/budget/exemple-budget-2026.csv");

/// Quartiers of Rufisque: each copy of the example's lines is one quartier's.
const QUARTIERS: [&str; 18] = [
    "Keury Kao",
    "Keury Souf",
    "Thiawlène",
    "Diokoul",
    "Mérina",
    "Dangou",
    "Colobane",
    "Fass",
    "Santhiaba",
    "Nimzatt",
    "Guendel",
    "Arafat",
    "Cité Millionnaire",
    "Darou Rahmane",
    "Gouye Mouride",
    "Ndeunkou",
    "Cité Filaos",
    "Champ de Course",
];

struct Node {
    child: Child,
    _dir: tempfile::TempDir,
    base: String,
    token: String,
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

fn palabre(database: &str, dir: &std::path::Path, port: u16) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_palabre"));
    cmd.env("DATABASE_URL", database)
        .env("PALABRE_BIND", format!("127.0.0.1:{port}"))
        .env("PALABRE_DOMAIN", format!("localhost:{port}"))
        .env("PALABRE_DEV", "1")
        .env("PALABRE_MEDIA_DIR", dir.join("media"))
        .env_remove("RUST_LOG");
    cmd
}

/// A `/proc/{pid}/status` figure in KiB (`VmHWM`, `VmRSS`).
fn status_kib(pid: u32, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn mib(kib: u64) -> f64 {
    kib as f64 / 1024.0
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

/// An amount as accountants write it: `12 500 000`, `-5 000 000`.
fn amount(v: Option<i64>) -> String {
    let Some(v) = v else {
        return String::new();
    };
    let digits = v.unsigned_abs().to_string();
    let mut out = String::new();
    if v < 0 {
        out.push('-');
    }
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(' ');
        }
        out.push(d);
    }
    out
}

/// A small deterministic generator: the same file on every run.
struct Lcg(u64);

impl Lcg {
    fn unit(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A line's amounts times `f`: the relations between them (final = initial + modifications,
/// paid ≤ mandated ≤ committed) survive, since rounding keeps the order.
fn scaled(a: &Amounts, f: f64) -> Amounts {
    let s = |v: Option<i64>| v.map(|v| (v as f64 * f).round() as i64);
    let (initial, modifications) = (s(a.initial), s(a.modifications));
    let final_forecast = match (initial, modifications, a.final_forecast) {
        (Some(i), Some(m), Some(_)) => Some(i + m),
        (Some(i), None, Some(f)) if Some(f) == a.initial => Some(i),
        (_, _, f) => s(f),
    };
    Amounts {
        initial,
        modifications,
        final_forecast,
        committed: s(a.committed),
        issued: s(a.issued),
        settled: s(a.settled),
    }
}

/// `LINES` lines in the template, `;`-separated with Windows line ends as Excel saves them: the
/// example budget, then its lines again for one quartier after another (paragraph codes
/// `{paragraph}{copy:02}`, the label naming the quartier, amounts a share of the commune's).
fn generate() -> Vec<u8> {
    let example = budget_csv::parse(EXAMPLE.as_bytes()).expect("the example budget reads");
    let mut rng = Lcg(2026);
    let mut w = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(COLUMNS).expect("header");
    let mut written = 0;
    'copies: for copy in 0.. {
        for l in &example.lines {
            if written == LINES {
                break 'copies;
            }
            let line = if copy == 0 {
                l.clone()
            } else {
                let quartier = QUARTIERS[(copy - 1) % QUARTIERS.len()];
                let base = if l.codes.paragraph.is_empty() {
                    &l.codes.article
                } else {
                    &l.codes.paragraph
                };
                let mut codes = l.codes.clone();
                codes.paragraph = format!("{base}{copy:02}");
                Line {
                    codes,
                    label: format!("{} – {quartier}", l.label),
                    amounts: scaled(&l.amounts, 0.03 + 0.3 * rng.unit()),
                    ..l.clone()
                }
            };
            let a = &line.amounts;
            w.write_record([
                example.year.to_string(),
                line.document.code().to_string(),
                line.section.code().to_string(),
                line.direction.code().to_string(),
                line.codes.chapter,
                line.codes.article,
                line.codes.paragraph,
                line.label,
                line.source,
                amount(a.initial),
                amount(a.modifications),
                amount(a.final_forecast),
                amount(a.committed),
                amount(a.issued),
                amount(a.settled),
            ])
            .expect("line");
            written += 1;
        }
    }
    w.into_inner().expect("csv")
}

/// A fresh database: a SQLite file in `dir`, or a new PostgreSQL database on the server
/// `admin` names (as tests/support/db.rs makes them), with its name to drop afterwards.
fn fresh_database(dir: &std::path::Path, admin: Option<&str>) -> (String, Option<String>) {
    let Some(admin) = admin else {
        return (
            format!("sqlite://{}", dir.join("budgets.db").display()),
            None,
        );
    };
    use diesel::{Connection, RunQueryDsl};
    let name = format!("palabre_b_{}", uuid::Uuid::new_v4().simple());
    let mut conn = diesel::PgConnection::establish(admin).expect("connect to PostgreSQL");
    diesel::sql_query(format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .expect("create the benchmark's database");
    let mut url = url::Url::parse(admin).expect("database URL");
    url.set_path(&format!("/{name}"));
    (url.to_string(), Some(name))
}

fn drop_database(admin: &str, name: &str) {
    use diesel::{Connection, RunQueryDsl};
    if let Ok(mut conn) = diesel::PgConnection::establish(admin) {
        let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut conn);
    }
}

/// Bodies as sent (a harvester asking for identity): no decompression. `keep_alive`: one
/// connection kept for every request, as harvesters do; else a new connection per request.
fn client(keep_alive: bool) -> reqwest::blocking::Client {
    let mut b = reqwest::blocking::Client::builder()
        .no_proxy()
        .no_gzip()
        .no_brotli()
        .timeout(Duration::from_secs(300));
    if !keep_alive {
        b = b.pool_max_idle_per_host(0);
    }
    b.build().expect("client")
}

/// A node with the commune, a token and `DECISIONS` decisions (so that the catalog lists more
/// than the budget), logging as in production (to a file).
fn start_node(database: &str, dir: tempfile::TempDir, port: u16) -> Node {
    let run = |args: &[&str]| {
        let out = palabre(database, dir.path(), port)
            .args(args)
            .output()
            .expect("palabre CLI");
        assert!(
            out.status.success(),
            "palabre {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    run(&[
        "commune",
        "add",
        "rufisque",
        "--name",
        "Rufisque",
        "--country",
        "SN",
        "--region",
        "Dakar",
        "--population",
        "295459",
    ]);
    let token = run(&["token", "create", "rufisque", "--label", "compta"])
        .lines()
        .last()
        .unwrap_or_default()
        .trim()
        .to_string();
    let log = std::fs::File::create(dir.path().join("serve.log")).expect("log file");
    let child = palabre(database, dir.path(), port)
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("palabre serve");
    let node = Node {
        child,
        _dir: dir,
        base: format!("http://localhost:{port}"),
        token,
    };
    let client = client(true);
    let deadline = Instant::now() + Duration::from_secs(30);
    while client
        .get(format!("{}/communes/rufisque", node.base))
        .send()
        .is_err()
    {
        assert!(Instant::now() < deadline, "palabre serve did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    for i in 0..DECISIONS {
        let r = client
            .post(format!("{}/api/v1/communes/rufisque/decisions", node.base))
            .bearer_auth(&node.token)
            .json(&serde_json::json!({
                "reference": format!("D-2026-{i:03}"),
                "kind": "deliberation",
                "title": format!("Délibération n° {i} portant budget primitif"),
                "summary": "Le conseil adopte le budget primitif de l'exercice 2026.",
                "body": "Le conseil municipal, réuni en session ordinaire, délibère. ".repeat(10),
                "session_date": "2026-11-20",
                "status": "adopted",
                "votes": {"yes": 31, "no": 4, "abstain": 2, "absent": 3},
                "themes": ["budget"],
            }))
            .send()
            .expect("publish");
        assert_eq!(r.status().as_u16(), 201, "publishing decision {i}");
    }
    node
}

/// Reading and parsing the file with no database, median of `PARSES` runs (ms).
fn parse_only(path: &std::path::Path) -> f64 {
    let runs: Vec<f64> = (0..PARSES)
        .map(|_| {
            let t0 = Instant::now();
            let bytes = std::fs::read(path).expect("the CSV");
            let parsed = budget_csv::parse(&bytes).expect("the generated file reads");
            assert_eq!(parsed.lines.len(), LINES);
            std::hint::black_box(parsed);
            ms(t0)
        })
        .collect();
    median(&runs)
}

struct Figures {
    import_first: f64,
    import_median: f64,
    imports: Vec<f64>,
    export_first: f64,
    export_ms: f64,
    export_fresh_ms: f64,
    export_bytes: usize,
    files: Vec<(String, usize, f64)>,
    fresh_files: Vec<(String, usize, f64)>,
    budget_csv_ms: f64,
    downloads: Vec<f64>,
    budget_csv_bytes: usize,
    hwm_start: u64,
    hwm_first: u64,
    hwm_imports: u64,
    hwm_export: u64,
    rss_end: u64,
}

fn get(client: &reqwest::blocking::Client, url: &str) -> bytes::Bytes {
    let r = client.get(url).send().expect("download");
    assert!(r.status().is_success(), "{url}: {}", r.status());
    r.bytes().expect("body")
}

/// One download of the whole open-data set: the catalog, then every distribution it lists.
struct Export {
    ms: f64,
    bytes: usize,
    /// Each file's name, bytes and milliseconds.
    files: Vec<(String, usize, f64)>,
    urls: Vec<String>,
}

fn export(client: &reqwest::blocking::Client, base: &str) -> Export {
    let t0 = Instant::now();
    let catalog = get(
        client,
        &format!("{base}/communes/rufisque/data/catalog.jsonld"),
    );
    let mut files = vec![("catalog.jsonld".to_string(), catalog.len(), ms(t0))];
    let catalog: serde_json::Value = serde_json::from_slice(&catalog).expect("catalog JSON-LD");
    let urls: Vec<String> = catalog["dataset"]
        .as_array()
        .expect("datasets")
        .iter()
        .flat_map(|d| d["distribution"].as_array().cloned().unwrap_or_default())
        .filter_map(|x| x["downloadURL"].as_str().map(String::from))
        .collect();
    assert!(
        urls.iter().any(|u| u.ends_with("/budget.csv")),
        "the catalog lists the budget: {urls:?}"
    );
    for url in &urls {
        let t1 = Instant::now();
        let body = get(client, url);
        let name = url.rsplit("/data/").next().unwrap_or(url).to_string();
        files.push((name, body.len(), ms(t1)));
    }
    Export {
        ms: ms(t0),
        bytes: files.iter().map(|f| f.1).sum(),
        files,
        urls,
    }
}

fn measure(node: &Node, csv: &[u8]) -> Figures {
    let pid = node.child.id();
    let fresh_client = client(false);
    let client = client(true);
    let import = || {
        let t0 = Instant::now();
        let r = client
            .post(format!(
                "{}/api/v1/communes/rufisque/budgets?situation={SITUATION}",
                node.base
            ))
            .bearer_auth(&node.token)
            .header("Content-Type", "text/csv")
            .body(csv.to_vec())
            .send()
            .expect("import");
        let status = r.status().as_u16();
        let body = r.text().unwrap_or_default();
        let elapsed = ms(t0);
        assert_eq!(status, 201, "import: {}", &body[..body.len().min(2000)]);
        elapsed
    };
    let hwm_start = status_kib(pid, "VmHWM:");
    let import_first = import();
    let hwm_first = status_kib(pid, "VmHWM:");
    let imports: Vec<f64> = (0..IMPORTS).map(|_| import()).collect();
    let hwm_imports = status_kib(pid, "VmHWM:");

    let keep_alive: Vec<Export> = (0..EXPORTS).map(|_| export(&client, &node.base)).collect();
    // One connection per file: what the keep-alive figures would be without the ~40 ms a
    // small streamed body waits on a kept connection (Nagle against the delayed ACK).
    let fresh: Vec<Export> = (0..EXPORTS)
        .map(|_| export(&fresh_client, &node.base))
        .collect();
    let hwm_export = status_kib(pid, "VmHWM:");
    let urls = keep_alive[0].urls.clone();

    let csv_url = urls
        .iter()
        .find(|u| u.ends_with("/budget.csv"))
        .expect("budget.csv");
    let mut budget_csv_bytes = 0;
    let downloads: Vec<f64> = (0..DOWNLOADS)
        .map(|_| {
            let t1 = Instant::now();
            let body = get(&client, csv_url);
            let elapsed = ms(t1);
            budget_csv_bytes = body.len();
            // An export imports again as is.
            let back = budget_csv::parse(&body).expect("the exported budget.csv reads");
            assert_eq!(back.lines.len(), LINES, "budget.csv holds every line");
            elapsed
        })
        .collect();
    Figures {
        import_first,
        import_median: median(&imports),
        imports,
        export_first: keep_alive[0].ms,
        export_ms: median(&keep_alive.iter().map(|e| e.ms).collect::<Vec<_>>()),
        export_fresh_ms: median(&fresh.iter().map(|e| e.ms).collect::<Vec<_>>()),
        export_bytes: keep_alive[0].bytes,
        files: keep_alive[0].files.clone(),
        fresh_files: fresh[0].files.clone(),
        budget_csv_ms: median(&downloads),
        downloads,
        budget_csv_bytes,
        hwm_start,
        hwm_first,
        hwm_imports,
        hwm_export,
        rss_end: status_kib(pid, "VmRSS:"),
    }
}

fn runs(v: &[f64]) -> String {
    v.iter()
        .map(|t| format!("{t:.0}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn report(backend: &str, f: &Figures, reference: f64) {
    println!("  {backend}");
    println!(
        "    import, first                {:>9.1} ms   {:>6.1} × parse-only",
        f.import_first,
        f.import_first / reference
    );
    println!(
        "    import, median of {IMPORTS}          {:>9.1} ms   {:>6.1} × parse-only   (runs: {})",
        f.import_median,
        f.import_median / reference,
        runs(&f.imports)
    );
    println!(
        "    export, {} files, first        {:>9.1} ms   {:>6.1} × parse-only   {} bytes",
        f.files.len(),
        f.export_first,
        f.export_first / reference,
        f.export_bytes
    );
    println!(
        "    export, median of {EXPORTS}          {:>9.1} ms   {:>6.1} × parse-only   (one connection per file: {:.1} ms, {:.1} ×)",
        f.export_ms,
        f.export_ms / reference,
        f.export_fresh_ms,
        f.export_fresh_ms / reference
    );
    println!("      first export, per file             bytes  kept conn.  new conn.");
    for ((name, bytes, t), (_, _, fresh)) in f.files.iter().zip(&f.fresh_files) {
        println!("      {name:<32} {bytes:>9} {t:>8.1} ms {fresh:>7.1} ms");
    }
    println!(
        "    budget.csv, median of {DOWNLOADS}      {:>9.1} ms   {:>6.1} × parse-only   {} bytes   (runs: {})",
        f.budget_csv_ms,
        f.budget_csv_ms / reference,
        f.budget_csv_bytes,
        runs(&f.downloads)
    );
    println!(
        "    peak RSS (VmHWM)  before imports {:.1} MiB, after the first {:.1} MiB, after {} more {:.1} MiB, after the export {:.1} MiB (RSS at the end {:.1} MiB)",
        mib(f.hwm_start),
        mib(f.hwm_first),
        IMPORTS,
        mib(f.hwm_imports),
        mib(f.hwm_export),
        mib(f.rss_end)
    );
    let _ = std::io::stdout().flush();
}

fn main() {
    let work = tempfile::tempdir().expect("tempdir");
    let csv = generate();
    let path = work.path().join("budget-5000.csv");
    std::fs::write(&path, &csv).expect("write the CSV");
    let _ = parse_only(&path); // warm-up
    let admin = std::env::var("PALABRE_BENCH_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"));
    println!(
        "budgets: {LINES}-line CSV, {} bytes; parse-only = std::fs::read + budget_csv::parse in \
         this process, median of {PARSES}, measured right before and after each backend",
        csv.len()
    );
    let mut rows = Vec::new();
    let mut backends: Vec<(&str, Option<&str>)> = vec![("SQLite", None)];
    match admin.as_deref() {
        Some(a) => backends.push(("PostgreSQL", Some(a))),
        None => println!(
            "  PostgreSQL skipped: set PALABRE_BENCH_DATABASE_URL to a server's admin URL \
             (postgres://postgres@127.0.0.1:55432/postgres)"
        ),
    }
    for (backend, admin) in backends {
        let dir = tempfile::tempdir().expect("tempdir");
        let (database, pg_name) = fresh_database(dir.path(), admin);
        let before = parse_only(&path);
        let node = start_node(&database, dir, free_port());
        let figures = measure(&node, &csv);
        drop(node);
        let after = parse_only(&path);
        let reference = (before + after) / 2.0;
        println!(
            "  parse-only {before:.1} ms before, {after:.1} ms after: reference {reference:.1} ms"
        );
        report(backend, &figures, reference);
        if let (Some(admin), Some(name)) = (admin, pg_name) {
            drop_database(admin, &name);
        }
        rows.push((backend, figures, reference));
    }
    println!();
    println!(
        "  {:<11} {:>9} {:>10} {:>7} {:>10} {:>10} {:>7} {:>10} {:>7} {:>12} {:>12} {:>12}",
        "backend",
        "parse ms",
        "import ms",
        "ratio",
        "export ms",
        "bytes",
        "ratio",
        "new conns",
        "ratio",
        "RSS before",
        "after import",
        "after export"
    );
    for (backend, f, reference) in &rows {
        println!(
            "  {backend:<11} {reference:>9.1} {:>10.1} {:>7.1} {:>10.1} {:>10} {:>7.1} {:>10.1} {:>7.1} {:>8.1} MiB {:>8.1} MiB {:>8.1} MiB",
            f.import_median,
            f.import_median / reference,
            f.export_ms,
            f.export_bytes,
            f.export_ms / reference,
            f.export_fresh_ms,
            f.export_fresh_ms / reference,
            mib(f.hwm_start),
            mib(f.hwm_imports),
            mib(f.hwm_export)
        );
    }
}
