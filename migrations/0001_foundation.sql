-- Foundation: a table the health check can read without touching learner data.
CREATE TABLE IF NOT EXISTS app_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
INSERT OR IGNORE INTO app_meta (key, value) VALUES ('schema', 'article-quiz');
