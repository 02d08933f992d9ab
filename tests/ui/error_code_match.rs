// `ErrorCode` may gain classes: a match without a wildcard arm does not compile.
fn describe(code: jdcloud_widget::ErrorCode) -> &'static str {
    match code {
        jdcloud_widget::ErrorCode::NotFound => "gone",
        jdcloud_widget::ErrorCode::Unknown(_) => "?",
    }
}

fn main() {
    let _ = describe(jdcloud_widget::ErrorCode::NotFound);
}
