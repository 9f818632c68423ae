-- Issue 20: a borrower may choose English and Welsh both ('en+cy'), a
-- champion's list is recorded as reminders are, and the outbox files that
-- name a borrower are recorded, so that erasing them removes those files.

-- SQLite cannot change a CHECK in place: borrower is made again, its rows
-- and ids kept.  Other tables reference it, so the foreign keys are
-- checked at the commit, once the rows are back, not at the drop.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE borrower_copy AS SELECT * FROM borrower;
DROP TABLE borrower;
CREATE TABLE borrower (
	id                INTEGER PRIMARY KEY,
	ref               TEXT NOT NULL UNIQUE,
	name              TEXT NOT NULL CHECK (name <> ''),
	phone             TEXT,
	email             TEXT,
	-- The outward code only ('OL11'): a whole postcode would identify a
	-- household, which a lending library has no need to know.
	postcode_district TEXT NOT NULL
	                  CHECK (length(postcode_district) BETWEEN 2 AND 4),
	member_id         INTEGER NOT NULL REFERENCES member(id),
	-- An ISO 639-1 code, or 'en+cy': both, English first.
	language          TEXT CHECK (language IS NULL OR length(language) = 2
	                  OR language = 'en+cy'),
	consent_at        TEXT,
	consent_by        INTEGER REFERENCES app_user(id),
	consent_terms     TEXT,
	notes             TEXT,
	created_at        TEXT NOT NULL,
	forgotten_at      TEXT,
	name_folded       TEXT,
	CHECK ((consent_at IS NULL) = (consent_terms IS NULL))
) STRICT;
INSERT INTO borrower (id, ref, name, phone, email, postcode_district,
                      member_id, language, consent_at, consent_by,
                      consent_terms, notes, created_at, forgotten_at,
                      name_folded)
SELECT id, ref, name, phone, email, postcode_district, member_id, language,
       consent_at, consent_by, consent_terms, notes, created_at,
       forgotten_at, name_folded FROM borrower_copy;
DROP TABLE borrower_copy;
CREATE INDEX borrower_member ON borrower(member_id);

-- Each champion's list (lend remind --champions), once a champion a day:
-- a second run that day writes nothing again, a failed one is tried
-- again.  What it listed is not kept: the loans and reminders say it.
CREATE TABLE champion_list (
	id          INTEGER PRIMARY KEY,
	champion_id INTEGER NOT NULL REFERENCES champion(id),
	day         TEXT NOT NULL CHECK (length(day) = 10),
	channel     TEXT NOT NULL CHECK (channel IN ('email', 'letter')),
	status      TEXT NOT NULL CHECK (status IN ('delivered', 'failed')),
	attempts    INTEGER NOT NULL DEFAULT 1 CHECK (attempts > 0),
	created_at  TEXT NOT NULL,
	sent_at     TEXT,
	error       TEXT,
	UNIQUE (champion_id, day)
) STRICT;

-- The files lend wrote to the outbox (text messages, letters, champions'
-- lists), a row for each borrower a file names, its path absolute.
-- Erasing the borrower removes those still there; one a gateway took is
-- out of lend's reach.
CREATE TABLE outbox_file (
	id          INTEGER PRIMARY KEY,
	borrower_id INTEGER NOT NULL REFERENCES borrower(id),
	path        TEXT NOT NULL CHECK (path <> ''),
	written_at  TEXT NOT NULL,
	UNIQUE (borrower_id, path)
) STRICT;
