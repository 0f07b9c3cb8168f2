-- A report e-mailed (sent now or on its schedule) is an event too:
-- report.delivered, in the transaction that marks the delivery sent.
CREATE FUNCTION cc_report_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'sent' AND (TG_OP = 'INSERT' OR OLD.status <> 'sent')
       AND cc_listening(NEW.user_id) THEN
        INSERT INTO event_outbox (user_id, kind, subject, campaign_id, at)
            VALUES (NEW.user_id, 'report.delivered', NEW.id::text, NULL,
                    COALESCE(NEW.sent_at, NEW.created_at));
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER report_deliveries_events AFTER INSERT OR UPDATE OF status ON report_deliveries
    FOR EACH ROW EXECUTE FUNCTION cc_report_events();
