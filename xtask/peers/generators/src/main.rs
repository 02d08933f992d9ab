//! `progenitor-gen OPENAPI_DIR OUT_DIR`: progenitor's side of `cargo xtask bench`. Every `*.json`
//! OpenAPI 3.0 document of `OPENAPI_DIR` becomes a crate `OUT_DIR/<service>/` (progenitor's builder
//! interface, formatted with prettyplease as progenitor's own command formats it), and `OUT_DIR` a
//! workspace of them. A document progenitor refuses is named on stderr and left out.
//!
//! Prints one line of JSON last: `{"operations": {"<service>": N, ..}, "refused": [..]}`.

use std::path::Path;
use std::process::ExitCode;

/// The crates progenitor's output needs, as its generated `Cargo.toml` would list them; reqwest with
/// its rustls TLS, as a user calling https needs.
const DEPENDENCIES: &str = r#"bytes = "1"
futures-core = "0.3"
progenitor-client = "=0.15.1"
reqwest = { version = "0.13", default-features = false, features = ["json", "query", "stream", "rustls"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
"#;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [input, output] = args.as_slice() else {
        eprintln!("usage: progenitor-gen OPENAPI_DIR OUT_DIR");
        return ExitCode::FAILURE;
    };
    match run(Path::new(input), Path::new(output)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(input: &Path, output: &Path) -> Result<(), String> {
    let mut documents: Vec<_> = std::fs::read_dir(input)
        .map_err(|e| format!("{}: {e}", input.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    documents.sort();
    let mut members = Vec::new();
    let mut operations = serde_json::Map::new();
    let mut refused = Vec::new();
    for path in &documents {
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .ok_or_else(|| format!("{}: not a UTF-8 name", path.display()))?
            .to_owned();
        let text =
            std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let spec: openapiv3::OpenAPI = match serde_json::from_str(&text) {
            Ok(spec) => spec,
            Err(e) => {
                eprintln!("refused: {name}: not OpenAPI 3.0: {e}");
                refused.push(name);
                continue;
            }
        };
        let mut settings = progenitor::GenerationSettings::new();
        settings.with_interface(progenitor::InterfaceStyle::Builder);
        let mut generator = progenitor::Generator::new(&settings);
        let tokens = match generator.generate_tokens(&spec) {
            Ok(tokens) => tokens,
            Err(e) => {
                eprintln!("refused: {name}: {e}");
                refused.push(name);
                continue;
            }
        };
        let file: syn::File = syn::parse2(tokens).map_err(|e| format!("{name}: {e}"))?;
        let code = prettyplease::unparse(&file);
        let package = format!("progenitor-{name}");
        let dir = output.join(&name);
        std::fs::create_dir_all(dir.join("src")).map_err(|e| format!("{}: {e}", dir.display()))?;
        std::fs::write(dir.join("src/lib.rs"), code).map_err(|e| format!("{name}: {e}"))?;
        std::fs::write(
            dir.join("Cargo.toml"),
            format!(
                "[package]\nname = \"{package}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{DEPENDENCIES}"
            ),
        )
        .map_err(|e| format!("{name}: {e}"))?;
        let count: usize = spec
            .paths
            .paths
            .values()
            .filter_map(|item| item.as_item())
            .map(|item| item.iter().count())
            .sum();
        operations.insert(name.clone(), count.into());
        members.push(name);
    }
    let list: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
    std::fs::write(
        output.join("Cargo.toml"),
        format!(
            "# Written by progenitor-gen for `cargo xtask bench`.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            list.join(", ")
        ),
    )
    .map_err(|e| format!("{}: {e}", output.display()))?;
    println!(
        "{}",
        serde_json::json!({"operations": operations, "refused": refused})
    );
    Ok(())
}
