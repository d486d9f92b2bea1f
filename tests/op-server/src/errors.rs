//! OpenProject's error bodies: `{_type: "Error", errorIdentifier: "urn:…:<Name>", message}`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub name: &'static str,
    pub message: String,
    /// The property at fault, shown as `_embedded.details.attribute`.
    pub attribute: Option<String>,
    /// For `MultipleErrors`: the single errors it bundles.
    pub errors: Vec<ApiError>,
    /// OpenProject answers a missing Content-Type with plain text, not an error object.
    pub plain_text: bool,
}

impl ApiError {
    pub fn new(status: StatusCode, name: &'static str, message: impl Into<String>) -> Self {
        Self {
            status,
            name,
            message: message.into(),
            attribute: None,
            errors: Vec::new(),
            plain_text: false,
        }
    }

    pub fn missing_content_type() -> Self {
        Self {
            plain_text: true,
            ..Self::new(
                StatusCode::NOT_ACCEPTABLE,
                "MissingContentType",
                "Missing content-type header",
            )
        }
    }
    pub fn unsupported_media_type(actual: &str) -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "TypeNotSupported",
            format!("Expected CONTENT-TYPE to be application/json but got {actual}."),
        )
    }

    pub fn unauthenticated() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "Unauthenticated",
            "You did not provide the correct credentials.",
        )
    }
    pub fn missing_permission() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "MissingPermission",
            "You are not authorized to access this resource.",
        )
    }
    pub fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "NotFound",
            "The requested resource could not be found.",
        )
    }
    pub fn update_conflict() -> Self {
        Self::new(
            StatusCode::CONFLICT,
            "UpdateConflict",
            "Your changes could not be saved, because the resource was changed in the meantime. Please reload and try again.",
        )
    }
    pub fn invalid_query(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "InvalidQuery", message)
    }
    pub fn invalid_body(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "InvalidRequestBody", message)
    }
    /// A 422 about one property, e.g. `PropertyConstraintViolation` on `subject`.
    pub fn property(name: &'static str, attribute: &str, message: impl Into<String>) -> Self {
        Self {
            attribute: Some(attribute.to_owned()),
            ..Self::new(StatusCode::UNPROCESSABLE_ENTITY, name, message)
        }
    }
    pub fn violation(attribute: &str, message: impl Into<String>) -> Self {
        Self::property("PropertyConstraintViolation", attribute, message)
    }

    /// One error stays itself; several become `MultipleErrors`, as OpenProject does.
    pub fn combine(mut errors: Vec<ApiError>) -> Option<Self> {
        match errors.len() {
            0 => None,
            1 => errors.pop(),
            _ => Some(Self {
                errors,
                ..Self::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "MultipleErrors",
                    "Multiple field constraints have been violated.",
                )
            }),
        }
    }

    pub fn to_json(&self) -> Value {
        let mut body = json!({
            "_type": "Error",
            "errorIdentifier": format!("urn:openproject-org:api:v3:errors:{}", self.name),
            "message": self.message,
        });
        if let Some(attribute) = &self.attribute {
            body["_embedded"] = json!({ "details": { "attribute": attribute } });
        }
        if !self.errors.is_empty() {
            body["_embedded"] = json!({
                "errors": self.errors.iter().map(ApiError::to_json).collect::<Vec<_>>()
            });
        }
        body
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if self.plain_text {
            return (self.status, self.message).into_response();
        }
        let mut response = crate::hal::response(self.status, &self.to_json());
        if self.status == StatusCode::UNAUTHORIZED {
            // Bearer, not Basic: a Basic challenge would make browsers pop up a login dialog.
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"OpenProject API\""),
            );
        }
        response
    }
}

pub type ApiResult<T = Response> = Result<T, ApiError>;
