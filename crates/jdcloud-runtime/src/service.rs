//! What a generated crate tells the runtime about its service.

/// A service: its name, where it is served and which API revision the crate was generated from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceInfo {
    /// Service name, the host's first label (`redis`).
    pub name: &'static str,
    /// Host template (`redis.jdcloud-api.com`, `monitor.{regionId}.jdcloud-api.com`).
    pub host: &'static str,
    /// API version, sent in the user agent.
    pub version: &'static str,
}
