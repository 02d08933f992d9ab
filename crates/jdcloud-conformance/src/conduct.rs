//! Sends each operation through the generated crate and through the official SDK, to one capture
//! server (the model-driven emulator, which records every request it receives), then has the SDK's
//! signer check the generated crate's signature, and compares.
//!
//! Requests are attributed to their sender by counting: calls go one at a time, retries are off, so
//! what the server received between the start and the end of a call is that call's.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use jdcloud_emulator::server::Seen;
use jdcloud_emulator::{sample_input, Emulator, ACCESS_KEY, SECRET_KEY};
use jdcloud_model::{Location, Operation, Service};
use jdcloud_runtime::{Config, Credentials, RetryConfig};
use serde_json::{json, Map, Value};

use crate::captured::Captured;
use crate::compare::{differences, Difference};
use crate::report::{Outcome, Report};
use crate::rules::{normalize, Rule};
use crate::CallFuture;

/// The SDK's side: `tests/sdk/conformance.py` in a Python that has jdcloud-sdk, spoken to in JSON
/// lines.
pub struct Helper {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Helper {
    /// Starts `script` with `python`.
    pub fn start(python: &Path, script: &Path) -> Result<Helper, String> {
        let mut child = Command::new(python)
            .arg(script)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot run {}: {e}", python.display()))?;
        let stdin = child.stdin.take().ok_or("the helper has no stdin")?;
        let stdout = BufReader::new(child.stdout.take().ok_or("the helper has no stdout")?);
        Ok(Helper {
            child,
            stdin,
            stdout,
        })
    }

    /// Whether the SDK's signer, given `ours` as the server received it (its date, nonce and signed
    /// headers) and the SDK's own choice of region and signing name for `service` and
    /// `parameters`, computes the same `Authorization` header: `None` when it does, else the
    /// difference.
    pub fn verify(
        &mut self,
        service: &str,
        parameters: &Map<String, Value>,
        ours: &Seen,
    ) -> Result<Option<Difference>, String> {
        let authorization = ours.header("authorization").unwrap_or_default();
        let signed = signed_headers(authorization);
        let headers: BTreeMap<String, String> = ours
            .headers
            .iter()
            .filter(|(name, _)| {
                let name = name.to_ascii_lowercase();
                name != "host" && signed.contains(&name)
            })
            .map(|(n, v)| (n.to_ascii_lowercase(), v.clone()))
            .collect();
        let answer = self.ask(&json!({
            "cmd": "verify",
            "service": service,
            "parameters": parameters,
            "method": ours.method,
            "url": format!("http://{}{}", ours.header("host").unwrap_or_default(), ours.target),
            "headers": headers,
            "body": ours.body,
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
        }))?;
        let theirs = match (answer["authorization"].as_str(), answer["error"].as_str()) {
            (Some(theirs), _) => theirs.to_owned(),
            (None, error) => format!("(the SDK's signer failed: {})", error.unwrap_or("?")),
        };
        Ok((theirs != authorization).then(|| Difference::new("signature", authorization, theirs)))
    }

    /// Sends one message and reads the answer.
    pub fn ask(&mut self, message: &Value) -> Result<Value, String> {
        writeln!(self.stdin, "{message}")
            .and_then(|()| self.stdin.flush())
            .map_err(|e| format!("the SDK helper stopped: {e}"))?;
        let mut line = String::new();
        self.stdout
            .read_line(&mut line)
            .map_err(|e| format!("the SDK helper stopped: {e}"))?;
        if line.is_empty() {
            return Err("the SDK helper stopped without answering".to_owned());
        }
        serde_json::from_str(&line).map_err(|e| format!("the SDK helper's answer is not JSON: {e}"))
    }
}

impl Drop for Helper {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The names of the headers the `Authorization` header says were signed.
fn signed_headers(authorization: &str) -> Vec<String> {
    authorization
        .split_once("SignedHeaders=")
        .map(|(_, rest)| rest.split(',').next().unwrap_or_default())
        .map(|list| list.split(';').map(str::to_owned).collect())
        .unwrap_or_default()
}

/// The input split as the SDK takes it: parameters, and header parameters apart.
fn sdk_input(op: &Operation, input: &Value) -> (Map<String, Value>, Map<String, Value>) {
    let mut parameters = input.as_object().cloned().unwrap_or_default();
    let mut headers = Map::new();
    for p in op
        .parameters
        .iter()
        .filter(|p| p.location == Location::Header)
    {
        if let Some(value) = parameters.remove(&p.name) {
            headers.insert(p.name.clone(), value);
        }
    }
    (parameters, headers)
}

/// Both sides of one operation, compared.
async fn compare_one<F>(
    emulator: &Emulator,
    helper: &mut Helper,
    config: &Config,
    call: &F,
    service: &Service,
    op: &Operation,
) -> Result<Outcome, String>
where
    F: for<'a> Fn(&'a Config, &'a str, &'a str, Value) -> CallFuture<'a>,
{
    let input = sample_input(op);
    let (parameters, headers) = sdk_input(op, &input);

    let start = emulator.requests().len();
    let ours_result = call(config, &service.name, &op.id, input).await;
    let middle = emulator.requests().len();
    let answer = helper.ask(&json!({
        "cmd": "send",
        "service": service.name,
        "operation": op.id,
        "endpoint": emulator.url().trim_start_matches("http://"),
        "parameters": parameters,
        "headers": headers,
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
    }))?;
    let seen = emulator.requests();
    let (ours, theirs) = (&seen[start..middle], &seen[middle..]);

    let mut outcome = Outcome {
        service: service.name.clone(),
        operation: op.id.clone(),
        differences: Vec::new(),
        rules: Vec::new(),
    };
    if answer["built"] == "generic" {
        outcome.rules.push(Rule::RequestFileNotPython3);
    }
    if answer["unknown"].as_array().is_some_and(|u| !u.is_empty()) {
        outcome.rules.push(Rule::ParameterMissingFromSdkClass);
    }
    let count = |n: usize, error: Option<String>| match (n, error) {
        (1, _) => "one request".to_owned(),
        (0, Some(error)) => format!("no request ({error})"),
        (n, _) => format!("{n} requests"),
    };
    let [ours] = ours else {
        let theirs_error = answer["error"].as_str().map(str::to_owned);
        outcome.differences.push(Difference::new(
            "request",
            count(ours.len(), ours_result.err()),
            count(theirs.len(), theirs_error),
        ));
        return Ok(outcome);
    };
    let [theirs] = theirs else {
        outcome.differences.push(Difference::new(
            "request",
            count(1, None),
            count(theirs.len(), answer["error"].as_str().map(str::to_owned)),
        ));
        return Ok(outcome);
    };

    let ours_captured = Captured::from_seen(ours);
    let mut theirs_captured = Captured::from_seen(theirs);
    outcome
        .rules
        .extend(normalize(op, &ours_captured, &mut theirs_captured));
    outcome.rules.sort();
    outcome.differences = differences(op, &ours_captured, &theirs_captured);
    if let Some(difference) = helper.verify(&service.name, &parameters, ours)? {
        outcome.differences.push(difference);
    }
    Ok(outcome)
}

/// Every operation of `services` that the SDK also has, sent both ways and compared.
pub async fn compare_all<F>(
    services: &[Service],
    helper: &mut Helper,
    call: &F,
) -> Result<Report, String>
where
    F: for<'a> Fn(&'a Config, &'a str, &'a str, Value) -> CallFuture<'a>,
{
    let listing = helper.ask(&json!({"cmd": "operations"}))?;
    if let Some(error) = listing["error"].as_str() {
        return Err(format!("the SDK's operation list: {error}"));
    }
    let emulator = Emulator::start(services.to_vec()).await;
    let config = Config::builder()
        .region("cn-north-1")
        .credentials(Credentials::new(ACCESS_KEY, SECRET_KEY))
        .endpoint_url(emulator.url())
        .allow_http(true)
        .retry(RetryConfig::disabled())
        .build()
        .map_err(|e| format!("the generated crates' configuration: {e}"))?;
    let mut report = Report {
        sdk_version: listing["sdk_version"].as_str().unwrap_or("?").to_owned(),
        ..Report::default()
    };
    for service in services {
        let sdk = &listing["services"][&service.name]["operations"];
        for op in &service.operations {
            if sdk.get(&op.id).is_none() {
                report
                    .not_in_sdk
                    .push((service.name.clone(), op.id.clone()));
                continue;
            }
            let outcome = compare_one(&emulator, helper, &config, call, service, op).await?;
            report.outcomes.push(outcome);
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_signed_header_list() {
        assert_eq!(
            signed_headers(
                "JDCLOUD3-HMAC-SHA256 Credential=a/20261202/cn-north-1/redis/jdcloud3_request, SignedHeaders=host;x-jdcloud-date;x-jdcloud-nonce, Signature=00"
            ),
            ["host", "x-jdcloud-date", "x-jdcloud-nonce"]
        );
        assert!(signed_headers("Bearer x").is_empty());
    }
}
