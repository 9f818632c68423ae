-- The PostgreSQL twin of db/010-void.sql.
INSERT INTO status_transition (from_status, to_status) VALUES
	('on_loan', 'available');
