-- The addresses an account's members and API keys may use the app and
-- the API from: JSON CIDRs, empty for any address.
ALTER TABLE account_settings ADD COLUMN allowed_ips TEXT NOT NULL DEFAULT '[]';
