-- The PostgreSQL twin of db/005-personal-text.sql: free text about a
-- person is kept in its table and never copied into an event.

-- SQLite's JSON functions for the forms lend uses: a path '$.key' into
-- an object.  json_set keeps the object's keys in order and writes it as
-- SQLite does, with no spaces, so that an event reads the same on both.
CREATE FUNCTION json_valid(t TEXT) RETURNS BOOLEAN
LANGUAGE plpgsql IMMUTABLE STRICT AS $$
BEGIN
	PERFORM t::json;
	RETURN true;
EXCEPTION WHEN others THEN
	RETURN false;
END $$;
CREATE FUNCTION json_type(t TEXT, path TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE STRICT
AS $$ SELECT CASE json_typeof(t::json -> substr(path, 3))
	WHEN 'string' THEN 'text'
	WHEN 'number' THEN CASE WHEN (t::json ->> substr(path, 3)) ~ '^-?[0-9]+$'
	                   THEN 'integer' ELSE 'real' END
	WHEN 'boolean' THEN t::json ->> substr(path, 3)
	ELSE json_typeof(t::json -> substr(path, 3)) END $$;
CREATE FUNCTION json_extract(t TEXT, path TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE STRICT
AS $$ SELECT t::json ->> substr(path, 3) $$;
CREATE FUNCTION json_set(t TEXT, path TEXT, v TEXT) RETURNS TEXT
LANGUAGE sql IMMUTABLE
AS $$ SELECT '{' || coalesce(string_agg(to_json(k)::text || ':' || j,
	',' ORDER BY o), '') || '}' FROM (
	SELECT e.key AS k, CASE WHEN e.key = substr(path, 3)
	       THEN coalesce(to_json(v)::text, 'null') ELSE e.value::text END
	       AS j, e.o FROM json_each(t::json) WITH ORDINALITY AS e(key, value, o)
	UNION ALL
	SELECT substr(path, 3), coalesce(to_json(v)::text, 'null'), 1e9
	WHERE t::json -> substr(path, 3) IS NULL) s $$;
-- The id the last INSERT into a table of lend's gave (its sequence's).
CREATE FUNCTION last_insert_rowid() RETURNS BIGINT
LANGUAGE sql VOLATILE AS $$ SELECT lastval() $$;

CREATE TABLE event_note (
	event_id    BIGINT PRIMARY KEY REFERENCES event(id),
	borrower_id BIGINT REFERENCES borrower(id),
	note        TEXT COLLATE "C" NOT NULL
);
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

ALTER TABLE event DISABLE TRIGGER event_no_update;
UPDATE event SET after = json_set(after, '$.note', '[personal]')
WHERE id IN (SELECT event_id FROM event_note);
UPDATE event SET after = json_set(after, '$.topic', '[personal]')
WHERE entity = 'session' AND json_valid(after)
AND json_type(after, '$.topic') = 'text';
ALTER TABLE event ENABLE TRIGGER event_no_update;

-- What an erasure before this version left behind goes now.
DELETE FROM event_note WHERE borrower_id IN
	(SELECT id FROM borrower WHERE forgotten_at IS NOT NULL);
UPDATE support_session SET topic = 'erased' WHERE borrower_id IN
	(SELECT id FROM borrower WHERE forgotten_at IS NOT NULL);
