//! The runtime's modules form layers: the list in the crate docs (`src/lib.rs`, "Layers") is checked
//! against the `crate::module` paths each file uses outside its tests, so no import cycle can grow back
//! unnoticed.

use std::collections::BTreeMap;
use std::path::Path;

/// Module name -> layer number, read from the numbered list under `# Layers` in the crate docs.
fn declared_layers(lib: &str) -> BTreeMap<String, usize> {
    let mut layers = BTreeMap::new();
    let mut in_section = false;
    let mut current = None;
    // Parentheses may span lines.
    let mut depth = 0;
    for line in lib.lines().take_while(|l| l.starts_with("//!")) {
        let text = line.trim_start_matches("//!").trim();
        if text.starts_with('#') {
            in_section = text == "# Layers";
            continue;
        }
        if !in_section {
            continue;
        }
        if let Some((number, _)) = text.split_once(". ") {
            if let Ok(number) = number.parse::<usize>() {
                current = Some(number);
            }
        }
        let Some(layer) = current else { continue };
        // Module names are the backticked words outside parentheses.
        let mut rest = text;
        while let Some(c) = rest.chars().next() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                '`' if depth == 0 => {
                    if let Some(end) = rest[1..].find('`') {
                        let name = &rest[1..1 + end];
                        assert!(
                            layers.insert(name.to_owned(), layer).is_none(),
                            "`{name}` is listed twice"
                        );
                        rest = &rest[end + 2..];
                        continue;
                    }
                }
                _ => {}
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    layers
}

/// The modules a file's non-test code names as `crate::module`.
fn uses(source: &str, modules: &BTreeMap<String, usize>) -> Vec<String> {
    let code = source
        .split("#[cfg(test)]\nmod tests")
        .next()
        .unwrap_or(source);
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let name: String = code[at + 7..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if modules.contains_key(&name) && !found.contains(&name) {
            found.push(name);
        }
    }
    found
}

#[test]
fn modules_use_only_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    let layers = declared_layers(&lib);
    let mut files: Vec<String> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".rs") && name != "lib.rs")
        .map(|name| name.trim_end_matches(".rs").to_owned())
        .collect();
    files.sort();
    let listed: Vec<&String> = layers.keys().collect();
    assert_eq!(
        listed,
        files.iter().collect::<Vec<_>>(),
        "the crate docs' layer list and the files of src/ differ"
    );
    let mut violations = Vec::new();
    for module in &files {
        let source = std::fs::read_to_string(src.join(format!("{module}.rs"))).unwrap();
        for used in uses(&source, &layers) {
            if layers[&used] >= layers[module] {
                violations.push(format!(
                    "{module} (layer {}) uses {used} (layer {})",
                    layers[module], layers[&used]
                ));
            }
        }
    }
    assert!(
        violations.is_empty(),
        "modules reaching sideways or up:\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_layer_list_is_read_as_written() {
    let lib = "//! # Layers\n//!\n//! 1. `a` (uses `b` in\n//!    passing, `x`), `c`\n//! 2. `d`\n//!    `e`\n//!\n//! # Next\n//! 3. `f`\n";
    let layers = declared_layers(lib);
    let expected: BTreeMap<String, usize> = [("a", 1), ("c", 1), ("d", 2), ("e", 2)]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    assert_eq!(layers, expected);
    let source = "use crate::a::X;\nfn f() { crate::c::g(); crate::Config; }\n#[cfg(test)]\nmod tests { use crate::d; }";
    assert_eq!(uses(source, &layers), ["a", "c"]);
}
