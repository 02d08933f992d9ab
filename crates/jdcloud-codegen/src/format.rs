//! Printing generated Rust: `prettyplease`, then blank lines between items. In-process on purpose:
//! running `rustfmt` would make the output depend on whether (and which) rustfmt is installed, and
//! spawning it once per file was most of the generator's time.

use proc_macro2::TokenStream;

/// The file `tokens` make, printed; an error when they are not a Rust file (an emitter bug).
pub(crate) fn format_file(tokens: &TokenStream) -> Result<String, syn::Error> {
    let file: syn::File = syn::parse2(tokens.clone())?;
    Ok(space_items(&prettyplease::unparse(&file)))
}

/// prettyplease writes items back to back; a blank line after every closing brace of an item, after
/// the module docs and between attribute-led items reads better (as rustfmt would keep them).
fn space_items(code: &str) -> String {
    let mut out = String::with_capacity(code.len() + code.len() / 16);
    let mut previous = "";
    for line in code.lines() {
        let trimmed = line.trim_start();
        let ends_item = matches!(previous.trim_start(), "}" | "};")
            || previous.trim_end().ends_with("});")
            || (!previous.starts_with(' ')
                && previous.ends_with(';')
                && (trimmed.starts_with("///") || trimmed.starts_with("#[")));
        let after_module_docs = previous.starts_with("//!") && !trimmed.starts_with("//!");
        let opens = !trimmed.is_empty()
            && !trimmed.starts_with('}')
            && !trimmed.starts_with(')')
            && !trimmed.starts_with("else")
            && !trimmed.starts_with('.');
        if opens && (ends_item || after_module_docs) {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = line;
    }
    out
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    #[test]
    fn items_are_separated_and_docs_kept() {
        let code = format_file(&quote! {
            #![doc = " Crate docs."]
            /// A.
            pub struct A;
            /// B.
            pub struct B {
                pub x: i32,
            }
            pub fn f() -> i32 { if true { 1 } else { 2 } }
        })
        .unwrap();
        assert_eq!(
            code,
            "//! Crate docs.\n\n/// A.\npub struct A;\n\n/// B.\npub struct B {\n    pub x: i32,\n}\n\npub fn f() -> i32 {\n    if true { 1 } else { 2 }\n}\n"
        );
        assert!(format_file(&quote!(fn)).is_err());
    }
}
