-- Password reset by e-mail (issue 12, finding 14). A reset link carries a random
-- token of 32 bytes; only its SHA-256 (hex) is kept, so a copy of the database holds
-- nothing that resets anyone's password. A token is single use (used_at), valid until
-- expires_at (an hour after it is made, on the app clock), and a new request removes
-- the account's earlier unused tokens.
CREATE TABLE password_resets (
    token_hash  TEXT NOT NULL PRIMARY KEY,
    user_id     TEXT NOT NULL REFERENCES users (id),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    used_at     BIGINT
);
CREATE INDEX password_resets_user ON password_resets (user_id);

-- The language the account last used the pages in (a tag such as "fr"), for what is
-- sent to it by e-mail; NULL until it signs in on the pages.
ALTER TABLE users ADD COLUMN language TEXT;
