//! A local stand-in for JD Cloud that serves every operation of the models it is given, for testing
//! code that calls JD Cloud (generated crates, tools) without an account:
//!
//! - each request is authenticated as the gateway does it: a JDCLOUD3 (or JDCLOUD2) signature by a known key,
//!   checked with this crate's own implementations ([`jdcloud3`], [`jdcloud2`], not the runtime's signer), the date
//!   window, nonces used once ([`auth`]); failures are 401 `UNAUTHENTICATED`;
//! - it is routed by method and path template (404 `NOT_FOUND` for an unknown path, 405 for a known
//!   path with another method);
//! - its parameters are read back from their locations (path, JD Cloud's indexed query form, headers,
//!   JSON body) and checked against the model: required ones present, values of their types, nested
//!   models included; failures are 400 `INVALID_ARGUMENT` naming the parameter;
//! - it is answered by a handler registered for the operation (stateful stand-ins, like the project's
//!   Redis emulator), or with a success reply shaped from the model with deterministic sample values;
//! - faults can be injected ahead of requests: throttling, 503, slowness, resets, truncation,
//!   invalid JSON.
//!
//! ```no_run
//! # async fn example(services: Vec<jdcloud_model::Service>) {
//! let emulator = jdcloud_emulator::Emulator::start(services).await;
//! // Point a client at `emulator.url()` with `ACCESS_KEY` / `SECRET_KEY`.
//! # }
//! ```
//!
//! `cargo run -p jdcloud-emulator -- --spec spec/` serves every model of a folder.

pub mod auth;
mod check;
pub mod jdcloud2;
pub mod jdcloud3;
mod routes;
mod sample;
pub mod server;

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jdcloud_model::Service;
use serde_json::{json, Value};

use crate::auth::Gate;
use crate::routes::Routes;
use crate::server::{Action, Seen, Server};

pub use crate::sample::input as sample_input;

/// The access key the emulator knows by default.
pub const ACCESS_KEY: &str = "emulator-access-key";
/// Its secret.
pub const SECRET_KEY: &str = "emulator-secret-key";

/// Something the emulator does to the next request instead of serving it.
#[derive(Debug, Clone)]
pub enum Fault {
    /// 429 `RATE_LIMIT` with `Retry-After: seconds`.
    Throttle(u64),
    /// 503 `UNAVAILABLE`.
    Unavailable,
    /// Serve it, but only after a delay.
    Slow(Duration),
    /// Reset the connection without replying.
    Reset,
    /// Announce a longer body than is sent.
    Truncate,
    /// Reply 200 with a body that is not JSON.
    InvalidJson,
}

/// What the emulator concluded about one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// The request's nonce.
    pub nonce: String,
    /// Whether its signature, date and nonce were accepted (faults are injected before checking).
    pub authenticated: bool,
}

/// A checked request, as a handler sees it.
#[derive(Debug)]
pub struct Call<'a> {
    /// The service's name.
    pub service: &'a str,
    /// The operation's id.
    pub operation: &'a str,
    /// Its input, as JSON with the documented names (values from the path, query and headers are
    /// strings, as sent).
    pub input: &'a Value,
    /// The request id of the reply.
    pub request_id: &'a str,
}

/// A handler's answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// 200 with this `result`.
    Result(Value),
    /// An error in JD Cloud's envelope: HTTP status, `error.status`, message.
    Error(u16, String, String),
}

/// Answers an operation instead of the sample reply; `None` leaves it to the sample.
pub type Handler = Arc<dyn Fn(&Call<'_>) -> Option<Reply> + Send + Sync>;

/// Configures an emulator before it starts.
pub struct Builder {
    services: Vec<Service>,
    gate: Gate,
    handlers: HashMap<String, Handler>,
}

impl Builder {
    /// Also accepts this key.
    pub fn key(mut self, access_key: &str, secret_key: &str) -> Self {
        self.gate
            .secrets
            .insert(access_key.to_owned(), secret_key.to_owned());
        self
    }

    /// Answers operation `id` with `handler`.
    pub fn handle(
        mut self,
        id: &str,
        handler: impl Fn(&Call<'_>) -> Option<Reply> + Send + Sync + 'static,
    ) -> Self {
        self.handlers.insert(id.to_owned(), Arc::new(handler));
        self
    }

    /// Starts serving on a free loopback port.
    pub async fn start(self) -> Emulator {
        let state = Arc::new(Mutex::new(State {
            services: self.services,
            gate: self.gate,
            handlers: self.handlers,
            faults: VecDeque::new(),
            verdicts: Vec::new(),
            requests: 0,
        }));
        let shared = state.clone();
        let server = Server::serve(Arc::new(move |request: &Seen| {
            shared.lock().expect("emulator state").handle(request)
        }))
        .await;
        Emulator { server, state }
    }
}

/// A running emulator; it stops with the runtime it was started on.
pub struct Emulator {
    server: Server,
    state: Arc<Mutex<State>>,
}

impl Emulator {
    /// An emulator of `services`, knowing [`ACCESS_KEY`], answering every operation with samples.
    pub fn builder(services: Vec<Service>) -> Builder {
        Builder {
            services,
            gate: Gate::with_key(ACCESS_KEY, SECRET_KEY),
            handlers: HashMap::new(),
        }
    }

    /// Starts an emulator of `services` as [`Emulator::builder`] configures it.
    pub async fn start(services: Vec<Service>) -> Emulator {
        Emulator::builder(services).start().await
    }

    /// The base URL to configure as the endpoint (plain `http`, on loopback).
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// Makes the next request (after those already queued) meet `fault`.
    pub fn inject(&self, fault: Fault) {
        self.state
            .lock()
            .expect("emulator state")
            .faults
            .push_back(fault);
    }

    /// Every request received, in order.
    pub fn requests(&self) -> Vec<Seen> {
        self.server.seen()
    }

    /// What the emulator concluded about each request, in order.
    pub fn verdicts(&self) -> Vec<Verdict> {
        self.state.lock().expect("emulator state").verdicts.clone()
    }
}

struct State {
    services: Vec<Service>,
    gate: Gate,
    handlers: HashMap<String, Handler>,
    faults: VecDeque<Fault>,
    verdicts: Vec<Verdict>,
    requests: u64,
}

/// JD Cloud's error envelope.
pub fn envelope_body(request_id: &str, code: u16, status: &str, message: &str) -> String {
    json!({
        "requestId": request_id,
        "error": {"code": code, "status": status, "message": message}
    })
    .to_string()
}

fn envelope_error(request_id: &str, code: u16, status: &str, message: &str) -> Action {
    Action::Reply(
        code,
        vec![("x-jdcloud-request-id", request_id.to_owned())],
        envelope_body(request_id, code, status, message),
    )
}

impl State {
    fn handle(&mut self, request: &Seen) -> Action {
        self.requests += 1;
        let request_id = format!("emu-{:06}", self.requests);
        let nonce = request
            .header("x-jdcloud-nonce")
            .unwrap_or_default()
            .to_owned();
        if let Some(fault) = self.faults.pop_front() {
            self.verdicts.push(Verdict {
                nonce,
                authenticated: false,
            });
            return match fault {
                Fault::Throttle(seconds) => Action::Reply(
                    429,
                    vec![
                        ("x-jdcloud-request-id", request_id.clone()),
                        ("Retry-After", seconds.to_string()),
                    ],
                    envelope_body(&request_id, 429, "RATE_LIMIT", "too many requests"),
                ),
                Fault::Unavailable => {
                    envelope_error(&request_id, 503, "UNAVAILABLE", "service unavailable")
                }
                Fault::Slow(delay) => match self.serve(request, &request_id) {
                    Action::Reply(status, _, body) => Action::Slow(delay, status, body),
                    other => other,
                },
                Fault::Reset => Action::Reset,
                Fault::Truncate => Action::Truncate(format!(
                    r#"{{"requestId":"{request_id}","result":{{"items":["#
                )),
                Fault::InvalidJson => Action::Reply(
                    200,
                    vec![("x-jdcloud-request-id", request_id)],
                    "<html><body>gateway error</body></html>".to_owned(),
                ),
            };
        }
        let outcome = self.gate.authenticate(request);
        self.verdicts.push(Verdict {
            nonce,
            authenticated: outcome.is_ok(),
        });
        if let Err(message) = outcome {
            return envelope_error(&request_id, 401, "UNAUTHENTICATED", &message);
        }
        self.serve(request, &request_id)
    }

    fn serve(&self, request: &Seen, request_id: &str) -> Action {
        let path = request
            .target
            .split_once('?')
            .map_or(request.target.as_str(), |(p, _)| p);
        let routes = Routes::new(&self.services);
        let matched = match routes.find(&request.method, path) {
            Ok(matched) => matched,
            Err(true) => {
                return envelope_error(
                    request_id,
                    405,
                    "METHOD_NOT_ALLOWED",
                    &format!("{path} is not served for {}", request.method),
                )
            }
            Err(false) => {
                return envelope_error(request_id, 404, "NOT_FOUND", &format!("no API at {path}"))
            }
        };
        let op = matched.operation;
        let input = match check::input(op, &matched.path, request) {
            Ok(input) => input,
            Err(message) => return envelope_error(request_id, 400, "INVALID_ARGUMENT", &message),
        };
        let call = Call {
            service: &matched.service.name,
            operation: &op.id,
            input: &input,
            request_id,
        };
        let reply = self
            .handlers
            .get(&op.id)
            .and_then(|handler| handler(&call))
            .unwrap_or_else(|| match sample::result(op) {
                Some(result) => Reply::Result(result),
                None => Reply::Result(Value::Null),
            });
        let headers = vec![("x-jdcloud-request-id", request_id.to_owned())];
        match reply {
            Reply::Error(code, status, message) => {
                envelope_error(request_id, code, &status, &message)
            }
            _ if request.method == "HEAD" => Action::Reply(200, headers, String::new()),
            Reply::Result(Value::Null) => {
                Action::Reply(200, headers, json!({"requestId": request_id}).to_string())
            }
            Reply::Result(result) => Action::Reply(
                200,
                headers,
                json!({"requestId": request_id, "result": result}).to_string(),
            ),
        }
    }
}
