//! Serves every model of a folder on loopback until interrupted:
//!
//! ```sh
//! cargo run -p jdcloud-emulator -- --spec spec/     # prints the URL and credentials to use
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use jdcloud_emulator::{Emulator, ACCESS_KEY, SECRET_KEY};

fn models(dir: &PathBuf) -> Result<Vec<jdcloud_model::Service>, String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| {
            let text =
                std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
            jdcloud_model::from_yaml(&text).map_err(|e| format!("{}: {e}", path.display()))
        })
        .collect()
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let spec = match args.as_slice() {
        [flag, dir] if flag == "--spec" => PathBuf::from(dir),
        _ => {
            eprintln!("usage: jdcloud-emulator --spec DIR   (a folder of models, spec/*.yaml)");
            return ExitCode::FAILURE;
        }
    };
    let services = match models(&spec) {
        Ok(services) if !services.is_empty() => services,
        Ok(_) => {
            eprintln!("error: no models (*.yaml) in {}", spec.display());
            return ExitCode::FAILURE;
        }
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let operations: usize = services.iter().map(|s| s.operations.len()).sum();
    let names: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
    let emulator = Emulator::start(services.clone()).await;
    println!(
        "JD Cloud emulator: {} service(s) ({}), {operations} operation(s)",
        names.len(),
        names.join(", ")
    );
    println!();
    println!("  JDCLOUD_ENDPOINT={}", emulator.url());
    println!("  JDCLOUD_ACCESS_KEY={ACCESS_KEY} JDCLOUD_SECRET_KEY={SECRET_KEY}");
    println!();
    println!("Stop it with Ctrl-C.");
    let _ = tokio::signal::ctrl_c().await;
    ExitCode::SUCCESS
}
