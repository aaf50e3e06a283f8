//! The staff's action plan: commitments, their milestones and progress notes.

use crate::web::WebState;
use axum::Router;

/// The staff area's commitment routes.
pub fn routes() -> Router<WebState> {
    Router::new()
}
