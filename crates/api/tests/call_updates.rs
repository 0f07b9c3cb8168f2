//! The call writer's batches of carrier-reported changes
//! (`Store::apply_call_updates`): a batch gives each change the same
//! result, and leaves the calls as, applying the changes one at a time in
//! order, on SQLite (one multi-statement query) and PostgreSQL; calls and
//! changes written together commit together or not at all; the writer's
//! own connection (`store::writer`) opens again when it was cut.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use domain::{Money, now_ms};
use store::call_updates::{CallUpdate, Updated};
use store::calls::{RoutedCall, StatusUpdate};

fn routed(account: i64, sid: &str, payout_e4: i64) -> RoutedCall {
    RoutedCall {
        account: domain::AccountId(account),
        call_sid: sid.into(),
        from_number: "+12125550100".into(),
        to_number: "+18005550100".into(),
        disposition: "routed".into(),
        status: "ringing".into(),
        payable: true,
        min_duration_secs: 60,
        buyer_payout_e4: payout_e4,
        created_at: now_ms(),
        decision: r#"{"trace":[]}"#.into(),
        ..Default::default()
    }
}

fn status(sid: &str, status: &str, ended: bool, duration: Option<i64>) -> CallUpdate {
    CallUpdate::Status {
        sid: sid.into(),
        update: StatusUpdate {
            status: status.into(),
            ended,
            duration_secs: duration,
            cost: ended.then_some(Money(1_2500)),
            ..Default::default()
        },
    }
}

/// What a result says, comparable across engines and paths.
fn summary(u: &Updated) -> String {
    match u {
        Updated::Status(Some(s)) => format!(
            "status {} {} ended={}",
            s.call_sid,
            s.status,
            s.ended_at.is_some()
        ),
        Updated::Status(None) => "status: no call".into(),
        Updated::Connected(found) => format!("connected {found}"),
        Updated::TalkTime(converted) => format!("talk {converted:?}"),
        Updated::Changed(found) => format!("changed {found}"),
    }
}

conformance!(a_batch_of_changes_acts_as_each_change_in_turn, |t| {
    let (_, alice) = t.signed_in("alice").await;
    let sids = ["CAbatch_a", "CAbatch_b", "CAone_a", "CAone_b"];
    for sid in sids {
        t.store
            .insert_routed_call(&routed(alice.0, sid, 30_0000))
            .await
            .unwrap();
    }
    // The same changes for two pairs of calls: in one batch, and one by one.
    let changes = |a: &str, b: &str| {
        vec![
            status(a, "in-progress", false, None),
            CallUpdate::Connected {
                sid: a.into(),
                at: now_ms(),
            },
            CallUpdate::TalkTime {
                sid: a.into(),
                secs: 95,
            },
            status(a, "completed", true, Some(120)),
            // Late and out of order: a final status stays final.
            status(a, "ringing", false, None),
            CallUpdate::TalkTime {
                sid: b.into(),
                secs: 20,
            },
            status(b, "no-answer", true, Some(25)),
            CallUpdate::Connected {
                sid: "CAnobody".into(),
                at: now_ms(),
            },
            CallUpdate::TalkTime {
                sid: "CAnobody".into(),
                secs: 10,
            },
            status("CAnobody", "completed", true, Some(1)),
        ]
    };
    let batch = changes("CAbatch_a", "CAbatch_b");
    let refs: Vec<&CallUpdate> = batch.iter().collect();
    let together: Vec<String> = t
        .store
        .apply_call_updates(&refs)
        .await
        .unwrap()
        .iter()
        .map(summary)
        .collect();
    let mut alone = Vec::new();
    for u in changes("CAone_a", "CAone_b") {
        let done = t.store.apply_call_updates(&[&u]).await.unwrap();
        alone.push(summary(&done[0]).replace("CAone_", "CAbatch_"));
    }
    assert_eq!(together, alone);
    assert_eq!(
        together,
        [
            "status CAbatch_a in-progress ended=false",
            "connected true",
            "talk Some(true)",
            "status CAbatch_a completed ended=true",
            "status CAbatch_a completed ended=true",
            "talk Some(false)",
            "status CAbatch_b no-answer ended=true",
            "connected false",
            "talk None",
            "status: no call",
        ]
    );
    for (batched, single) in [("CAbatch_a", "CAone_a"), ("CAbatch_b", "CAone_b")] {
        let b = t.store.call_state(batched).await.unwrap().unwrap();
        let s = t.store.call_state(single).await.unwrap().unwrap();
        assert_eq!(
            (
                b.status,
                b.converted,
                b.connected_at.is_some(),
                b.ended_at.is_some()
            ),
            (
                s.status,
                s.converted,
                s.connected_at.is_some(),
                s.ended_at.is_some()
            )
        );
    }
    t.cleanup().await;
});

conformance!(calls_and_changes_commit_together_or_not_at_all, |t| {
    let (_, alice) = t.signed_in("alice").await;
    t.store
        .insert_routed_call(&routed(alice.0, "CAearlier", 30_0000))
        .await
        .unwrap();
    let fresh = [
        routed(alice.0, "CAfresh_a", 30_0000),
        routed(alice.0, "CAearlier", 30_0000),
    ];
    let calls: Vec<&RoutedCall> = fresh.iter().collect();
    let changes = [
        CallUpdate::TalkTime {
            sid: "CAearlier".into(),
            secs: 95,
        },
        status("CAearlier", "completed", true, Some(120)),
        status("CAfresh_a", "in-progress", false, None),
    ];
    let refs: Vec<&CallUpdate> = changes.iter().collect();
    let (new, done) = t
        .store
        .write_calls_and_changes(&calls, &refs)
        .await
        .unwrap();
    // The new call is written, the repeated CallSid skipped; the changes
    // see the calls written before them in the same batch.
    assert_eq!(new, [true, false]);
    assert_eq!(
        done.iter().map(summary).collect::<Vec<_>>(),
        [
            "talk Some(true)",
            "status CAearlier completed ended=true",
            "status CAfresh_a in-progress ended=false",
        ]
    );
    // A call that cannot be stored (its campaign does not exist) refuses
    // the whole batch: neither the other call nor the change is kept.
    let mut orphan = routed(alice.0, "CAorphan", 30_0000);
    orphan.campaign_id = Some("no-such-campaign".into());
    let good = routed(alice.0, "CAgood", 30_0000);
    let change = status("CAfresh_a", "completed", true, Some(61));
    assert!(
        t.store
            .write_calls_and_changes(&[&good, &orphan], &[&change])
            .await
            .is_err()
    );
    assert!(t.store.call_state("CAgood").await.unwrap().is_none());
    let kept = t.store.call_state("CAfresh_a").await.unwrap().unwrap();
    assert_eq!(kept.status, "in-progress");
    t.cleanup().await;
});

conformance!(a_batch_gives_each_written_call_its_own_id, |t| {
    let (_, alice) = t.signed_in("alice").await;
    let stored = t
        .store
        .insert_routed_call(&routed(alice.0, "CAids_stored", 30_0000))
        .await
        .unwrap();
    // All new: the ids of the rows, in order.
    let all_new = [
        routed(alice.0, "CAids_1", 30_0000),
        routed(alice.0, "CAids_2", 30_0000),
    ];
    let ids = t
        .store
        .insert_routed_calls(&all_new.iter().collect::<Vec<_>>())
        .await
        .unwrap();
    for (call, id) in all_new.iter().zip(&ids) {
        let row = t.store.call_state(&call.call_sid).await.unwrap().unwrap();
        assert_eq!(Some(row.id), *id, "{}", call.call_sid);
    }
    // Mixed: one stored before, one repeated within the batch.
    let mixed = [
        routed(alice.0, "CAids_3", 30_0000),
        routed(alice.0, "CAids_stored", 30_0000),
        routed(alice.0, "CAids_3", 30_0000),
        routed(alice.0, "CAids_4", 30_0000),
    ];
    let ids = t
        .store
        .insert_routed_calls(&mixed.iter().collect::<Vec<_>>())
        .await
        .unwrap();
    let id_of = |sid: &'static str| {
        let store = t.store.clone();
        async move { store.call_state(sid).await.unwrap().unwrap().id }
    };
    assert_eq!(
        ids,
        [
            Some(id_of("CAids_3").await),
            None,
            None,
            Some(id_of("CAids_4").await)
        ]
    );
    assert_eq!(id_of("CAids_stored").await, stored);
    // Nothing new at all.
    let again = t
        .store
        .insert_routed_calls(&mixed.iter().collect::<Vec<_>>())
        .await
        .unwrap();
    assert_eq!(again, [None, None, None, None]);
    t.cleanup().await;
});

// The writer's own connection: ids, repeated CallSids, a refused batch kept
// out whole, a batch larger than one statement, and changes and
// checkpoints on the same connection between batches of calls.
conformance!(the_writers_connection_writes_calls_as_the_store_does, |t| {
    let (_, alice) = t.signed_in("alice").await;
    let mut writer = t.store.writer_connection();
    let first = [
        routed(alice.0, "CAw_1", 30_0000),
        routed(alice.0, "CAw_2", 30_0000),
        routed(alice.0, "CAw_1", 30_0000),
    ];
    let ids = writer
        .insert_routed_calls(&first.iter().collect::<Vec<_>>())
        .await
        .unwrap();
    let id_of = |sid: &'static str| {
        let store = t.store.clone();
        async move { store.call_state(sid).await.unwrap().map(|c| c.id) }
    };
    assert_eq!(ids, [id_of("CAw_1").await, id_of("CAw_2").await, None]);
    // A change between two batches of calls, on the same connection.
    let done = writer
        .apply_call_updates(&[&status("CAw_1", "in-progress", false, None)])
        .await
        .unwrap();
    assert_eq!(summary(&done[0]), "status CAw_1 in-progress ended=false");
    let again = [
        routed(alice.0, "CAw_2", 30_0000),
        routed(alice.0, "CAw_3", 30_0000),
    ];
    let ids = writer
        .insert_routed_calls(&again.iter().collect::<Vec<_>>())
        .await
        .unwrap();
    assert_eq!(ids, [None, id_of("CAw_3").await]);
    assert!(ids[1].unwrap() > id_of("CAw_2").await.unwrap());
    // A call that cannot be stored refuses its whole batch, and the next
    // batch is written as usual.
    let mut orphan = routed(alice.0, "CAw_orphan", 30_0000);
    orphan.campaign_id = Some("no-such-campaign".into());
    let good = routed(alice.0, "CAw_good", 30_0000);
    assert!(writer.insert_routed_calls(&[&good, &orphan]).await.is_err());
    assert_eq!(id_of("CAw_good").await, None);
    writer.checkpoint().await.unwrap();
    let later = routed(alice.0, "CAw_later", 30_0000);
    let ids = writer.insert_routed_calls(&[&good, &later]).await.unwrap();
    assert_eq!(ids, [id_of("CAw_good").await, id_of("CAw_later").await]);
    assert!(ids.iter().all(Option::is_some));
    let state = t.store.call_state("CAw_1").await.unwrap().unwrap();
    assert_eq!(state.status, "in-progress");
    // More calls than one statement takes (64), one of them stored already.
    let many: Vec<RoutedCall> = (0..150)
        .map(|i| routed(alice.0, &format!("CAw_many_{i:03}"), 30_0000))
        .chain([routed(alice.0, "CAw_later", 30_0000)])
        .collect();
    let ids = writer
        .insert_routed_calls(&many.iter().collect::<Vec<_>>())
        .await
        .unwrap();
    assert_eq!(ids.len(), 151);
    assert_eq!(ids[150], None, "stored already");
    for (call, id) in many.iter().zip(&ids).take(150) {
        let row = t.store.call_state(&call.call_sid).await.unwrap().unwrap();
        assert_eq!(Some(row.id), *id, "{}", call.call_sid);
    }
    // A large batch refused in its last part keeps none of its parts.
    let mut refused: Vec<RoutedCall> = (0..100)
        .map(|i| routed(alice.0, &format!("CAw_refused_{i:03}"), 30_0000))
        .collect();
    refused[99].campaign_id = Some("no-such-campaign".into());
    assert!(
        writer
            .insert_routed_calls(&refused.iter().collect::<Vec<_>>())
            .await
            .is_err()
    );
    assert!(
        t.store
            .call_state("CAw_refused_000")
            .await
            .unwrap()
            .is_none()
    );
    drop(writer);
    t.cleanup().await;
});

/// PostgreSQL restarted, or the network cut: the writer's held connection
/// breaks while idle, and its next batch is written on a new one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_writer_connects_again_when_its_connection_was_cut() {
    use sqlx::Connection;
    let Some(t) = common::TestApp::start(common::Backend::Postgres, common::settings()).await
    else {
        return;
    };
    let (_, alice) = t.signed_in("alice").await;
    let mut writer = t.store.writer_connection();
    let before = routed(alice.0, "CAbefore_cut", 30_0000);
    assert!(writer.insert_routed_calls(&[&before]).await.unwrap()[0].is_some());
    // End every connection of this test's schema, as a restart would.
    let common::DbLocation::Postgres { url, schema } = &t.db else {
        unreachable!("a PostgreSQL test")
    };
    let mut admin = sqlx::PgConnection::connect(url).await.unwrap();
    let ours = format!("callcenter {schema}");
    let cut: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
    )
    .bind(&ours)
    .fetch_all(&mut admin)
    .await
    .unwrap();
    assert!(!cut.is_empty(), "the writer's connection was among them");
    for _ in 0..100 {
        let left: i64 =
            sqlx::query_scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1")
                .bind(&ours)
                .fetch_one(&mut admin)
                .await
                .unwrap();
        if left == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    admin.close().await.unwrap();
    let after = routed(alice.0, "CAafter_cut", 30_0000);
    assert!(writer.insert_routed_calls(&[&after]).await.unwrap()[0].is_some());
    let done = writer
        .apply_call_updates(&[&status("CAafter_cut", "completed", true, Some(61))])
        .await
        .unwrap();
    assert_eq!(summary(&done[0]), "status CAafter_cut completed ended=true");
    t.cleanup().await;
}

// What the group-commit writer uses: which calls of a batch were written,
// stored CallSids and repeats within the batch included.
conformance!(the_writer_tells_which_calls_of_a_batch_were_written, |t| {
    let (_, alice) = t.signed_in("alice").await;
    let mut writer = t.store.writer_connection();
    let first = [
        routed(alice.0, "CAwc_1", 30_0000),
        routed(alice.0, "CAwc_2", 30_0000),
    ];
    let new = writer
        .write_calls(&first.iter().collect::<Vec<_>>())
        .await
        .unwrap();
    assert_eq!(new, [true, true]);
    let mixed = [
        routed(alice.0, "CAwc_3", 30_0000),
        routed(alice.0, "CAwc_1", 30_0000),
        routed(alice.0, "CAwc_4", 30_0000),
        routed(alice.0, "CAwc_3", 30_0000),
    ];
    let new = writer
        .write_calls(&mixed.iter().collect::<Vec<_>>())
        .await
        .unwrap();
    assert_eq!(new, [true, false, true, false]);
    for sid in ["CAwc_1", "CAwc_2", "CAwc_3", "CAwc_4"] {
        assert!(t.store.call_state(sid).await.unwrap().is_some(), "{sid}");
    }
    t.cleanup().await;
});
