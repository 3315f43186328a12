-- Class pages that cost the same whatever the class size (issue 12.9).
--
-- The roster is read a page at a time by its join order: each membership gets `seq`, its rank
-- in the assignment (1, 2, ...; never reused), and a unique index on (assignment_id, seq) makes
-- a page one index range. A learner who joins later gets a higher seq, so walking the pages
-- (the CSV download) meets everybody once even while learners join.
--
-- The statistics (learners, finished, score distribution, item analysis) are kept as running
-- sums, updated by triggers in the statement that changes an attempt, so reading them costs the
-- pool's size, not the class's. Each learner's counted attempt (attempts.counted = 1) is their
-- best finished one, in the order of src/quiz/assignment-rules.ts `compareAttempts`: the rank
-- key of src/quiz/ranking.ts (score in hundredths, then whole seconds), then the earlier finish,
-- then the earlier start. test/assignments/class-pages.test.ts checks this SQL against the
-- TypeScript.

ALTER TABLE assignment_learners ADD COLUMN seq INTEGER;
UPDATE assignment_learners SET seq = r.rn
  FROM (SELECT assignment_id, learner_id,
          row_number() OVER (PARTITION BY assignment_id ORDER BY joined_at, learner_id) AS rn
        FROM assignment_learners) AS r
  WHERE r.assignment_id = assignment_learners.assignment_id AND r.learner_id = assignment_learners.learner_id;
CREATE UNIQUE INDEX assignment_learners_by_seq ON assignment_learners (assignment_id, seq);

ALTER TABLE attempts ADD COLUMN counted INTEGER NOT NULL DEFAULT 0 CHECK (counted IN (0, 1));

-- How many learners joined and how many have a counted attempt.
CREATE TABLE assignment_counts (
  assignment_id TEXT PRIMARY KEY REFERENCES assignments(id) ON DELETE CASCADE,
  learners INTEGER NOT NULL DEFAULT 0,
  finished INTEGER NOT NULL DEFAULT 0
) STRICT, WITHOUT ROWID;

-- Counted attempts per tenth of the percentage (bin 9 holds 90 to 100 %).
CREATE TABLE assignment_score_bins (
  assignment_id TEXT NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
  bin INTEGER NOT NULL CHECK (bin BETWEEN 0 AND 9),
  learners INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (assignment_id, bin)
) STRICT, WITHOUT ROWID;

-- Per question, over the counted attempts that served it: n, and the sums of x (points on the
-- question, 0 when unanswered), x², r (the rest of the attempt's score), r² and x·r, from which
-- facility and discrimination follow (src/quiz/item-analysis.ts `statisticsFromSums`). `seed`
-- is the first counted attempt's, to show a parametric question as one learner saw it.
CREATE TABLE assignment_item_stats (
  assignment_id TEXT NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
  item_id TEXT NOT NULL,
  seed INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  sum_x REAL NOT NULL DEFAULT 0,
  sum_xx REAL NOT NULL DEFAULT 0,
  sum_r REAL NOT NULL DEFAULT 0,
  sum_rr REAL NOT NULL DEFAULT 0,
  sum_xr REAL NOT NULL DEFAULT 0,
  PRIMARY KEY (assignment_id, item_id)
) STRICT, WITHOUT ROWID;

-- Per question and option, how many counted attempts picked it ($.choice, each of $.choices, or
-- a true/false $.value: the responses of the choice types, see countOptionPicks).
CREATE TABLE assignment_option_picks (
  assignment_id TEXT NOT NULL REFERENCES assignments(id) ON DELETE CASCADE,
  item_id TEXT NOT NULL,
  option_id TEXT NOT NULL,
  learners INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (assignment_id, item_id, option_id)
) STRICT, WITHOUT ROWID;

-- Backfill: the counted attempts of today's data, then the sums over them.
UPDATE attempts SET counted = 1 WHERE id IN (
  SELECT id FROM (
    SELECT a.id, row_number() OVER (
      PARTITION BY a.assignment_id, a.learner_id
      ORDER BY ((65535 - min(max(CAST(round(a.score * 100) AS INTEGER), 0), 65535)) * 1048576
                + min(max((a.finished_at - a.started_at) / 1000, 0), 1048575)),
               a.finished_at, a.started_at) AS rn
    FROM attempts a WHERE a.assignment_id IS NOT NULL AND a.status = 'finished')
  WHERE rn = 1);

INSERT INTO assignment_counts (assignment_id, learners, finished)
  SELECT s.id,
    (SELECT count(*) FROM assignment_learners l WHERE l.assignment_id = s.id),
    (SELECT count(*) FROM attempts t WHERE t.assignment_id = s.id AND t.counted = 1)
  FROM assignments s;

INSERT INTO assignment_score_bins (assignment_id, bin, learners)
  SELECT t.assignment_id,
    min(9, max(0, CAST((round(100.0 * t.score / t.max_score * 100) / 100) / 10 AS INTEGER))) AS bin, count(*)
  FROM attempts t WHERE t.counted = 1 AND t.max_score > 0 GROUP BY t.assignment_id, bin;

INSERT INTO assignment_item_stats (assignment_id, item_id, seed, attempts, sum_x, sum_xx, sum_r, sum_rr, sum_xr)
  SELECT d.assignment_id, d.item_id, min(d.seed), count(*), sum(d.x), sum(d.x * d.x), sum(d.r), sum(d.r * d.r), sum(d.x * d.r)
  FROM (SELECT t.assignment_id, t.seed, j.value AS item_id, coalesce(n.points, 0) AS x, t.score - coalesce(n.points, 0) AS r
        FROM attempts t JOIN json_each(t.item_ids) j
        LEFT JOIN answers n ON n.attempt_id = t.id AND n.item_id = j.value
        WHERE t.counted = 1) AS d
  GROUP BY d.assignment_id, d.item_id;

INSERT INTO assignment_option_picks (assignment_id, item_id, option_id, learners)
  SELECT p.assignment_id, p.item_id, p.option_id, count(*)
  FROM (SELECT t.assignment_id, n.item_id,
          CASE WHEN json_type(n.response, '$.value') IN ('true', 'false') THEN json_type(n.response, '$.value')
               ELSE json_extract(n.response, '$.choice') END AS option_id
        FROM attempts t JOIN answers n ON n.attempt_id = t.id WHERE t.counted = 1
        UNION ALL
        SELECT t.assignment_id, n.item_id, c.value
        FROM attempts t JOIN answers n ON n.attempt_id = t.id JOIN json_each(n.response, '$.choices') c
        WHERE t.counted = 1) AS p
  WHERE p.option_id IS NOT NULL
  GROUP BY p.assignment_id, p.item_id, p.option_id;

-- Joining: one more learner (and a seq for an insert that did not give one).
CREATE TRIGGER assignment_learner_joined AFTER INSERT ON assignment_learners
BEGIN
  INSERT INTO assignment_counts (assignment_id, learners) VALUES (NEW.assignment_id, 1)
    ON CONFLICT (assignment_id) DO UPDATE SET learners = learners + 1;
  UPDATE assignment_learners
    SET seq = (SELECT coalesce(max(seq), 0) + 1 FROM assignment_learners WHERE assignment_id = NEW.assignment_id)
    WHERE NEW.seq IS NULL AND assignment_id = NEW.assignment_id AND learner_id = NEW.learner_id;
END;

CREATE TRIGGER assignment_learner_left AFTER DELETE ON assignment_learners
BEGIN
  UPDATE assignment_counts SET learners = learners - 1 WHERE assignment_id = OLD.assignment_id;
END;

-- A finish (by the learner or the sweep) that beats the learner's counted attempt replaces it in
-- the sums: its contributions are added and the old one's taken away, one row write per question.
CREATE TRIGGER attempt_counted_on_finish AFTER UPDATE OF status ON attempts
WHEN OLD.status = 'in-progress' AND NEW.status = 'finished' AND NEW.assignment_id IS NOT NULL
  AND NOT EXISTS (
    SELECT 1 FROM attempts c
    WHERE c.assignment_id = NEW.assignment_id AND c.learner_id = NEW.learner_id AND c.counted = 1 AND c.id <> NEW.id
      AND ((65535 - min(max(CAST(round(c.score * 100) AS INTEGER), 0), 65535)) * 1048576
            + min(max((c.finished_at - c.started_at) / 1000, 0), 1048575),
           c.finished_at, c.started_at)
       <= ((65535 - min(max(CAST(round(NEW.score * 100) AS INTEGER), 0), 65535)) * 1048576
            + min(max((NEW.finished_at - NEW.started_at) / 1000, 0), 1048575),
           NEW.finished_at, NEW.started_at))
BEGIN
  INSERT INTO assignment_counts (assignment_id, finished)
    SELECT NEW.assignment_id, 1 WHERE NOT EXISTS (
      SELECT 1 FROM attempts c WHERE c.assignment_id = NEW.assignment_id AND c.learner_id = NEW.learner_id AND c.counted = 1)
    ON CONFLICT (assignment_id) DO UPDATE SET finished = finished + 1;

  INSERT INTO assignment_score_bins (assignment_id, bin, learners)
    SELECT NEW.assignment_id, b.bin, sum(b.sign) FROM (
      SELECT 1 AS sign, min(9, max(0, CAST((round(100.0 * NEW.score / NEW.max_score * 100) / 100) / 10 AS INTEGER))) AS bin
      WHERE NEW.max_score > 0
      UNION ALL
      SELECT -1, min(9, max(0, CAST((round(100.0 * c.score / c.max_score * 100) / 100) / 10 AS INTEGER)))
      FROM attempts c
      WHERE c.assignment_id = NEW.assignment_id AND c.learner_id = NEW.learner_id AND c.counted = 1 AND c.max_score > 0
    ) AS b GROUP BY b.bin
    ON CONFLICT (assignment_id, bin) DO UPDATE SET learners = learners + excluded.learners;

  INSERT INTO assignment_item_stats (assignment_id, item_id, seed, attempts, sum_x, sum_xx, sum_r, sum_rr, sum_xr)
    SELECT NEW.assignment_id, d.item_id, NEW.seed, sum(d.sign), sum(d.sign * d.x), sum(d.sign * d.x * d.x),
      sum(d.sign * d.r), sum(d.sign * d.r * d.r), sum(d.sign * d.x * d.r)
    FROM (
      SELECT 1 AS sign, j.value AS item_id, coalesce(n.points, 0) AS x, NEW.score - coalesce(n.points, 0) AS r
      FROM json_each(NEW.item_ids) j LEFT JOIN answers n ON n.attempt_id = NEW.id AND n.item_id = j.value
      UNION ALL
      SELECT -1, j.value, coalesce(n.points, 0), c.score - coalesce(n.points, 0)
      FROM attempts c JOIN json_each(c.item_ids) j LEFT JOIN answers n ON n.attempt_id = c.id AND n.item_id = j.value
      WHERE c.assignment_id = NEW.assignment_id AND c.learner_id = NEW.learner_id AND c.counted = 1
    ) AS d GROUP BY d.item_id
    ON CONFLICT (assignment_id, item_id) DO UPDATE SET attempts = attempts + excluded.attempts,
      sum_x = sum_x + excluded.sum_x, sum_xx = sum_xx + excluded.sum_xx, sum_r = sum_r + excluded.sum_r,
      sum_rr = sum_rr + excluded.sum_rr, sum_xr = sum_xr + excluded.sum_xr;

  INSERT INTO assignment_option_picks (assignment_id, item_id, option_id, learners)
    SELECT NEW.assignment_id, p.item_id, p.option_id, sum(p.sign) FROM (
      SELECT CASE WHEN t.id = NEW.id THEN 1 ELSE -1 END AS sign, n.item_id,
        CASE WHEN json_type(n.response, '$.value') IN ('true', 'false') THEN json_type(n.response, '$.value')
             ELSE json_extract(n.response, '$.choice') END AS option_id
      FROM attempts t JOIN answers n ON n.attempt_id = t.id
      WHERE t.assignment_id = NEW.assignment_id AND t.learner_id = NEW.learner_id AND (t.counted = 1 OR t.id = NEW.id)
      UNION ALL
      SELECT CASE WHEN t.id = NEW.id THEN 1 ELSE -1 END, n.item_id, c.value
      FROM attempts t JOIN answers n ON n.attempt_id = t.id JOIN json_each(n.response, '$.choices') c
      WHERE t.assignment_id = NEW.assignment_id AND t.learner_id = NEW.learner_id AND (t.counted = 1 OR t.id = NEW.id)
    ) AS p WHERE p.option_id IS NOT NULL GROUP BY p.item_id, p.option_id
    ON CONFLICT (assignment_id, item_id, option_id) DO UPDATE SET learners = learners + excluded.learners;

  UPDATE attempts SET counted = (id = NEW.id)
    WHERE assignment_id = NEW.assignment_id AND learner_id = NEW.learner_id AND (counted = 1 OR id = NEW.id);
END;

-- A counted attempt deleted (a learner removed or gone, the assignment deleted): its
-- contributions leave the sums. Before the delete, while its answers are still there; only
-- updates, so a cascade that already removed the sums' rows changes nothing.
CREATE TRIGGER attempt_counted_deleted BEFORE DELETE ON attempts
WHEN OLD.counted = 1
BEGIN
  UPDATE assignment_counts SET finished = finished - 1 WHERE assignment_id = OLD.assignment_id;
  UPDATE assignment_score_bins SET learners = learners - 1
    WHERE OLD.max_score > 0 AND assignment_id = OLD.assignment_id
      AND bin = min(9, max(0, CAST((round(100.0 * OLD.score / OLD.max_score * 100) / 100) / 10 AS INTEGER)));
  UPDATE assignment_item_stats SET attempts = attempts - 1,
      sum_x = sum_x - d.x, sum_xx = sum_xx - d.x * d.x, sum_r = sum_r - d.r, sum_rr = sum_rr - d.r * d.r,
      sum_xr = sum_xr - d.x * d.r
    FROM (SELECT j.value AS item_id, coalesce(n.points, 0) AS x, OLD.score - coalesce(n.points, 0) AS r
          FROM json_each(OLD.item_ids) j LEFT JOIN answers n ON n.attempt_id = OLD.id AND n.item_id = j.value) AS d
    WHERE assignment_item_stats.assignment_id = OLD.assignment_id AND assignment_item_stats.item_id = d.item_id;
  UPDATE assignment_option_picks SET learners = learners - p.k
    FROM (SELECT q.item_id, q.option_id, count(*) AS k FROM (
            SELECT n.item_id,
              CASE WHEN json_type(n.response, '$.value') IN ('true', 'false') THEN json_type(n.response, '$.value')
                   ELSE json_extract(n.response, '$.choice') END AS option_id
            FROM answers n WHERE n.attempt_id = OLD.id
            UNION ALL
            SELECT n.item_id, c.value FROM answers n JOIN json_each(n.response, '$.choices') c WHERE n.attempt_id = OLD.id
          ) AS q WHERE q.option_id IS NOT NULL GROUP BY q.item_id, q.option_id) AS p
    WHERE assignment_option_picks.assignment_id = OLD.assignment_id AND assignment_option_picks.item_id = p.item_id
      AND assignment_option_picks.option_id = p.option_id;
END;
