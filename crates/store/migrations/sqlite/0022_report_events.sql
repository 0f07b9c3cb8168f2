-- A report e-mailed (sent now or on its schedule) is an event too:
-- report.delivered, in the transaction that marks the delivery sent.
CREATE TRIGGER report_deliveries_events_insert AFTER INSERT ON report_deliveries
WHEN NEW.status = 'sent' AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.user_id = NEW.user_id AND e.enabled)
BEGIN
    INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
        SELECT NEW.user_id, 'report.delivered', NEW.id, NULL, COALESCE(NEW.sent_at, NEW.created_at);
END;
CREATE TRIGGER report_deliveries_events_update AFTER UPDATE OF status ON report_deliveries
WHEN NEW.status = 'sent' AND OLD.status <> 'sent'
     AND EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.user_id = NEW.user_id AND e.enabled)
BEGIN
    INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
        SELECT NEW.user_id, 'report.delivered', NEW.id, NULL, COALESCE(NEW.sent_at, NEW.created_at);
END;
