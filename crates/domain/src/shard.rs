//! Which of `n` parts a key belongs to, for tables split to keep their
//! locks short (answers by CallSid, recent callers by campaign and caller)
//! and for work split by call.

/// The part (of `n`) of the key made of `parts`: always the same for the
/// same key, spread evenly. FNV-1a, independent of the tables' own
/// hashers, so that one part's keys still spread over its table.
pub fn shard(parts: &[&str], n: usize) -> usize {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            // A separator, so that ("ab", "c") and ("a", "bc") differ.
            hash = (hash ^ 0xff).wrapping_mul(0x0100_0000_01b3);
        }
        for b in part.bytes() {
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
    (hash % n.max(1) as u64) as usize
}

#[cfg(test)]
mod tests {
    use super::shard;

    #[test]
    fn the_same_key_lands_in_the_same_part_and_keys_spread() {
        assert_eq!(shard(&["CA1"], 16), shard(&["CA1"], 16));
        assert_ne!(shard(&["ab", "c"], 1 << 20), shard(&["a", "bc"], 1 << 20));
        let mut seen = [0usize; 16];
        for i in 0..1600 {
            seen[shard(&[&format!("CA{i:032x}")], 16)] += 1;
        }
        assert!(seen.iter().all(|&n| (50..150).contains(&n)), "{seen:?}");
        assert_eq!(shard(&["x"], 0), 0);
    }
}
