-- Issue 20: reminders sent, outcomes told at return, and devices given
-- to their borrowers.

-- A loan can end by giving the device to the borrower: 'gifted' is an
-- end state beside 'retired', reached only from on_loan (lend gift), and
-- the device leaves the pool then.
INSERT INTO device_status (name) VALUES ('gifted');
INSERT INTO status_transition (from_status, to_status)
VALUES ('on_loan', 'gifted');

DROP TRIGGER device_left;
CREATE TRIGGER device_left AFTER UPDATE OF status ON device
WHEN NEW.status <> OLD.status
BEGIN
	UPDATE device SET left_at = CASE
		WHEN NEW.status IN ('retired', 'lost', 'gifted') THEN NEW.changed_at
		ELSE NULL END
	WHERE id = NEW.id;
END;

-- A device given away: from which loan, when, by whom, and the end of a
-- SIM's data plan as it was given (the device row may change later).  The
-- reason is free text about a person: it is kept as the event's note
-- (event_note), so that erasing the borrower removes it.
CREATE TABLE gift (
	id              INTEGER PRIMARY KEY,
	loan_id         INTEGER NOT NULL REFERENCES loan(id),
	device_id       INTEGER NOT NULL UNIQUE REFERENCES device(id),
	plan_expires_on TEXT CHECK (plan_expires_on IS NULL
	                            OR length(plan_expires_on) = 10),
	given_by        INTEGER NOT NULL REFERENCES app_user(id),
	given_at        TEXT NOT NULL
) STRICT;
CREATE INDEX gift_loan ON gift(loan_id);
CREATE INDEX gift_given ON gift(given_at);

-- What a borrower said a loan helped with, told at its return: keys of
-- the setting 'outcomes'.  Counted in the funder report as people.
CREATE TABLE loan_outcome (
	loan_id     INTEGER NOT NULL REFERENCES loan(id),
	outcome     TEXT NOT NULL CHECK (length(outcome) BETWEEN 1 AND 32),
	recorded_at TEXT NOT NULL,
	PRIMARY KEY (loan_id, outcome)
) STRICT;
CREATE INDEX loan_outcome_recorded ON loan_outcome(recorded_at);

-- Each reminder of a loan: which one (due_soon, overdue_N days), for the
-- due date it reminds of (a renewal brings new ones), by which channel,
-- and whether it went.  Unique, so that a run twice sends nothing twice;
-- a failed one is tried again by the next run.  No address is kept here:
-- the borrower's record has it, and erasing them leaves this true.
CREATE TABLE reminder (
	id         INTEGER PRIMARY KEY,
	loan_id    INTEGER NOT NULL REFERENCES loan(id),
	which      TEXT NOT NULL CHECK (which = 'due_soon'
	           OR substr(which, 1, 8) = 'overdue_'),
	due_on     TEXT NOT NULL CHECK (length(due_on) = 10),
	channel    TEXT NOT NULL CHECK (channel IN ('email', 'sms', 'letter')),
	status     TEXT NOT NULL CHECK (status IN ('delivered', 'failed')),
	attempts   INTEGER NOT NULL DEFAULT 1 CHECK (attempts > 0),
	created_at TEXT NOT NULL,
	sent_at    TEXT,
	error      TEXT,
	UNIQUE (loan_id, which, due_on)
) STRICT;
