//! What the live call path tells the rest of the product: call events on
//! the account's event stream, and campaigns that turn calls away as
//! warnings in the account's activity feed (off the answer's path: the
//! caller never waits for it).

use domain::{AccountId, CallSid, CampaignId};
use store::Store;
use store::activity::NewActivity;

use crate::events::EventBus;

/// The API's [`callpath::Observer`].
pub struct Observer {
    pub store: Store,
    pub events: EventBus,
}

impl callpath::Observer for Observer {
    fn call_event(&self, account: AccountId, kind: &'static str, call_sid: &CallSid, status: &str) {
        self.events.call(account.0, kind, call_sid, status);
    }

    fn turned_away(
        &self,
        account: AccountId,
        campaign_id: &CampaignId,
        campaign_name: &str,
        reason: &str,
    ) {
        let (store, events) = (self.store.clone(), self.events.clone());
        let id = campaign_id.to_string();
        let message = format!("Campaign \"{campaign_name}\" turned a call away: {reason}");
        tokio::spawn(async move {
            crate::activity::record_on(
                &store,
                &events,
                account,
                NewActivity {
                    kind: "alert.no_buyer",
                    severity: "warning",
                    message: &message,
                    entity_type: Some("campaign"),
                    entity_id: Some(&id),
                },
            )
            .await;
        });
    }
}
