//! Campaign rules that do not need a database: the accepted values of each
//! setting and when a campaign may go live.

pub const TYPES: &[&str] = &["direct", "pool", "rtb"];
pub const STATUSES: &[&str] = &["active", "paused", "completed", "draft"];
pub const ROUTING_STRATEGIES: &[&str] = &["priority", "round_robin", "weighted"];
pub const POOL_STRATEGIES: &[&str] = &["round_robin", "priority"];
pub const DUPLICATE_ACTIONS: &[&str] = &["route_unpaid", "reject"];
pub const RTB_FALLBACKS: &[&str] = &["buyers", "number", "message"];

/// What a campaign has, as counted by the store.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Assets {
    pub active_buyers: i64,
    pub numbers: i64,
    pub has_pool: bool,
    pub pool_numbers: i64,
    /// Enabled, active RTB targets assigned.
    pub rtb_targets: i64,
}

/// One item of a campaign's activation checklist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// Stable name of the check (`numbers`, `buyers`, `rtbTargets`, …).
    pub key: &'static str,
    /// The input that fixes it.
    pub field: &'static str,
    pub ok: bool,
    /// Whether the campaign may not go live while it fails (else a warning).
    pub required: bool,
    /// What is checked, as a short title.
    pub label: &'static str,
    /// What is missing (when not ok), or what was found.
    pub message: String,
}

fn check(
    key: &'static str,
    field: &'static str,
    label: &'static str,
    ok: bool,
    missing: &str,
    found: String,
) -> Check {
    Check {
        key,
        field,
        ok,
        required: true,
        label,
        message: if ok { found } else { missing.to_string() },
    }
}

fn plural(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// What a campaign of `kind` needs before it may go live, in the order
/// they are checked ("Campaign Validation Rules" of the spec): every item
/// here is required. Warnings that depend on live state (schedules,
/// fallbacks) are added by the caller.
pub fn checklist(kind: &str, assets: Assets) -> Vec<Check> {
    let numbers_found = || {
        if assets.numbers > 0 {
            plural(assets.numbers, "tracking number", "tracking numbers")
        } else {
            format!(
                "{} in the pool",
                plural(assets.pool_numbers, "active number", "active numbers")
            )
        }
    };
    let buyers = check(
        "buyers",
        "buyers",
        "Active buyers",
        assets.active_buyers > 0,
        "assign at least one active buyer before activating",
        plural(assets.active_buyers, "active buyer", "active buyers"),
    );
    match kind {
        "rtb" => vec![
            check(
                "rtbTargets",
                "rtbTargets",
                "RTB targets",
                assets.rtb_targets > 0,
                "assign at least one active RTB target before activating",
                plural(
                    assets.rtb_targets,
                    "enabled, active target",
                    "enabled, active targets",
                ),
            ),
            check(
                "numbers",
                "phoneNumbers",
                "Tracking numbers",
                assets.numbers > 0 || assets.pool_numbers > 0,
                "assign a phone number or a pool with numbers before activating",
                numbers_found(),
            ),
        ],
        "pool" => vec![
            check(
                "pool",
                "poolId",
                "Number pool",
                assets.has_pool,
                "a pool campaign needs a number pool to go live",
                "a number pool is chosen".into(),
            ),
            check(
                "poolNumbers",
                "poolId",
                "Numbers in the pool",
                assets.numbers > 0 || assets.pool_numbers > 0,
                "the campaign's pool has no active numbers",
                numbers_found(),
            ),
            buyers,
        ],
        _ => vec![
            check(
                "numbers",
                "phoneNumbers",
                "Tracking numbers",
                assets.numbers > 0,
                "assign at least one phone number before activating",
                plural(assets.numbers, "tracking number", "tracking numbers"),
            ),
            buyers,
        ],
    }
}

/// Whether a campaign of `kind` with `assets` may be active: the first
/// required item of its [`checklist`] that fails, as the field to fix and
/// why.
pub fn check_activation(kind: &str, assets: Assets) -> Result<(), (&'static str, String)> {
    match checklist(kind, assets)
        .into_iter()
        .find(|c| c.required && !c.ok)
    {
        Some(c) => Err((c.field, c.message)),
        None => Ok(()),
    }
}

/// `value` if it is one of `allowed`, else the reason.
pub fn one_of(value: &str, allowed: &[&str]) -> Result<String, String> {
    if allowed.contains(&value) {
        Ok(value.to_string())
    } else {
        Err(format!("must be one of {}", allowed.join(", ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direct_needs_a_number_and_a_buyer() {
        let none = Assets::default();
        assert_eq!(
            check_activation("direct", none).unwrap_err().0,
            "phoneNumbers"
        );
        let numbered = Assets { numbers: 1, ..none };
        assert_eq!(
            check_activation("direct", numbered).unwrap_err().0,
            "buyers"
        );
        assert!(
            check_activation(
                "direct",
                Assets {
                    active_buyers: 1,
                    ..numbered
                }
            )
            .is_ok()
        );
    }

    #[test]
    fn pool_needs_a_pool_with_numbers_and_a_buyer() {
        let a = Assets {
            active_buyers: 1,
            ..Assets::default()
        };
        assert_eq!(check_activation("pool", a).unwrap_err().0, "poolId");
        let pooled = Assets {
            has_pool: true,
            ..a
        };
        assert_eq!(check_activation("pool", pooled).unwrap_err().0, "poolId");
        assert!(
            check_activation(
                "pool",
                Assets {
                    pool_numbers: 3,
                    ..pooled
                }
            )
            .is_ok()
        );
        assert_eq!(
            check_activation(
                "pool",
                Assets {
                    pool_numbers: 3,
                    active_buyers: 0,
                    ..pooled
                }
            )
            .unwrap_err()
            .0,
            "buyers"
        );
    }

    #[test]
    fn rtb_cannot_go_live_without_targets() {
        assert_eq!(
            check_activation(
                "rtb",
                Assets {
                    active_buyers: 5,
                    numbers: 5,
                    ..Assets::default()
                }
            )
            .unwrap_err()
            .0,
            "rtbTargets"
        );
    }

    #[test]
    fn one_of_lists_the_choices() {
        assert_eq!(one_of("pool", TYPES).unwrap(), "pool");
        assert!(
            one_of("POOL", TYPES)
                .unwrap_err()
                .contains("direct, pool, rtb")
        );
    }
}
