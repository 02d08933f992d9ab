//! A local stand-in for JD Cloud's Redis API, serving `describeBackups` as the service would: it checks
//! the JDCLOUD3 signature (with its own implementation, `jdcloud3.rs`, not the runtime's signer), the date window and nonce reuse, keeps backups per instance and pages through
//! them, answers errors in JD Cloud's envelope, and can be told to misbehave (throttle, fail, stall,
//! reset, truncate, send invalid JSON).

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use jdcloud_runtime::Credentials;
use percent_encoding::percent_decode_str;
use serde_json::{json, Value};

use crate::jdcloud3;
use crate::server::{Action, Seen, Server};

/// The access key the emulator knows.
pub const ACCESS_KEY: &str = "emulator-access-key";
/// Its secret.
pub const SECRET_KEY: &str = "emulator-secret-key";
/// The region of the demo instance.
pub const REGION: &str = "cn-north-1";
/// The demo instance, with [`DEMO_BACKUPS`] backups.
pub const INSTANCE: &str = "redis-demo";
/// How many backups the demo instance has: one a day from 2026-11-01.
pub const DEMO_BACKUPS: usize = 25;
/// How far the request date may be from the emulator's clock.
pub const DATE_WINDOW: Duration = Duration::from_secs(5 * 60);

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

struct State {
    secrets: HashMap<String, String>,
    /// (region, instance) -> backups.
    instances: BTreeMap<(String, String), Vec<Value>>,
    faults: VecDeque<Fault>,
    nonces: HashSet<String>,
    verdicts: Vec<Verdict>,
    requests: u64,
}

/// A running emulator.
pub struct Emulator {
    server: Server,
    state: Arc<Mutex<State>>,
}

impl Emulator {
    /// Starts an emulator on a free loopback port, knowing [`ACCESS_KEY`] and holding the demo instance.
    pub async fn start() -> Emulator {
        let mut instances = BTreeMap::new();
        instances.insert((REGION.to_owned(), INSTANCE.to_owned()), demo_backups());
        let state = Arc::new(Mutex::new(State {
            secrets: HashMap::from([(ACCESS_KEY.to_owned(), SECRET_KEY.to_owned())]),
            instances,
            faults: VecDeque::new(),
            nonces: HashSet::new(),
            verdicts: Vec::new(),
            requests: 0,
        }));
        let shared = state.clone();
        let server = Server::serve(Arc::new(move |request: &Seen| {
            shared.lock().unwrap().handle(request)
        }))
        .await;
        Emulator { server, state }
    }

    /// The base URL to configure as the endpoint.
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// Credentials the emulator accepts.
    pub fn credentials() -> Credentials {
        Credentials::new(ACCESS_KEY, SECRET_KEY)
    }

    /// Makes the next request (after those already queued) meet `fault`.
    pub fn inject(&self, fault: Fault) {
        self.state.lock().unwrap().faults.push_back(fault);
    }

    /// Every request received, in order.
    pub fn requests(&self) -> Vec<Seen> {
        self.server.seen()
    }

    /// What the emulator concluded about each request, in order.
    pub fn verdicts(&self) -> Vec<Verdict> {
        self.state.lock().unwrap().verdicts.clone()
    }
}

fn demo_backups() -> Vec<Value> {
    (0..DEMO_BACKUPS)
        .map(|i| {
            let day = i + 1;
            json!({
                "baseId": format!("backup-{day:02}"),
                "backupFileName": format!("{INSTANCE}-2026-11-{day:02}.rdb"),
                "cacheInstanceId": INSTANCE,
                "backupStartTime": format!("2026-11-{day:02}T03:00:00Z"),
                "backupEndTime": format!("2026-11-{day:02}T03:05:00Z"),
                "backupType": i32::from(i % 7 == 0),
                "backupSize": 1_073_741_824_u64 + i as u64 * 4096,
                "backupStatus": 2,
                "backupDownloadURL": ""
            })
        })
        .collect()
}

/// JD Cloud's error envelope.
fn envelope_body(request_id: &str, code: u16, status: &str, message: &str) -> String {
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
        if let Some(fault) = self.faults.pop_front() {
            self.verdicts.push(Verdict {
                nonce: request
                    .header("x-jdcloud-nonce")
                    .unwrap_or_default()
                    .to_owned(),
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
                    r#"{{"requestId":"{request_id}","result":{{"backups":["#
                )),
                Fault::InvalidJson => Action::Reply(
                    200,
                    vec![("x-jdcloud-request-id", request_id)],
                    "<html><body>gateway error</body></html>".to_owned(),
                ),
            };
        }
        let nonce = request
            .header("x-jdcloud-nonce")
            .unwrap_or_default()
            .to_owned();
        let outcome = self.authenticate(request);
        self.verdicts.push(Verdict {
            nonce,
            authenticated: outcome.is_ok(),
        });
        if let Err(message) = outcome {
            return envelope_error(&request_id, 401, "UNAUTHENTICATED", &message);
        }
        self.serve(request, &request_id)
    }

    /// Checks the signature, the date window and the nonce, as JD Cloud's gateway does.
    fn authenticate(&mut self, request: &Seen) -> Result<(), String> {
        let authorization = request
            .header("authorization")
            .ok_or("missing Authorization header")?;
        let rest = authorization
            .strip_prefix("JDCLOUD3-HMAC-SHA256 ")
            .ok_or("unsupported signing algorithm")?;
        let mut parts = HashMap::new();
        for part in rest.split(", ") {
            if let Some((key, value)) = part.split_once('=') {
                parts.insert(key, value);
            }
        }
        let credential = parts.get("Credential").ok_or("no Credential")?;
        let signed_headers = parts.get("SignedHeaders").ok_or("no SignedHeaders")?;
        let signature = parts.get("Signature").ok_or("no Signature")?;
        let scope: Vec<&str> = credential.split('/').collect();
        let [access_key, day, region, service, "jdcloud3_request"] = scope.as_slice() else {
            return Err(format!("malformed credential scope `{credential}`"));
        };
        let secret = self.secrets.get(*access_key).ok_or("unknown access key")?;
        let date = request
            .header("x-jdcloud-date")
            .ok_or("missing x-jdcloud-date")?;
        if !date.starts_with(day) {
            return Err("credential scope and x-jdcloud-date disagree".to_owned());
        }
        let sent_at = parse_date(date).ok_or("malformed x-jdcloud-date")?;
        let now = SystemTime::now();
        let skew = now.duration_since(sent_at).unwrap_or_else(|e| e.duration());
        if skew > DATE_WINDOW {
            return Err(format!("request date {date} is outside the allowed window"));
        }
        let nonce = request
            .header("x-jdcloud-nonce")
            .ok_or("missing x-jdcloud-nonce")?;
        for required in ["host", "x-jdcloud-date", "x-jdcloud-nonce"] {
            if !signed_headers.split(';').any(|h| h == required) {
                return Err(format!("`{required}` is not signed"));
            }
        }
        // The canonical request of what was signed, computed by the emulator's own implementation.
        let mut signed = Vec::new();
        for name in signed_headers.split(';') {
            let value = request
                .header(name)
                .ok_or_else(|| format!("signed header `{name}` is missing"))?;
            signed.push((name, value));
        }
        let canonical = jdcloud3::canonical_request(
            &request.method,
            &request.target,
            &signed,
            request.body.as_bytes(),
        );
        let expected_signature = jdcloud3::signature(secret, date, region, service, &canonical);
        if expected_signature != *signature {
            return Err("the signature does not match".to_owned());
        }
        if !self.nonces.insert(nonce.to_owned()) {
            return Err(format!("nonce {nonce} was already used"));
        }
        Ok(())
    }

    fn serve(&self, request: &Seen, request_id: &str) -> Action {
        let (path, query) = request
            .target
            .split_once('?')
            .unwrap_or((&request.target, ""));
        let segments: Vec<&str> = path.split('/').collect();
        let ["", "v1", "regions", region, "cacheInstance", instance, "backup"] =
            segments.as_slice()
        else {
            return envelope_error(request_id, 404, "NOT_FOUND", &format!("no API at {path}"));
        };
        if request.method != "GET" {
            return envelope_error(
                request_id,
                405,
                "METHOD_NOT_ALLOWED",
                "describeBackups is a GET",
            );
        }
        let decode = |text: &str| {
            percent_decode_str(&text.replace('+', " "))
                .decode_utf8_lossy()
                .into_owned()
        };
        let (region, instance) = (decode(region), decode(instance));
        let params: HashMap<String, String> = query
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (decode(k), decode(v))
            })
            .collect();
        let Some(backups) = self.instances.get(&(region.clone(), instance.clone())) else {
            return envelope_error(
                request_id,
                404,
                "NOT_FOUND",
                &format!("cache instance {instance} not found in {region}"),
            );
        };
        let number = |name: &str, default: usize| -> Result<usize, String> {
            match params.get(name) {
                None => Ok(default),
                Some(text) => text
                    .parse()
                    .map_err(|_| format!("{name} must be a number, not `{text}`")),
            }
        };
        let (page_number, page_size) = match (number("pageNumber", 1), number("pageSize", 10)) {
            (Ok(n), Ok(s)) if n >= 1 && (10..=100).contains(&s) => (n, s),
            (Err(message), _) | (_, Err(message)) => {
                return envelope_error(request_id, 400, "INVALID_ARGUMENT", &message)
            }
            _ => {
                return envelope_error(
                    request_id,
                    400,
                    "INVALID_ARGUMENT",
                    "pageNumber must be at least 1 and pageSize within [10, 100]",
                )
            }
        };
        let field =
            |backup: &Value, name: &str| backup[name].as_str().unwrap_or_default().to_owned();
        let selected: Vec<&Value> = backups
            .iter()
            .filter(|b| {
                params
                    .get("startTime")
                    .is_none_or(|t| field(b, "backupStartTime") >= *t)
            })
            .filter(|b| {
                params
                    .get("endTime")
                    .is_none_or(|t| field(b, "backupEndTime") <= *t)
            })
            .filter(|b| {
                params
                    .get("baseId")
                    .is_none_or(|id| field(b, "baseId") == *id)
            })
            .collect();
        let page: Vec<&Value> = selected
            .iter()
            .skip((page_number - 1) * page_size)
            .take(page_size)
            .copied()
            .collect();
        let body = json!({
            "requestId": request_id,
            "result": {"backups": page, "totalCount": selected.len()}
        });
        Action::Reply(
            200,
            vec![("x-jdcloud-request-id", request_id.to_owned())],
            body.to_string(),
        )
    }
}

fn parse_date(text: &str) -> Option<SystemTime> {
    let format = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    let parsed = time::PrimitiveDateTime::parse(text, &format).ok()?;
    Some(parsed.assume_utc().into())
}
