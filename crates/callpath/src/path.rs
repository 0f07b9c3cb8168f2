//! The live call, from the carrier's first webhook to its last: answer an
//! incoming call (idempotent by CallSid, routed by the snapshot and the
//! counters, auctioned on RTB campaigns, written before the TwiML goes
//! out), take the result of each dialled leg (failover to the backup
//! number, the next buyer, then the campaign's fallback), and apply the
//! carrier's status reports (slots freed, money booked).
//!
//! Nothing here speaks HTTP or SQL: the webhook handlers verify, parse,
//! call [`CallPath`] and serialise; the [`CallLog`] keeps the records.

use domain::{AccountId, BuyerId, CallId, CallSid, CampaignId};
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use routing::{Decision, Outcome};
use telephony::twiml;
use telephony::webhook::{DialAction, DialCallStatus, IncomingCall, StatusCallback};

use crate::answer::{SORRY, Urls, fallback_number, recording};
use crate::answers::{Claim, Known};
use domain::RtbFallback;

use crate::auction::{self, Won};
use crate::live::LiveState;
use crate::log::{CallLog, LogError};
use crate::record::{CallState, CallUpdate, RoutedCall, StatusUpdate, Updated, Written};

/// How long a webhook waits for the log before answering anyway.
pub const LOG_DEADLINE: Duration = Duration::from_secs(3);

/// Who hears about live calls: the account's event stream and its
/// activity feed.
pub trait Observer: Send + Sync {
    /// A call was created or changed (`call.created`, `call.updated`).
    fn call_event(&self, account: AccountId, kind: &'static str, call_sid: &CallSid, status: &str);
    /// A campaign turned a call away (at most once per campaign per
    /// quarter hour on a node).
    fn turned_away(
        &self,
        account: AccountId,
        campaign_id: &CampaignId,
        campaign_name: &str,
        reason: &str,
    );
}

/// An observer that hears nothing (tools, tests).
pub struct Unobserved;

impl Observer for Unobserved {
    fn call_event(&self, _: AccountId, _: &'static str, _: &CallSid, _: &str) {}
    fn turned_away(&self, _: AccountId, _: &CampaignId, _: &str, _: &str) {}
}

/// Which leg a `<Dial action>` reports on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leg {
    /// A buyer's or a bidder's number (or a buyer's backup).
    Destination,
    /// The campaign's fallback number.
    Fallback,
}

/// The live call path of one node.
pub struct CallPath {
    pub live: Arc<LiveState>,
    log: Arc<dyn CallLog>,
    bidder: Option<rtb::RtbClient>,
    pub(crate) urls: Urls,
    observer: Arc<dyn Observer>,
}

/// Run a log call with a deadline: the carrier waits for our answer.
pub(crate) async fn within<T>(
    fut: impl Future<Output = Result<T, LogError>>,
) -> Result<T, LogError> {
    match tokio::time::timeout(LOG_DEADLINE, fut).await {
        Ok(r) => r,
        Err(_) => Err(LogError::Timeout(LOG_DEADLINE.as_millis() as u64)),
    }
}

fn xml(r: twiml::Response) -> Bytes {
    Bytes::from(r.to_xml())
}

fn hangup() -> twiml::Response {
    twiml::Response::new().with(twiml::Verb::Hangup)
}

impl CallPath {
    /// The call path over `live` state, writing to `log`, auctioning with
    /// `bidder` (none: RTB campaigns fall back), pointing the carrier at
    /// `urls`, telling `observer`.
    pub fn new(
        live: Arc<LiveState>,
        log: Arc<dyn CallLog>,
        bidder: Option<rtb::RtbClient>,
        urls: Urls,
        observer: Arc<dyn Observer>,
    ) -> Self {
        Self {
            live,
            log,
            bidder,
            urls,
            observer,
        }
    }

    /// The client that pings bidders (none when it could not be built).
    pub fn bidder(&self) -> Option<&rtb::RtbClient> {
        self.bidder.as_ref()
    }

    /// The addresses our TwiML points the carrier at.
    pub fn urls(&self) -> &Urls {
        &self.urls
    }

    /// The log the path writes to.
    pub fn log(&self) -> &Arc<dyn CallLog> {
        &self.log
    }

    /// Answer an incoming call: TwiML, once the call is durable (or the
    /// log's deadline passed: the caller is never held).
    pub async fn incoming(&self, call: &IncomingCall) -> Bytes {
        // A retried webhook: answer exactly as before, count nothing again.
        // This node remembers its recent answers; two deliveries racing
        // here are answered once.
        let answers = &self.live.answers;
        let mut waited = false;
        let pending = loop {
            match answers.claim(&call.call_sid) {
                Claim::First(p) => break p,
                Claim::Known(Known::Answered(body)) => return body,
                Claim::Known(Known::Stored) => return self.replay_logged(&call.call_sid).await,
                Claim::Wait(mut rx) if !waited => {
                    waited = true;
                    let got = tokio::time::timeout(
                        Duration::from_millis(3500),
                        rx.wait_for(|k| k.is_some()),
                    )
                    .await
                    .map(|r| r.map(|k| k.clone()));
                    match got {
                        Ok(Ok(Some(Known::Answered(body)))) => return body,
                        Ok(Ok(_)) => return self.replay_logged(&call.call_sid).await,
                        // The other delivery was cancelled: answer this one.
                        Ok(Err(_)) => continue,
                        Err(_) => return self.replay_logged(&call.call_sid).await,
                    }
                }
                Claim::Wait(_) => return self.replay_logged(&call.call_sid).await,
            }
        };
        let (response, record) = self.decide(call).await;
        let Some(record) = record else {
            pending.finish(Known::Answered(response.clone()));
            return response;
        };
        let account = record.account;
        let (sid, status) = (record.call_sid.clone(), record.status.clone());
        match within(self.log.write(record)).await {
            Ok(Written::New | Written::Spooled) => {
                self.observer
                    .call_event(account, "call.created", &sid, &status)
            }
            Ok(Written::Existing) => {
                // Already stored (a delivery through another node, or long
                // ago): give back what we took and answer as it was answered.
                self.live.counters.release(&call.call_sid);
                if let Ok(Some(stored)) = within(self.log.state(&call.call_sid)).await {
                    pending.finish(Known::Stored);
                    return self.replay(&stored);
                }
            }
            Err(e) => {
                // Answering beats failing the caller: the slot is kept and
                // the stale-call sweeper releases it; the error is loud.
                tracing::error!(error = %e, call_sid = %call.call_sid, "call routed but not recorded");
                metrics::counter!("calls_not_recorded_total").increment(1);
            }
        }
        pending.finish(Known::Answered(response.clone()));
        response
    }

    /// Route (and auction) a new call: the TwiML and the record to write
    /// (`None` for a number no account owns, which is noted apart).
    async fn decide(&self, call: &IncomingCall) -> (Bytes, Option<RoutedCall>) {
        let now = jiff::Timestamp::now();
        let snapshot = self.live.snapshot();
        let counters = self.live.counters.clone();
        let incoming = routing::IncomingCall {
            call_sid: call.call_sid.clone(),
            to: call.to.clone(),
            from: call.from.clone(),
            caller_state: call.caller_state.clone(),
            caller_city: call.caller_city.clone(),
            caller_zip: call.caller_zip.clone(),
        };
        let mut decision =
            routing::route(&snapshot, counters.as_ref(), &incoming, now, rand::random());
        // A number or campaign that runs a call flow: the flow decides first.
        if let Some(account) = decision.account
            && let Some(flow) = self.call_flow(&snapshot, &decision, &call.to)
        {
            let (answer, record) = self
                .enter_flow(call, account, decision, &snapshot, &flow)
                .await;
            return (answer, Some(record));
        }
        let campaign = decision
            .campaign_id
            .as_ref()
            .and_then(|id| snapshot.campaigns.get(id));
        // An active RTB campaign with bidders auctions the call first; its
        // buyers (if any, and if its fallback says so) take it when nobody
        // wins.
        let auctioned = match (campaign, decision.account) {
            (Some(c), Some(_))
                if c.kind == domain::CampaignKind::Rtb
                    && c.status == domain::CampaignStatus::Active
                    && !matches!(decision.outcome, Outcome::Rejected(_)) =>
            {
                match self.live.auction(&c.id) {
                    Some(rtb) => {
                        let ran = auction::run(
                            self.bidder.as_ref(),
                            counters.as_ref(),
                            &c.id,
                            &rtb,
                            &incoming,
                        )
                        .await;
                        Some((ran, rtb.fallback))
                    }
                    None => None,
                }
            }
            _ => None,
        };
        let (won, auction_record, to_buyers) = match auctioned {
            Some((Some(ran), fallback)) => {
                (ran.won, Some(ran.record), fallback == RtbFallback::Buyers)
            }
            Some((None, fallback)) => (None, None, fallback == RtbFallback::Buyers),
            None => (None, None, true),
        };
        if let Some(record) = &auction_record {
            decision
                .notes
                .push(auction_note(won.as_ref(), record.responses.len()));
        }
        // A call the auction placed counts as the caller's paid call too.
        if let (Some(_), Some(c)) = (&won, campaign)
            && !decision.duplicate
            && c.duplicate_window_secs > 0
            && !counters.note_call(&c.id, &decision.caller, now, c.duplicate_window_secs)
        {
            decision.duplicate = true;
            decision.paid = false;
        }
        let chosen = if won.is_none() && to_buyers {
            decision.acquire(counters.as_ref(), now).cloned()
        } else {
            None
        };
        let record_audio = campaign.is_some_and(|c| c.recording_enabled);
        let timeout = campaign.map(|c| c.call_timeout_secs).unwrap_or(30);
        let response = xml(match (&won, &chosen) {
            (Some(w), _) => self.urls.dial(&w.destination, timeout, record_audio),
            (None, Some(buyer)) => self
                .urls
                .dial(&buyer.number, buyer.timeout_secs, record_audio),
            _ => self.urls.fallback(&snapshot, &decision),
        });
        let Some(account) = decision.account else {
            let reason = outcome_reason(&decision);
            if let Err(e) = within(
                self.log
                    .unrouted(&call.call_sid, &call.from, &call.to, &reason),
            )
            .await
            {
                tracing::warn!(error = %e, "could not record an unrouted call");
            }
            metrics::counter!("calls_unrouted_total").increment(1);
            return (response, None);
        };
        if won.is_none()
            && chosen.is_none()
            && let (Outcome::NoRoute(reason), Some(c)) = (&decision.outcome, campaign)
            && self.live.alerts.due(&c.id, Instant::now())
        {
            metrics::counter!("alerts_raised_total", "kind" => "no_buyer").increment(1);
            self.observer.turned_away(account, &c.id, &c.name, reason);
        }
        let mut record = routed_call(account, call, &decision, chosen.as_ref(), &snapshot);
        if let Some(w) = &won {
            // The winning bid is the call's revenue when it converts.
            record.disposition = "routed".into();
            record.status = "ringing".into();
            record.dialed_number = Some(w.destination.clone());
            record.buyer_payout_e4 = w.amount.0;
            record.rtb_target_id = Some(w.target_id);
            record.payable = !decision.duplicate;
            record.is_duplicate = decision.duplicate;
            record.ended_at = None;
        }
        // Written with the call, in its commit: kept exactly when the call is.
        record.auction = auction_record.map(Box::new);
        (response, Some(record))
    }

    /// The same answer again for a stored call: the last answer of its
    /// call flow, or the one its routing gives.
    fn replay(&self, stored: &CallState) -> Bytes {
        if let Some(flow) = stored
            .flow_run
            .as_deref()
            .and_then(crate::flow::StoredFlow::parse)
            && stored.ended_at.is_none()
        {
            return Bytes::from(flow.answer);
        }
        xml(self.urls.replay(&self.live.snapshot(), stored))
    }

    /// The answer for a call the log holds already.
    async fn replay_logged(&self, sid: &str) -> Bytes {
        match within(self.log.state(sid)).await {
            Ok(Some(stored)) => self.replay(&stored),
            Ok(None) => xml(twiml::say_and_hangup(SORRY)),
            Err(e) => {
                tracing::warn!(error = %e, call_sid = %sid, "could not read a retried call");
                xml(twiml::say_and_hangup(SORRY))
            }
        }
    }

    /// The result of a dialled leg: the call is over when it was answered
    /// or the caller hung up; otherwise the next destination is rung.
    pub async fn dial_result(&self, action: &DialAction, leg: Leg) -> twiml::Response {
        let sid = &action.call_sid;
        // Whatever happens next, a retried voice webhook must now be
        // answered from the stored call.
        self.live.answers.changed(sid);
        if leg == Leg::Fallback {
            return self.fallback_ended(action).await;
        }
        let stored = match within(self.log.state(sid)).await {
            Ok(Some(s)) => s,
            Ok(None) => {
                tracing::warn!(call_sid = %sid, "dial result for an unknown call");
                return hangup();
            }
            Err(e) => {
                tracing::error!(error = %e, call_sid = %sid, "could not read the call for its dial result");
                return twiml::say_and_hangup(SORRY);
            }
        };
        if stored.ended_at.is_some() {
            return hangup();
        }
        match &action.dial_call_status {
            status if status.was_answered() => {
                let talk = i64::from(action.dial_call_duration.unwrap_or(0));
                self.finish(&stored, "completed", Some(talk)).await;
                hangup()
            }
            DialCallStatus::Canceled => {
                self.finish(&stored, "canceled", None).await;
                hangup()
            }
            status => self.retry(stored, status.as_str()).await,
        }
    }

    /// The campaign's fallback number's leg ended: its talk time is kept
    /// (no buyer, so no conversion) and the call is over.
    async fn fallback_ended(&self, action: &DialAction) -> twiml::Response {
        let sid = action.call_sid.clone();
        if action.dial_call_status.was_answered() {
            let secs = i64::from(action.dial_call_duration.unwrap_or(0));
            let talk = CallUpdate::FallbackTalk {
                sid: sid.clone(),
                secs,
            };
            if let Err(e) = within(self.log.change(talk)).await {
                tracing::error!(error = %e, call_sid = %sid, "could not record the fallback's talk time");
            }
        }
        let status = if action.dial_call_status.was_answered() {
            "completed"
        } else {
            action.dial_call_status.as_str()
        };
        let update = StatusUpdate {
            status: status.into(),
            ended: true,
            ..Default::default()
        };
        match within(self.log.change(CallUpdate::Status {
            sid: sid.clone(),
            update,
        }))
        .await
        {
            Ok(Updated::Status(Some(after))) => self.observer.call_event(
                after.user_id,
                "call.updated",
                &after.call_sid,
                &after.status,
            ),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, call_sid = %sid, "could not close the call"),
        }
        self.live.counters.release(&sid);
        hangup()
    }

    /// End the call: talk time (conversion), final status, slot released.
    async fn finish(&self, stored: &CallState, status: &str, talk_secs: Option<i64>) {
        let sid = stored.call_sid.clone();
        // The slot goes back whatever becomes of the writes.
        self.live.counters.release(&sid);
        if let Some(secs) = talk_secs {
            let talk = CallUpdate::TalkTime {
                sid: sid.clone(),
                secs,
            };
            if let Err(e) = within(self.log.change(talk)).await {
                tracing::error!(error = %e, call_sid = %sid, "could not record talk time");
            }
        }
        let update = StatusUpdate {
            status: status.into(),
            ended: true,
            ..Default::default()
        };
        match within(self.log.change(CallUpdate::Status { sid, update })).await {
            Ok(Updated::Status(Some(after))) => self.observer.call_event(
                after.user_id,
                "call.updated",
                &after.call_sid,
                &after.status,
            ),
            Ok(_) => {}
            Err(e) => {
                tracing::error!(error = %e, call_sid = %stored.call_sid, "could not close the call")
            }
        }
    }

    /// Record the call's move to another destination: a buyer (with its
    /// payout), a number without a buyer (the campaign's fallback), or
    /// none.
    async fn reroute(
        &self,
        stored: &CallState,
        buyer: Option<(BuyerId, i64)>,
        number: Option<&str>,
        decision: &Decision,
    ) {
        let change = CallUpdate::Route {
            sid: stored.call_sid.clone(),
            buyer_id: buyer.map(|b| b.0),
            dialed_number: number.map(str::to_string),
            buyer_payout_e4: buyer.map(|b| b.1).unwrap_or(0),
            decision: routing::stored::encode(decision),
            attempts: stored.routing_attempts + 1,
        };
        if let Err(e) = within(self.log.change(change)).await {
            tracing::error!(error = %e, call_sid = %stored.call_sid, "could not record the call's new route");
        }
    }

    /// The destination did not take the call: its backup number, then the
    /// next buyer (where the campaign's rules allow), then the fallback.
    async fn retry(&self, stored: CallState, why: &str) -> twiml::Response {
        let Some(mut decision) = stored
            .decision
            .as_deref()
            .and_then(|j| routing::stored::decode(j).ok())
        else {
            self.finish(&stored, why, None).await;
            return twiml::say_and_hangup(SORRY);
        };
        let snapshot = self.live.snapshot();
        let record = recording(&snapshot, &decision);
        let dialled = stored.dialed_number.as_deref().unwrap_or("?").to_string();
        // Same buyer, backup line, when the primary line was the one that failed.
        if let Some(current) = decision.selected()
            && stored.dialed_number.as_deref() == Some(current.number.as_str())
            && let Some(backup) = current.backup_number.clone()
        {
            let (buyer, payout, timeout) =
                (current.buyer_id, current.payout.0, current.timeout_secs);
            self.reroute(&stored, Some((buyer, payout)), Some(&backup), &decision)
                .await;
            return self.urls.dial(&backup, timeout, record);
        }
        let campaign_id = decision.campaign_id.clone().unwrap_or_default();
        // A bidder's number that did not answer: the campaign's buyers get
        // the call only when its fallback says so.
        let won_by_bidder = decision.selected().is_none() && stored.buyer_id.is_none();
        let auction_fallback = self.live.auction_settings(&campaign_id).map(|a| a.fallback);
        let next = if won_by_bidder && auction_fallback.is_some_and(|f| f != RtbFallback::Buyers) {
            decision.notes.push(format!(
                "RTB winner {dialled}: {why}; the campaign does not fall back to buyers"
            ));
            None
        } else {
            if won_by_bidder && auction_fallback.is_some() {
                decision.notes.push(format!(
                    "RTB winner {dialled}: {why}; trying the campaign's buyers"
                ));
            }
            let now = jiff::Timestamp::now();
            decision
                .failover(
                    &snapshot,
                    self.live.counters.as_ref(),
                    &format!("{why} on {dialled}"),
                    now,
                )
                .cloned()
        };
        match next {
            Some(buyer) => {
                self.reroute(
                    &stored,
                    Some((buyer.buyer_id, buyer.payout.0)),
                    Some(&buyer.number),
                    &decision,
                )
                .await;
                self.urls.dial(&buyer.number, buyer.timeout_secs, record)
            }
            None => {
                let answer = self.urls.fallback(&snapshot, &decision);
                match fallback_number(&snapshot, &decision) {
                    // The fallback number's leg ends the call when it ends.
                    Some(number) => {
                        self.live.counters.release(&stored.call_sid);
                        self.reroute(&stored, None, Some(number), &decision).await;
                    }
                    None => {
                        self.reroute(&stored, None, None, &decision).await;
                        self.finish(&stored, why, None).await;
                    }
                }
                answer
            }
        }
    }

    /// Apply one status report; returns the call's id and status when it
    /// is known.
    pub async fn status(&self, r: &StatusCallback) -> (Option<CallId>, Option<String>) {
        // A report with a parent is about a leg we dialled (the carrier
        // gives the caller's leg none): file it under the caller's call.
        if let Some(filed) = self.dialled_leg(r).await {
            return filed;
        }
        // The call is over for routing whatever becomes of the write: its
        // slots go back now (a buyer must not lose capacity to a database
        // outage), and a retried voice webhook is answered from the log.
        if r.call_status.is_final() {
            self.live.answers.changed(&r.call_sid);
            self.live.counters.release(&r.call_sid);
        }
        let update = StatusUpdate {
            status: r.call_status.as_str().to_string(),
            duration_secs: r.call_duration.map(i64::from),
            cost: r.price.as_deref().and_then(parse_price),
            recording_url: r.recording_url.clone(),
            recording_sid: r.recording_sid.clone(),
            recording_duration: r.recording_duration.map(i64::from),
            ended: r.call_status.is_final(),
        };
        let change = CallUpdate::Status {
            sid: r.call_sid.clone(),
            update,
        };
        let after = match within(self.log.change(change)).await {
            Ok(Updated::Status(Some(after))) => after,
            Ok(_) => return (None, None),
            Err(e) => {
                tracing::error!(error = %e, call_sid = %r.call_sid, "could not apply a status callback");
                return (None, None);
            }
        };
        self.observer.call_event(
            after.user_id,
            "call.updated",
            &after.call_sid,
            &after.status,
        );
        (Some(after.id), Some(after.status))
    }

    /// A report about a dialled leg, filed under the caller's call; `None`
    /// when it has no parent or the parent is not a call we recorded.
    async fn dialled_leg(&self, r: &StatusCallback) -> Option<(Option<CallId>, Option<String>)> {
        let parent = r.parent_call_sid.as_ref()?;
        let stored = match within(self.log.state(parent)).await {
            Ok(Some(s)) => s,
            _ => return None,
        };
        let change = match (&r.call_status, r.call_duration) {
            (telephony::webhook::CallStatus::InProgress, _) => Some(CallUpdate::Connected {
                sid: parent.clone(),
                at: domain::now_ms(),
            }),
            // Talk time converts a call sent to a buyer or a bidder; the
            // fallback number's leg reports its own ([`Leg::Fallback`]).
            (telephony::webhook::CallStatus::Completed, Some(d))
                if stored.disposition == "routed"
                    && (stored.buyer_id.is_some() || stored.buyer_payout_e4 > 0) =>
            {
                Some(CallUpdate::TalkTime {
                    sid: parent.clone(),
                    secs: i64::from(d),
                })
            }
            _ => None,
        };
        if let Some(change) = change
            && let Err(e) = within(self.log.change(change)).await
        {
            tracing::error!(error = %e, call_sid = %parent, "could not apply the dialled leg's status");
        }
        Some((Some(stored.id), Some(stored.status)))
    }
}

/// The note an auction leaves in the call's decision (its trace).
fn auction_note(won: Option<&Won>, bidders: usize) -> String {
    match won {
        Some(w) => format!(
            "RTB auction: won by {} (target {}) at {} among {bidders} bidders; dialled {}",
            w.target_name,
            w.target_id,
            w.amount.to_decimal_string(2),
            w.destination
        ),
        None => format!("RTB auction: no bidder took the call among {bidders}"),
    }
}

fn outcome_reason(d: &Decision) -> String {
    match &d.outcome {
        Outcome::Routed => "routed".into(),
        Outcome::NoRoute(r) | Outcome::Rejected(r) => r.clone(),
    }
}

/// The record of a call as first answered.
pub(crate) fn routed_call(
    account: AccountId,
    call: &IncomingCall,
    d: &Decision,
    chosen: Option<&routing::Candidate>,
    snapshot: &routing::Snapshot,
) -> RoutedCall {
    let campaign = d
        .campaign_id
        .as_ref()
        .and_then(|id| snapshot.campaigns.get(id));
    let number = snapshot.numbers.get(call.to.trim());
    let created_at = domain::now_ms();
    let (disposition, status) = match (&d.outcome, chosen) {
        (Outcome::Rejected(_), _) => ("rejected", "rejected"),
        (_, Some(_)) => ("routed", "ringing"),
        _ => ("no_route", "no_route"),
    };
    // A call sent to the campaign's fallback number stays open until that
    // leg ends, and names the number it was sent to.
    let fallback = if chosen.is_none() {
        fallback_number(snapshot, d)
    } else {
        None
    };
    RoutedCall {
        account,
        call_sid: call.call_sid.clone(),
        account_sid: Some(call.account_sid.clone()).filter(|s| !s.is_empty()),
        from_number: call.from.clone(),
        to_number: call.to.clone(),
        campaign_id: d.campaign_id.clone(),
        phone_number_id: d.number_id,
        number_pool_id: number.and_then(|n| n.pool_id),
        buyer_id: chosen.map(|c| c.buyer_id),
        dialed_number: chosen
            .map(|c| c.number.clone())
            .or(fallback.map(str::to_string)),
        disposition: disposition.into(),
        status: status.into(),
        is_duplicate: d.duplicate,
        payable: d.paid,
        min_duration_secs: campaign.map(|c| c.min_duration_secs).unwrap_or(0),
        buyer_payout_e4: chosen.map(|c| c.payout.0).unwrap_or(0),
        caller_city: call.caller_city.clone(),
        caller_state: call.caller_state.clone(),
        caller_zip: call.caller_zip.clone(),
        caller_country: call.caller_country.clone(),
        decision: routing::stored::encode(d),
        created_at,
        ended_at: (disposition != "routed" && fallback.is_none()).then_some(created_at),
        rtb_target_id: None,
        auction: None,
        call_flow_id: None,
        flow_version: None,
        flow_run: None,
    }
}

/// Twilio reports price as a negative decimal string ("-0.0085").
fn parse_price(text: &str) -> Option<domain::Money> {
    domain::Money::parse(text.trim().trim_start_matches('-')).ok()
}
