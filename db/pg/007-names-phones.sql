-- The PostgreSQL twin of db/007-names-phones.sql.
ALTER TABLE app_user ADD COLUMN full_name TEXT COLLATE "C"
	CHECK (full_name IS NULL OR full_name <> '');
ALTER TABLE site ADD COLUMN phone TEXT COLLATE "C";
