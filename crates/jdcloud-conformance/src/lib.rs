//! Conformance with the official SDK, on the wire: every operation of the given models that
//! jdcloud-sdk also has is called once with deterministic sample values for every parameter, through
//! the generated crate (`Client::call_json`) and through the SDK's own client, to one capture server;
//! the two requests are compared (method, path, query pairs as a multiset, JSON body, header
//! parameters) after the named rules for the SDK's known quirks, and the SDK's signer must accept the
//! generated crate's signature.
//!
//! `cargo xtask conformance` generates the crates of a documentation tree, writes a runner crate that
//! depends on them and calls [`main`] with a function dispatching by service, and runs it:
//!
//! ```no_run
//! fn call<'a>(
//!     config: &'a jdcloud_runtime::Config,
//!     service: &'a str,
//!     operation: &'a str,
//!     input: serde_json::Value,
//! ) -> jdcloud_conformance::CallFuture<'a> {
//!     Box::pin(async move {
//!         match service {
//!             // "redis" => jdcloud_conformance::sent(match jdcloud_redis::Client::new(config.clone()) { ... }),
//!             _ => Err(format!("no crate for `{service}` {operation} {input} {config:?}")),
//!         }
//!     })
//! }
//! fn main() -> std::process::ExitCode {
//!     jdcloud_conformance::main(call)
//! }
//! ```
//!
//! The pipeline: [`conduct`] (both senders, the capture server, the SDK's signer) ->
//! [`captured`] (requests decoded) -> [`rules`] (the SDK's quirks) -> [`compare`] -> [`report`].

pub mod captured;
pub mod compare;
pub mod conduct;
pub mod report;
pub mod rules;

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::process::ExitCode;

use jdcloud_model::Service;
use jdcloud_runtime::Config;
use serde_json::Value;

/// What the runner's dispatch function returns: `Err` with the error when the call failed (it may
/// still have sent its request; the capture server is what counts).
pub type CallFuture<'a> = Pin<Box<dyn Future<Output = Result<(), String>> + 'a>>;

/// A generated crate's `call_json` outcome, as the dispatch function returns it.
pub fn sent<T>(result: Result<T, jdcloud_runtime::Error>) -> Result<(), String> {
    result.map(|_| ()).map_err(|e| e.to_string())
}

struct Args {
    specs: Vec<PathBuf>,
    python: PathBuf,
    helper: PathBuf,
}

fn parse(args: &[String]) -> Result<Args, String> {
    let (mut specs, mut python, mut helper) = (Vec::new(), None, None);
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .map(PathBuf::from)
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--spec" => specs.push(value()?),
            "--python" => python = Some(value()?),
            "--helper" => helper = Some(value()?),
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(Args {
        specs,
        python: python.ok_or("--python PY is needed")?,
        helper: helper.ok_or("--helper SCRIPT is needed")?,
    })
}

/// The models of the `*.yaml` files of `dirs`, in file name order.
pub fn read_models(dirs: &[PathBuf]) -> Result<Vec<Service>, String> {
    let mut services = Vec::new();
    for dir in dirs {
        services.extend(jdcloud_model::read_dir(dir)?);
    }
    Ok(services)
}

/// The runner's `main`: `--spec DIR`... (folders of models), `--python PY` (one with jdcloud-sdk),
/// `--helper SCRIPT` (`tests/sdk/conformance.py`). Prints the report; exit 1 when an operation
/// disagrees, 2 when the comparison could not be made.
pub fn main<F>(call: F) -> ExitCode
where
    F: for<'a> Fn(&'a Config, &'a str, &'a str, Value) -> CallFuture<'a>,
{
    let args: Vec<String> = std::env::args().skip(1).collect();
    let run = || -> Result<report::Report, String> {
        let args = parse(&args)?;
        let services = read_models(&args.specs)?;
        let mut helper = conduct::Helper::start(&args.python, &args.helper)?;
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start tokio: {e}"))?;
        runtime.block_on(conduct::compare_all(&services, &mut helper, &call))
    };
    match run() {
        Ok(report) => {
            println!("{}", report.render());
            if report.passed() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
