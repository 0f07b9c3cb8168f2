//! SQLite's WAL under the call writer (`store::wal`): checkpoints on the
//! pool beside the writer, the files written to disk away from it, and the
//! WAL starting over once the writer's own checkpoint has copied the rest.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Backend, TestApp};
use domain::now_ms;
use sqlx::Connection;
use store::calls::RoutedCall;
use store::wal::DiskFiles;
use store::writer::WriterConnection;

fn calls(account: i64, batch: usize) -> Vec<RoutedCall> {
    (0..10)
        .map(|i| RoutedCall {
            account: domain::AccountId(account),
            call_sid: format!("CAwal{batch:04}x{i:02}").into(),
            from_number: format!("+1212555{:04}", batch * 10 + i),
            to_number: "+18005550100".into(),
            disposition: "routed".into(),
            status: "ringing".into(),
            created_at: now_ms(),
            decision: format!(r#"{{"trace":[],"pad":"{}"}}"#, "x".repeat(2000)),
            ..Default::default()
        })
        .collect()
}

async fn write(writer: &mut WriterConnection, account: i64, batch: usize) {
    let calls = calls(account, batch);
    let refs: Vec<&RoutedCall> = calls.iter().collect();
    writer.insert_routed_calls(&refs).await.unwrap();
}

#[tokio::test]
async fn the_writers_checkpoint_lets_its_next_commit_start_the_wal_over() {
    let t = TestApp::start(Backend::Sqlite, common::settings())
        .await
        .unwrap();
    let (_, alice) = t.signed_in("alice").await;
    let mut writer = t.store.writer_connection();
    let files = DiskFiles::open(&t.store).expect("a SQLite database file");
    for batch in 0..30 {
        write(&mut writer, alice.0, batch).await;
    }
    // A reader's snapshot keeps the pool's checkpoint from copying what the
    // writer appends meanwhile, as the writer's appends do under load.
    let common::DbLocation::Sqlite(url) = &t.db else {
        unreachable!("a SQLite test")
    };
    let mut reader = sqlx::SqliteConnection::connect(url).await.unwrap();
    sqlx::query("BEGIN").execute(&mut reader).await.unwrap();
    sqlx::query("SELECT count(*) FROM calls")
        .execute(&mut reader)
        .await
        .unwrap();
    for batch in 30..60 {
        write(&mut writer, alice.0, batch).await;
    }
    let grown = t.store.checkpoint().await.unwrap().unwrap();
    files.sync().await.unwrap();
    write(&mut writer, alice.0, 60).await;
    let still = t.store.checkpoint().await.unwrap().unwrap();
    assert!(
        still > grown,
        "while a checkpoint cannot copy everything the WAL only grows ({grown} -> {still} pages)"
    );
    sqlx::query("COMMIT").execute(&mut reader).await.unwrap();
    reader.close().await.unwrap();
    // The writer finishes the checkpoint between batches; its next commit
    // writes at the WAL's start.
    writer.checkpoint().await.unwrap();
    write(&mut writer, alice.0, 61).await;
    let restarted = t.store.checkpoint().await.unwrap().unwrap();
    assert!(
        restarted < still / 4,
        "the WAL started over: {restarted} pages after {still}"
    );
    files.sync().await.unwrap();
    assert_eq!(t.store.count_calls(alice).await.unwrap(), 620);
    // Nothing to do on SQLite, and nothing goes wrong.
    t.store.checkpoint_cluster().await.unwrap();
    t.cleanup().await;
}

#[tokio::test]
async fn postgres_has_no_wal_to_checkpoint() {
    let Some(t) = TestApp::start(Backend::Postgres, common::settings()).await else {
        return;
    };
    assert!(DiskFiles::open(&t.store).is_none());
    assert_eq!(t.store.checkpoint().await.unwrap(), None);
    // The cluster's own checkpoint, which the benchmark asks for first.
    t.store.checkpoint_cluster().await.unwrap();
    t.cleanup().await;
}

#[tokio::test]
async fn each_commit_of_the_writer_is_seen_at_once_and_whole_on_disk() {
    let t = TestApp::start(Backend::Sqlite, common::settings())
        .await
        .unwrap();
    let (_, alice) = t.signed_in("alice").await;
    let mut writer = t.store.writer_connection();
    write(&mut writer, alice.0, 0).await;
    for batch in 1..=40 {
        write(&mut writer, alice.0, batch).await;
        // On the pool's own connections, right away.
        let seen = t.store.count_calls(alice).await.unwrap();
        assert_eq!(seen, 10 * (batch as i64 + 1), "batch {batch} seen");
    }
    // The WAL on disk is whole: a copy of the files, opened elsewhere,
    // recovers every commit from the WAL's own checksums.
    let common::DbLocation::Sqlite(url) = &t.db else {
        unreachable!("a SQLite test")
    };
    let path = url
        .trim_start_matches("sqlite://")
        .split('?')
        .next()
        .unwrap();
    let copy = std::env::temp_dir().join(format!("wal-copy-{}", std::process::id()));
    std::fs::create_dir_all(&copy).unwrap();
    std::fs::copy(path, copy.join("c.db")).unwrap();
    std::fs::copy(format!("{path}-wal"), copy.join("c.db-wal")).unwrap();
    let mut opened =
        sqlx::SqliteConnection::connect(&format!("sqlite://{}", copy.join("c.db").display()))
            .await
            .unwrap();
    let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM calls WHERE user_id = ?")
        .bind(alice.0)
        .fetch_one(&mut opened)
        .await
        .unwrap();
    assert_eq!(n, 410);
    let (ok,): (String,) = sqlx::query_as("PRAGMA integrity_check")
        .fetch_one(&mut opened)
        .await
        .unwrap();
    assert_eq!(ok, "ok");
    opened.close().await.unwrap();
    std::fs::remove_dir_all(&copy).unwrap();
    t.cleanup().await;
}

#[tokio::test]
async fn a_commit_of_many_megabytes_is_written_whole() {
    let t = TestApp::start(Backend::Sqlite, common::settings())
        .await
        .unwrap();
    let (_, alice) = t.signed_in("alice").await;
    let mut writer = t.store.writer_connection();
    // Ten calls of 2 MB each: one commit of ~20 MB.
    let calls: Vec<RoutedCall> = calls(alice.0, 0)
        .into_iter()
        .map(|mut c| {
            c.decision = format!(r#"{{"trace":[],"pad":"{}"}}"#, "y".repeat(2 << 20));
            c
        })
        .collect();
    let refs: Vec<&RoutedCall> = calls.iter().collect();
    writer.insert_routed_calls(&refs).await.unwrap();
    assert_eq!(t.store.count_calls(alice).await.unwrap(), 10);
    write(&mut writer, alice.0, 1).await;
    assert_eq!(t.store.count_calls(alice).await.unwrap(), 20);
    t.cleanup().await;
}
