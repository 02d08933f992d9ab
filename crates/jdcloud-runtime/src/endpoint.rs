//! Where a call goes: an endpoint override, the internal endpoint of the call's region, or the service's
//! host template filled with host parameters or the configured region; then the request's path and query.

use std::borrow::Cow;

use crate::config::Config;
use crate::error::Error;
use crate::request::Request;
use crate::service::ServiceInfo;

/// The endpoints of one client's service, with the base URL most calls share worked out once.
#[derive(Debug)]
pub(crate) struct Endpoints {
    service: ServiceInfo,
    /// `https://<service host in the configured region>`, when the host template can be filled so.
    default_base: Option<String>,
}

impl Endpoints {
    pub(crate) fn new(service: ServiceInfo, config: &Config) -> Endpoints {
        let default_base = expand_host(service.host, &[("regionId", config.region.as_str())])
            .ok()
            .map(|host| format!("https://{host}"));
        Endpoints {
            service,
            default_base,
        }
    }

    /// The full URL of `request`: endpoint (override, internal or public host), path and query.
    pub(crate) fn url(&self, config: &Config, request: &Request) -> Result<String, Error> {
        let base = self.base(config, request)?;
        crate::path::check_filled(&request.path)?;
        // Exactly the length written, so that the URI takes this buffer as it is.
        let query_len = match request.query.len() {
            0 => 0,
            len => len + 1,
        };
        let mut url = String::with_capacity(base.len() + request.path.len() + query_len);
        url.push_str(&base);
        url.push_str(&request.path);
        if !request.query.is_empty() {
            url.push('?');
            url.push_str(&request.query);
        }
        Ok(url)
    }

    /// `scheme://host` of the endpoint `request` goes to.
    fn base<'e>(&'e self, config: &'e Config, request: &Request) -> Result<Cow<'e, str>, Error> {
        let service = &self.service;
        if let Some(base) = override_base(config, service) {
            return Ok(Cow::Borrowed(base));
        }
        if config.internal_endpoints {
            // The call's own region (its `regionId`) when it has one, else the configured one.
            let region = request.signing_region.as_deref().unwrap_or(&config.region);
            let host = expand_host(
                &format!("{}.internal.{{regionId}}.jdcloud-api.com", service.name),
                &[("regionId", region)],
            )?;
            return Ok(Cow::Owned(format!("https://{host}")));
        }
        if let (Some(base), None, true) = (
            &self.default_base,
            request.host,
            request.host_params.is_empty(),
        ) {
            // The service's host in the configured region: the same for most calls, made once.
            return Ok(Cow::Borrowed(base));
        }
        let host_params: Vec<(&str, &str)> = request
            .host_params
            .iter()
            .map(|(n, v)| (*n, v.as_str()))
            .collect();
        let region = [("regionId", config.region.as_str())];
        let params = if host_params.is_empty() {
            &region[..]
        } else {
            &host_params[..]
        };
        let host = expand_host(request.host.unwrap_or(service.host), params)?;
        Ok(Cow::Owned(format!("https://{host}")))
    }
}

/// The endpoint override that applies to a service, if any.
fn override_base<'c>(config: &'c Config, service: &ServiceInfo) -> Option<&'c str> {
    config
        .service_endpoints
        .get(service.name)
        .or(config.endpoint_url.as_ref())
        .map(String::as_str)
}

/// Fills `{name}` in a host template; values must be DNS labels.
fn expand_host(template: &str, params: &[(&str, &str)]) -> Result<String, Error> {
    let mut host = template.to_owned();
    for (name, value) in params {
        let valid =
            !value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        let placeholder = format!("{{{name}}}");
        if host.contains(&placeholder) {
            if !valid {
                return Err(Error::invalid_request(format!(
                    "`{value}` is not a valid {name} for a host name"
                )));
            }
            host = host.replace(&placeholder, value);
        }
    }
    if host.contains('{') {
        return Err(Error::invalid_request(format!(
            "host template `{template}` has an unfilled placeholder"
        )));
    }
    Ok(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_endpoints_use_the_call_s_region() {
        let service = ServiceInfo {
            name: "redis",
            host: "redis.jdcloud-api.com",
            version: "v1",
        };
        let config = crate::Config::builder()
            .credentials(crate::Credentials::new("AK", "SK"))
            .region("cn-north-1")
            .internal_endpoints(true)
            .build()
            .unwrap();
        let endpoints = Endpoints::new(service, &config);
        let request = Request::new("x", http::Method::GET, "/v1/regions/{regionId}/x")
            .path_param("regionId", "cn-east-2")
            .signing_region("cn-east-2");
        assert_eq!(
            endpoints.url(&config, &request).unwrap(),
            "https://redis.internal.cn-east-2.jdcloud-api.com/v1/regions/cn-east-2/x"
        );
        let regionless = Request::new("y", http::Method::GET, "/v1/y");
        assert_eq!(
            endpoints.url(&config, &regionless).unwrap(),
            "https://redis.internal.cn-north-1.jdcloud-api.com/v1/y"
        );
        let hostile = Request::new("z", http::Method::GET, "/v1/z").signing_region("evil.example/");
        assert!(endpoints.url(&config, &hostile).is_err());
    }

    fn config(builder: crate::ConfigBuilder) -> Config {
        builder
            .credentials(crate::Credentials::new("AK", "SK"))
            .build()
            .unwrap()
    }

    const MONITOR: ServiceInfo = ServiceInfo {
        name: "monitor",
        host: "monitor.{regionId}.jdcloud-api.com",
        version: "v2",
    };

    #[test]
    fn public_hosts_are_filled_with_the_region_or_the_call_s_host_parameters() {
        let config = config(crate::Config::builder().region("cn-south-1"));
        let endpoints = Endpoints::new(MONITOR, &config);
        let plain = Request::new("a", http::Method::GET, "/v2/metrics");
        assert_eq!(
            endpoints.url(&config, &plain).unwrap(),
            "https://monitor.cn-south-1.jdcloud-api.com/v2/metrics"
        );
        let query = Request::new("a", http::Method::GET, "/v2/metrics")
            .query(&std::collections::BTreeMap::from([("pageSize", 10)]));
        assert_eq!(
            endpoints.url(&config, &query).unwrap(),
            "https://monitor.cn-south-1.jdcloud-api.com/v2/metrics?pageSize=10"
        );
        let own =
            Request::new("b", http::Method::GET, "/v2/metrics").host_param("regionId", "cn-east-2");
        assert_eq!(
            endpoints.url(&config, &own).unwrap(),
            "https://monitor.cn-east-2.jdcloud-api.com/v2/metrics"
        );
        let other =
            Request::new("c", http::Method::GET, "/v2/x").host("{bucket}.oss.{regionId}.example");
        let error = endpoints.url(&config, &other).unwrap_err();
        assert!(
            error.to_string().contains("unfilled placeholder"),
            "{error}"
        );
        let filled = Request::new("c", http::Method::GET, "/v2/x")
            .host("{bucket}.oss.example")
            .host_param("bucket", "b-1");
        assert_eq!(
            endpoints.url(&config, &filled).unwrap(),
            "https://b-1.oss.example/v2/x"
        );
    }

    #[test]
    fn host_values_must_be_dns_labels() {
        for bad in ["", "a.b", "a/b", "évian", "a b"] {
            let error = expand_host("x.{regionId}.example", &[("regionId", bad)]).unwrap_err();
            assert!(
                error.to_string().contains("is not a valid regionId"),
                "{bad:?}: {error}"
            );
        }
        assert_eq!(
            expand_host("x.{regionId}.example", &[("regionId", "cn-north-1")]).unwrap(),
            "x.cn-north-1.example"
        );
        // A value for a placeholder the template lacks is not looked at.
        assert_eq!(
            expand_host("x.example", &[("regionId", "a/b")]).unwrap(),
            "x.example"
        );
    }

    #[test]
    fn a_service_s_own_endpoint_comes_before_the_common_one() {
        let config = config(
            crate::Config::builder()
                .endpoint_url("https://all.example")
                .service_endpoint("monitor", "https://monitor.example/")
                .internal_endpoints(true),
        );
        let request = Request::new("a", http::Method::GET, "/v2/m");
        assert_eq!(
            Endpoints::new(MONITOR, &config)
                .url(&config, &request)
                .unwrap(),
            "https://monitor.example/v2/m"
        );
        let redis = ServiceInfo {
            name: "redis",
            ..MONITOR
        };
        assert_eq!(
            Endpoints::new(redis, &config)
                .url(&config, &request)
                .unwrap(),
            "https://all.example/v2/m"
        );
        let path = Request::new("a", http::Method::GET, "/v2/{id}");
        assert!(
            Endpoints::new(redis, &config).url(&config, &path).is_err(),
            "an unfilled path"
        );
    }
}
