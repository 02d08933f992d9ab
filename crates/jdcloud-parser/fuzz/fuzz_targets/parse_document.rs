//! Any bytes as a document: the parser must not panic, and what it reports must point inside the input
//! and read back from YAML as written.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let parsed = jdcloud_parser::parse_document("fuzz.md", data);
    let lines = data.split(|&b| b == b'\n').count() as u32;
    for d in &parsed.diagnostics {
        assert!(d.line <= lines, "{d} points past line {lines}");
        assert!((d.line == 0) == (d.col == 0), "{d}");
        let _ = d.to_string();
    }
    for service in &parsed.services {
        let yaml = jdcloud_model::to_yaml(service);
        assert_eq!(&jdcloud_model::from_yaml(&yaml).unwrap(), service);
    }
});
