//! SQLite's page cache as the store installs it (`store::pcache`): pages
//! that B-tree rebalancing swaps are parked away from the cache's end, and
//! nothing is lost, moved or left behind, through commits and rollbacks.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::str::FromStr;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, Row};
use store::Store;

/// A random-looking key (as CallSids and caller numbers are to an index).
fn key(i: u64) -> String {
    let mut x = i.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03;
    x ^= x >> 29;
    format!("CA{x:016x}{:016x}", x.rotate_left(17))
}

#[tokio::test]
async fn swapped_pages_survive_commits_and_rollbacks() {
    let dir = std::env::temp_dir().join(format!("cc-pcache-{}", uuid::Uuid::new_v4()));
    let url = format!("sqlite://{}/db.sqlite", dir.display());
    let store = Store::connect(&url).await.unwrap();
    assert!(
        store::pcache::installed(),
        "the store installs its page cache before SQLite starts"
    );
    // A connection as the writer's: a cache larger than the pool's.
    let mut conn = SqliteConnectOptions::from_str(&url)
        .unwrap()
        .pragma("cache_size", "-8192")
        .connect()
        .await
        .unwrap();
    sqlx::query("CREATE TABLE t (k TEXT NOT NULL, v TEXT NOT NULL)")
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::query("CREATE UNIQUE INDEX t_k ON t (k)")
        .execute(&mut conn)
        .await
        .unwrap();
    let parked_before = store::pcache::parkings();
    let (mut next, mut kept) = (0u64, Vec::new());
    for batch in 0..400 {
        let mut tx = conn.begin().await.unwrap();
        let mut keys = Vec::new();
        for _ in 0..50 {
            let k = key(next);
            next += 1;
            sqlx::query("INSERT INTO t (k, v) VALUES (?, ?)")
                .bind(&k)
                .bind(format!("{k}-{}", "v".repeat(150)))
                .execute(&mut *tx)
                .await
                .unwrap();
            keys.push(k);
        }
        // Every seventh batch rolls back: the cache drops the pages it
        // had added past the database's end.
        if batch % 7 == 3 {
            tx.rollback().await.unwrap();
        } else {
            tx.commit().await.unwrap();
            kept.extend(keys);
        }
    }
    assert!(
        store::pcache::parkings() > parked_before,
        "random inserts made SQLite swap pages"
    );
    let check: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(check, "ok");
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM t")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(count, i64::try_from(kept.len()).unwrap());
    // Every row kept reads back whole, from this cache and from a fresh
    // connection's.
    let mut fresh = SqliteConnectOptions::from_str(&url)
        .unwrap()
        .connect()
        .await
        .unwrap();
    for c in [&mut conn, &mut fresh] {
        for k in kept.iter().step_by(7) {
            let row = sqlx::query("SELECT v FROM t WHERE k = ?")
                .bind(k)
                .fetch_one(&mut *c)
                .await
                .unwrap();
            let v: String = row.get(0);
            assert!(v.starts_with(k.as_str()), "{k}: {v}");
        }
    }
    drop((conn, fresh));
    store.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}
