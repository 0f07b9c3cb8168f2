//! What the track endpoint keeps in memory on each node, so that the
//! common request (a heartbeat of a session seen within the minute) reads
//! no database:
//!
//! - active tags by code, for two seconds (a change made through this
//!   node is seen at once; one made through another node within two
//!   seconds);
//! - each session's state for a minute after the database was read or
//!   written for it. Serving a heartbeat from it is safe because a live
//!   lease is never taken by another session: the number it names is
//!   still the session's;
//! - for two seconds after a tag's pool was found exhausted, that it is:
//!   a session without a number gets the fallback without a look for a
//!   free one. Numbers free only after a lease and its cool-down, so the
//!   answer lags a number freed or added to the pool by two seconds at
//!   most, and a flood of visitors who found the pool full costs the
//!   database nothing.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use domain::dni::TagSettings;
use store::dni::{FRESH_MS, LiveTag, SessionState};
use store::{Store, StoreError};

const TAG_TTL: Duration = Duration::from_secs(2);
/// How long a node answers a session without a number with the fallback
/// after it found the tag's pool exhausted, without looking again.
const EXHAUSTED_MS: i64 = 2_000;
/// Sessions kept before the stale ones are swept.
const SWEEP_AT: usize = 200_000;

/// An active tag with its settings read.
#[derive(Debug)]
pub struct CachedTag {
    pub tag: LiveTag,
    pub settings: TagSettings,
}

type TagEntry = (Instant, Option<Arc<CachedTag>>);

#[derive(Debug, Default)]
pub struct TrackCache {
    tags: Mutex<HashMap<String, TagEntry>>,
    sessions: Mutex<HashMap<(i64, String), (i64, SessionState)>>,
    /// When each tag's pool was last found exhausted on this node.
    exhausted: Mutex<HashMap<i64, i64>>,
}

impl TrackCache {
    /// The active tag with this code (in any case), if any.
    pub async fn tag(
        &self,
        store: &Store,
        code: &str,
    ) -> Result<Option<Arc<CachedTag>>, StoreError> {
        let key = code.to_lowercase();
        if let Some((at, tag)) = self
            .tags
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
            && at.elapsed() < TAG_TTL
        {
            return Ok(tag.clone());
        }
        let tag = store.live_tag(code).await?.map(|tag| {
            Arc::new(CachedTag {
                settings: super::stored_settings(&tag.settings),
                tag,
            })
        });
        let mut tags = self.tags.lock().unwrap_or_else(|e| e.into_inner());
        if tags.len() >= SWEEP_AT {
            tags.retain(|_, (at, _)| at.elapsed() < TAG_TTL);
        }
        tags.insert(key, (Instant::now(), tag.clone()));
        Ok(tag)
    }

    /// Forget every tag (after a change made through this node).
    pub fn forget_tags(&self) {
        self.tags.lock().unwrap_or_else(|e| e.into_inner()).clear();
    }

    /// A session's state known within the minute.
    pub fn fresh_session(&self, tag: i64, session: &str, now: i64) -> Option<SessionState> {
        let sessions = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        let (at, state) = sessions.get(&(tag, session.to_string()))?;
        (now - at < FRESH_MS).then(|| state.clone())
    }

    /// Keep a session's state as the database has it now.
    pub fn remember_session(&self, tag: i64, session: &str, now: i64, state: SessionState) {
        let mut sessions = self.sessions.lock().unwrap_or_else(|e| e.into_inner());
        if sessions.len() >= SWEEP_AT {
            sessions.retain(|_, (at, _)| now - *at < FRESH_MS);
        }
        sessions.insert((tag, session.to_string()), (now, state));
    }

    /// Note that the tag's pool had no free number at `now`.
    pub fn note_exhausted(&self, tag: i64, now: i64) {
        self.exhausted
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(tag, now);
    }

    /// Whether the tag's pool was found exhausted within the last
    /// [`EXHAUSTED_MS`].
    pub fn exhausted(&self, tag: i64, now: i64) -> bool {
        self.exhausted
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&tag)
            .is_some_and(|at| (0..EXHAUSTED_MS).contains(&(now - at)))
    }
}
