//! What a generated crate tells the runtime about its service.

/// A service: its name, where it is served and which API revision the crate was generated from.
/// Made with [`ServiceInfo::new`] (a `const fn`), so that it can grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceInfo {
    /// Service name, the host's first label (`redis`).
    pub name: &'static str,
    /// Host template (`redis.jdcloud-api.com`, `monitor.{regionId}.jdcloud-api.com`).
    pub host: &'static str,
    /// API version, sent in the user agent.
    pub version: &'static str,
}

impl ServiceInfo {
    /// The service `name` (the host's first label, also the signing name), served at `host` (a
    /// template), at API `version`.
    pub const fn new(name: &'static str, host: &'static str, version: &'static str) -> Self {
        ServiceInfo {
            name,
            host,
            version,
        }
    }
}
