-- API keys get an end (issue 12, finding 14): a key used after `expires_at` is refused
-- with a message saying it expired. Keys made before this migration have none (NULL)
-- and keep working until revoked, so that no running script breaks on upgrade.
ALTER TABLE api_keys ADD COLUMN expires_at BIGINT;
