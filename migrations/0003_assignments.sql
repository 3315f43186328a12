-- Teachers' assignments: settings, the learners who joined, and who may see what.
-- Times are milliseconds since the Unix epoch (UTC).

CREATE TABLE assignments (
  id TEXT PRIMARY KEY,                 -- internal id (random)
  code TEXT NOT NULL UNIQUE,           -- short learner code, no 0/O/1/I/l
  title TEXT NOT NULL,
  quiz_id TEXT,                        -- the quiz the pool came from, or NULL when chosen by topics
  topics TEXT,                         -- JSON array of topic ids, or NULL
  pool TEXT NOT NULL,                  -- JSON array of item ids each learner's questions are drawn from
  bank_version TEXT NOT NULL,
  question_count INTEGER NOT NULL CHECK (question_count > 0),
  shuffle INTEGER NOT NULL DEFAULT 1 CHECK (shuffle IN (0, 1)),
  time_limit_minutes INTEGER CHECK (time_limit_minutes IS NULL OR time_limit_minutes > 0),
  attempts_allowed INTEGER NOT NULL DEFAULT 1 CHECK (attempts_allowed > 0),
  opens_at INTEGER NOT NULL,
  closes_at INTEGER,
  leaderboard TEXT NOT NULL DEFAULT 'off' CHECK (leaderboard IN ('off', 'anonymous', 'nicknames')),
  require_name INTEGER NOT NULL DEFAULT 1 CHECK (require_name IN (0, 1)),
  feedback TEXT NOT NULL DEFAULT 'immediate' CHECK (feedback IN ('immediate', 'after-close')),
  lang TEXT NOT NULL DEFAULT 'learner' CHECK (lang IN ('fr', 'en', 'learner')),
  secret_hash TEXT NOT NULL,           -- SHA-256 (hex) of the manage secret; the secret is never stored
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE assignment_learners (
  assignment_id TEXT NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
  learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
  name TEXT,                           -- as typed (trimmed)
  name_key TEXT,                       -- normalised for uniqueness within the assignment
  extra_minutes INTEGER NOT NULL DEFAULT 0,   -- accommodation granted by the teacher
  no_time_limit INTEGER NOT NULL DEFAULT 0 CHECK (no_time_limit IN (0, 1)),
  joined_at INTEGER NOT NULL,
  PRIMARY KEY (assignment_id, learner_id)
) STRICT, WITHOUT ROWID;

CREATE UNIQUE INDEX assignment_learners_name ON assignment_learners (assignment_id, name_key) WHERE name_key IS NOT NULL;
