//! Errors at the HTTP edge: a status and a JSON body `{"error", "field"}` a person can act on.
//! Internal details go to the log, not the response.

use crate::federation::FederationError;
use crate::service::ServiceError;
use activitypub_federation::error::Error as FedError;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    pub field: Option<&'static str>,
}

impl ApiError {
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
            field: None,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({"error": self.message});
        if let Some(f) = self.field {
            body["field"] = json!(f);
        }
        (self.status, Json(body)).into_response()
    }
}

impl From<crate::domain::Invalid> for ApiError {
    fn from(i: crate::domain::Invalid) -> Self {
        ServiceError::Invalid(i).into()
    }
}

impl From<ServiceError> for ApiError {
    fn from(e: ServiceError) -> Self {
        match e {
            ServiceError::Invalid(i) => ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                message: i.to_string(),
                field: Some(i.field),
            },
            ServiceError::NotFound(what) => {
                ApiError::new(StatusCode::NOT_FOUND, format!("{what} not found"))
            }
            ServiceError::Forbidden(m) => ApiError::new(StatusCode::FORBIDDEN, m),
            ServiceError::Conflict(m) => ApiError::new(StatusCode::CONFLICT, m),
            ServiceError::Taken { field } => ApiError {
                status: StatusCode::UNPROCESSABLE_ENTITY,
                message: format!("{field} is already used by another decision of this commune"),
                field: Some(field),
            },
            other => {
                tracing::error!(error = %other, "internal error");
                ApiError::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal error, see the node's log",
                )
            }
        }
    }
}

impl From<FederationError> for ApiError {
    fn from(e: FederationError) -> Self {
        match e {
            FederationError::Service(s) => s.into(),
            FederationError::Rejected(m) => ApiError::new(StatusCode::BAD_REQUEST, m),
            FederationError::Refused(m) => ApiError::new(StatusCode::FORBIDDEN, m),
            FederationError::Unprocessable(m) => ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, m),
            FederationError::Protocol(p) => protocol_error(p),
        }
    }
}

fn protocol_error(e: FedError) -> ApiError {
    let status = match &e {
        FedError::ActivityBodyDigestInvalid
        | FedError::ActivitySignatureInvalid
        | FedError::Other(_) => StatusCode::UNAUTHORIZED,
        FedError::ParseReceivedActivity { .. } => StatusCode::BAD_REQUEST,
        FedError::UrlVerificationError(_)
        | FedError::DomainResolveError(_)
        | FedError::ResolveInternalIpError(..) => StatusCode::FORBIDDEN,
        // The signer's key could not be fetched, so the signature cannot be checked.
        FedError::NotFound
        | FedError::ObjectDeleted(_)
        | FedError::Reqwest(_)
        | FedError::ReqwestMiddleware(_)
        | FedError::ParseFetchedObject(..)
        | FedError::RequestLimit
        | FedError::ResponseBodyLimit
        | FedError::WebfingerResolveFailed(_) => StatusCode::UNAUTHORIZED,
        _ => StatusCode::BAD_REQUEST,
    };
    ApiError::new(status, e.to_string())
}
