-- Schema fixes: the foreign keys that were missing (so deleting a learner or an assignment is one
-- DELETE and cascades do the rest), CHECKs on what an answer and a vote count may hold, an index
-- for "which assignments has this learner joined", and review_items.last_answer, which holds an
-- attempt id, renamed last_attempt_id.
--
-- SQLite adds a foreign key or a CHECK only by rebuilding the table: create the new one, copy,
-- drop the old one, rename. D1 enforces foreign keys in migrations (PRAGMA foreign_keys = on,
-- which a migration cannot turn off), and dropping a parent table deletes its rows first, which
-- would cascade into its children (dropping the old attempts would delete every answer). So the
-- children are rebuilt too, pointing at attempts_new, and the old tables are dropped children
-- first, when nothing refers to them any more. Renaming attempts_new to attempts then rewrites
-- the children's REFERENCES clauses. Triggers do not fire on the copies (the leaderboard
-- triggers are created after the copy, the counts they keep are already right) nor on DROP TABLE.

-- Rows no delete path of the app leaves behind, but a foreign key would refuse: entries of
-- attempts that are gone (their delete trigger keeps the counts right), attempts of deleted
-- assignments, review schedules set by attempts that are gone.
DELETE FROM leaderboard_entries WHERE attempt_id NOT IN (SELECT id FROM attempts);
DELETE FROM attempts WHERE assignment_id IS NOT NULL AND assignment_id NOT IN (SELECT id FROM assignments);
DELETE FROM review_items WHERE last_answer NOT IN (SELECT id FROM attempts);

-- Renaming a table checks every trigger in the schema; this one names leaderboard_entries,
-- which does not exist between the drop and the rename. It is created again below.
DROP TRIGGER IF EXISTS leaderboard_assignment_deleted;

CREATE TABLE attempts_new (
  id TEXT PRIMARY KEY,              -- 128 random bits, base32
  learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
  quiz_id TEXT NOT NULL,
  assignment_id TEXT REFERENCES assignments(id) ON DELETE CASCADE,   -- NULL for practice
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
  finished_at INTEGER,
  shuffle_choices INTEGER NOT NULL DEFAULT 1 CHECK (shuffle_choices IN (0, 1))
) STRICT;
INSERT INTO attempts_new (id, learner_id, quiz_id, assignment_id, bank_version, seed, item_ids, question_count,
    max_score, status, answered_count, score, lang, feedback, started_at, deadline_at, finished_at, shuffle_choices)
  SELECT id, learner_id, quiz_id, assignment_id, bank_version, seed, item_ids, question_count,
    max_score, status, answered_count, score, lang, feedback, started_at, deadline_at, finished_at, shuffle_choices
  FROM attempts;

CREATE TABLE answers_new (
  attempt_id TEXT NOT NULL REFERENCES attempts_new(id) ON DELETE CASCADE,
  item_id TEXT NOT NULL,
  position INTEGER NOT NULL,        -- 0-based place of the question in the attempt
  response TEXT NOT NULL,           -- canonical JSON of the validated response
  fraction REAL NOT NULL CHECK (fraction BETWEEN 0 AND 1),
  points REAL NOT NULL,             -- fraction x the item's points
  state TEXT NOT NULL CHECK (state IN ('correct', 'partial', 'incorrect', 'unscored')),
  answered_at INTEGER NOT NULL,
  write_id TEXT,                    -- the request that stored it (see 0006)
  PRIMARY KEY (attempt_id, item_id)
) STRICT, WITHOUT ROWID;
INSERT INTO answers_new (attempt_id, item_id, position, response, fraction, points, state, answered_at, write_id)
  SELECT attempt_id, item_id, position, response, fraction, points, state, answered_at, write_id FROM answers;

CREATE TABLE review_items_new (
  learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
  item_id TEXT NOT NULL,
  card TEXT NOT NULL,               -- ts-fsrs card as JSON
  due_at INTEGER NOT NULL,
  last_fraction REAL NOT NULL,
  -- The attempt whose answer scheduled it: a retried answer is not counted twice, and the
  -- schedule goes with that attempt (it was derived from it).
  last_attempt_id TEXT NOT NULL REFERENCES attempts_new(id) ON DELETE CASCADE,
  reviewed_at INTEGER NOT NULL,
  PRIMARY KEY (learner_id, item_id)
) STRICT, WITHOUT ROWID;
INSERT INTO review_items_new (learner_id, item_id, card, due_at, last_fraction, last_attempt_id, reviewed_at)
  SELECT learner_id, item_id, card, due_at, last_fraction, last_answer, reviewed_at FROM review_items;

CREATE TABLE leaderboard_entries_new (
  id INTEGER PRIMARY KEY,              -- what a teacher's hide/rename refers to
  board TEXT NOT NULL,
  learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
  attempt_id TEXT NOT NULL REFERENCES attempts_new(id) ON DELETE CASCADE,   -- the learner's best finished attempt on this board
  rank_key INTEGER NOT NULL CHECK (rank_key >= 0 AND rank_key < 68719476736),
  score REAL NOT NULL,
  max_score REAL NOT NULL,
  duration_ms INTEGER NOT NULL,
  finished_at INTEGER NOT NULL,
  hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),   -- hidden by the teacher
  rename TEXT                          -- the teacher's replacement for the learner's name
) STRICT;
INSERT INTO leaderboard_entries_new (id, board, learner_id, attempt_id, rank_key, score, max_score, duration_ms,
    finished_at, hidden, rename)
  SELECT id, board, learner_id, attempt_id, rank_key, score, max_score, duration_ms, finished_at, hidden, rename
  FROM leaderboard_entries;

-- Counts recomputed from the answers that exist: votes cast before 0006 were never counted,
-- and withdrawing them when their learner leaves would go below zero.
CREATE TABLE poll_votes_new (
  item_id TEXT NOT NULL,
  choice_id TEXT NOT NULL,
  votes INTEGER NOT NULL DEFAULT 0 CHECK (votes >= 0),
  PRIMARY KEY (item_id, choice_id)
) STRICT, WITHOUT ROWID;
INSERT INTO poll_votes_new (item_id, choice_id, votes)
  SELECT item_id, json_extract(response, '$.choice'), count(*) FROM answers
  WHERE state = 'unscored' AND json_extract(response, '$.choice') IS NOT NULL
  GROUP BY item_id, json_extract(response, '$.choice');

-- Children first: when the old attempts goes, no table refers to it.
DROP TABLE leaderboard_entries;
DROP TABLE review_items;
DROP TABLE answers;
DROP TABLE attempts;
DROP TABLE poll_votes;

ALTER TABLE attempts_new RENAME TO attempts;
ALTER TABLE answers_new RENAME TO answers;
ALTER TABLE review_items_new RENAME TO review_items;
ALTER TABLE leaderboard_entries_new RENAME TO leaderboard_entries;
ALTER TABLE poll_votes_new RENAME TO poll_votes;

CREATE INDEX attempts_by_learner ON attempts (learner_id, started_at DESC);
CREATE INDEX attempts_by_assignment ON attempts (assignment_id, learner_id) WHERE assignment_id IS NOT NULL;
CREATE INDEX review_items_due ON review_items (learner_id, due_at);
-- A foreign key's child column needs an index, or each deleted attempt scans the table.
CREATE INDEX review_items_by_attempt ON review_items (last_attempt_id);
CREATE UNIQUE INDEX leaderboard_entries_board_learner ON leaderboard_entries (board, learner_id);
CREATE INDEX leaderboard_entries_order ON leaderboard_entries (board, hidden, rank_key, duration_ms, finished_at);
CREATE INDEX leaderboard_entries_learner ON leaderboard_entries (learner_id, board);
CREATE INDEX leaderboard_entries_attempt ON leaderboard_entries (attempt_id);
-- Deleting a learner cascades here; without it, the delete scans every membership.
CREATE INDEX assignment_learners_learner ON assignment_learners (learner_id);

-- The leaderboard triggers of 0004 and 0008, unchanged (they went with the old table).
CREATE TRIGGER leaderboard_entry_inserted AFTER INSERT ON leaderboard_entries
BEGIN
  INSERT INTO leaderboard_counts (board, node, n)
    SELECT DISTINCT new.board, (new.rank_key | ((1 << j) - 1)) + 1, 1 FROM leaderboard_bits
    WHERE j BETWEEN 0 AND 36 AND new.hidden = 0
    ON CONFLICT (board, node) DO UPDATE SET n = n + 1;
  INSERT INTO leaderboard_boards (board, version, total) VALUES (new.board, 1, new.hidden = 0)
    ON CONFLICT (board) DO UPDATE SET version = version + 1, total = total + (new.hidden = 0);
END;

CREATE TRIGGER leaderboard_entry_updated AFTER UPDATE ON leaderboard_entries
BEGIN
  UPDATE leaderboard_counts SET n = n - 1
    WHERE old.hidden = 0 AND (old.rank_key <> new.rank_key OR new.hidden = 1)
      AND board = old.board
      AND node IN (SELECT (old.rank_key | ((1 << j) - 1)) + 1 FROM leaderboard_bits WHERE j BETWEEN 0 AND 36);
  INSERT INTO leaderboard_counts (board, node, n)
    SELECT DISTINCT new.board, (new.rank_key | ((1 << j) - 1)) + 1, 1 FROM leaderboard_bits
    WHERE j BETWEEN 0 AND 36 AND new.hidden = 0 AND (old.rank_key <> new.rank_key OR old.hidden = 1)
    ON CONFLICT (board, node) DO UPDATE SET n = n + 1;
  UPDATE leaderboard_boards SET version = version + 1, total = total - (old.hidden = 0) + (new.hidden = 0)
    WHERE board = new.board;
END;

CREATE TRIGGER leaderboard_entry_deleted AFTER DELETE ON leaderboard_entries
BEGIN
  UPDATE leaderboard_counts SET n = n - 1
    WHERE old.hidden = 0 AND board = old.board
      AND node IN (SELECT (old.rank_key | ((1 << j) - 1)) + 1 FROM leaderboard_bits WHERE j BETWEEN 0 AND 36);
  UPDATE leaderboard_boards SET version = version + 1, total = total - (old.hidden = 0) WHERE board = old.board;
END;

CREATE TRIGGER leaderboard_assignment_deleted AFTER DELETE ON assignments
BEGIN
  DELETE FROM leaderboard_entries WHERE board = 'a:' || old.id;
  DELETE FROM leaderboard_counts WHERE board = 'a:' || old.id;
  DELETE FROM leaderboard_boards WHERE board = 'a:' || old.id;
END;
