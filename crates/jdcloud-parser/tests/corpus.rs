//! The real documents of `../shared/corpus/API`, read whole as published (no exclude list), go through
//! with no error, and every row of every table lands in the model or in a diagnostic. Skips, saying so,
//! when the corpus is absent.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

mod common;
#[path = "../../../tests/src/corpus.rs"]
mod shared;

use jdcloud_parser::{parse_tree, read_tree, Diagnostic, Input, PageKind};

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn corpus() -> Option<Vec<Input>> {
    let docs = shared::shared_corpus(&project_root())?;
    let (inputs, errors) = read_tree(&docs, &[]).unwrap();
    assert!(errors.is_empty(), "{errors:?}");
    Some(inputs)
}

/// Line numbers of the data rows of every table outside example sections and code blocks, found by
/// scanning lines, independently of the parser.
fn table_rows(text: &str) -> Vec<(u32, usize)> {
    let mut rows = Vec::new();
    let mut in_table = false;
    let mut in_code = false;
    let mut in_example = false;
    let mut previous_is_pipe = false;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            in_code = !in_code;
        }
        if trimmed.starts_with("## ") && !trimmed.starts_with("### ") {
            let lower = trimmed.to_lowercase();
            in_example = lower.contains("example") || lower.contains("示例");
        }
        let is_pipe = trimmed.starts_with('|');
        let is_delimiter = is_pipe && trimmed.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '));
        if is_delimiter && previous_is_pipe {
            in_table = true;
        } else if !is_pipe {
            in_table = false;
        } else if in_table && !in_code && !in_example {
            rows.push((index as u32 + 1, index));
        }
        previous_is_pipe = is_pipe;
    }
    rows
}

/// Diagnostics that stand for the rows of the table under them.
const COVERS_TABLE: &[&str] = &["unknown-heading", "ignored-table", "duplicate-model"];
/// Diagnostics that stand for every row of their file: a page not read as an operation, a copy of an
/// operation that another copy stands for.
const COVERS_FILE: &[&str] = &["skipped-page", "not-an-operation", "duplicate-operation"];
/// Diagnostics that stand for one row.
const COVERS_ROW: &[&str] = &[
    "body-wrapper",
    "invalid-release",
    "duplicate-parameter",
    "duplicate-field",
    "invalid-return-code",
    "unused-path-param",
];

/// The model files are written by the model crate's own YAML writer; on every model of the corpus it
/// writes exactly what serde_norway writes (the bytes the committed models and their readers expect).
#[test]
fn corpus_models_are_written_as_serde_norway_writes_them() {
    let Some(inputs) = corpus() else { return };
    let parsed = parse_tree(&inputs);
    assert!(!parsed.services.is_empty());
    for service in &parsed.services {
        let ours = jdcloud_model::to_yaml(service);
        let theirs = serde_norway::to_string(service).unwrap();
        let body = ours.split_once('\n').map_or("", |(_, body)| body);
        if body != theirs {
            let line = body
                .lines()
                .zip(theirs.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(body.lines().count().min(theirs.lines().count()));
            panic!(
                "{}: the model's YAML differs from serde_norway's at line {}:\n  ours:   {:?}\n  theirs: {:?}",
                service.name,
                line + 2,
                body.lines().nth(line),
                theirs.lines().nth(line)
            );
        }
    }
}

#[test]
fn corpus_parses_and_loses_nothing() {
    let Some(inputs) = corpus() else { return };
    let parsed = parse_tree(&inputs);
    let errors: Vec<String> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(ToString::to_string)
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n\n"));

    let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in &parsed.diagnostics {
        by_file.entry(d.file.as_str()).or_default().push(d);
    }
    let mut accounted: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    let mut parameters = 0;
    let mut link_checked = 0;
    for service in &parsed.services {
        if let Some(changelog) = &service.changelog {
            let lines = accounted.entry(changelog.clone()).or_default();
            lines.extend(service.history.iter().map(|r| r.line));
        }
        for op in &service.operations {
            let lines = accounted.entry(op.source.file.clone()).or_default();
            for p in &op.parameters {
                lines.insert(p.line);
            }
            parameters += op.parameters.len();
            for f in op
                .response
                .iter()
                .chain(op.models.iter().flat_map(|m| &m.fields))
            {
                lines.insert(f.line);
            }
            for c in &op.return_codes {
                lines.insert(c.line);
            }
            common::assert_operation_invariants(op);
        }
    }

    let mut files = 0;
    for input in &inputs {
        if input.path.ends_with("overview.md") {
            continue;
        }
        files += 1;
        let text = String::from_utf8_lossy(&input.bytes);
        let rows = table_rows(&text);
        let lines: Vec<&str> = text.lines().collect();
        let mut covered = accounted.get(&input.path).cloned().unwrap_or_default();
        let diagnostics = by_file.get(input.path.as_str()).into_iter().flatten();
        if diagnostics.clone().any(|d| COVERS_FILE.contains(&d.code)) {
            continue;
        }
        for d in diagnostics {
            if COVERS_ROW.contains(&d.code) {
                covered.insert(d.line);
            }
            if COVERS_TABLE.contains(&d.code) {
                // The rows of the first table after the diagnostic's heading or table line.
                let mut line = d.line as usize;
                while line <= lines.len() && !lines[line - 1].trim_start().starts_with('|') {
                    line += 1;
                }
                while line <= lines.len() && lines[line - 1].trim_start().starts_with('|') {
                    covered.insert(line as u32);
                    line += 1;
                }
            }
        }
        for (line, index) in rows {
            assert!(
                covered.contains(&line),
                "{}:{line}: table row is neither in the model nor in a diagnostic: {}",
                input.path,
                lines[index]
            );
        }
        // Every type cell with a model link either resolved or was warned about.
        for (index, line) in lines.iter().enumerate() {
            let cells: Vec<&str> = line.split('|').collect();
            if cells.len() > 3 && cells[2].contains("](") {
                link_checked += 1;
                let number = index as u32 + 1;
                let resolved = parsed
                    .services
                    .iter()
                    .flat_map(|s| &s.operations)
                    .filter(|op| op.source.file == input.path)
                    .any(|op| {
                        let fields = op
                            .response
                            .iter()
                            .chain(op.models.iter().flat_map(|m| &m.fields));
                        fields
                            .map(|f| (f.line, &f.ty))
                            .chain(op.parameters.iter().map(|p| (p.line, &p.ty)))
                            .any(|(l, ty)| l == number && ty.model_name().is_some())
                    });
                let warned = by_file
                    .get(input.path.as_str())
                    .into_iter()
                    .flatten()
                    .any(|d| d.code == "unresolved-model" && d.line == number);
                let merged = covered.contains(&number);
                assert!(
                    resolved || warned || merged,
                    "{}:{number}: model link neither resolved nor warned about",
                    input.path
                );
            }
        }
    }

    // Every page of the tree is classified by what it is: file names and folders tell overviews, change
    // logs and protocol pages; every other page of this tree is an operation.
    let mut kinds: BTreeMap<PageKind, usize> = BTreeMap::new();
    for (path, kind) in &parsed.pages {
        *kinds.entry(*kind).or_default() += 1;
        let name = path.rsplit('/').next().unwrap().to_ascii_lowercase();
        let expected = if name == "overview.md" {
            PageKind::Overview
        } else if name == "changelog.md" {
            PageKind::ChangeLog
        } else if path.starts_with("Common-Declaration/") {
            PageKind::Protocol
        } else {
            PageKind::Operation
        };
        assert_eq!(*kind, expected, "{path}");
    }
    assert_eq!(parsed.pages.len(), inputs.len());
    // Every change log gives its product's services a revision.
    for (path, kind) in &parsed.pages {
        if *kind == PageKind::ChangeLog {
            assert!(
                parsed
                    .services
                    .iter()
                    .any(|s| s.changelog.as_deref() == Some(path.as_str()) && s.revision.is_some()),
                "{path} gives no service its revision"
            );
        }
    }

    let mut by_code: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &parsed.diagnostics {
        *by_code.entry(d.code).or_default() += 1;
    }
    let operations: usize = parsed.services.iter().map(|s| s.operations.len()).sum();
    eprintln!(
        "corpus: {} files ({files} operation documents), pages {kinds:?}, {} services, {operations} operations, {parameters} parameters, {link_checked} model links checked, {} warnings: {by_code:?}",
        inputs.len(),
        parsed.services.len(),
        parsed.warnings()
    );
    assert!(operations >= 180, "only {operations} operations read");

    // What the rows mean, counted: a change in how the parser reads them shows as a reviewed diff.
    let text = summary(&parsed, &kinds, &by_code);
    let path = project_root().join("tests/corpus-summary.txt");
    if std::env::var_os("JDCLOUD_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "tests/corpus-summary.txt is stale; review and rewrite it with \
         `JDCLOUD_BLESS=1 cargo test -p jdcloud-parser --test corpus`. It would now read:\n\n{text}"
    );
}

/// Counts of the corpus model: pages by kind, services, operations by method, parameters by location,
/// type and requiredness, model fields by type and requiredness, return codes, releases, and
/// diagnostics by code.
fn summary(
    parsed: &jdcloud_parser::Parsed,
    kinds: &BTreeMap<PageKind, usize>,
    by_code: &BTreeMap<&str, usize>,
) -> String {
    use jdcloud_model::Type;
    fn kind(ty: &Type) -> String {
        match ty {
            Type::Model(_) => "model".to_owned(),
            Type::Array(inner) => format!("array<{}>", kind(inner)),
            Type::Map(inner) => format!("map<{}>", kind(inner)),
            other => other.to_string(),
        }
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut add = |key: String| *counts.entry(key).or_default() += 1;
    for (page, n) in kinds {
        for _ in 0..*n {
            add(format!("pages {page:?}"));
        }
    }
    for service in &parsed.services {
        add("services".to_owned());
        if service.revision.is_some() {
            add("services with a revision".to_owned());
        }
        for _ in &service.history {
            add("releases".to_owned());
        }
        for op in &service.operations {
            add(format!("operations {}", op.method.as_str()));
            if !op.source.copies.is_empty() {
                add("operations with copies".to_owned());
            }
            for p in &op.parameters {
                let location = format!("{:?}", p.location).to_lowercase();
                add(format!("parameters in {location}"));
                add(format!("parameters of type {}", kind(&p.ty)));
                if p.required {
                    add(format!("parameters required in {location}"));
                }
                if p.set_by_runtime {
                    add("parameters set by the runtime".to_owned());
                }
                if p.default.is_some() {
                    add("parameters with a default".to_owned());
                }
            }
            for f in &op.response {
                add(format!("return fields of type {}", kind(&f.ty)));
            }
            for m in &op.models {
                add("models".to_owned());
                for f in &m.fields {
                    add(format!("model fields of type {}", kind(&f.ty)));
                    if f.required {
                        add("model fields required".to_owned());
                    }
                }
            }
            for c in &op.return_codes {
                add(format!("return codes {}", c.code));
            }
        }
    }
    for (code, n) in by_code {
        counts.insert(format!("diagnostics {code}"), *n);
    }
    let mut out = String::from(
        "# Counts of the model of ../shared/corpus/API, compared by crates/jdcloud-parser/tests/corpus.rs\n\
         # (JDCLOUD_BLESS=1 cargo test -p jdcloud-parser --test corpus rewrites it).\n",
    );
    for (key, n) in counts {
        out.push_str(&format!("{key}: {n}\n"));
    }
    out
}
