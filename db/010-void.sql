-- A check-out made in error and voided at once (lend loan void) puts its
-- devices back on the shelf: they never left the desk, so they need no
-- wipe.  device.c allows this move for a void alone.
INSERT INTO status_transition (from_status, to_status)
	SELECT 'on_loan', 'available' WHERE NOT EXISTS (
		SELECT 1 FROM status_transition
		WHERE from_status = 'on_loan' AND to_status = 'available');
