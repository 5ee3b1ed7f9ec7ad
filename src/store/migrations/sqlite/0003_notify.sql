-- Notifications: per-person settings, the transactional outbox the delivery
-- worker drains, the calendar state of each meeting (which SEQUENCE was last
-- sent to the attendees) and personal calendar-feed tokens (hashes only).

-- Which notifications a person gets, and how: each one as it happens
-- ('immediate') or bundled into one email a day at digest_hour, local time.
-- No row means the defaults below.
CREATE TABLE notification_settings (
  user_id     INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  mode        TEXT NOT NULL DEFAULT 'immediate' CHECK (mode IN ('immediate', 'digest')),
  digest_hour INTEGER NOT NULL DEFAULT 8 CHECK (digest_hour BETWEEN 0 AND 23),
  meetings    INTEGER NOT NULL DEFAULT 1 CHECK (meetings IN (0, 1)),
  messages    INTEGER NOT NULL DEFAULT 1 CHECK (messages IN (0, 1)),
  reminders   INTEGER NOT NULL DEFAULT 1 CHECK (reminders IN (0, 1)),
  nudges      INTEGER NOT NULL DEFAULT 1 CHECK (nudges IN (0, 1)),
  thank_you   INTEGER NOT NULL DEFAULT 1 CHECK (thank_you IN (0, 1)),
  updated_at  BIGINT NOT NULL
);

-- One row per email. Written in the same transaction as the change that
-- causes it; the delivery worker claims a due row by taking a lease
-- (status 'sending', lease_until), sends it, then marks it 'sent'. A lease
-- that runs out (the process died mid-send) makes the row claimable again,
-- so a message is sent at least once; message_id is fixed at insert time so
-- a re-send after a crash carries the same Message-ID.
-- status: pending -> sending -> sent | pending (retry) | failed;
--         held (waits for the person's daily digest) -> digested.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  user_id         INTEGER REFERENCES users(id) ON DELETE CASCADE,
  to_addr         TEXT NOT NULL,
  to_name         TEXT NOT NULL DEFAULT '',
  category        TEXT NOT NULL CHECK (category IN
                    ('meetings', 'messages', 'reminders', 'nudges', 'thank_you', 'digest')),
  kind            TEXT NOT NULL,
  dedup_key       TEXT UNIQUE,
  message_id      TEXT NOT NULL UNIQUE,
  subject         TEXT NOT NULL,
  body            TEXT NOT NULL,
  ics             TEXT,
  ics_method      TEXT CHECK (ics_method IN ('REQUEST', 'CANCEL')),
  status          TEXT NOT NULL DEFAULT 'pending' CHECK (status IN
                    ('pending', 'sending', 'sent', 'failed', 'held', 'digested')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  lease_until     BIGINT,
  last_error      TEXT,
  digest_id       INTEGER REFERENCES outbox(id),
  created_at      BIGINT NOT NULL,
  sent_at         BIGINT
);
CREATE INDEX outbox_due ON outbox(status, next_attempt_at);
CREATE INDEX outbox_user ON outbox(user_id, status);

-- The last calendar notice sent for a meeting, so an invite, an update and
-- a cancellation each go out once per SEQUENCE.
CREATE TABLE meeting_notices (
  meeting_id INTEGER PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
  sequence   INTEGER NOT NULL,
  status     TEXT NOT NULL,
  at         BIGINT NOT NULL
);

-- Personal calendar feeds: GET /calendar/{token}.ics. One live token per
-- person; rotating replaces it, revoking deletes it.
CREATE TABLE calendar_tokens (
  user_id      INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   BIGINT NOT NULL,
  last_used_at BIGINT
);
