// Nor of the runtime's public structs.
use std::time::Duration;

fn main() {
    let _timeouts = jdcloud_widget::Timeouts {
        connect: Duration::from_secs(1),
        attempt: Duration::from_secs(1),
        total: Duration::from_secs(1),
    };
}
