//! The staff's budgets: import a CSV (preview of totals, then confirm) and correct lines.

use crate::web::WebState;
use axum::Router;

/// The staff area's budget routes.
pub fn routes() -> Router<WebState> {
    Router::new()
}
