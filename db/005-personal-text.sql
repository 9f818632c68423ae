-- Free text about a person (issue 12) is personal data: it is kept in its
-- table and never copied into an event, so that erasing the person
-- removes it.  A note given with a change (a check-in, a status change)
-- has no column of its own: it is kept here beside its event, with the
-- borrower it is about, and the event records only that a note was given.
CREATE TABLE event_note (
	event_id    INTEGER PRIMARY KEY REFERENCES event(id),
	borrower_id INTEGER REFERENCES borrower(id),
	note        TEXT NOT NULL
) STRICT;
CREATE INDEX event_note_borrower ON event_note(borrower_id);

-- The notes and session topics the log held until now move out of it.
-- A device's note is about the borrower of its last loan before it.
INSERT INTO event_note (event_id, borrower_id, note)
SELECT e.id, CASE e.entity
	WHEN 'loan_item' THEN (SELECT l.borrower_id FROM loan_item i
		JOIN loan l ON l.id = i.loan_id WHERE i.id = e.entity_id)
	WHEN 'device' THEN (SELECT l.borrower_id FROM loan_item i
		JOIN loan l ON l.id = i.loan_id WHERE i.device_id = e.entity_id
		AND l.out_at <= e.at ORDER BY l.out_at DESC, i.id DESC LIMIT 1)
	END, json_extract(e.after, '$.note')
FROM event e WHERE json_valid(e.after)
AND json_type(e.after, '$.note') = 'text';

DROP TRIGGER event_no_update;
UPDATE event SET after = json_set(after, '$.note', '[personal]')
WHERE id IN (SELECT event_id FROM event_note);
UPDATE event SET after = json_set(after, '$.topic', '[personal]')
WHERE entity = 'session' AND json_valid(after)
AND json_type(after, '$.topic') = 'text';
CREATE TRIGGER event_no_update BEFORE UPDATE ON event
BEGIN
	SELECT RAISE(ABORT, 'event is append-only');
END;

-- What an erasure before this version left behind goes now.
DELETE FROM event_note WHERE borrower_id IN
	(SELECT id FROM borrower WHERE forgotten_at IS NOT NULL);
UPDATE support_session SET topic = 'erased' WHERE borrower_id IN
	(SELECT id FROM borrower WHERE forgotten_at IS NOT NULL);
