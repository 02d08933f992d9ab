//! Runs the JD Cloud Redis emulator on loopback until interrupted, for trying the generated client by
//! hand:
//!
//! ```sh
//! cargo run -p jdcloud-tests --bin emulator            # prints the URL and credentials to use
//! ```

use jdcloud_tests::emulator::{Emulator, ACCESS_KEY, INSTANCE, REGION, SECRET_KEY};

#[tokio::main]
async fn main() {
    let emulator = Emulator::start().await;
    println!("JD Cloud Redis emulator listening; try the generated client's example:");
    println!();
    println!("  JDCLOUD_ENDPOINT={} \\", emulator.url());
    println!("  JDCLOUD_ACCESS_KEY={ACCESS_KEY} JDCLOUD_SECRET_KEY={SECRET_KEY} \\");
    println!("  cargo run -p jdcloud-redis --example describe_backups -- {REGION} {INSTANCE}");
    println!();
    println!("Stop it with Ctrl-C.");
    let _ = tokio::signal::ctrl_c().await;
}
