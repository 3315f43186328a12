-- Whether an attempt shows choices in a seeded random order (a teacher may keep the bank's order).
ALTER TABLE attempts ADD COLUMN shuffle_choices INTEGER NOT NULL DEFAULT 1 CHECK (shuffle_choices IN (0, 1));
