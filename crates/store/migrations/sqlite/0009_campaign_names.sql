-- Campaign names are unique per account, in any case, among campaigns not
-- deleted (a deleted campaign's name may be used again). Names already
-- used twice keep the oldest campaign's; the others get their id appended,
-- so that the index can be built.
UPDATE campaigns SET name = name || ' (' || id || ')'
WHERE deleted_at IS NULL
  AND EXISTS (
    SELECT 1 FROM campaigns older
    WHERE older.user_id = campaigns.user_id
      AND older.deleted_at IS NULL
      AND lower(older.name) = lower(campaigns.name)
      AND (older.created_at < campaigns.created_at
           OR (older.created_at = campaigns.created_at AND older.id < campaigns.id))
  );
CREATE UNIQUE INDEX campaigns_name_key ON campaigns (user_id, lower(name)) WHERE deleted_at IS NULL;
