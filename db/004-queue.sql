-- Issue 13: a reservation whose days run out ends as 'expired', so that
-- the device passes to the next hold and the borrower may queue again.
-- SQLite cannot change a CHECK in place: the table is made again, its
-- rows, ids and refs kept.  Nothing references hold.
CREATE TABLE hold_new (
	id                 INTEGER PRIMARY KEY,
	borrower_id        INTEGER NOT NULL REFERENCES borrower(id),
	kind               TEXT CHECK (kind IN ('tablet', 'laptop', 'phone',
	                   'hotspot', 'sim', 'accessory', 'other')),
	device_id          INTEGER REFERENCES device(id),
	placed_at          TEXT NOT NULL,
	status             TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN
	                   ('waiting', 'reserved', 'fulfilled', 'cancelled',
	                    'expired')),
	reserved_device_id INTEGER REFERENCES device(id),
	reserved_until     TEXT,
	closed_at          TEXT,
	ref                TEXT,
	CHECK ((kind IS NULL) <> (device_id IS NULL)),
	CHECK ((status = 'reserved') = (reserved_device_id IS NOT NULL))
) STRICT;
INSERT INTO hold_new (id, borrower_id, kind, device_id, placed_at, status,
                      reserved_device_id, reserved_until, closed_at, ref)
SELECT id, borrower_id, kind, device_id, placed_at, status,
       reserved_device_id, reserved_until, closed_at, ref FROM hold;
DROP TABLE hold;
ALTER TABLE hold_new RENAME TO hold;
CREATE UNIQUE INDEX hold_ref ON hold(ref);
CREATE INDEX hold_status ON hold(status);
-- One reservation per device (a device is set aside for one holder).
CREATE UNIQUE INDEX hold_reserved ON hold(reserved_device_id)
WHERE status = 'reserved';

-- An IMEI and an ICCID name one device across the pool, a serial one
-- device of its make.  A pool may already hold a pair (a typo, a copied
-- row): the device added first keeps the value; a later one gives it up,
-- its notes saying which device had it too, and an event records the
-- edit, so that staff can check the box and put the right value back.
INSERT INTO event (at, recorded_at, actor_id, entity, entity_id, action,
                   before, after)
SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now'),
       strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), NULL, 'device', d.id, 'edit',
       json_object('imei', CASE WHEN di THEN d.imei END,
                   'iccid', CASE WHEN dc THEN d.iccid END,
                   'serial', CASE WHEN ds THEN d.serial END),
       json_object('imei', NULL, 'iccid', NULL, 'serial', NULL)
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
