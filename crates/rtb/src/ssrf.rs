//! Server-side request forgery guard for bidder endpoints.
//!
//! Three layers, because a URL checked once can point elsewhere later:
//!
//! 1. [`check_endpoint`] when a target is saved: http/https only, no
//!    user info, and every address the host resolves to must be public.
//! 2. [`check_literal`] before every ping (pure, no DNS): the same rules
//!    for IP-literal hosts and `localhost` names, which never reach a
//!    resolver. `url` normalises odd IPv4 spellings (`127.1`, `0x7f.1`,
//!    `2130706433`), so those are caught as `127.0.0.1`.
//! 3. [`GuardedResolver`], the DNS resolver of the auction's HTTP client:
//!    it drops forbidden addresses from every lookup, so the connection
//!    goes to an address that was checked in the same step (a DNS
//!    rebinding answer cannot slip in between check and connect).
//!
//! Everything is bypassed when `allow_private` is set
//! (`CALLCENTER_RTB_ALLOW_PRIVATE_ENDPOINTS`, for demos and tests).
//! Proxies are disabled on the client, so the checked address is the one
//! connected to.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use url::{Host, Url};

/// Whether connecting to `ip` could reach something internal: loopback,
/// private, link-local, unspecified, shared (CGNAT), multicast, reserved,
/// and IPv6 forms that embed such an IPv4 address.
pub fn is_forbidden_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => forbidden_v4(v4),
        IpAddr::V6(v6) => forbidden_v6(v6),
    }
}

fn forbidden_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    a == 0 // "this network", 0.0.0.0
        || a == 10
        || a == 127
        || (a == 100 && (64..128).contains(&b)) // shared address space (CGNAT)
        || (a == 169 && b == 254) // link-local, cloud metadata
        || (a == 172 && (16..32).contains(&b))
        || (a == 192 && b == 168)
        || (a == 192 && b == 0 && c == 0) // IETF protocol assignments
        || (a == 198 && (18..20).contains(&b)) // benchmarking
        || a >= 224 // multicast, reserved, broadcast
}

fn forbidden_v6(ip: Ipv6Addr) -> bool {
    let s = ip.segments();
    let embedded_v4 =
        |hi: u16, lo: u16| Ipv4Addr::new((hi >> 8) as u8, hi as u8, (lo >> 8) as u8, lo as u8);
    if let Some(v4) = ip.to_ipv4_mapped() {
        return forbidden_v4(v4); // ::ffff:a.b.c.d
    }
    if s[..6] == [0; 6] {
        // ::, ::1 and the deprecated IPv4-compatible ::a.b.c.d
        return ip.is_unspecified() || ip.is_loopback() || forbidden_v4(embedded_v4(s[6], s[7]));
    }
    if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0; 4] {
        return forbidden_v4(embedded_v4(s[6], s[7])); // NAT64
    }
    if s[0] == 0x2002 {
        return forbidden_v4(embedded_v4(s[1], s[2])); // 6to4
    }
    (s[0] & 0xfe00) == 0xfc00 // unique local fc00::/7
        || (s[0] & 0xffc0) == 0xfe80 // link-local fe80::/10
        || (s[0] & 0xffc0) == 0xfec0 // site-local fec0::/10 (deprecated)
        || (s[0] & 0xff00) == 0xff00 // multicast
        || (s[0] == 0x2001 && s[1] == 0) // Teredo
        || (s[0] == 0x2001 && s[1] == 0x0db8) // documentation
}

fn is_local_name(host: &str) -> bool {
    let h = host.trim_end_matches('.').to_ascii_lowercase();
    h == "localhost"
        || h.ends_with(".localhost")
        || h.ends_with(".local")
        || h.ends_with(".internal")
}

/// The checks that need no DNS: scheme, user info, IP-literal hosts and
/// local names. Cheap enough for every ping.
pub fn check_literal(url: &str, allow_private: bool) -> Result<Url, String> {
    let u = Url::parse(url.trim()).map_err(|e| format!("endpoint URL is invalid: {e}"))?;
    if !matches!(u.scheme(), "http" | "https") {
        return Err("endpoint URL must be http or https".into());
    }
    if !u.username().is_empty() || u.password().is_some() {
        return Err("endpoint URL must not contain a user name or password".into());
    }
    let forbidden = match u.host() {
        None => return Err("endpoint URL has no host".into()),
        Some(Host::Ipv4(ip)) => forbidden_v4(ip),
        Some(Host::Ipv6(ip)) => forbidden_v6(ip),
        Some(Host::Domain(d)) => is_local_name(d),
    };
    if forbidden && !allow_private {
        return Err(
            "endpoint points to a private, loopback or link-local address (not allowed)".into(),
        );
    }
    Ok(u)
}

/// The full check for saving a target: [`check_literal`], then (unless
/// `allow_private`) every address the host name resolves to must be
/// public. DNS gets 3 seconds.
pub async fn check_endpoint(url: &str, allow_private: bool) -> Result<Url, String> {
    let u = check_literal(url, allow_private)?;
    let Some(Host::Domain(host)) = u.host() else {
        return Ok(u);
    };
    if allow_private {
        return Ok(u);
    }
    let port = u.port_or_known_default().unwrap_or(443);
    let lookup = tokio::net::lookup_host((host, port));
    let addrs: Vec<SocketAddr> = tokio::time::timeout(Duration::from_secs(3), lookup)
        .await
        .map_err(|_| format!("{host} did not resolve in time"))?
        .map_err(|e| format!("{host} does not resolve: {e}"))?
        .collect();
    if addrs.is_empty() {
        return Err(format!("{host} does not resolve"));
    }
    if addrs.iter().any(|a| is_forbidden_ip(a.ip())) {
        return Err(format!(
            "{host} resolves to a private, loopback or link-local address (not allowed)"
        ));
    }
    Ok(u)
}

/// The auction client's DNS resolver: system lookup, forbidden addresses
/// removed (nothing removed with `allow_private`). A name with only
/// forbidden addresses fails to resolve, which the auction reports as a
/// connection error.
#[derive(Clone, Copy, Debug, Default)]
pub struct GuardedResolver {
    pub allow_private: bool,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow_private = self.allow_private;
        let host = name.as_str().to_string();
        Box::pin(async move {
            if !allow_private && is_local_name(&host) {
                return Err(format!("{host} is a local name (not allowed)").into());
            }
            let addrs: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| allow_private || !is_forbidden_ip(a.ip()))
                .collect();
            if addrs.is_empty() {
                return Err(format!("{host} has no public address (not allowed)").into());
            }
            let addrs: reqwest::dns::Addrs = Box::new(addrs.into_iter());
            Ok(addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn internal_addresses_are_forbidden() {
        for s in [
            "127.0.0.1",
            "127.255.0.9",
            "0.0.0.0",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "::",
            "::1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "febf::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::127.0.0.1",
            "64:ff9b::a9fe:a9fe",
            "2002:7f00:1::",
            "2001::1",
            "2001:db8::1",
        ] {
            assert!(is_forbidden_ip(ip(s)), "{s}");
        }
    }

    #[test]
    fn public_addresses_are_allowed() {
        for s in [
            "8.8.8.8",
            "1.1.1.1",
            "172.15.0.1",
            "172.32.0.1",
            "192.169.0.1",
            "100.63.0.1",
            "100.128.0.1",
            "2606:4700::1111",
            "2a00:1450::1",
            "::ffff:8.8.8.8",
            "2002:808:808::",
        ] {
            assert!(!is_forbidden_ip(ip(s)), "{s}");
        }
    }

    #[test]
    fn literal_hosts_in_urls_are_checked_without_dns() {
        for url in [
            "http://127.1/bid",
            "http://127.0.0.1:8080/",
            "http://[::1]/",
            "http://0.0.0.0/",
            "http://169.254.169.254/latest/meta-data",
            "http://10.0.0.5/",
            "http://172.16.3.4/",
            "http://192.168.0.10/",
            "http://[fc00::1]/",
            "http://[fe80::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://0x7f.1/",
            "http://2130706433/",
            "http://localhost:3000/",
            "http://api.localhost/",
            "http://LOCALHOST./",
        ] {
            assert!(check_literal(url, false).is_err(), "{url}");
            assert!(
                check_literal(url, true).is_ok(),
                "{url} allowed with allow_private"
            );
        }
        for url in [
            "ftp://bidder.example/",
            "file:///etc/passwd",
            "https://u:p@bidder.example/",
            "not a url",
        ] {
            assert!(check_literal(url, true).is_err(), "{url}");
        }
        assert!(check_literal("https://bidder.example/ping?x=1", false).is_ok());
        assert!(check_literal("http://8.8.8.8/", false).is_ok());
    }

    #[tokio::test]
    async fn names_resolving_to_loopback_are_refused() {
        // `localhost` is refused by name; resolve-time refusal is exercised
        // by the resolver below, which needs no network for loopback names.
        assert!(check_endpoint("http://localhost/", false).await.is_err());
        assert!(check_endpoint("http://localhost/", true).await.is_ok());
        assert!(check_endpoint("http://[::1]:9/", false).await.is_err());
        let r = GuardedResolver {
            allow_private: false,
        };
        let name: reqwest::dns::Name = "localhost".parse().unwrap();
        assert!(reqwest::dns::Resolve::resolve(&r, name).await.is_err());
        let r = GuardedResolver {
            allow_private: true,
        };
        let name: reqwest::dns::Name = "localhost".parse().unwrap();
        let addrs: Vec<_> = reqwest::dns::Resolve::resolve(&r, name)
            .await
            .unwrap()
            .collect();
        assert!(addrs.iter().all(|a| a.ip().is_loopback()));
    }
}
