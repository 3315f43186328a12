-- Leaderboards: one entry per (board, learner) kept up to date in the batch that finishes an
-- attempt, and counts that give any entry's rank in a bounded number of row reads.
--
-- Boards are named by text: 'a:<assignment id>', 'q:<quiz id>:all', 'q:<quiz id>:w:<week start ms>'.
-- An entry's rank_key orders entries best first: (65535 - score in hundredths) * 2^20 + whole
-- seconds taken. Equal keys share a rank. leaderboard_counts is a sparse Fenwick tree over
-- rank_key + 1 (36 bits): the number of visible entries with a key below k is the sum of at most
-- 37 rows, whatever the size of the board. Triggers keep it, and each board's version (for ETags)
-- and total, in step with the entries, inside the same transaction.

CREATE TABLE leaderboard_members (
  quiz_id TEXT NOT NULL,
  learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
  nickname TEXT NOT NULL,              -- as typed (trimmed)
  nickname_key TEXT NOT NULL,          -- folded (case, accents, look-alikes) for uniqueness per quiz
  joined_at INTEGER NOT NULL,
  PRIMARY KEY (quiz_id, learner_id)
) STRICT, WITHOUT ROWID;

CREATE UNIQUE INDEX leaderboard_members_nickname ON leaderboard_members (quiz_id, nickname_key);
CREATE INDEX leaderboard_members_learner ON leaderboard_members (learner_id);

CREATE TABLE leaderboard_entries (
  id INTEGER PRIMARY KEY,              -- what a teacher's hide/rename refers to
  board TEXT NOT NULL,
  learner_id TEXT NOT NULL REFERENCES learners(id) ON DELETE CASCADE,
  attempt_id TEXT NOT NULL,            -- the learner's best finished attempt on this board
  rank_key INTEGER NOT NULL CHECK (rank_key >= 0 AND rank_key < 68719476736),
  score REAL NOT NULL,
  max_score REAL NOT NULL,
  duration_ms INTEGER NOT NULL,
  finished_at INTEGER NOT NULL,
  hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),   -- hidden by the teacher
  rename TEXT                          -- the teacher's replacement for the learner's name
) STRICT;

CREATE UNIQUE INDEX leaderboard_entries_board_learner ON leaderboard_entries (board, learner_id);
CREATE INDEX leaderboard_entries_order ON leaderboard_entries (board, hidden, rank_key, duration_ms, finished_at);
CREATE INDEX leaderboard_entries_learner ON leaderboard_entries (learner_id, board);

CREATE TABLE leaderboard_counts (
  board TEXT NOT NULL,
  node INTEGER NOT NULL,               -- Fenwick node: visible entries with rank_key + 1 in (node - lowbit(node), node]
  n INTEGER NOT NULL,
  PRIMARY KEY (board, node)
) STRICT, WITHOUT ROWID;

CREATE TABLE leaderboard_boards (
  board TEXT PRIMARY KEY,
  version INTEGER NOT NULL,            -- bumped by every change that can alter what the board shows
  total INTEGER NOT NULL               -- visible entries
) STRICT, WITHOUT ROWID;

-- The bit positions 0..36, to walk a Fenwick path in one statement (triggers cannot use WITH).
CREATE TABLE leaderboard_bits (j INTEGER PRIMARY KEY) STRICT;
INSERT INTO leaderboard_bits (j) VALUES
  (0), (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13), (14), (15), (16), (17), (18),
  (19), (20), (21), (22), (23), (24), (25), (26), (27), (28), (29), (30), (31), (32), (33), (34), (35), (36);

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

-- A learner's name on an assignment shows on its board: a change must change the board's ETag.
CREATE TRIGGER leaderboard_assignment_name_changed AFTER UPDATE OF name ON assignment_learners
BEGIN
  UPDATE leaderboard_boards SET version = version + 1 WHERE board = 'a:' || new.assignment_id;
END;
