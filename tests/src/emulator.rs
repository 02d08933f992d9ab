//! A local stand-in for JD Cloud's Redis API: the model-driven emulator (`jdcloud-emulator`) serving
//! the shipped Redis model (`spec/redis.yaml`), with `describeBackups` answered by state of its own:
//! backups kept per instance, filtered by time and id and paged as the service pages them.
//! Authentication, routing, parameter checks and fault injection are the emulator's.

use std::collections::BTreeMap;
use std::sync::Arc;

use jdcloud_emulator::{Call, Reply, Verdict};
use jdcloud_runtime::Credentials;
use serde_json::{json, Value};

pub use jdcloud_emulator::auth::DATE_WINDOW;
pub use jdcloud_emulator::{Fault, ACCESS_KEY, SECRET_KEY};

use crate::server::Seen;

/// The region of the demo instance.
pub const REGION: &str = "cn-north-1";
/// The demo instance, with [`DEMO_BACKUPS`] backups.
pub const INSTANCE: &str = "redis-demo";
/// How many backups the demo instance has: one a day from 2026-11-01.
pub const DEMO_BACKUPS: usize = 25;

/// The shipped Redis model, as the generated crate was made from it.
const MODEL: &str = include_str!("../../spec/redis.yaml");

/// A running emulator.
pub struct Emulator {
    inner: jdcloud_emulator::Emulator,
}

impl Emulator {
    /// Starts an emulator on a free loopback port, knowing [`ACCESS_KEY`] and holding the demo instance.
    pub async fn start() -> Emulator {
        let model = jdcloud_model::from_yaml(MODEL).expect("spec/redis.yaml is a model");
        let mut instances = BTreeMap::new();
        instances.insert((REGION.to_owned(), INSTANCE.to_owned()), demo_backups());
        let instances = Arc::new(instances);
        let inner = jdcloud_emulator::Emulator::builder(vec![model])
            .handle("describeBackups", move |call| {
                Some(describe_backups(&instances, call))
            })
            .start()
            .await;
        Emulator { inner }
    }

    /// The base URL to configure as the endpoint.
    pub fn url(&self) -> String {
        self.inner.url()
    }

    /// Credentials the emulator accepts.
    pub fn credentials() -> Credentials {
        Credentials::new(ACCESS_KEY, SECRET_KEY)
    }

    /// Makes the next request (after those already queued) meet `fault`.
    pub fn inject(&self, fault: Fault) {
        self.inner.inject(fault);
    }

    /// Every request received, in order.
    pub fn requests(&self) -> Vec<Seen> {
        self.inner.requests()
    }

    /// What the emulator concluded about each request, in order.
    pub fn verdicts(&self) -> Vec<Verdict> {
        self.inner.verdicts()
    }
}

fn demo_backups() -> Vec<Value> {
    (0..DEMO_BACKUPS)
        .map(|i| {
            let day = i + 1;
            json!({
                "baseId": format!("backup-{day:02}"),
                "backupFileName": format!("{INSTANCE}-2026-11-{day:02}.rdb"),
                "cacheInstanceId": INSTANCE,
                "backupStartTime": format!("2026-11-{day:02}T03:00:00Z"),
                "backupEndTime": format!("2026-11-{day:02}T03:05:00Z"),
                "backupType": i32::from(i % 7 == 0),
                "backupSize": 1_073_741_824_u64 + i as u64 * 4096,
                "backupStatus": 2,
                "backupDownloadURL": ""
            })
        })
        .collect()
}

fn invalid(message: impl Into<String>) -> Reply {
    Reply::Error(400, "INVALID_ARGUMENT".to_owned(), message.into())
}

/// `describeBackups` over the instances' backups: filtered by `startTime`, `endTime` and `baseId`,
/// paged by `pageNumber` (from 1) and `pageSize` (10 to 100), with the total count.
fn describe_backups(instances: &BTreeMap<(String, String), Vec<Value>>, call: &Call<'_>) -> Reply {
    let text = |name: &str| call.input[name].as_str().map(str::to_owned);
    let (region, instance) = (
        text("regionId").unwrap_or_default(),
        text("cacheInstanceId").unwrap_or_default(),
    );
    let Some(backups) = instances.get(&(region.clone(), instance.clone())) else {
        return Reply::Error(
            404,
            "NOT_FOUND".to_owned(),
            format!("cache instance {instance} not found in {region}"),
        );
    };
    // The emulator has checked that these are integers.
    let number =
        |name: &str, default: usize| text(name).map_or(default, |t| t.parse().unwrap_or(default));
    let (page_number, page_size) = (number("pageNumber", 1), number("pageSize", 10));
    if page_number < 1 || !(10..=100).contains(&page_size) {
        return invalid("pageNumber must be at least 1 and pageSize within [10, 100]");
    }
    let field = |backup: &Value, name: &str| backup[name].as_str().unwrap_or_default().to_owned();
    let selected: Vec<&Value> = backups
        .iter()
        .filter(|b| text("startTime").is_none_or(|t| field(b, "backupStartTime") >= t))
        .filter(|b| text("endTime").is_none_or(|t| field(b, "backupEndTime") <= t))
        .filter(|b| text("baseId").is_none_or(|id| field(b, "baseId") == id))
        .collect();
    let page: Vec<&Value> = selected
        .iter()
        .skip((page_number - 1) * page_size)
        .take(page_size)
        .copied()
        .collect();
    Reply::Result(json!({"backups": page, "totalCount": selected.len()}))
}
