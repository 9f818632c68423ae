-- The PostgreSQL twin of db/008-member-phone.sql.
ALTER TABLE member ADD COLUMN phone TEXT COLLATE "C"
	CHECK (phone IS NULL OR phone <> '');
