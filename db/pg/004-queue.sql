-- The PostgreSQL twin of db/004-queue.sql.  PostgreSQL changes a CHECK in
-- place: the hold table keeps its rows, ids and refs.
ALTER TABLE hold DROP CONSTRAINT hold_status_check;
ALTER TABLE hold ADD CONSTRAINT hold_status_check CHECK (status IN
	('waiting', 'reserved', 'fulfilled', 'cancelled', 'expired'));
-- One reservation per device (a device is set aside for one holder).
CREATE UNIQUE INDEX hold_reserved ON hold(reserved_device_id)
WHERE status = 'reserved';

-- SQLite's strftime(format, time, modifier...) for the forms lend uses:
-- the conversions %Y %m %d %H %M %S, the time 'now' or ISO 8601 text, and
-- modifiers '+N days', '-N hours' and the like.  In UTC, as SQLite's.
CREATE FUNCTION strftime(fmt TEXT, t TEXT, VARIADIC mods TEXT[] DEFAULT '{}')
RETURNS TEXT LANGUAGE plpgsql STABLE AS $$
DECLARE
	ts TIMESTAMP;
	m TEXT;
BEGIN
	IF t IS NULL THEN
		RETURN NULL;
	END IF;
	ts := CASE WHEN t = 'now' THEN now() AT TIME ZONE 'UTC'
	      ELSE rtrim(t, 'Z')::timestamp END;
	FOREACH m IN ARRAY mods LOOP
		ts := ts + m::interval;
	END LOOP;
	RETURN replace(replace(replace(replace(replace(replace(replace(fmt,
		'%Y', to_char(ts, 'YYYY')), '%m', to_char(ts, 'MM')),
		'%d', to_char(ts, 'DD')), '%H', to_char(ts, 'HH24')),
		'%M', to_char(ts, 'MI')), '%S', to_char(ts, 'SS')), '%%', '%');
END $$;

-- SQLite's date(time, modifier...): strftime's date.
CREATE FUNCTION date(t TEXT, VARIADIC mods TEXT[] DEFAULT '{}')
RETURNS TEXT LANGUAGE sql STABLE
AS $$ SELECT strftime('%Y-%m-%d', t, VARIADIC mods) $$;

-- An IMEI and an ICCID name one device across the pool, a serial one
-- device of its make.  A pool may already hold a pair: the device added
-- first keeps the value; a later one gives it up, its notes saying which
-- device had it too, and an event records the edit.
INSERT INTO event (at, recorded_at, actor_id, entity, entity_id, action,
                   before, after)
SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), NULL, 'device', d.id, 'edit',
       '{"imei":' || json_quote(CASE WHEN di THEN d.imei END) ||
       ',"iccid":' || json_quote(CASE WHEN dc THEN d.iccid END) ||
       ',"serial":' || json_quote(CASE WHEN ds THEN d.serial END) || '}',
       '{"imei":null,"iccid":null,"serial":null}'
FROM (SELECT d.*,
        EXISTS (SELECT 1 FROM device o WHERE o.imei = d.imei
                AND o.id < d.id) AS di,
        EXISTS (SELECT 1 FROM device o WHERE o.iccid = d.iccid
                AND o.id < d.id) AS dc,
        EXISTS (SELECT 1 FROM device o WHERE o.make = d.make
                AND o.serial = d.serial AND o.id < d.id) AS ds
      FROM device d) d
WHERE di OR dc OR ds;

UPDATE device SET
	notes = trim(coalesce(notes, '') || ' ' ||
	        coalesce('IMEI ' || imei || ' is also on ' || (SELECT o.tag
	        FROM device o WHERE o.imei = device.imei AND o.id < device.id
	        ORDER BY o.id LIMIT 1) || '.', '')),
	imei = NULL
WHERE EXISTS (SELECT 1 FROM device o WHERE o.imei = device.imei
              AND o.id < device.id);
UPDATE device SET
	notes = trim(coalesce(notes, '') || ' ' ||
	        coalesce('ICCID ' || iccid || ' is also on ' || (SELECT o.tag
	        FROM device o WHERE o.iccid = device.iccid AND o.id < device.id
	        ORDER BY o.id LIMIT 1) || '.', '')),
	iccid = NULL
WHERE EXISTS (SELECT 1 FROM device o WHERE o.iccid = device.iccid
              AND o.id < device.id);
UPDATE device SET
	notes = trim(coalesce(notes, '') || ' ' ||
	        coalesce('Serial ' || serial || ' is also on ' || (SELECT o.tag
	        FROM device o WHERE o.make = device.make
	        AND o.serial = device.serial AND o.id < device.id
	        ORDER BY o.id LIMIT 1) || '.', '')),
	serial = NULL
WHERE EXISTS (SELECT 1 FROM device o WHERE o.make = device.make
              AND o.serial = device.serial AND o.id < device.id);

CREATE UNIQUE INDEX device_imei ON device(imei) WHERE imei IS NOT NULL;
CREATE UNIQUE INDEX device_iccid ON device(iccid) WHERE iccid IS NOT NULL;
CREATE UNIQUE INDEX device_serial ON device(make, serial)
WHERE serial IS NOT NULL;
