//! Many documents into services: grouping by host, overview metadata, duplicate detection.

use std::collections::{BTreeMap, HashMap};

use jdcloud_model::{Endpoint, Service, SCHEMA_VERSION};

use crate::diagnostic::{Diagnostic, Severity, Sink};
use crate::document::{parse_operation, parse_overview, OperationDoc, Overview};
use crate::source::SourceText;

/// One input document: its path relative to the documents root (with `/`), and its bytes.
#[derive(Debug, Clone)]
pub struct Input {
    /// Relative path, `/`-separated; used in diagnostics and in the model's `source`.
    pub path: String,
    /// Raw content.
    pub bytes: Vec<u8>,
}

/// What parsing a tree of documents produced.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The services, sorted by name. Meaningful only when `diagnostics` holds no error.
    pub services: Vec<Service>,
    /// Every finding, sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
    /// Documents read.
    pub documents: usize,
}

impl Parsed {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Decodes a document's bytes, reporting binary and non-UTF-8 files.
fn decode<'a>(input: &'a Input, diagnostics: &mut Vec<Diagnostic>) -> Option<&'a str> {
    if input.bytes.contains(&0) {
        diagnostics.push(
            Diagnostic::file(
                Severity::Error,
                "not-text",
                &input.path,
                "file is binary (it holds NUL bytes)",
            )
            .with_help("a UTF-8 markdown document"),
        );
        return None;
    }
    let text = match std::str::from_utf8(&input.bytes) {
        Ok(text) => text,
        Err(e) => {
            let before = &input.bytes[..e.valid_up_to()];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let col = before.iter().rev().take_while(|&&b| b != b'\n').count() + 1;
            let mut d = Diagnostic::file(
                Severity::Error,
                "not-utf8",
                &input.path,
                format!("invalid UTF-8 at byte {}", e.valid_up_to()),
            )
            .with_help("a UTF-8 markdown document");
            d.line = line as u32;
            d.col = col as u32;
            diagnostics.push(d);
            return None;
        }
    };
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    if text.trim().is_empty() {
        diagnostics.push(
            Diagnostic::file(
                Severity::Error,
                "empty-document",
                &input.path,
                "document is empty",
            )
            .with_help("an operation document starting with `# operationId`"),
        );
        return None;
    }
    Some(text)
}

fn is_overview(path: &str) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|name| name.eq_ignore_ascii_case("overview.md"))
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Parses every input into services.
pub fn parse_tree(inputs: &[Input]) -> Parsed {
    let mut diagnostics = Vec::new();
    let mut operations: Vec<OperationDoc> = Vec::new();
    let mut overviews: Vec<Overview> = Vec::new();
    for input in inputs {
        let Some(text) = decode(input, &mut diagnostics) else {
            continue;
        };
        let source = SourceText::new(text);
        let mut sink = Sink::new(&input.path, &source);
        if is_overview(&input.path) {
            overviews.push(parse_overview(&input.path, &mut sink));
        } else if let Some(doc) = parse_operation(&input.path, &mut sink) {
            operations.push(doc);
        }
        diagnostics.extend(sink.into_diagnostics());
    }

    // The service of an operation: its host's first label; for a host-less address, that of its
    // siblings in the same folder.
    let service_of = |doc: &OperationDoc| -> Option<String> {
        let host = doc.host.as_deref()?;
        let label = host.split('.').next().unwrap_or(host).to_ascii_lowercase();
        (!label.is_empty() && !label.contains('{')).then_some(label)
    };
    let mut by_dir: HashMap<String, BTreeMap<String, usize>> = HashMap::new();
    for doc in &operations {
        if let Some(service) = service_of(doc) {
            *by_dir
                .entry(parent(&doc.operation.source.file).to_owned())
                .or_default()
                .entry(service)
                .or_default() += 1;
        }
    }
    let mut grouped: BTreeMap<String, Vec<OperationDoc>> = BTreeMap::new();
    for doc in operations {
        let service = match service_of(&doc) {
            Some(service) => service,
            None => {
                let dir = parent(&doc.operation.source.file);
                let sibling = by_dir.get(dir).and_then(most_common);
                let fallback = sibling.clone().unwrap_or_else(|| {
                    let folder = dir.rsplit('/').next().unwrap_or(dir);
                    let name: String = folder
                        .chars()
                        .filter(|c| c.is_ascii_alphanumeric())
                        .collect::<String>()
                        .to_ascii_lowercase();
                    if name.is_empty() {
                        "unnamed".to_owned()
                    } else {
                        name
                    }
                });
                let why = if sibling.is_some() {
                    "the service of the other documents of its folder"
                } else {
                    "the folder name"
                };
                diagnostics.push(
                    Diagnostic::file(
                        Severity::Warning,
                        "no-host",
                        &doc.operation.source.file,
                        format!(
                            "address of `{}` has no host; service `{fallback}` is {why}",
                            doc.operation.id
                        ),
                    )
                    .with_help("a full URL such as `https://redis.jdcloud-api.com/v1/...`")
                    .at_line(doc.operation.source.line),
                );
                fallback
            }
        };
        grouped.entry(service).or_default().push(doc);
    }

    let mut services = Vec::new();
    for (name, mut docs) in grouped {
        docs.sort_by(|a, b| {
            (&a.operation.id, &a.operation.source.file)
                .cmp(&(&b.operation.id, &b.operation.source.file))
        });
        let mut hosts: BTreeMap<String, usize> = BTreeMap::new();
        let mut versions: BTreeMap<String, usize> = BTreeMap::new();
        for doc in &docs {
            if let Some(host) = &doc.host {
                *hosts.entry(host.clone()).or_default() += 1;
            }
            if let Some(version) = &doc.version {
                *versions.entry(version.clone()).or_default() += 1;
            }
        }
        let host = most_common(&hosts).unwrap_or_else(|| format!("{name}.jdcloud-api.com"));
        // The overview nearest to most of the service's documents.
        let mut overview_votes: BTreeMap<usize, usize> = BTreeMap::new();
        for doc in &docs {
            if let Some(index) = nearest_overview(&overviews, &doc.operation.source.file) {
                *overview_votes.entry(index).or_default() += 1;
            }
        }
        let overview = most_common(&overview_votes).map(|i| &overviews[i]);
        let version = most_common(&versions)
            .or_else(|| overview.and_then(|o| o.version.clone()))
            .unwrap_or_else(|| "v1".to_owned());

        let mut ops = Vec::with_capacity(docs.len());
        let mut previous: Option<(String, String)> = None;
        for doc in docs {
            let mut op = doc.operation;
            if let Some((prev_id, prev_file)) = &previous {
                if *prev_id == op.id {
                    diagnostics.push(
                        Diagnostic::file(
                            Severity::Error,
                            "duplicate-operation",
                            &op.source.file,
                            format!(
                            "operation `{}` of service `{name}` is also documented in {prev_file}",
                            op.id
                        ),
                        )
                        .with_help(
                            "one document per operation; exclude the older copy with --exclude",
                        )
                        .at_line(op.source.line),
                    );
                    continue;
                }
            }
            previous = Some((op.id.clone(), op.source.file.clone()));
            op.host = doc.host.filter(|h| *h != host);
            op.version = doc.version.filter(|v| *v != version);
            ops.push(op);
        }
        services.push(Service {
            schema_version: SCHEMA_VERSION,
            name,
            title: overview.and_then(|o| o.title.clone()),
            description: overview.and_then(|o| o.description.clone()),
            version,
            endpoint: Endpoint { host },
            overview: overview.map(|o| o.file.clone()),
            operations: ops,
        });
    }

    // Overview rows: every listed operation should have a document in the overview's service.
    for overview in &overviews {
        let service = services
            .iter()
            .find(|s| s.overview.as_deref() == Some(overview.file.as_str()));
        let missing: Vec<&str> = overview
            .operations
            .iter()
            .filter(|(id, _, _)| {
                !service.is_some_and(|s| s.operations.iter().any(|op| op.id == *id))
            })
            .map(|(id, _, _)| id.as_str())
            .collect();
        if missing.is_empty() {
            continue;
        }
        const LISTED: usize = 60;
        let mut names = missing
            .iter()
            .take(LISTED)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        if missing.len() > LISTED {
            names.push_str(&format!(" and {} more", missing.len() - LISTED));
        }
        let message = match service {
            Some(s) => format!(
                "overview lists {} operation(s) with no document in service `{}`: {names}",
                missing.len(),
                s.name,
            ),
            None => format!(
                "overview describes no documented service; its {} listed operation(s) are not read: {names}",
                missing.len(),
            ),
        };
        diagnostics.push(
            Diagnostic::file(Severity::Warning, "stale-overview", &overview.file, message)
                .with_help("the overview's table to list the documents beside it")
                .at_line(overview.table_line),
        );
    }

    diagnostics
        .sort_by(|a, b| (&a.file, a.line, a.col, a.code).cmp(&(&b.file, b.line, b.col, b.code)));
    Parsed {
        services,
        diagnostics,
        documents: inputs.len(),
    }
}

/// The key with the most votes; ties go to the smallest key.
fn most_common<K: Clone + Ord>(votes: &BTreeMap<K, usize>) -> Option<K> {
    votes
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(k, _)| k.clone())
}

fn nearest_overview(overviews: &[Overview], file: &str) -> Option<usize> {
    let mut dir = parent(file);
    loop {
        let found = overviews.iter().position(|o| parent(&o.file) == dir);
        if found.is_some() {
            return found;
        }
        if dir.is_empty() {
            return None;
        }
        dir = parent(dir);
    }
}
