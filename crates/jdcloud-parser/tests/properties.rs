//! Hostile input never panics or hangs the parser, and what it reports points at real lines: random
//! mutations of the project's documents (cut, shuffled, duplicated, with giant cells, stray pipes and
//! invalid bytes), plus built documents at the extremes (deep and cyclic models, thousands of columns,
//! 10 MB files). Bounded so that CI runs it in seconds.

use std::path::Path;
use std::time::{Duration, Instant};

mod common;

use jdcloud_parser::{parse_document, read_tree, Parsed};
use proptest::prelude::*;

/// A document that takes longer than this has hung, by any measure (they parse in milliseconds).
const HANG: Duration = Duration::from_secs(10);

fn seeds() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut docs = Vec::new();
    for dir in [
        "tests/fixtures/docs",
        "spec/docs",
        "crates/jdcloud-parser/tests/bad",
    ] {
        let (inputs, _) = read_tree(&root.join(dir), &[]).unwrap();
        docs.extend(inputs.into_iter().map(|i| i.bytes));
    }
    assert!(docs.len() >= 10);
    docs
}

/// Parses, and checks what must hold whatever the input.
fn check(bytes: &[u8]) -> Parsed {
    let started = Instant::now();
    let parsed = parse_document("fuzzed.md", bytes);
    assert!(
        started.elapsed() < HANG,
        "parsing took {:?}",
        started.elapsed()
    );
    let lines = bytes.split(|&b| b == b'\n').count() as u32;
    for d in &parsed.diagnostics {
        if d.line == 0 {
            assert_eq!(d.col, 0, "{d}");
        } else {
            assert!(
                d.line <= lines && d.col >= 1,
                "{d} points outside a {lines}-line document"
            );
            let rendered = d.to_string();
            assert!(
                rendered.len() < 4096,
                "a diagnostic of {} bytes",
                rendered.len()
            );
        }
    }
    for service in &parsed.services {
        let yaml = jdcloud_model::to_yaml(service);
        assert_eq!(&jdcloud_model::from_yaml(&yaml).unwrap(), service);
        for op in &service.operations {
            common::assert_operation_invariants(op);
        }
    }
    parsed
}

#[derive(Debug, Clone)]
enum Mutation {
    Truncate(usize),
    DeleteLines(usize, usize),
    DuplicateLines(usize, usize),
    SwapSections(usize, usize),
    GiantCell(usize, usize),
    InsertBytes(usize, Vec<u8>),
    Pipes(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 0..20usize).prop_map(|(a, n)| Mutation::DeleteLines(a, n)),
        (any::<usize>(), 0..20usize).prop_map(|(a, n)| Mutation::DuplicateLines(a, n)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapSections(a, b)),
        (any::<usize>(), 1..200_000usize).prop_map(|(a, n)| Mutation::GiantCell(a, n)),
        (
            any::<usize>(),
            proptest::collection::vec(any::<u8>(), 1..16)
        )
            .prop_map(|(a, b)| Mutation::InsertBytes(a, b)),
        (any::<usize>(), 1..5000usize).prop_map(|(a, n)| Mutation::Pipes(a, n)),
    ]
}

fn apply(doc: &mut Vec<u8>, mutation: &Mutation) {
    let lines = |doc: &Vec<u8>| -> Vec<Vec<u8>> {
        doc.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect()
    };
    let join = |lines: Vec<Vec<u8>>| lines.join(&b'\n');
    match mutation {
        Mutation::Truncate(at) => {
            let at = at % (doc.len() + 1);
            doc.truncate(at);
        }
        Mutation::DeleteLines(at, n) => {
            let mut all = lines(doc);
            let at = at % all.len();
            let end = (at + n).min(all.len());
            all.drain(at..end);
            *doc = join(all);
        }
        Mutation::DuplicateLines(at, n) => {
            let mut all = lines(doc);
            let at = at % all.len();
            let end = (at + n).min(all.len());
            let copy: Vec<Vec<u8>> = all[at..end].to_vec();
            all.splice(at..at, copy);
            *doc = join(all);
        }
        Mutation::SwapSections(a, b) => {
            let text = String::from_utf8_lossy(doc).into_owned();
            let mut sections: Vec<&str> = text.split("\n## ").collect();
            let len = sections.len();
            sections.swap(a % len, b % len);
            *doc = sections.join("\n## ").into_bytes();
        }
        Mutation::GiantCell(at, n) => {
            let mut all = lines(doc);
            let table_rows: Vec<usize> = (0..all.len())
                .filter(|&i| all[i].starts_with(b"|"))
                .collect();
            if let Some(&row) = table_rows.get(at % table_rows.len().max(1)) {
                let mut cell = b"|".to_vec();
                cell.extend(std::iter::repeat_n(b'x', *n));
                all[row].splice(1..1, cell);
            }
            *doc = join(all);
        }
        Mutation::InsertBytes(at, bytes) => {
            let at = at % (doc.len() + 1);
            doc.splice(at..at, bytes.iter().copied());
        }
        Mutation::Pipes(at, n) => {
            let at = at % (doc.len() + 1);
            doc.splice(at..at, std::iter::repeat_n(b'|', *n));
        }
    }
}

/// 400 cases, or `PROPTEST_CASES` when set (`cargo xtask mutants` sets fewer: every mutant runs these).
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(400);
    ProptestConfig {
        cases,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_documents_never_break_the_parser(
        pick in any::<usize>(),
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let seeds = seeds();
        let mut doc = seeds[pick % seeds.len()].clone();
        for m in &mutations {
            apply(&mut doc, m);
        }
        check(&doc);
    }

    #[test]
    fn arbitrary_bytes_never_break_the_parser(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        check(&bytes);
    }

    #[test]
    fn arbitrary_text_never_breaks_the_parser(text in "(# |## |### |\\||\\*\\*|\\[|\\]\\(#|<br>|<a name=\"|\\{|\\}|GET|https://x\\.jdcloud-api\\.com/v1/|String|Integer\\[\\]|\n|[a-zA-Z ]{0,8}){0,200}") {
        check(text.as_bytes());
    }
}

/// A document with models built by `models`, each `(name, fields as (name, type cell))`.
fn document(models: &[(String, Vec<(String, String)>)]) -> String {
    let mut doc = String::from(
        "# describeThings\n\n## Request Method\nGET\n\n## Request Address\nhttps://thing.jdcloud-api.com/v1/things\n\n\
         ## Return Parameter\n|Name|Type|Description|\n|---|---|---|\n|**result**|[M0](#M0)| |\n",
    );
    for (name, fields) in models {
        doc.push_str(&format!(
            "### <a name=\"{name}\">{name}</a>\n|Name|Type|Description|\n|---|---|---|\n"
        ));
        for (field, ty) in fields {
            doc.push_str(&format!("|**{field}**|{ty}|d|\n"));
        }
    }
    doc
}

#[test]
fn deep_chains_cycles_and_self_references() {
    let depth = 2000;
    let mut models: Vec<(String, Vec<(String, String)>)> = (0..depth)
        .map(|i| {
            (
                format!("M{i}"),
                vec![("next".to_owned(), format!("[M{}](#M{})", i + 1, i + 1))],
            )
        })
        .collect();
    // The last one points back to the first (a cycle), and one model contains a list of itself.
    models.push((
        format!("M{depth}"),
        vec![
            ("back".into(), "[M0](#M0)".into()),
            ("me".into(), format!("[M{depth}[]](#M{depth})")),
        ],
    ));
    let parsed = check(document(&models).as_bytes());
    assert_eq!(parsed.errors(), 0, "{:?}", parsed.diagnostics.first());
    assert_eq!(parsed.services[0].operations[0].models.len(), depth + 1);
}

#[test]
fn thousands_of_columns() {
    let columns = 5000;
    let header: String = (0..columns).map(|i| format!("|c{i}")).collect::<String>() + "|";
    let delimiter = "|---".repeat(columns) + "|";
    let row: String = (0..columns).map(|i| format!("|v{i}")).collect::<String>() + "|";
    let doc = format!(
        "# describeThings\n\n## Request Method\nGET\n\n## Request Address\nhttps://thing.jdcloud-api.com/v1/things\n\n\
         ## Request Parameter\n|Name|Type{}|\n|---|---{}|\n|**a**|String{}|\n\n## Use Restrictions\n{header}\n{delimiter}\n{row}\n",
        "|x".repeat(columns),
        "|---".repeat(columns),
        "|y".repeat(columns),
    );
    let parsed = check(doc.as_bytes());
    assert_eq!(parsed.errors(), 0);
    assert!(parsed
        .diagnostics
        .iter()
        .any(|d| d.code == "unknown-column"));
}

#[test]
fn ten_megabyte_documents() {
    // One giant table.
    let mut doc = String::from(
        "# describeThings\n\n## Request Method\nGET\n\n## Request Address\nhttps://thing.jdcloud-api.com/v1/things\n\n\
         ## Request Parameter\n|Name|Type|Required or Not|Default Value|Description|\n|---|---|---|---|---|\n",
    );
    let mut i = 0;
    while doc.len() < 10 << 20 {
        doc.push_str(&format!(
            "|**p{i}**|String|False| |A parameter with an extra | cell|\n"
        ));
        i += 1;
    }
    let parsed = check(doc.as_bytes());
    assert_eq!(parsed.errors(), 0);
    assert!(
        parsed
            .diagnostics
            .iter()
            .any(|d| d.code == "too-many-diagnostics"),
        "diagnostics are capped"
    );
    assert!(parsed.diagnostics.len() <= 201);
    // One giant line.
    let line = format!(
        "# describeThings\n\n## Description\n{}\n",
        "word <br> ".repeat(1 << 20)
    );
    check(line.as_bytes());
    // One giant cell in a table.
    let cell = format!(
        "# describeThings\n\n## Request Method\nGET\n\n## Request Address\nhttps://thing.jdcloud-api.com/v1/things\n\n\
         ## Request Parameter\n|Name|Type|Description|\n|---|---|---|\n|**a**|List<{}String{}>|d|\n",
        "List<".repeat(1 << 20),
        ">".repeat(1 << 20)
    );
    let parsed = check(cell.as_bytes());
    assert!(parsed.diagnostics.iter().any(|d| d.code == "invalid-type"));
}
