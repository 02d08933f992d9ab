//! Many documents into services: page kinds, grouping by host, overview and change log metadata,
//! duplicate copies of an operation made one.

use std::collections::{BTreeMap, HashMap};

use jdcloud_model::{Endpoint, Location, Operation, Service, SCHEMA_VERSION};

use crate::blocks::{blocks, Block};
use crate::changelog::{parse_changelog, ChangeLog};
use crate::diagnostic::{Diagnostic, Severity, Sink};
use crate::document::{parse_operation, parse_overview, OperationDoc, Overview};
use crate::page::{classify, resemblance, PageKind};
use crate::source::SourceText;
use crate::table::quote_list;

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
    /// The kind of every page that could be read as text, by path, in input order.
    pub pages: Vec<(String, PageKind)>,
}

impl Parsed {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_warning()).count()
    }

    /// Number of notes (pages skipped as not operations, and what else the run says it did).
    pub fn notes(&self) -> usize {
        self.diagnostics.len() - self.errors() - self.warnings()
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
        // A page with nothing on it is no operation: skipped, like every other page that is not one.
        diagnostics.push(
            Diagnostic::file(
                Severity::Warning,
                "empty-document",
                &input.path,
                "document is empty; it is skipped",
            )
            .with_help("an operation document starting with `# operationId`"),
        );
        return None;
    }
    Some(text)
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// How copies of one operation (same service, ids equal up to case) become one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DuplicateRule {
    /// Keep the copy that documents the most (parameters, returned fields, model fields, return
    /// codes); of copies documenting as much, the one marking more of them required; then the copy whose
    /// path sorts last. The others are reported and dropped.
    #[default]
    Richest,
    /// Start from the richest copy and add what only the other copies document: parameters, models,
    /// model fields, returned fields and return codes missing from it. Where copies disagree on a
    /// type or requiredness, the richest copy wins.
    Merge,
    /// Keep the copy whose path sorts last, whatever it documents (folders named later are often newer).
    LastPath,
}

impl DuplicateRule {
    /// The rule's name in messages (`richest`).
    pub fn as_str(self) -> &'static str {
        match self {
            DuplicateRule::Richest => "richest",
            DuplicateRule::Merge => "merge",
            DuplicateRule::LastPath => "last-path",
        }
    }
}

/// Settings of a parse.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// How duplicate copies of an operation are resolved.
    pub duplicates: DuplicateRule,
}

/// Parses every input into services, with the default [`Options`].
pub fn parse_tree(inputs: &[Input]) -> Parsed {
    parse_tree_with(inputs, &Options::default())
}

/// A page that is not an operation: a note, or a warning when it looks almost like one.
fn skip_page(kind: PageKind, blocks: &[Block], sink: &mut Sink<'_>) {
    if kind == PageKind::Other {
        if let Some(found) = resemblance(blocks) {
            let names: Vec<&str> = found.sections.iter().map(String::as_str).collect();
            sink.warn(
                found.at,
                "not-an-operation",
                format!(
                    "page has {} but no Request Method or Request Address section; it is not read as an operation",
                    quote_list(&names)
                ),
                "an operation page has `## Request Method` and `## Request Address` sections",
            );
            return;
        }
    }
    let why = match kind {
        PageKind::Protocol => "it describes the protocol, not an operation",
        _ => "it has no Request Method or Request Address section",
    };
    sink.note(
        0,
        "skipped-page",
        format!("{} skipped: {why}", kind.as_str()),
        "",
    );
}

/// Parses every input into services.
pub fn parse_tree_with(inputs: &[Input], options: &Options) -> Parsed {
    let mut diagnostics = Vec::new();
    let mut operations: Vec<OperationDoc> = Vec::new();
    let mut overviews: Vec<Overview> = Vec::new();
    let mut changelogs: Vec<ChangeLog> = Vec::new();
    let mut pages = Vec::with_capacity(inputs.len());
    for input in inputs {
        let Some(text) = decode(input, &mut diagnostics) else {
            continue;
        };
        let source = SourceText::new(text);
        let mut sink = Sink::new(&input.path, &source);
        let blocks = blocks(text);
        let kind = classify(&input.path, text, &blocks);
        pages.push((input.path.clone(), kind));
        match kind {
            PageKind::Overview => overviews.push(parse_overview(&input.path, &blocks, &mut sink)),
            PageKind::ChangeLog => {
                changelogs.push(parse_changelog(&input.path, &blocks, &mut sink))
            }
            PageKind::Operation => {
                if let Some(doc) = parse_operation(&input.path, &blocks, &mut sink) {
                    operations.push(doc);
                }
            }
            PageKind::Protocol | PageKind::Other => skip_page(kind, &blocks, &mut sink),
        }
        diagnostics.extend(sink.into_diagnostics());
    }

    let operations: Vec<(Option<String>, OperationDoc)> = operations
        .into_iter()
        .map(|doc| (doc.host.as_deref().and_then(service_of_host), doc))
        .collect();
    let mut by_dir: HashMap<String, BTreeMap<String, usize>> = HashMap::new();
    for (service, doc) in &operations {
        if let Some(service) = service.clone() {
            *by_dir
                .entry(parent(&doc.operation.source.file).to_owned())
                .or_default()
                .entry(service)
                .or_default() += 1;
        }
    }
    let mut grouped: BTreeMap<String, Vec<OperationDoc>> = BTreeMap::new();
    for (service, doc) in operations {
        let service = match service {
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
    for (name, docs) in grouped {
        let docs = resolve_duplicates(&name, docs, options.duplicates, &mut diagnostics);
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
        // The overview and the change log nearest to most of the service's documents.
        let overview = nearest_to_most(overviews.iter().map(|o| o.file.as_str()), &docs)
            .map(|i| &overviews[i]);
        let changelog = nearest_to_most(changelogs.iter().map(|c| c.file.as_str()), &docs)
            .map(|i| &changelogs[i]);
        let version = most_common(&versions)
            .or_else(|| overview.and_then(|o| o.version.clone()))
            .unwrap_or_else(|| "v1".to_owned());

        let mut ops = Vec::with_capacity(docs.len());
        for doc in docs {
            let mut op = doc.operation;
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
            revision: changelog.and_then(|c| c.revision()).map(str::to_owned),
            endpoint: Endpoint { host },
            overview: overview.map(|o| o.file.clone()),
            changelog: changelog.map(|c| c.file.clone()),
            history: changelog.map(|c| c.releases.clone()).unwrap_or_default(),
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
        pages,
    }
}

/// The key with the most votes; ties go to the smallest key.
fn most_common<K: Clone + Ord>(votes: &BTreeMap<K, usize>) -> Option<K> {
    votes
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
        .map(|(k, _)| k.clone())
}

/// The page (overview, change log) nearest to most of `docs` (see [`nearest`]); ties go to the first.
fn nearest_to_most<'a>(
    pages: impl Iterator<Item = &'a str> + Clone,
    docs: &[OperationDoc],
) -> Option<usize> {
    let mut votes: BTreeMap<usize, usize> = BTreeMap::new();
    for doc in docs {
        if let Some(index) = nearest(pages.clone(), &doc.operation.source.file) {
            *votes.entry(index).or_default() += 1;
        }
    }
    most_common(&votes)
}

/// The index of the page (overview, change log) in the folder of `file` or the nearest folder above it.
fn nearest<'a>(pages: impl Iterator<Item = &'a str> + Clone, file: &str) -> Option<usize> {
    let mut dir = parent(file);
    loop {
        let found = pages.clone().position(|page| parent(page) == dir);
        if found.is_some() {
            return found;
        }
        if dir.is_empty() {
            return None;
        }
        dir = parent(dir);
    }
}

/// Host labels that name no service (`openapi.cr.jdcloud.com` is the `cr` service).
const GENERIC_LABELS: &[&str] = &["openapi", "open", "api", "apis", "www"];

/// The service of a host: its first label (`redis.jdcloud-api.com` is `redis`), or the next one when the
/// first names no service; `None` for a host whose label is a placeholder.
fn service_of_host(host: &str) -> Option<String> {
    let labels: Vec<String> = host.split('.').map(str::to_ascii_lowercase).collect();
    let usable = |label: &String| !label.is_empty() && !label.contains('{');
    let first = labels.first().filter(|l| usable(l))?;
    if GENERIC_LABELS.contains(&first.as_str()) && labels.len() > 2 && usable(&labels[1]) {
        return Some(labels[1].clone());
    }
    Some(first.clone())
}

/// How much a copy of an operation documents: parameters, returned fields, model fields, return codes.
fn richness(op: &Operation) -> usize {
    op.parameters.len()
        + op.response.len()
        + op.models.iter().map(|m| m.fields.len()).sum::<usize>()
        + op.return_codes.len()
}

/// How many parameters and model fields a copy marks required: of two copies documenting as much, the
/// one that says more about requiredness.
fn required_marks(op: &Operation) -> usize {
    op.parameters.iter().filter(|p| p.required).count()
        + op.models
            .iter()
            .flat_map(|m| &m.fields)
            .filter(|f| f.required)
            .count()
}

/// Makes one operation of every set of copies (same service, ids equal up to case) by `rule`,
/// warning on each copy that is not kept. The result is sorted by id.
fn resolve_duplicates(
    service: &str,
    docs: Vec<OperationDoc>,
    rule: DuplicateRule,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<OperationDoc> {
    let mut groups: BTreeMap<String, Vec<OperationDoc>> = BTreeMap::new();
    for doc in docs {
        groups
            .entry(doc.operation.id.to_lowercase())
            .or_default()
            .push(doc);
    }
    let mut out = Vec::with_capacity(groups.len());
    for (_, mut copies) in groups {
        if copies.len() > 1 {
            // The copy to keep first: the richest (then the one marking more required, then the last path),
            // or the last path.
            copies.sort_by(|a, b| {
                let by_path = b.operation.source.file.cmp(&a.operation.source.file);
                match rule {
                    DuplicateRule::LastPath => by_path,
                    _ => richness(&b.operation)
                        .cmp(&richness(&a.operation))
                        .then_with(|| {
                            required_marks(&b.operation).cmp(&required_marks(&a.operation))
                        })
                        .then(by_path),
                }
            });
        }
        let mut copies = copies.into_iter();
        let Some(mut kept) = copies.next() else {
            continue;
        };
        let others: Vec<OperationDoc> = copies.collect();
        if others.is_empty() {
            out.push(kept);
            continue;
        }
        let mut files: Vec<String> = std::iter::once(kept.operation.source.file.clone())
            .chain(others.iter().map(|o| o.operation.source.file.clone()))
            .collect();
        files.sort_unstable();
        let all = files.join(", ");
        let kept_file = kept.operation.source.file.clone();
        let kept_rows = richness(&kept.operation);
        let mut warnings = Vec::new();
        for other in &others {
            let op = &other.operation;
            let what = match rule {
                DuplicateRule::LastPath => {
                    format!("kept {kept_file}, the path that sorts last; this copy is not read")
                }
                DuplicateRule::Richest => format!(
                    "kept {kept_file} ({kept_rows} documented items against {}); this copy is not read",
                    richness(op)
                ),
                DuplicateRule::Merge => {
                    let added = merge_into(&mut kept.operation, op);
                    if added.is_empty() {
                        format!("merged into {kept_file}, which documents everything this copy does")
                    } else {
                        let names: Vec<&str> = added.iter().map(String::as_str).collect();
                        format!(
                            "merged into {kept_file}, adding {} from this copy",
                            quote_list(&names)
                        )
                    }
                }
            };
            let spelled = if op.id != kept.operation.id {
                format!(" (spelled `{}` here)", op.id)
            } else {
                String::new()
            };
            warnings.push(
                Diagnostic::file(
                    Severity::Warning,
                    "duplicate-operation",
                    &op.source.file,
                    format!(
                        "operation `{}`{spelled} of service `{service}` is documented in {} files: {all}; {what}",
                        kept.operation.id,
                        files.len()
                    ),
                )
                .with_help(format!(
                    "one document per operation; the `{}` rule decides, and --exclude overrides it",
                    rule.as_str()
                ))
                .at_line(op.source.line),
            );
        }
        diagnostics.extend(warnings);
        kept.operation.source.copies = others
            .into_iter()
            .map(|o| o.operation.source.file)
            .collect();
        kept.operation.source.copies.sort();
        out.push(kept);
    }
    out.sort_by(|a, b| {
        (&a.operation.id, &a.operation.source.file)
            .cmp(&(&b.operation.id, &b.operation.source.file))
    });
    out
}

/// Adds to `base` what only `other` documents; returns the names of what was added.
fn merge_into(base: &mut Operation, other: &Operation) -> Vec<String> {
    let mut added = Vec::new();
    let mut needed_models: Vec<String> = Vec::new();
    for p in &other.parameters {
        let movable = !matches!(p.location, Location::Path | Location::Host);
        if movable && !base.parameters.iter().any(|b| b.name == p.name) {
            added.push(p.name.clone());
            needed_models.extend(p.ty.model_name().map(str::to_owned));
            base.parameters.push(p.clone());
        }
    }
    for f in &other.response {
        if !base.response.iter().any(|b| b.name == f.name) {
            added.push(f.name.clone());
            needed_models.extend(f.ty.model_name().map(str::to_owned));
            base.response.push(f.clone());
        }
    }
    for model in &other.models {
        if let Some(existing) = base.models.iter_mut().find(|m| m.name == model.name) {
            for f in &model.fields {
                if !existing.fields.iter().any(|b| b.name == f.name) {
                    added.push(format!("{}.{}", model.name, f.name));
                    needed_models.extend(f.ty.model_name().map(str::to_owned));
                    existing.fields.push(f.clone());
                }
            }
        }
    }
    // Models the added items name, and the models those name, when the base lacks them.
    while let Some(name) = needed_models.pop() {
        if base.model(&name).is_some() {
            continue;
        }
        if let Some(model) = other.model(&name) {
            added.push(name.clone());
            needed_models.extend(
                model
                    .fields
                    .iter()
                    .filter_map(|f| f.ty.model_name().map(str::to_owned)),
            );
            base.models.push(model.clone());
        }
    }
    for code in &other.return_codes {
        if !base.return_codes.iter().any(|b| b.code == code.code) {
            added.push(code.code.to_string());
            base.return_codes.push(code.clone());
        }
    }
    base.return_codes.sort_by_key(|c| c.code);
    added
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy(path: &str, required: &str) -> Input {
        let text = format!(
            "# execStart\n\n## Request Method\nPOST\n\n## Request Address\nhttps://pod.jdcloud-api.com/v1/pods/{{podId}}:execStart\n\n|Name|Type|Required or Not|\n|---|---|---|\n|podId|String|True|\n\n## Request Parameter\n|Name|Type|Required or Not|\n|---|---|---|\n|execId|String|{required}|\n"
        );
        Input {
            path: path.to_owned(),
            bytes: text.into_bytes(),
        }
    }

    #[test]
    fn of_copies_documenting_as_much_the_one_marking_more_required_is_kept() {
        let inputs = [
            copy("a/execStart.md", "True"),
            copy("b/execStart.md", "False"),
        ];
        for rule in [DuplicateRule::Richest, DuplicateRule::LastPath] {
            let parsed = parse_tree_with(&inputs, &Options { duplicates: rule });
            let op = &parsed.services[0].operations[0];
            let kept = if rule == DuplicateRule::Richest {
                "a"
            } else {
                "b"
            };
            assert_eq!(op.source.file, format!("{kept}/execStart.md"), "{rule:?}");
            assert_eq!(op.parameters[1].required, kept == "a");
        }
    }

    #[test]
    fn services_come_from_the_host() {
        for (host, service) in [
            ("redis.jdcloud-api.com", Some("redis")),
            ("monitor.{regionId}.jdcloud-api.com", Some("monitor")),
            (
                "industrydata.cn-south-1.jdcloud-api.com",
                Some("industrydata"),
            ),
            ("logs.jcloud.com", Some("logs")),
            ("openapi.cr.jdcloud.com", Some("cr")),
            ("api.com", Some("api")),
            ("{service}.jdcloud-api.com", None),
        ] {
            assert_eq!(service_of_host(host).as_deref(), service, "{host}");
        }
    }
}
