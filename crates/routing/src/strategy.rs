//! Ordering eligible buyers by the campaign's strategy. Randomness comes
//! from the caller's seed (SplitMix64), so the same seed and inputs always
//! give the same order, and tests can replay any decision.

use crate::snapshot::{CampaignBuyerConfig, Strategy};

/// SplitMix64: tiny, fast and well distributed; plenty for fair
/// shuffling (nothing here is secret).
#[derive(Clone, Debug)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`), without modulo bias.
    pub fn below(&mut self, n: u64) -> u64 {
        let zone = u64::MAX - u64::MAX % n;
        loop {
            let x = self.next_u64();
            if x < zone {
                return x % n;
            }
        }
    }
}

/// Order `eligible` (given in the campaign's base order: priority 10
/// first, then buyer id) by `strategy`. `turn` is read only by round robin.
pub fn order(
    strategy: Strategy,
    eligible: Vec<&CampaignBuyerConfig>,
    seed: u64,
    turn: impl FnOnce() -> u64,
) -> Vec<&CampaignBuyerConfig> {
    let mut rng = SplitMix64::new(seed);
    match strategy {
        Strategy::Priority => by_priority(eligible, &mut rng),
        Strategy::RoundRobin => {
            let mut list = eligible;
            if !list.is_empty() {
                let start = (turn() % list.len() as u64) as usize;
                list.rotate_left(start);
            }
            list
        }
        Strategy::Weighted => weighted(eligible, &mut rng),
    }
}

/// Highest priority first; each group of equal priority shuffled, so ties
/// share the first place evenly across calls.
fn by_priority<'a>(
    mut list: Vec<&'a CampaignBuyerConfig>,
    rng: &mut SplitMix64,
) -> Vec<&'a CampaignBuyerConfig> {
    list.sort_by_key(|b| std::cmp::Reverse(b.priority));
    let mut start = 0;
    while start < list.len() {
        let priority = list[start].priority;
        let end = list[start..]
            .iter()
            .position(|b| b.priority != priority)
            .map_or(list.len(), |n| start + n);
        shuffle(&mut list[start..end], rng);
        start = end;
    }
    list
}

fn shuffle<T>(items: &mut [T], rng: &mut SplitMix64) {
    for i in (1..items.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        items.swap(i, j);
    }
}

/// Weighted random order without replacement: each place is drawn with
/// probability proportional to weight among the buyers left, so the first
/// place goes to a buyer with probability weight / total weights.
fn weighted<'a>(
    mut left: Vec<&'a CampaignBuyerConfig>,
    rng: &mut SplitMix64,
) -> Vec<&'a CampaignBuyerConfig> {
    let mut out = Vec::with_capacity(left.len());
    while !left.is_empty() {
        let total: u64 = left.iter().map(|b| b.weight.max(1)).sum();
        let mut r = rng.below(total);
        let mut pick = left.len() - 1;
        for (i, b) in left.iter().enumerate() {
            let w = b.weight.max(1);
            if r < w {
                pick = i;
                break;
            }
            r -= w;
        }
        out.push(left.remove(pick));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn below_stays_in_range_and_is_deterministic() {
        let mut a = SplitMix64::new(7);
        let mut b = SplitMix64::new(7);
        for n in 1..200 {
            let x = a.below(n);
            assert!(x < n);
            assert_eq!(x, b.below(n));
        }
    }
}
