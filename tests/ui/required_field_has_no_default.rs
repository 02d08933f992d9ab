// A model with a required field (`WidgetSpec.name`) has no `Default`: a required field cannot be left
// out by filling the rest with defaults.
fn main() {
    let _spec = jdcloud_widget::operations::create_widget::WidgetSpec::default();
}
