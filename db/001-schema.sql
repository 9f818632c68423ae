-- The whole lend domain (DESIGN.md).  Constraints live here so that a
-- program writing with the sqlite3 shell cannot break what the C code
-- promises; the C code checks first only to give a friendlier message.
--
-- Names avoid SQL reserved words (USER, GRANT) so that the same schema can
-- move to PostgreSQL: hence app_user and funding_grant.  Times are
-- ISO-8601 UTC text ('2026-05-01T09:30:00Z'), dates 'YYYY-MM-DD', money
-- integer pence.

CREATE TABLE setting (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

-- Next number for each allocated reference: device tags, borrower,
-- champion and loan refs.  A counter rather than max()+1 so that a deleted
-- or given tag is never handed out twice.
CREATE TABLE counter (
	name TEXT PRIMARY KEY,
	next INTEGER NOT NULL CHECK (next > 0)
) STRICT;

CREATE TABLE member (
	id         INTEGER PRIMARY KEY,
	code       TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 16),
	name       TEXT NOT NULL CHECK (name <> ''),
	created_at TEXT NOT NULL
) STRICT;

CREATE TABLE site (
	id         INTEGER PRIMARY KEY,
	code       TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 16),
	member_id  INTEGER NOT NULL REFERENCES member(id),
	name       TEXT NOT NULL CHECK (name <> ''),
	address    TEXT,
	hours      TEXT,
	created_at TEXT NOT NULL
) STRICT;

CREATE TABLE champion (
	id           INTEGER PRIMARY KEY,
	ref          TEXT NOT NULL UNIQUE,
	member_id    INTEGER NOT NULL REFERENCES member(id),
	name         TEXT NOT NULL CHECK (name <> ''),
	phone        TEXT,
	email        TEXT,
	languages    TEXT,
	created_at   TEXT NOT NULL,
	forgotten_at TEXT
) STRICT;

-- A staff login.  Admins and funders may stand outside every member (the
-- coordinator, a council officer); staff and champions belong to one.
CREATE TABLE app_user (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL UNIQUE CHECK (name <> ''),
	member_id   INTEGER REFERENCES member(id),
	role        TEXT NOT NULL
	            CHECK (role IN ('admin', 'staff', 'champion', 'funder')),
	champion_id INTEGER REFERENCES champion(id),
	created_at  TEXT NOT NULL,
	CHECK (member_id IS NOT NULL OR role IN ('admin', 'funder'))
) STRICT;

CREATE TABLE funding_grant (
	id         INTEGER PRIMARY KEY,
	code       TEXT NOT NULL UNIQUE CHECK (length(code) BETWEEN 1 AND 32),
	funder     TEXT NOT NULL CHECK (funder <> ''),
	programme  TEXT NOT NULL CHECK (programme <> ''),
	reference  TEXT,
	starts_on  TEXT NOT NULL CHECK (length(starts_on) = 10),
	ends_on    TEXT NOT NULL CHECK (length(ends_on) = 10),
	created_at TEXT NOT NULL,
	CHECK (ends_on >= starts_on)
) STRICT;

CREATE TABLE device_status (
	name TEXT PRIMARY KEY
) STRICT;
INSERT INTO device_status (name) VALUES
	('available'), ('on_loan'), ('quarantine'), ('repair'), ('lost'),
	('retired');

-- The only moves a device's status may make (DESIGN.md).  'lost' to
-- 'quarantine' is a lost device found again: it must be wiped before it is
-- lent.  The trigger below enforces the table for every writer.
CREATE TABLE status_transition (
	from_status TEXT NOT NULL REFERENCES device_status(name),
	to_status   TEXT NOT NULL REFERENCES device_status(name),
	PRIMARY KEY (from_status, to_status)
) STRICT;
INSERT INTO status_transition (from_status, to_status) VALUES
	('available', 'on_loan'), ('on_loan', 'quarantine'),
	('quarantine', 'available'),
	('available', 'repair'), ('quarantine', 'repair'),
	('repair', 'quarantine'),
	('on_loan', 'lost'), ('available', 'lost'), ('lost', 'quarantine'),
	('available', 'retired'), ('quarantine', 'retired'),
	('repair', 'retired'), ('lost', 'retired');

CREATE TABLE device (
	id              INTEGER PRIMARY KEY,
	tag             TEXT NOT NULL UNIQUE CHECK (length(tag) BETWEEN 1 AND 32),
	kind            TEXT NOT NULL CHECK (kind IN ('tablet', 'laptop', 'phone',
	                'hotspot', 'sim', 'accessory', 'other')),
	make            TEXT NOT NULL CHECK (make <> ''),
	model           TEXT NOT NULL CHECK (model <> ''),
	serial          TEXT,
	imei            TEXT CHECK (imei IS NULL OR length(imei) = 15),
	iccid           TEXT CHECK (iccid IS NULL OR length(iccid) IN (19, 20)),
	phone_number    TEXT,
	network         TEXT,
	data_allowance  TEXT,
	plan_expires_on TEXT CHECK (plan_expires_on IS NULL
	                            OR length(plan_expires_on) = 10),
	member_id       INTEGER NOT NULL REFERENCES member(id),
	site_id         INTEGER NOT NULL REFERENCES site(id),
	grant_id        INTEGER REFERENCES funding_grant(id),
	purchased_on    TEXT CHECK (purchased_on IS NULL
	                            OR length(purchased_on) = 10),
	cost_pence      INTEGER CHECK (cost_pence IS NULL OR cost_pence >= 0),
	status          TEXT NOT NULL DEFAULT 'available'
	                REFERENCES device_status(name),
	condition       TEXT NOT NULL DEFAULT 'good' CHECK (condition IN
	                ('new', 'good', 'fair', 'poor', 'damaged')),
	notes           TEXT,
	-- When the device entered the pool: reports count pool days from it.
	added_at        TEXT NOT NULL,
	-- Effective time of the last change, so that a back-dated change can be
	-- refused when it would land before it (paper fallback, issue 4).
	changed_at      TEXT NOT NULL
) STRICT;
CREATE INDEX device_member ON device(member_id);
CREATE INDEX device_site ON device(site_id);
CREATE INDEX device_grant ON device(grant_id);

CREATE TRIGGER device_status_moves BEFORE UPDATE OF status ON device
WHEN NEW.status <> OLD.status AND NOT EXISTS (
	SELECT 1 FROM status_transition
	WHERE from_status = OLD.status AND to_status = NEW.status)
BEGIN
	SELECT RAISE(ABORT, 'device status transition not allowed');
END;

-- A kit is a device with parts; a part belongs to one kit and is never its
-- own kit.  The parts go out and come back with the kit.
CREATE TABLE kit_part (
	kit_id  INTEGER NOT NULL REFERENCES device(id),
	part_id INTEGER NOT NULL UNIQUE REFERENCES device(id),
	PRIMARY KEY (kit_id, part_id),
	CHECK (kit_id <> part_id)
) STRICT;

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
	language          TEXT CHECK (language IS NULL OR length(language) = 2),
	consent_at        TEXT,
	consent_by        INTEGER REFERENCES app_user(id),
	consent_terms     TEXT,
	notes             TEXT,
	created_at        TEXT NOT NULL,
	forgotten_at      TEXT,
	CHECK ((consent_at IS NULL) = (consent_terms IS NULL))
) STRICT;
CREATE INDEX borrower_member ON borrower(member_id);

-- Which champion supports a borrower, over a span of dates; history kept.
CREATE TABLE support (
	id          INTEGER PRIMARY KEY,
	borrower_id INTEGER NOT NULL REFERENCES borrower(id),
	champion_id INTEGER NOT NULL REFERENCES champion(id),
	starts_on   TEXT NOT NULL CHECK (length(starts_on) = 10),
	ends_on     TEXT CHECK (ends_on IS NULL OR length(ends_on) = 10),
	CHECK (ends_on IS NULL OR ends_on >= starts_on)
) STRICT;
CREATE UNIQUE INDEX support_current ON support(borrower_id)
	WHERE ends_on IS NULL;
CREATE INDEX support_champion ON support(champion_id);

CREATE TABLE support_session (
	id          INTEGER PRIMARY KEY,
	borrower_id INTEGER NOT NULL REFERENCES borrower(id),
	champion_id INTEGER NOT NULL REFERENCES champion(id),
	held_on     TEXT NOT NULL CHECK (length(held_on) = 10),
	minutes     INTEGER NOT NULL CHECK (minutes > 0 AND minutes <= 1440),
	topic       TEXT NOT NULL CHECK (topic <> ''),
	recorded_by INTEGER NOT NULL REFERENCES app_user(id),
	created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX support_session_borrower ON support_session(borrower_id);
CREATE INDEX support_session_held ON support_session(held_on);

CREATE TABLE loan (
	id            INTEGER PRIMARY KEY,
	ref           TEXT NOT NULL UNIQUE,
	borrower_id   INTEGER NOT NULL REFERENCES borrower(id),
	site_id       INTEGER NOT NULL REFERENCES site(id),
	issued_by     INTEGER NOT NULL REFERENCES app_user(id),
	champion_id   INTEGER REFERENCES champion(id),
	out_at        TEXT NOT NULL,
	renewals      INTEGER NOT NULL DEFAULT 0 CHECK (renewals >= 0),
	signed_at     TEXT,
	signed_by     INTEGER REFERENCES app_user(id),
	terms_version TEXT,
	closed_at     TEXT,
	CHECK (closed_at IS NULL OR closed_at >= out_at)
) STRICT;
CREATE INDEX loan_borrower ON loan(borrower_id);
CREATE INDEX loan_out ON loan(out_at);

CREATE TABLE loan_item (
	id            INTEGER PRIMARY KEY,
	loan_id       INTEGER NOT NULL REFERENCES loan(id),
	device_id     INTEGER NOT NULL REFERENCES device(id),
	due_on        TEXT NOT NULL CHECK (length(due_on) = 10),
	condition_out TEXT,
	condition_in  TEXT,
	returned_at   TEXT,
	outcome       TEXT CHECK (outcome IN ('returned', 'lost')),
	CHECK ((returned_at IS NULL) = (outcome IS NULL))
) STRICT;
-- The rule that matters most: a device is never on two open loans.
CREATE UNIQUE INDEX loan_item_open ON loan_item(device_id)
	WHERE returned_at IS NULL;
CREATE INDEX loan_item_loan ON loan_item(loan_id);
CREATE INDEX loan_item_device ON loan_item(device_id);

CREATE TABLE hold (
	id                 INTEGER PRIMARY KEY,
	borrower_id        INTEGER NOT NULL REFERENCES borrower(id),
	kind               TEXT CHECK (kind IN ('tablet', 'laptop', 'phone',
	                   'hotspot', 'sim', 'accessory', 'other')),
	device_id          INTEGER REFERENCES device(id),
	placed_at          TEXT NOT NULL,
	status             TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN
	                   ('waiting', 'reserved', 'fulfilled', 'cancelled')),
	reserved_device_id INTEGER REFERENCES device(id),
	reserved_until     TEXT,
	closed_at          TEXT,
	CHECK ((kind IS NULL) <> (device_id IS NULL)),
	CHECK ((status = 'reserved') = (reserved_device_id IS NOT NULL))
) STRICT;
CREATE INDEX hold_status ON hold(status);

-- Append-only record of every change.  'at' is when it happened (a paper
-- form may be entered later), 'recorded_at' when it was written.  before
-- and after are JSON objects; for a person's personal fields they hold a
-- marker, never the value, so erasing a person leaves the log true.
CREATE TABLE event (
	id          INTEGER PRIMARY KEY,
	at          TEXT NOT NULL,
	recorded_at TEXT NOT NULL,
	actor_id    INTEGER REFERENCES app_user(id),
	entity      TEXT NOT NULL,
	entity_id   INTEGER,
	action      TEXT NOT NULL,
	before      TEXT,
	after       TEXT
) STRICT;
CREATE INDEX event_entity ON event(entity, entity_id);

CREATE TRIGGER event_no_update BEFORE UPDATE ON event
BEGIN
	SELECT RAISE(ABORT, 'event is append-only');
END;
CREATE TRIGGER event_no_delete BEFORE DELETE ON event
BEGIN
	SELECT RAISE(ABORT, 'event is append-only');
END;
