//! The local spool of the call log: while the database cannot be reached,
//! the calls answered and the changes reported go to an append-only file
//! under the data directory, synced to disk before they are acknowledged
//! (so `kill -9` loses nothing answered), and are written to the database
//! in their order, idempotently, as soon as it answers again.
//!
//! One JSON line per entry. While the spool holds anything, every new
//! write goes to its end too (a change never overtakes its call); each
//! batch of the writer first tries to empty it. Entries are replayed with
//! the same statements as live writes, all of which are idempotent
//! (`ON CONFLICT (call_sid) DO NOTHING`, a status never moves back, talk
//! time and routes are set, not added), so replaying an entry twice after
//! a crash mid-replay changes nothing. What was replayed is cut from the
//! file (rewritten beside it and renamed over it).
//!
//! While a call is only in the spool, its state is kept in memory, so
//! that the dial webhook can still fail it over.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use callpath::record::{CallState, CallUpdate, RoutedCall, Updated};
use serde::{Deserialize, Serialize};

use crate::writer::{WriterConnection, unreachable};

/// The spool's file name under the data directory.
pub const FILE: &str = "call-spool.jsonl";

/// Entries replayed per database round.
const REPLAY_BATCH: usize = 128;

/// One spooled write.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Entry {
    Call(Box<RoutedCall>),
    Change(CallUpdate),
}

/// The spool of one store (shared by the writer's tasks).
pub struct Spool {
    path: PathBuf,
    /// Held while appending or replaying: one at a time, in order.
    file: tokio::sync::Mutex<()>,
    depth: AtomicUsize,
    /// The state of calls that are only in the spool.
    states: Mutex<HashMap<domain::CallSid, CallState>>,
}

impl Spool {
    /// The spool in `dir` (created if missing), with whatever an earlier
    /// process left in it.
    pub fn open(dir: &Path) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let path = dir.join(FILE);
        let entries = read(&path)?;
        let spool = Self {
            path,
            file: tokio::sync::Mutex::new(()),
            depth: AtomicUsize::new(0),
            states: Mutex::new(HashMap::new()),
        };
        for e in &entries {
            spool.remember(e);
        }
        spool.set_depth(entries.len());
        Ok(spool)
    }

    /// Entries waiting for the database.
    pub fn depth(&self) -> usize {
        self.depth.load(Ordering::SeqCst)
    }

    fn set_depth(&self, n: usize) {
        self.depth.store(n, Ordering::SeqCst);
        metrics::gauge!("call_spool_depth").set(n as f64);
    }

    /// Append `entries`, synced to disk before returning.
    pub async fn append(&self, entries: &[Entry]) -> std::io::Result<()> {
        let _one = self.file.lock().await;
        let mut text = String::new();
        for e in entries {
            text.push_str(&serde_json::to_string(e).map_err(std::io::Error::other)?);
            text.push('\n');
        }
        let mut f = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)?;
        f.write_all(text.as_bytes())?;
        f.sync_data()?;
        for e in entries {
            self.remember(e);
        }
        self.set_depth(self.depth() + entries.len());
        if self.depth() == entries.len() {
            tracing::warn!(path = %self.path.display(), "the database is unreachable: calls go to the spool");
        }
        Ok(())
    }

    /// Write what the spool holds to the database through `conn`, in
    /// order. Returns whether the spool is empty afterwards.
    pub async fn replay(&self, conn: &mut WriterConnection) -> bool {
        let _one = self.file.lock().await;
        if self.depth() == 0 {
            return true;
        }
        let entries = match read(&self.path) {
            Ok(e) => e,
            Err(e) => {
                tracing::error!(error = %e, path = %self.path.display(), "could not read the call spool");
                return false;
            }
        };
        let mut done = 0;
        while done < entries.len() {
            let calls = entries[done..]
                .iter()
                .take(REPLAY_BATCH)
                .take_while(|e| matches!(e, Entry::Call(_)))
                .count();
            let outcome = if calls > 0 {
                let batch: Vec<&RoutedCall> = entries[done..done + calls]
                    .iter()
                    .filter_map(|e| match e {
                        Entry::Call(c) => Some(&**c),
                        Entry::Change(_) => None,
                    })
                    .collect();
                conn.insert_routed_calls(&batch).await.map(|_| calls)
            } else {
                let changes: Vec<&CallUpdate> = entries[done..]
                    .iter()
                    .take(REPLAY_BATCH)
                    .map_while(|e| match e {
                        Entry::Change(c) => Some(c),
                        Entry::Call(_) => None,
                    })
                    .collect();
                let n = changes.len();
                conn.apply_call_updates(&changes).await.map(|_| n)
            };
            match outcome {
                Ok(n) => done += n,
                Err(e) if unreachable(&e) => break,
                Err(e) => {
                    // One entry the database refuses for itself (not for
                    // being away) must not hold the others back: try the
                    // batch's entries one at a time, and report the ones
                    // refused.
                    tracing::warn!(error = %e, "a spooled batch was refused; replaying it entry by entry");
                    let n = if calls > 0 { calls } else { 1 };
                    let mut stop = false;
                    for entry in &entries[done..done + n] {
                        let one = match entry {
                            Entry::Call(c) => conn.insert_routed_calls(&[&**c]).await.map(|_| ()),
                            Entry::Change(c) => conn.apply_call_updates(&[c]).await.map(|_| ()),
                        };
                        match one {
                            Ok(()) => {}
                            Err(e) if unreachable(&e) => {
                                stop = true;
                                break;
                            }
                            Err(e) => tracing::error!(error = %e, entry = ?entry,
                                "the database refused a spooled entry; it is dropped"),
                        }
                        done += 1;
                    }
                    if stop {
                        break;
                    }
                }
            }
        }
        if done == 0 {
            return false;
        }
        let rest = &entries[done..];
        if let Err(e) = rewrite(&self.path, rest) {
            tracing::error!(error = %e, path = %self.path.display(), "could not cut the replayed entries from the spool");
            return false;
        }
        self.set_depth(rest.len());
        if rest.is_empty() {
            self.states
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .clear();
            tracing::info!(written = done, "the call spool is written to the database");
        }
        rest.is_empty()
    }

    /// The state of a call that is only in the spool.
    pub fn state(&self, sid: &str) -> Option<CallState> {
        self.states
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(sid)
            .cloned()
    }

    /// What a spooled change answers: the call's state as the spool
    /// knows it.
    pub fn updated(&self, change: &CallUpdate) -> Updated {
        let state = self.state(change.sid());
        match change {
            CallUpdate::Status { .. } => Updated::Status(state.map(Box::new)),
            CallUpdate::Connected { .. } => Updated::Connected(true),
            CallUpdate::TalkTime { .. } => Updated::TalkTime(None),
            CallUpdate::Route { .. }
            | CallUpdate::FallbackTalk { .. }
            | CallUpdate::Flow { .. } => Updated::Changed(true),
        }
    }

    /// Keep the state of spooled calls up to date with spooled changes.
    fn remember(&self, entry: &Entry) {
        let mut states = self.states.lock().unwrap_or_else(|p| p.into_inner());
        match entry {
            Entry::Call(c) => {
                states.insert(c.call_sid.clone(), state_of(c));
            }
            Entry::Change(change) => {
                let Some(s) = states.get_mut(change.sid()) else {
                    return;
                };
                match change {
                    CallUpdate::Status { update, .. } => {
                        if s.ended_at.is_none() && s.disposition == "routed" {
                            s.status = update.status.clone();
                        }
                        if update.ended {
                            if s.ended_at.is_none()
                                && s.flow_seq > 0
                                && s.disposition == "routed"
                                && s.dialed_number.is_none()
                            {
                                s.disposition = "no_route".into();
                            }
                            s.ended_at = s.ended_at.or(Some(domain::now_ms()));
                        }
                    }
                    CallUpdate::Connected { at, .. } => {
                        s.connected_at = s.connected_at.or(Some(*at));
                    }
                    CallUpdate::Route {
                        buyer_id,
                        dialed_number,
                        buyer_payout_e4,
                        decision,
                        attempts,
                        ..
                    } => {
                        s.buyer_id = *buyer_id;
                        s.dialed_number = dialed_number.clone();
                        s.buyer_payout_e4 = *buyer_payout_e4;
                        s.decision = Some(decision.clone());
                        s.routing_attempts = *attempts;
                    }
                    CallUpdate::Flow {
                        seq, run, route, ..
                    } => {
                        if s.flow_seq < *seq && s.ended_at.is_none() {
                            s.flow_seq = *seq;
                            s.flow_run = Some(run.clone());
                            if let Some(r) = route {
                                s.buyer_id = r.buyer_id;
                                s.dialed_number = r.dialed_number.clone();
                                s.buyer_payout_e4 = r.buyer_payout_e4;
                                s.decision = Some(r.decision.clone());
                                s.payable = r.payable;
                                if r.buyer_id.is_some() || r.rtb_target_id.is_some() {
                                    s.routing_attempts = 1;
                                }
                            }
                        }
                    }
                    CallUpdate::TalkTime { .. } | CallUpdate::FallbackTalk { .. } => {}
                }
            }
        }
    }
}

/// A spooled call's state (no id yet: it has no row).
fn state_of(c: &RoutedCall) -> CallState {
    CallState {
        id: domain::CallId(0),
        user_id: c.account,
        call_sid: c.call_sid.clone(),
        campaign_id: c.campaign_id.clone(),
        buyer_id: c.buyer_id,
        disposition: c.disposition.clone(),
        status: c.status.clone(),
        dialed_number: c.dialed_number.clone(),
        routing_attempts: i64::from(c.buyer_id.is_some()),
        payable: c.payable,
        converted: false,
        min_duration_secs: c.min_duration_secs,
        buyer_payout_e4: c.buyer_payout_e4,
        connected_at: None,
        ended_at: c.ended_at,
        decision: Some(c.decision.clone()),
        flow_seq: i64::from(c.flow_run.is_some()),
        flow_run: c.flow_run.clone(),
    }
}

/// Every entry of the file at `path` (none when it does not exist). A
/// last line cut short by a crash mid-append is left out.
fn read(path: &Path) -> std::io::Result<Vec<Entry>> {
    let file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let mut entries = Vec::new();
    for line in BufReader::new(file).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str(&line) {
            Ok(e) => entries.push(e),
            Err(e) => {
                tracing::error!(error = %e, "an unreadable line of the call spool is skipped")
            }
        }
    }
    Ok(entries)
}

/// Replace the file at `path` with `entries` (written beside it, synced,
/// renamed over it).
fn rewrite(path: &Path, entries: &[Entry]) -> std::io::Result<()> {
    if entries.is_empty() {
        return match std::fs::remove_file(path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        };
    }
    let fresh = path.with_extension("jsonl.new");
    let mut f = File::create(&fresh)?;
    for e in entries {
        let line = serde_json::to_string(e).map_err(std::io::Error::other)?;
        f.write_all(line.as_bytes())?;
        f.write_all(b"\n")?;
    }
    f.sync_data()?;
    std::fs::rename(&fresh, path)?;
    if let Some(dir) = path.parent() {
        File::open(dir)?.sync_all()?;
    }
    Ok(())
}
