//! A tree of documents into services, in phases: pages read as their kind, operations grouped by
//! service (from their hosts), copies of an operation made one ([`crate::duplicates`]), each service built
//! with its overview and change log, overviews checked against the documents.

use std::collections::{BTreeMap, HashMap};

use jdcloud_model::{Endpoint, Service, SCHEMA_VERSION};
use rayon::prelude::*;

use crate::blocks::{blocks, Block};
use crate::changelog::{parse_changelog, ChangeLog};
use crate::diagnostic::{Diagnostic, Severity, Sink};
use crate::duplicates::{resolve_duplicates, DuplicateRule};
use crate::operation::{parse_operation, OperationDoc};
use crate::overview::{parse_overview, Overview};
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

/// Parses every input into services.
pub fn parse_tree_with(inputs: &[Input], options: &Options) -> Parsed {
    let mut diagnostics = Vec::new();
    let pages = read_pages(inputs, &mut diagnostics);
    let grouped = group_by_service(pages.operations, &mut diagnostics);
    let mut services = Vec::with_capacity(grouped.len());
    for (name, docs) in grouped {
        // Phase 3: copies of an operation made one.
        let docs = resolve_duplicates(&name, docs, options.duplicates, &mut diagnostics);
        services.push(build_service(
            name,
            docs,
            &pages.overviews,
            &pages.changelogs,
        ));
    }
    check_overviews(&pages.overviews, &services, &mut diagnostics);
    diagnostics
        .sort_by(|a, b| (&a.file, a.line, a.col, a.code).cmp(&(&b.file, b.line, b.col, b.code)));
    Parsed {
        services,
        diagnostics,
        documents: inputs.len(),
        pages: pages.kinds,
    }
}

/// The pages of a tree, each read as what it is.
struct Pages {
    operations: Vec<OperationDoc>,
    overviews: Vec<Overview>,
    changelogs: Vec<ChangeLog>,
    /// The kind of every page that could be read as text, by path, in input order.
    kinds: Vec<(String, PageKind)>,
}

/// One page read as what it is.
enum Page {
    /// An operation page (`None` when it could not be read as one: its diagnostics say why).
    Operation(Option<Box<OperationDoc>>),
    Overview(Overview),
    ChangeLog(ChangeLog),
    Skipped,
}

/// One input as read: its kind and what it reads as (`None` when it is not text), and its
/// diagnostics.
struct ReadPage {
    page: Option<(PageKind, Page)>,
    diagnostics: Vec<Diagnostic>,
}

/// Phase 1: every input decoded, classified and read as its kind (operation, overview, change log), or
/// skipped with a diagnostic. Pages are read on all cores (each depends on nothing but its text),
/// then gathered in input order, so that the result is the same on any machine.
fn read_pages(inputs: &[Input], diagnostics: &mut Vec<Diagnostic>) -> Pages {
    let read: Vec<ReadPage> = inputs.par_iter().map(read_page).collect();
    let mut operations: Vec<OperationDoc> = Vec::new();
    let mut overviews: Vec<Overview> = Vec::new();
    let mut changelogs: Vec<ChangeLog> = Vec::new();
    let mut kinds = Vec::with_capacity(inputs.len());
    for (input, mut read) in inputs.iter().zip(read) {
        diagnostics.append(&mut read.diagnostics);
        let Some((kind, page)) = read.page else {
            continue;
        };
        kinds.push((input.path.clone(), kind));
        match page {
            Page::Operation(doc) => operations.extend(doc.map(|doc| *doc)),
            Page::Overview(overview) => overviews.push(overview),
            Page::ChangeLog(changelog) => changelogs.push(changelog),
            Page::Skipped => {}
        }
    }
    Pages {
        operations,
        overviews,
        changelogs,
        kinds,
    }
}

fn read_page(input: &Input) -> ReadPage {
    let mut diagnostics = Vec::new();
    let Some(text) = decode(input, &mut diagnostics) else {
        return ReadPage {
            page: None,
            diagnostics,
        };
    };
    let source = SourceText::new(text);
    let mut sink = Sink::new(&input.path, &source);
    let blocks = blocks(text);
    let kind = classify(&input.path, text, &blocks);
    let page = match kind {
        PageKind::Overview => Page::Overview(parse_overview(&input.path, &blocks, &mut sink)),
        PageKind::ChangeLog => Page::ChangeLog(parse_changelog(&input.path, &blocks, &mut sink)),
        PageKind::Operation => {
            Page::Operation(parse_operation(&input.path, &blocks, &mut sink).map(Box::new))
        }
        PageKind::Protocol | PageKind::Other => {
            skip_page(kind, &blocks, &mut sink);
            Page::Skipped
        }
    };
    diagnostics.extend(sink.into_diagnostics());
    ReadPage {
        page: Some((kind, page)),
        diagnostics,
    }
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

/// Phase 2: operations grouped by service, the service being the host's (see [`service_of_host`]); a
/// document without a host takes the service of the other documents of its folder, else the folder's
/// name, with a warning.
fn group_by_service(
    operations: Vec<OperationDoc>,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Vec<OperationDoc>> {
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
    grouped
}

/// Phase 4: one service of its (deduplicated) operations: the most common host and version, the
/// overview and change log nearest to most of its documents. Operations keep a host or version only
/// where it differs from the service's.
fn build_service(
    name: String,
    docs: Vec<OperationDoc>,
    overviews: &[Overview],
    changelogs: &[ChangeLog],
) -> Service {
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
    let overview =
        nearest_to_most(overviews.iter().map(|o| o.file.as_str()), &docs).map(|i| &overviews[i]);
    let changelog =
        nearest_to_most(changelogs.iter().map(|c| c.file.as_str()), &docs).map(|i| &changelogs[i]);
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
    Service {
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
        overlays: Vec::new(),
    }
}

/// Phase 5: every operation an overview lists should have a document in the overview's service.
fn check_overviews(
    overviews: &[Overview],
    services: &[Service],
    diagnostics: &mut Vec<Diagnostic>,
) {
    for overview in overviews {
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

#[cfg(test)]
mod tests {
    use super::*;

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

    fn page(path: &str, text: &str) -> Input {
        Input {
            path: path.to_owned(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn pages_that_are_not_operations_are_noted_and_counted_apart_from_warnings() {
        let operation = "# describeThing\n\n## Request Method\nGET\n\n## Request Address\nhttps://thing.jdcloud-api.com/v1/things\n\n## Request Parameter\n|Name|Type|Required or Not|\n|---|---|---|\n|**a**|String|True|extra|\n";
        let parsed = parse_tree(&[
            page("thing/describeThing.md", operation),
            page("Common-Declaration/Signature.md", "# Signature\n\nHow requests are signed.\n"),
            page("thing/notes.md", "# Notes\n\nNothing to see.\n"),
            page("thing/badThing.md", "# badThing\n\n## Request Method\nFETCH\n\n## Request Address\nhttps://thing.jdcloud-api.com/v1/bad\n"),
        ]);
        let notes: Vec<String> = parsed
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Note)
            .map(|d| d.message.clone())
            .collect();
        assert_eq!(
            notes,
            [
                "protocol page skipped: it describes the protocol, not an operation",
                "other page skipped: it has no Request Method or Request Address section",
            ]
        );
        let warnings = parsed.diagnostics.iter().filter(|d| d.is_warning()).count();
        assert!(
            warnings >= 1,
            "the extra cell is a warning: {:?}",
            parsed.diagnostics
        );
        let errors = parsed.diagnostics.iter().filter(|d| d.is_error()).count();
        assert_eq!(errors, 1, "the invalid method: {:?}", parsed.diagnostics);
        assert_eq!(
            (parsed.errors(), parsed.warnings(), parsed.notes()),
            (1, warnings, 2)
        );
        assert_eq!(parsed.diagnostics.len(), 1 + warnings + 2);
    }

    #[test]
    fn a_document_without_a_host_takes_the_most_common_service_of_its_folder() {
        let op = |id: &str, url: &str| {
            page(
                &format!("mixed/{id}.md"),
                &format!("# {id}\n\n## Request Method\nGET\n\n## Request Address\n{url}\n"),
            )
        };
        let parsed = parse_tree(&[
            op("listApples", "https://apple.jdcloud-api.com/v1/apples"),
            op("listPears", "https://pear.jdcloud-api.com/v1/pears"),
            op("listPlums", "https://pear.jdcloud-api.com/v1/plums"),
            op("listFigs", "/v1/figs"),
        ]);
        let pear = parsed.services.iter().find(|s| s.name == "pear").unwrap();
        let ids: Vec<&str> = pear.operations.iter().map(|o| o.id.as_str()).collect();
        assert_eq!(ids, ["listFigs", "listPears", "listPlums"]);
        let warning = parsed
            .diagnostics
            .iter()
            .find(|d| d.code == "no-host")
            .unwrap();
        assert!(
            warning
                .message
                .contains("service `pear` is the service of the other documents of its folder"),
            "{}",
            warning.message
        );
    }

    #[test]
    fn the_service_version_is_the_one_most_documents_use() {
        let op = |id: &str, path: &str| {
            page(
                &format!("fruit/{id}.md"),
                &format!("# {id}\n\n## Request Method\nGET\n\n## Request Address\nhttps://fruit.jdcloud-api.com{path}\n"),
            )
        };
        let parsed = parse_tree(&[
            op("listApples", "/v1/apples"),
            op("listPears", "/v2/pears"),
            op("listPlums", "/v2/plums"),
        ]);
        assert_eq!(parsed.services[0].version, "v2");
    }

    /// An overview listing `count` operations that have no document, beside one that has.
    fn stale_overview_message(count: usize) -> String {
        let mut table = String::from(
            "# Fruit\n\n## API\n|API|Description|Method|\n|---|---|---|\n|listApples|List|GET|\n",
        );
        for i in 0..count {
            table.push_str(&format!("|listGone{i:03}|Gone|GET|\n"));
        }
        let parsed = parse_tree(&[
            page("fruit/overview.md", &table),
            page(
                "fruit/listApples.md",
                "# listApples\n\n## Request Method\nGET\n\n## Request Address\nhttps://fruit.jdcloud-api.com/v1/apples\n",
            ),
        ]);
        parsed
            .diagnostics
            .iter()
            .find(|d| d.code == "stale-overview")
            .map(|d| d.message.clone())
            .unwrap_or_default()
    }

    #[test]
    fn a_stale_overview_lists_at_most_sixty_missing_operations() {
        let sixty = stale_overview_message(60);
        assert!(
            sixty.starts_with("overview lists 60 operation(s) with no document in service `fruit`"),
            "{sixty}"
        );
        assert!(sixty.ends_with("listGone059"), "{sixty}");
        let more = stale_overview_message(61);
        assert!(more.ends_with("listGone059 and 1 more"), "{more}");
        assert!(!more.contains("listGone060"), "{more}");
    }

    #[test]
    fn the_overview_nearest_to_most_documents_is_the_services() {
        let op = |path: &str, id: &str| {
            page(
                path,
                &format!("# {id}\n\n## Request Method\nGET\n\n## Request Address\nhttps://fruit.jdcloud-api.com/v1/{id}\n"),
            )
        };
        let parsed = parse_tree(&[
            page("a/overview.md", "# Fruit A\n"),
            page("b/overview.md", "# Fruit B\n"),
            op("a/listApples.md", "listApples"),
            op("b/listPears.md", "listPears"),
            op("b/listPlums.md", "listPlums"),
        ]);
        let service = &parsed.services[0];
        assert_eq!(service.overview.as_deref(), Some("b/overview.md"));
        assert_eq!(service.title.as_deref(), Some("Fruit B"));
    }
}
