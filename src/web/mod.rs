//! axum: routing, content negotiation, the JSON API, ActivityPub endpoints and pages.

mod activitypub;
mod api;
mod budgets;
pub mod caching;
mod commitments;
mod consultations;
mod csv;
mod documents;
pub mod error;
pub use crate::l10n::format;
pub mod i18n;
mod inbox;
mod inbox_limits;
mod opendata;
mod pages;
mod replies;
mod requests;
pub mod server;

use crate::service::App;
use activitypub_federation::config::FederationConfig;
use axum::extract::DefaultBodyLimit;
use axum::http::{header, HeaderMap};
use axum::routing::{get, post};
use axum::Router;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

/// Inbox bodies above this are refused with 413, before anything parses them.
pub const MAX_INBOX_BYTES: usize = 1024 * 1024;

/// What every handler reads. Shared behind one `Arc`: axum clones the state for each request,
/// and cloning the federation config (several caches) showed in read profiles.
#[derive(Clone)]
pub struct WebState(std::sync::Arc<Shared>);

pub struct Shared {
    pub app: App,
    pub fed: FederationConfig<App>,
    docs: documents::Documents,
    inbox_limits: inbox_limits::InboxLimits,
}

impl std::ops::Deref for WebState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

pub fn router(state: WebState) -> Router {
    let upload_limit = state.app.config.max_attachment_bytes() + 64 * 1024;
    let form_limit =
        pages::admin::decisions::form_body_limit(state.app.config.max_attachment_bytes());
    let api = Router::new()
        .route(
            "/api/v1/communes/{slug}/decisions",
            post(api::create_decision),
        )
        .route(
            "/api/v1/communes/{slug}/decisions/{key}",
            get(api::get_decision)
                .put(api::update_decision)
                .delete(api::withdraw_decision),
        )
        .route(
            "/api/v1/communes/{slug}/decisions/{key}/attachments",
            post(api::upload_attachment).layer(DefaultBodyLimit::max(upload_limit)),
        )
        .route(
            "/api/v1/communes/{slug}/consultations",
            post(consultations::create),
        )
        .route(
            "/api/v1/communes/{slug}/consultations/{key}",
            get(consultations::get).put(consultations::edit),
        )
        .route(
            "/api/v1/communes/{slug}/consultations/{key}/results",
            get(consultations::results),
        )
        .route(
            "/api/v1/communes/{slug}/consultations/{key}/results.csv",
            get(consultations::results_csv),
        )
        .route(
            "/api/v1/communes/{slug}/consultations/{key}/codes",
            post(consultations::codes),
        )
        .route(
            "/api/v1/communes/{slug}/consultations/{key}/paper",
            post(consultations::paper),
        )
        .route("/api/v1/communes/{slug}/shares", post(api::share))
        .route(
            "/api/v1/communes/{slug}/budgets",
            post(budgets::import).layer(DefaultBodyLimit::max(budgets::BODY_LIMIT)),
        )
        .route("/api/v1/communes/{slug}/budgets/{year}", get(budgets::get))
        .route(
            "/api/v1/communes/{slug}/commitments",
            get(commitments::list).post(commitments::create),
        )
        .route(
            "/api/v1/communes/{slug}/commitments/{key}",
            get(commitments::get).put(commitments::update),
        )
        .route(
            "/api/v1/communes/{slug}/commitments/{key}/status",
            post(commitments::status),
        )
        .route(
            "/api/v1/communes/{slug}/commitments/{key}/milestones/{id}/done",
            post(commitments::milestone_done),
        )
        .route(
            "/api/v1/communes/{slug}/commitments/{key}/notes",
            post(commitments::note),
        )
        .route("/api/v1/communes/{slug}/feed", get(api::feed))
        .route("/api/v1/communes/{slug}/requests", get(requests::register))
        .route(
            "/api/v1/communes/{slug}/requests.csv",
            get(requests::register_csv),
        )
        .route(
            "/api/v1/communes/{slug}/requests/{reference}/{action}",
            post(requests::act),
        );
    let inboxes = Router::new()
        .route("/communes/{slug}/inbox", post(inbox::personal))
        .route("/inbox", post(inbox::shared))
        .layer(DefaultBodyLimit::max(MAX_INBOX_BYTES));
    Router::new()
        .route("/", get(pages::home::home))
        .route("/communes/{slug}/decisions", get(pages::decisions::list))
        .route(
            "/communes/{slug}/remote-follow",
            post(pages::commune::remote_follow),
        )
        .route("/communes/{slug}/feed.atom", get(pages::feed::atom))
        .route("/communes/{slug}/admin", get(pages::admin::dashboard))
        .route(
            "/communes/{slug}/admin/login",
            get(pages::admin::login::page).post(pages::admin::login::login),
        )
        .route(
            "/communes/{slug}/admin/logout",
            post(pages::admin::login::logout),
        )
        .route(
            "/communes/{slug}/admin/decisions/new",
            get(pages::admin::decisions::new_page)
                .post(pages::admin::decisions::create)
                .layer(DefaultBodyLimit::max(form_limit)),
        )
        .route(
            "/communes/{slug}/admin/decisions/{key}/edit",
            get(pages::admin::decisions::edit_page)
                .post(pages::admin::decisions::update)
                .layer(DefaultBodyLimit::max(form_limit)),
        )
        .route(
            "/communes/{slug}/admin/decisions/{key}/withdraw",
            post(pages::admin::decisions::withdraw),
        )
        .route(
            "/communes/{slug}/admin/consultations",
            get(pages::admin::consultations::list).post(pages::admin::consultations::create),
        )
        .route(
            "/communes/{slug}/admin/consultations/{key}/edit",
            get(pages::admin::consultations::edit_form).post(pages::admin::consultations::edit),
        )
        .route(
            "/communes/{slug}/admin/consultations/{key}/codes",
            post(pages::admin::consultations::codes),
        )
        .route(
            "/communes/{slug}/admin/consultations/{key}/paper",
            post(pages::admin::consultations::paper),
        )
        .route(
            "/communes/{slug}/admin/settings",
            get(pages::admin::settings::page)
                .post(pages::admin::settings::save)
                .layer(DefaultBodyLimit::max(
                    crate::domain::logo::MAX_UPLOAD_BYTES + 64 * 1024,
                )),
        )
        .route(
            "/communes/{slug}/admin/comments",
            get(pages::admin::comments::page),
        )
        .route(
            "/communes/{slug}/admin/comments/settings",
            post(pages::admin::comments::settings),
        )
        .route(
            "/communes/{slug}/admin/comments/{id}/answer",
            post(pages::admin::comments::answer),
        )
        .route(
            "/communes/{slug}/admin/comments/{id}/{action}",
            post(pages::admin::comments::moderate),
        )
        .route(
            "/communes/{slug}/admin/requests",
            get(pages::admin::requests::list),
        )
        .route(
            "/communes/{slug}/admin/requests/{reference}",
            get(pages::admin::requests::show),
        )
        .route(
            "/communes/{slug}/admin/requests/{reference}/{action}",
            post(pages::admin::requests::act),
        )
        .route(
            "/communes/{slug}/admin/blocks/{action}",
            post(pages::admin::comments::blocks),
        )
        .route(
            "/communes/{slug}/admin/reports/{id}/resolve",
            post(pages::admin::comments::resolve_report),
        )
        .route(
            "/communes/{slug}/admin/federation",
            get(pages::admin::federation::page),
        )
        .route(
            "/communes/{slug}/admin/federation/{action}",
            post(pages::admin::federation::act),
        )
        .route(
            "/communes/{slug}/admin/staff",
            get(pages::admin::staff::list).post(pages::admin::staff::add),
        )
        .route(
            "/communes/{slug}/admin/staff/{id}/disable",
            post(pages::admin::staff::disable),
        )
        .route(
            "/communes/{slug}/admin/staff/invitations",
            post(pages::admin::staff::invite),
        )
        .route(
            "/communes/{slug}/admin/staff/invitations/{id}/revoke",
            post(pages::admin::staff::revoke_invitation),
        )
        .route(
            "/communes/{slug}/admin/invitation/{token}",
            get(pages::admin::invitation::page).post(pages::admin::invitation::accept),
        )
        .route(
            "/communes/{slug}/admin/password",
            get(pages::admin::staff::password_page).post(pages::admin::staff::change_password),
        )
        .route("/.well-known/webfinger", get(activitypub::webfinger))
        .route("/.well-known/nodeinfo", get(activitypub::nodeinfo_links))
        .route("/.well-known/host-meta", get(activitypub::host_meta))
        .route("/nodeinfo/2.1", get(activitypub::nodeinfo))
        .route("/actor", get(activitypub::instance_actor))
        .route("/communes/{slug}", get(activitypub::commune))
        .route("/communes/{slug}/outbox", get(activitypub::outbox))
        .route("/communes/{slug}/followers", get(activitypub::followers))
        .route("/communes/{slug}/following", get(activitypub::following))
        .route(
            "/communes/{slug}/decisions/{key}",
            get(activitypub::decision),
        )
        .route(
            "/communes/{slug}/consultations/{key}",
            get(consultations::document),
        )
        .route(
            "/communes/{slug}/consultations/{key}/vote",
            post(consultations::vote),
        )
        .route(
            "/communes/{slug}/decisions/{key}/replies",
            get(replies::of_decision),
        )
        .route(
            "/communes/{slug}/consultations/{key}/replies",
            get(replies::of_consultation),
        )
        .route("/communes/{slug}/notes/{key}", get(replies::note))
        .route(
            "/communes/{slug}/requests",
            get(pages::requests::register).post(pages::requests::file),
        )
        .route("/communes/{slug}/requests/new", get(pages::requests::new))
        .route(
            "/communes/{slug}/requests/follow/{token}",
            get(pages::requests::follow_up),
        )
        .route(
            "/communes/{slug}/requests/{reference}",
            get(pages::requests::show),
        )
        .route(
            "/communes/{slug}/comments/{id}/report",
            get(pages::report::show).post(pages::report::file),
        )
        .route("/communes/{slug}/budgets", get(pages::budgets::index))
        .route("/communes/{slug}/budgets/{year}", get(budgets::document))
        .merge(pages::admin::budgets::routes())
        .route(
            "/communes/{slug}/commitments",
            get(pages::commitments::index),
        )
        .route(
            "/communes/{slug}/commitments/{key}",
            get(commitments::document),
        )
        .merge(pages::admin::commitments::routes())
        .merge(opendata::routes())
        .route("/activities/{id}", get(activitypub::activity))
        .route("/media/{sha256}", get(activitypub::media))
        .merge(api)
        .merge(inboxes)
        .fallback(fallback)
        .layer(axum::middleware::from_fn(pages::render_errors))
        .layer(axum::middleware::from_fn(pages::flash::carry))
        .layer(axum::middleware::from_fn(i18n::remember_choice))
        .layer(axum::middleware::from_fn(caching::etag))
        // Kept documents are answered here, before the page middleware above.
        .layer(axum::middleware::from_fn_with_state(
            state.docs.clone(),
            documents::kept,
        ))
        .layer(tower_http::compression::CompressionLayer::new())
        .layer(DefaultBodyLimit::max(256 * 1024))
        // One log line per request, with method, path, status and latency.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &axum::http::Request<_>| {
                    tracing::info_span!(
                        "request",
                        method = %req.method(),
                        path = %logged_path(req.uri().path()),
                    )
                })
                .on_request(())
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .with_state(state)
}

/// The path as logged: secrets carried in a path (invitation tokens) are replaced, so that
/// access logs cannot be used to join a commune's staff. Queries are not logged.
fn logged_path(path: &str) -> std::borrow::Cow<'_, str> {
    match path.split_once("/admin/invitation/") {
        Some((before, _)) => format!("{before}/admin/invitation/…").into(),
        None => path.into(),
    }
}

async fn fallback(i18n::Reader(lang): i18n::Reader) -> axum::response::Response {
    pages::not_found(lang)
}

/// Whether the client asked for ActivityPub JSON rather than a page.
pub fn wants_activity_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .map(|a| a.contains("application/activity+json") || a.contains("application/ld+json"))
        .unwrap_or(false)
}

/// Serves until the process is stopped; the delivery workers run beside the listener.
pub async fn serve(app: App) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(app.config.bind).await?;
    serve_on(listener, app).await
}

/// Same as [`serve`], on a listener the caller bound (tests bind port 0).
pub async fn serve_on(listener: tokio::net::TcpListener, app: App) -> anyhow::Result<()> {
    let fed = crate::federation::configure(app.clone()).await?;
    tracing::info!(
        bind = %listener.local_addr().map(|a| a.to_string()).unwrap_or_default(),
        domain = %app.config.domain,
        dev = app.config.dev,
        "palabre listening"
    );
    tokio::spawn(crate::delivery::run(fed.clone()));
    tokio::spawn(crate::store::revision::watch(app.store.clone()));
    tokio::spawn(crate::service::consultations::run(app.clone()));
    let docs = documents::Documents::new(app.store.generation().clone());
    let limits = server::Limits::of(&app.config);
    server::run(
        listener,
        router(WebState(std::sync::Arc::new(Shared {
            inbox_limits: inbox_limits::InboxLimits::new(
                app.config.inbox_actor_per_minute,
                app.config.inbox_instance_per_minute,
            ),
            app,
            fed,
            docs,
        }))),
        limits,
        shutdown_signal(),
    )
    .await;
    Ok(())
}

/// Ctrl-C or SIGTERM (systemd's stop). Deliveries in flight are simply sent again after the
/// restart, so nothing needs draining.
async fn shutdown_signal() {
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = term => {}
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    #[test]
    fn invitation_tokens_stay_out_of_logs() {
        assert_eq!(
            super::logged_path("/communes/labe/admin/invitation/s3cr3t"),
            "/communes/labe/admin/invitation/…"
        );
        assert_eq!(super::logged_path("/communes/labe"), "/communes/labe");
    }
}
