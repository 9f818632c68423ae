-- Holds get a reference people can say at the desk and type into
-- lend hold cancel, allocated like the others.
ALTER TABLE hold ADD COLUMN ref TEXT;
CREATE UNIQUE INDEX hold_ref ON hold(ref);
INSERT INTO counter (name, next) VALUES ('hold', 1);

-- Overdue lists read open items by due date.
CREATE INDEX loan_item_due ON loan_item(due_on) WHERE returned_at IS NULL;
