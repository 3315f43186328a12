-- Retention (issue 12): the scheduled sweep finds its work through these indexes, so each run
-- reads only the rows it acts on; and a stored field nothing reads is dropped.
-- Times are milliseconds since the Unix epoch (UTC).

-- When the learner last started something (an attempt, joining an assignment): learners
-- inactive for longer than the retention period are deleted with all their data.
ALTER TABLE learners ADD COLUMN active_at INTEGER NOT NULL DEFAULT 0;
UPDATE learners SET active_at = max(
  created_at,
  coalesce((SELECT max(started_at) FROM attempts WHERE attempts.learner_id = learners.id), 0)
);
CREATE INDEX learners_by_activity ON learners (active_at);

-- Attempts whose time may run out, by deadline (the sweep finishes them in bulk).
CREATE INDEX attempts_running_by_deadline ON attempts (deadline_at)
  WHERE status = 'in-progress' AND deadline_at IS NOT NULL;

-- Practice attempts never answered, by start (the sweep deletes them after a day).
CREATE INDEX attempts_empty_practice ON attempts (started_at)
  WHERE assignment_id IS NULL AND answered_count = 0;

-- Assignments by closing time (the sweep deletes those closed for longer than the period).
CREATE INDEX assignments_by_close ON assignments (closes_at) WHERE closes_at IS NOT NULL;

-- review_items.reviewed_at was written on every answer and never read (the FSRS card carries
-- its own last review).
ALTER TABLE review_items DROP COLUMN reviewed_at;
