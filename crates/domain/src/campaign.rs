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

/// Whether a campaign of `kind` with `assets` may be active. The error
/// names the field to fix and why ("Campaign Validation Rules" of the spec).
pub fn check_activation(kind: &str, assets: Assets) -> Result<(), (&'static str, String)> {
    match kind {
        "rtb" => {
            if assets.rtb_targets == 0 {
                return Err((
                    "rtbTargets",
                    "assign at least one active RTB target before activating".into(),
                ));
            }
            if assets.numbers == 0 && assets.pool_numbers == 0 {
                return Err((
                    "phoneNumbers",
                    "assign a phone number or a pool with numbers before activating".into(),
                ));
            }
            Ok(())
        }
        "pool" => {
            if !assets.has_pool {
                return Err((
                    "poolId",
                    "a pool campaign needs a number pool to go live".into(),
                ));
            }
            if assets.numbers == 0 && assets.pool_numbers == 0 {
                return Err(("poolId", "the campaign's pool has no active numbers".into()));
            }
            require_buyers(assets)
        }
        _ => {
            if assets.numbers == 0 {
                return Err((
                    "phoneNumbers",
                    "assign at least one phone number before activating".into(),
                ));
            }
            require_buyers(assets)
        }
    }
}

fn require_buyers(assets: Assets) -> Result<(), (&'static str, String)> {
    if assets.active_buyers == 0 {
        return Err((
            "buyers",
            "assign at least one active buyer before activating".into(),
        ));
    }
    Ok(())
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
