// Nor by struct update syntax from another value: models are `#[non_exhaustive]`.
fn main() {
    let spec = jdcloud_widget::operations::create_widget::WidgetSpec::builder()
        .name("gear")
        .build()
        .unwrap();
    let _copy = jdcloud_widget::operations::create_widget::WidgetSpec {
        parts: None,
        ..spec
    };
}
