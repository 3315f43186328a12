-- Deleting an assignment deletes its board (the board is named by text, so no cascade does it).
-- This trigger was first added by editing 0004 after it had been committed, so a database
-- migrated before that edit never got it. It lives here now; dropping it first makes this
-- migration apply cleanly whether or not 0004 created it.
DROP TRIGGER IF EXISTS leaderboard_assignment_deleted;

CREATE TRIGGER leaderboard_assignment_deleted AFTER DELETE ON assignments
BEGIN
  DELETE FROM leaderboard_entries WHERE board = 'a:' || old.id;
  DELETE FROM leaderboard_counts WHERE board = 'a:' || old.id;
  DELETE FROM leaderboard_boards WHERE board = 'a:' || old.id;
END;

-- Where the trigger was missing, boards of assignments deleted since then are still there.
DELETE FROM leaderboard_entries WHERE board LIKE 'a:%' AND substr(board, 3) NOT IN (SELECT id FROM assignments);
DELETE FROM leaderboard_counts WHERE board LIKE 'a:%' AND substr(board, 3) NOT IN (SELECT id FROM assignments);
DELETE FROM leaderboard_boards WHERE board LIKE 'a:%' AND substr(board, 3) NOT IN (SELECT id FROM assignments);
