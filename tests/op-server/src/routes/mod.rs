//! The URL map, plus the request helpers every handler shares.

pub mod activities;
pub mod attachments;
pub mod catalog;
pub mod days;
pub mod forms;
pub mod grids;
pub mod queries;
pub mod relations;
pub mod test_control;
pub mod watchers;
pub mod work_packages;

use crate::errors::{ApiError, ApiResult};
use crate::paging::Params;
use crate::{AppState, auth, oauth};
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, header};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, patch, post};
use serde_json::{Map, Value};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// Parses a query string leniently: OpenProject ignores parameters it does not know.
pub fn params(query: Option<String>) -> Params {
    query
        .and_then(|q| serde_urlencoded::from_str(&q).ok())
        .unwrap_or_default()
}

/// A write body must be JSON and an object, with OpenProject's 406/415/400 answers otherwise.
pub fn json_body(headers: &HeaderMap, body: &Bytes) -> ApiResult<Map<String, Value>> {
    let Some(content_type) = headers.get(header::CONTENT_TYPE) else {
        return Err(ApiError::missing_content_type());
    };
    let content_type = content_type.to_str().unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if !essence.eq_ignore_ascii_case("application/json")
        && !essence.eq_ignore_ascii_case("application/hal+json")
    {
        return Err(ApiError::unsupported_media_type(content_type));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ApiError::invalid_body(
            "The request body must be a JSON object.",
        )),
        Err(e) => Err(ApiError::invalid_body(format!(
            "The request body was not a single JSON object: {e}"
        ))),
    }
}

pub fn parse_id(raw: &str) -> ApiResult<u64> {
    raw.parse().map_err(|_| ApiError::not_found())
}

async fn not_found() -> Response {
    ApiError::not_found().into_response()
}

/// Keeps `METHOD /path?query` of every API call so browser tests can check what the client sent.
async fn log_requests(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let uri = request.uri();
    if !uri.path().starts_with("/__test/") {
        let line = format!(
            "{} {}",
            request.method(),
            uri.path_and_query().map_or(uri.path(), |pq| pq.as_str())
        );
        state.lock().log_request(line);
    }
    next.run(request).await
}

fn cors(origins: &[String]) -> Option<CorsLayer> {
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o.trim_end_matches('/')).ok())
        .collect();
    if origins.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([
                Method::GET,
                Method::POST,
                Method::PATCH,
                Method::DELETE,
                Method::OPTIONS,
            ])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                HeaderName::from_static("x-requested-with"),
            ])
            // OpenProject behind a proxy sends it with 429/503; a client can only read it when exposed.
            .expose_headers([header::RETRY_AFTER])
            // Cookies for session auth need credentials; a listed origin (never `*`) makes that legal.
            .allow_credentials(true)
            .max_age(std::time::Duration::from_hours(2)),
    )
}

#[allow(clippy::needless_pass_by_value)] // the router keeps the state; taking it by value reads naturally
pub fn router(state: AppState) -> Router {
    use activities as act;
    use catalog as cat;
    use work_packages as wp;
    let api = Router::new()
        .route("/api/v3", get(cat::root))
        .route("/api/v3/configuration", get(cat::configuration))
        .route("/api/v3/users/{id}", get(cat::user))
        .route("/api/v3/projects", get(cat::projects))
        .route("/api/v3/projects/{id}", get(cat::project))
        .route("/api/v3/projects/{id}/types", get(cat::project_types))
        .route("/api/v3/projects/{id}/versions", get(cat::project_versions))
        .route(
            "/api/v3/projects/{id}/categories",
            get(cat::project_categories),
        )
        .route(
            "/api/v3/projects/{id}/available_assignees",
            get(cat::available_assignees),
        )
        .route("/api/v3/statuses", get(cat::statuses))
        .route("/api/v3/statuses/{id}", get(cat::status))
        .route("/api/v3/types", get(cat::types))
        .route("/api/v3/types/{id}", get(cat::wp_type))
        .route("/api/v3/priorities", get(cat::priorities))
        .route("/api/v3/priorities/{id}", get(cat::priority))
        .route("/api/v3/versions/{id}", get(cat::version))
        .route("/api/v3/categories/{id}", get(cat::category))
        .route(
            "/api/v3/work_packages",
            get(wp::list_all).post(wp::create_anywhere),
        )
        .route(
            "/api/v3/projects/{id}/work_packages",
            get(wp::list_in_project).post(wp::create_in_project),
        )
        .route(
            "/api/v3/work_packages/{id}",
            get(wp::show).patch(wp::update).delete(wp::delete),
        )
        .route(
            "/api/v3/work_packages/form",
            post(forms::create_form_anywhere),
        )
        .route(
            "/api/v3/projects/{id}/work_packages/form",
            post(forms::create_form_in_project),
        )
        .route("/api/v3/work_packages/{id}/form", post(forms::edit_form))
        .route(
            "/api/v3/work_packages/schemas/{identifier}",
            get(forms::schema),
        )
        .route("/api/v3/days/week", get(days::week))
        .route("/api/v3/days/non_working", get(days::non_working))
        .route("/api/v3/grids", get(grids::list).post(grids::create))
        .route(
            "/api/v3/grids/{id}",
            get(grids::show).patch(grids::update).delete(grids::delete),
        )
        .route("/api/v3/queries", get(queries::list).post(queries::create))
        .route(
            "/api/v3/queries/{id}",
            get(queries::show)
                .patch(queries::update)
                .delete(queries::delete),
        )
        .route("/api/v3/queries/{id}/star", patch(queries::star))
        .route("/api/v3/queries/{id}/unstar", patch(queries::unstar))
        .route(
            "/api/v3/queries/{id}/order",
            get(queries::order).patch(queries::update_order),
        )
        .route("/api/v3/relations", get(relations::list))
        .route(
            "/api/v3/relations/{id}",
            get(relations::show)
                .patch(relations::update)
                .delete(relations::delete),
        )
        .route(
            "/api/v3/work_packages/{id}/relations",
            get(relations::list_for).post(relations::create),
        )
        .route(
            "/api/v3/work_packages/{id}/activities",
            get(act::list).post(act::create),
        )
        .route("/api/v3/activities/{id}", get(act::show).patch(act::update))
        .route(
            "/api/v3/work_packages/{id}/watchers",
            get(watchers::list).post(watchers::add),
        )
        .route(
            "/api/v3/work_packages/{id}/watchers/{user_id}",
            delete(watchers::remove),
        )
        .route(
            "/api/v3/work_packages/{id}/available_watchers",
            get(watchers::available),
        )
        .route(
            "/api/v3/work_packages/{id}/attachments",
            get(attachments::list),
        )
        .route("/api/v3/attachments/{id}", get(attachments::show))
        .route(
            "/api/v3/attachments/{id}/content",
            get(attachments::content),
        )
        .route_layer(from_fn_with_state(state.clone(), auth::authenticate));
    let mut app = Router::new()
        .merge(api)
        .merge(oauth::routes())
        .merge(test_control::routes())
        .merge(crate::faults::routes())
        .merge(crate::xss_seed::routes())
        .fallback(not_found)
        .layer(from_fn_with_state(state.clone(), crate::faults::inject))
        .layer(from_fn_with_state(state.clone(), log_requests))
        .with_state(state.clone());
    if let Some(cors) = cors(&state.options.allowed_origins) {
        app = app.layer(cors);
    }
    app.layer(from_fn_with_state(state, crate::faults::close_connections))
}
