-- The PostgreSQL twin of db/003-pool.sql.  The trigger sets left_at on
-- the row as it changes (BEFORE), where SQLite's updates it after.
ALTER TABLE device ADD COLUMN left_at TEXT COLLATE "C";
UPDATE device SET left_at = changed_at WHERE status IN ('retired', 'lost');

CREATE FUNCTION device_left() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.status <> OLD.status THEN
		NEW.left_at := CASE WHEN NEW.status IN ('retired', 'lost')
		               THEN NEW.changed_at ELSE NULL END;
	END IF;
	RETURN NEW;
END $$;
CREATE TRIGGER device_left BEFORE UPDATE OF status ON device
FOR EACH ROW EXECUTE FUNCTION device_left();

CREATE INDEX loan_closed ON loan(closed_at);
DROP INDEX loan_borrower;
CREATE INDEX loan_borrower_out ON loan(borrower_id, out_at);
CREATE INDEX support_session_champion ON support_session(champion_id);
