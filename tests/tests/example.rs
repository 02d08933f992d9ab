//! The generated crate's example, run as a user runs it (`cargo run --example`), against the emulator.

use jdcloud_tests::emulator::{Emulator, ACCESS_KEY, DEMO_BACKUPS, INSTANCE, REGION, SECRET_KEY};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_example_lists_every_backup() {
    let emulator = Emulator::start().await;
    let url = emulator.url();
    let output = tokio::task::spawn_blocking(move || {
        jdcloud_tests::nested_cargo()
            .env("JDCLOUD_ENDPOINT", url)
            .env("JDCLOUD_ACCESS_KEY", ACCESS_KEY)
            .env("JDCLOUD_SECRET_KEY", SECRET_KEY)
            .env_remove("JDCLOUD_REGION")
            .args([
                "run",
                "--quiet",
                "-p",
                "jdcloud-redis",
                "--example",
                "describe_backups",
                "--",
                REGION,
                INSTANCE,
            ])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the example failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains(&format!("{DEMO_BACKUPS} item(s)")),
        "{stdout}"
    );
    assert!(stdout.contains("backup-25"), "{stdout}");
}
