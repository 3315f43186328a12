-- Learners, their attempts, one answer row per question per attempt, and spaced-review state.
-- Times are milliseconds since the Unix epoch (UTC).

CREATE TABLE learners (
  id TEXT PRIMARY KEY,              -- hex SHA-256 of the learner's cookie token; the token itself is never stored
  display_name TEXT,
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE attempts (
  id TEXT PRIMARY KEY,              -- 128 random bits, base32
  learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
  quiz_id TEXT NOT NULL,
  assignment_id TEXT,               -- NULL for practice
  bank_version TEXT NOT NULL,
  seed INTEGER NOT NULL,            -- drives question pick, choice order and parametric numbers
  item_ids TEXT NOT NULL,           -- JSON array: the questions, in the order served
  question_count INTEGER NOT NULL,
  max_score REAL NOT NULL,
  status TEXT NOT NULL DEFAULT 'in-progress' CHECK (status IN ('in-progress', 'finished')),
  answered_count INTEGER NOT NULL DEFAULT 0,
  score REAL NOT NULL DEFAULT 0,
  lang TEXT CHECK (lang IN ('fr', 'en')),
  feedback TEXT NOT NULL DEFAULT 'immediate' CHECK (feedback IN ('immediate', 'after-close')),
  started_at INTEGER NOT NULL,
  deadline_at INTEGER,              -- set when a time limit applies; answers after it (plus grace) are refused
  finished_at INTEGER
) STRICT;

CREATE INDEX attempts_by_learner ON attempts (learner_id, started_at DESC);
CREATE INDEX attempts_by_assignment ON attempts (assignment_id, learner_id) WHERE assignment_id IS NOT NULL;

CREATE TABLE answers (
  attempt_id TEXT NOT NULL REFERENCES attempts(id) ON DELETE CASCADE,
  item_id TEXT NOT NULL,
  position INTEGER NOT NULL,        -- 0-based place of the question in the attempt
  response TEXT NOT NULL,           -- canonical JSON of the validated response
  fraction REAL NOT NULL,           -- 0..1
  points REAL NOT NULL,             -- fraction x the item's points
  state TEXT NOT NULL,
  answered_at INTEGER NOT NULL,
  PRIMARY KEY (attempt_id, item_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE review_items (
  learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
  item_id TEXT NOT NULL,
  card TEXT NOT NULL,               -- ts-fsrs card as JSON
  due_at INTEGER NOT NULL,
  last_fraction REAL NOT NULL,
  last_answer TEXT NOT NULL,        -- attempt_id of the answer that scheduled it: a retried answer is not counted twice
  reviewed_at INTEGER NOT NULL,
  PRIMARY KEY (learner_id, item_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX review_items_due ON review_items (learner_id, due_at);
