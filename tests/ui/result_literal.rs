// Nor of a result.
fn main() {
    let _result = jdcloud_widget::operations::create_widget::CreateWidgetResult {
        widget_id: None,
        order_id: None,
    };
}
