-- Call reporting: the call list filters by one column and sorts by another,
-- so each common single filter and each sort gets an index that leads with
-- the tenant, then that column, then created_at (the tie-breaker; then id,
-- which SQLite keeps in every index as the rowid). A count with one filter
-- reads only its index. The date range alone uses calls_user_created
-- (0001). The buyer index replaces calls_user_buyer, whose columns it
-- starts with (buyer figures still use it). Search by part of a number
-- (`LIKE '%…%'`) reads the tenant's rows: rollups come with reporting.

CREATE INDEX calls_user_status_created ON calls (user_id, status, created_at);
CREATE INDEX calls_user_campaign_created ON calls (user_id, campaign_id, created_at);
CREATE INDEX calls_user_buyer_created ON calls (user_id, buyer_id, created_at);
CREATE INDEX calls_user_revenue_created ON calls (user_id, revenue_e4, created_at);
CREATE INDEX calls_user_duration_created ON calls (user_id, duration, created_at);
DROP INDEX IF EXISTS calls_user_buyer;
