// A struct literal of a model, from outside its crate, does not compile: a field added by a later
// revision of the documents breaks nobody.
fn main() {
    let _tag = jdcloud_widget::types::Tag {
        key: "team".into(),
        value: None,
    };
}
