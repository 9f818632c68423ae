-- Issue 16: the browser desk.  Users log in with a password, kept only as
-- its argon2id hash (libsodium's string, parameters and salt included);
-- a user is disabled, never deleted, so the history that names them stays
-- true.
ALTER TABLE app_user ADD COLUMN password_hash TEXT
	CHECK (password_hash IS NULL OR length(password_hash) BETWEEN 1 AND 255);
ALTER TABLE app_user ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0
	CHECK (disabled IN (0, 1));

-- A login session of the desk: only the SHA-256 of its token is kept, so
-- a copy of the database opens no session.  Times are seconds since the
-- epoch, of the server's clock, as the server compares them.
CREATE TABLE login_session (
	id           INTEGER PRIMARY KEY,
	token_hash   TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
	user_id      INTEGER NOT NULL REFERENCES app_user(id),
	csrf         TEXT NOT NULL CHECK (length(csrf) = 64),
	created_at   INTEGER NOT NULL,
	last_used_at INTEGER NOT NULL,
	ended_at     INTEGER
) STRICT;
CREATE INDEX login_session_user ON login_session(user_id);

-- The signature a borrower drew at the desk, kept with the loan and drawn
-- on its agreement.  A picture of a person's hand: erasing the borrower
-- deletes the row; the signing's event keeps only the SHA-256.
CREATE TABLE loan_signature (
	loan_id   INTEGER PRIMARY KEY REFERENCES loan(id),
	png       BLOB NOT NULL CHECK (length(png) BETWEEN 8 AND 204800),
	sha256    TEXT NOT NULL CHECK (length(sha256) = 64),
	signed_at TEXT NOT NULL
) STRICT;
