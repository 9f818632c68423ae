-- The PostgreSQL twin of db/010-void.sql.
INSERT INTO status_transition (from_status, to_status)
	SELECT 'on_loan', 'available' WHERE NOT EXISTS (
		SELECT 1 FROM status_transition
		WHERE from_status = 'on_loan' AND to_status = 'available');
