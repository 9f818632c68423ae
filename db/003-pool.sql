-- When a device left the pool (retired or lost), so that a report can
-- count the pool on any date: pool days run from added_at to left_at.
-- A trigger keeps it for every writer; a lost device that is found
-- returns to the pool.
ALTER TABLE device ADD COLUMN left_at TEXT;
UPDATE device SET left_at = changed_at WHERE status IN ('retired', 'lost');

CREATE TRIGGER device_left AFTER UPDATE OF status ON device
WHEN NEW.status <> OLD.status
BEGIN
	UPDATE device SET left_at = CASE
		WHEN NEW.status IN ('retired', 'lost') THEN NEW.changed_at
		ELSE NULL END
	WHERE id = NEW.id;
END;

-- Reports read loans by the day they started and closed, and a
-- borrower's loans in time order (whether they borrowed in a period, and
-- month by month without a set of every borrower in memory).
CREATE INDEX loan_closed ON loan(closed_at);
DROP INDEX loan_borrower;
CREATE INDEX loan_borrower_out ON loan(borrower_id, out_at);
CREATE INDEX support_session_champion ON support_session(champion_id);
