-- The workers' forum (issue 16): categories created by operators, threads, posts,
-- and the log of every moderation act with its written reason. Moderation is by
-- operators only; nothing automated reads posts. `search_text` is the lowercased
-- text, written by the server, so that search behaves the same on both backends.

CREATE TABLE forum_categories (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL,
    created_by  TEXT NOT NULL REFERENCES users (id),
    created_at  BIGINT NOT NULL
);

-- A thread's first post is its opening text. `last_post_at` orders a category.
CREATE TABLE forum_threads (
    id           TEXT PRIMARY KEY,
    category_id  TEXT NOT NULL REFERENCES forum_categories (id),
    author_id    TEXT NOT NULL REFERENCES users (id),
    title        TEXT NOT NULL,
    search_text  TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_post_at BIGINT NOT NULL,
    locked       BIGINT NOT NULL,
    hidden       BIGINT NOT NULL
);
CREATE INDEX forum_threads_category ON forum_threads (category_id, last_post_at);

CREATE TABLE forum_posts (
    id          TEXT PRIMARY KEY,
    thread_id   TEXT NOT NULL REFERENCES forum_threads (id),
    author_id   TEXT NOT NULL REFERENCES users (id),
    body        TEXT NOT NULL,
    search_text TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    hidden      BIGINT NOT NULL
);
CREATE INDEX forum_posts_thread ON forum_posts (thread_id, created_at);
CREATE INDEX forum_posts_author ON forum_posts (author_id, created_at);

-- Who did what to which thread or post, when and why. Append-only.
CREATE TABLE forum_moderation (
    id          TEXT PRIMARY KEY,
    operator_id TEXT NOT NULL REFERENCES users (id),
    action      TEXT NOT NULL CHECK (action IN ('hide_post', 'restore_post', 'hide_thread',
                    'restore_thread', 'lock_thread', 'unlock_thread')),
    thread_id   TEXT NOT NULL REFERENCES forum_threads (id),
    post_id     TEXT REFERENCES forum_posts (id),
    reason      TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX forum_moderation_thread ON forum_moderation (thread_id, created_at);
