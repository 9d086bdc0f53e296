//! Security headers on every response, and the limits that keep one client from
//! exhausting the server (issue 12, findings 7 and 13).
//!
//! The Content-Security-Policy is strict: scripts, styles and fetches from this site only,
//! no inline script or style (the pages have none: a browser test loads the main ones and
//! sees no violation), no framing (`frame-ancestors 'none'`, clickjacking). Item media
//! are the requester's own web addresses or `data:` media (see `web::task::media_url`),
//! so images, audio and video may come from any http(s) address.

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::header;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::{TimeoutBody, TimeoutLayer};

/// The policy every response carries.
pub const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'none'; script-src 'self'; \
    style-src 'self'; img-src 'self' http: https: data:; media-src 'self' http: https: data:; \
    connect-src 'self'; font-src 'self'; manifest-src 'self'; form-action 'self'; \
    base-uri 'none'; frame-ancestors 'none'";

/// HSTS for a year, sent only when the instance says it is served over https
/// (`cookie_secure`): on plain http it would be ignored, and behind a proxy that
/// terminates TLS only the operator knows that every address is https.
pub const HSTS_VALUE: &str = "max-age=31536000; includeSubDomains";

/// Add the security headers to every response of `router` (a handler's own value wins).
pub fn with_headers<S: Clone + Send + Sync + 'static>(
    router: Router<S>,
    https_only: bool,
) -> Router<S> {
    let router = router
        .layer(SetResponseHeaderLayer::if_not_present(
            CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY_VALUE),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        // For browsers older than frame-ancestors.
        .layer(SetResponseHeaderLayer::if_not_present(
            X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        // Project and task addresses stay on this site; other sites see only the origin.
        .layer(SetResponseHeaderLayer::if_not_present(
            REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ));
    if https_only {
        router.layer(SetResponseHeaderLayer::if_not_present(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS_VALUE),
        ))
    } else {
        router
    }
}

/// What one client may hold: how long it may take to send a request head, to send the
/// next piece of a body, and to be answered, and how many requests are served at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A connection that has not sent a whole request head in this time is closed.
    pub header_read_timeout: Duration,
    /// A request body that sends nothing for this long is cut (the request fails).
    pub body_idle_timeout: Duration,
    /// A request not answered in this time gets 408 (a streamed download may take longer
    /// once its headers are sent).
    pub request_timeout: Duration,
    /// Requests served at once; more get 503 with `Retry-After` at once, not a queue.
    pub max_concurrent_requests: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read_timeout: Duration::from_secs(10),
            body_idle_timeout: Duration::from_secs(30),
            request_timeout: Duration::from_secs(600),
            max_concurrent_requests: 1024,
        }
    }
}

/// The time and concurrency limits around every route.
pub fn with_limits<S: Clone + Send + Sync + 'static>(
    router: Router<S>,
    limits: Limits,
) -> Router<S> {
    let permits = Arc::new(Semaphore::new(limits.max_concurrent_requests.max(1)));
    let body_idle = limits.body_idle_timeout;
    router
        .layer(axum::middleware::from_fn(
            move |req: Request, next: Next| async move {
                next.run(req.map(|b| Body::new(TimeoutBody::new(body_idle, b))))
                    .await
            },
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        // Outermost: a request over the limit is refused before it costs anything.
        // (tower's ConcurrencyLimitLayer would count per route under `Router::layer`.)
        .layer(axum::middleware::from_fn(
            move |req: Request, next: Next| {
                let permits = permits.clone();
                async move {
                    match permits.try_acquire_owned() {
                        Ok(_permit) => next.run(req).await,
                        Err(_) => overloaded(limits.max_concurrent_requests),
                    }
                }
            },
        ))
}

/// 503 with `Retry-After`, as problem+json.
fn overloaded(max: usize) -> Response {
    let body = serde_json::json!({
        "type": "/problems/overloaded",
        "title": "Server busy",
        "status": 503,
        "detail": format!("the server is answering as many requests as it serves at once ({max}, max_concurrent_requests); try again in a second"),
    });
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::RETRY_AFTER, "1"),
            (header::CONTENT_TYPE, "application/problem+json"),
        ],
        body.to_string(),
    )
        .into_response()
}

/// Put the connection's peer address in each request's extensions, as axum's
/// `ConnectInfo` (read by `auth::ClientAddress`).
fn with_peer<B>(
    peer: std::net::SocketAddr,
) -> impl Fn(axum::http::Request<B>) -> axum::http::Request<B> + Clone {
    move |mut req| {
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(peer));
        req
    }
}

/// Serve `app` on `listener` until `shutdown`, closing connections whose request head
/// does not arrive within `header_read_timeout` (axum::serve sets no such timeout).
/// In-flight requests finish on shutdown, as with axum's graceful shutdown.
pub async fn serve_connections(
    listener: TcpListener,
    app: Router,
    header_read_timeout: Duration,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout);
    builder.http2().timer(TokioTimer::new());
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(pair) => pair,
                Err(e) => {
                    // Out of file descriptors and the like: wait a little, keep serving.
                    tracing::warn!(error = %e, "accepting a connection failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        // The peer's address, for the sign-in back-off (`auth::ClientAddress`).
        let service =
            TowerToHyperService::new(tower::ServiceExt::map_request(app.clone(), with_peer(peer)));
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(stream), service)
            .into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, "connection ended with an error");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}
