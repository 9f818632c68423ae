-- The PostgreSQL twin of db/002-holds.sql.
ALTER TABLE hold ADD COLUMN ref TEXT COLLATE "C";
CREATE UNIQUE INDEX hold_ref ON hold(ref);
INSERT INTO counter (name, next) VALUES ('hold', 1);

CREATE INDEX loan_item_due ON loan_item(due_on) WHERE returned_at IS NULL;
