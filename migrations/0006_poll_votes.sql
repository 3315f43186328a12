-- Poll results as a distribution, kept as counts (never counted by scanning answers), and a
-- per-write id on answers so that statements in the answer's batch can tell whether this very
-- request stored it (a concurrent retry must not count a vote or a review twice).
ALTER TABLE answers ADD COLUMN write_id TEXT;

CREATE TABLE poll_votes (
  item_id TEXT NOT NULL,
  choice_id TEXT NOT NULL,
  votes INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (item_id, choice_id)
) STRICT, WITHOUT ROWID;
