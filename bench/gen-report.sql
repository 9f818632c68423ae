-- A consortium for the report benchmark: 100,000 devices, 200,000
-- borrowers and @loans loans of one item each over two years, written by
-- plain SQL into a database lend init made (members and sites first).
PRAGMA synchronous = OFF;
BEGIN;
INSERT INTO member (code, name, created_at) VALUES
	('M2', 'Member two', '2024-01-01T00:00:00Z'),
	('M3', 'Member three', '2024-01-01T00:00:00Z'),
	('M4', 'Member four', '2024-01-01T00:00:00Z');
INSERT INTO funding_grant (code, funder, programme, starts_on, ends_on,
	created_at) VALUES ('G1', 'Funder', 'Programme', '2024-01-01',
	'2027-12-31', '2024-01-01T00:00:00Z');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
INSERT INTO device (tag, kind, make, model, member_id, site_id, grant_id,
	added_at, changed_at, left_at)
SELECT printf('D-%06d', i),
	CASE i % 5 WHEN 0 THEN 'tablet' WHEN 1 THEN 'laptop' WHEN 2 THEN 'phone'
	WHEN 3 THEN 'sim' ELSE 'hotspot' END, 'Make', 'Model', 1 + i % 4, 1,
	CASE WHEN i % 3 = 0 THEN 1 END,
	printf('2024-%02d-01T00:00:00Z', 1 + i % 12),
	printf('2024-%02d-01T00:00:00Z', 1 + i % 12),
	CASE WHEN i % 97 = 0 THEN '2026-03-01T00:00:00Z' END
FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000)
INSERT INTO borrower (ref, name, postcode_district, member_id, language,
	consent_at, consent_by, consent_terms, created_at)
SELECT printf('B-%06d', i), 'Person ' || i, 'OL' || (1 + i % 16),
	1 + i % 4, CASE i % 7 WHEN 0 THEN 'ur' WHEN 1 THEN 'pl' WHEN 2 THEN 'cy'
	ELSE 'en' END, '2024-12-01T00:00:00Z', 1, '2026-1',
	'2024-12-01T00:00:00Z'
FROM n;
-- Loan i starts on day i * 700 / @loans of 2025-2026 and lasts 5 to 34
-- days; device i % 100000 is lent again only after its last loan ended.
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @loans - 1)
INSERT INTO loan (ref, borrower_id, site_id, issued_by, out_at, closed_at)
SELECT printf('L-%07d', i + 1), i % 200000 + 1, 1, 1,
	datetime('2025-01-01', printf('+%d seconds', i * 700 * 86400 / @loans)),
	CASE WHEN i >= @loans - @loans / 200 THEN NULL ELSE
	datetime('2025-01-01', printf('+%d seconds', i * 700 * 86400 / @loans
	+ (5 + i % 30) * 86400)) END
FROM n;
UPDATE loan SET out_at = replace(out_at, ' ', 'T') || 'Z',
	closed_at = replace(closed_at, ' ', 'T') || 'Z';
INSERT INTO loan_item (loan_id, device_id, due_on, returned_at, outcome)
SELECT id, (id - 1) % 100000 + 1, substr(out_at, 1, 10), closed_at,
	CASE WHEN closed_at IS NULL THEN NULL WHEN id % 211 = 0 THEN 'lost'
	ELSE 'returned' END
FROM loan;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @loans / 5)
INSERT INTO support_session (borrower_id, champion_id, held_on, minutes,
	topic, recorded_by, created_at)
SELECT i % 200000 + 1, 1, date('2025-01-01', printf('+%d days', i % 700)),
	30, 'help', 1, '2025-01-01T00:00:00Z' FROM n;
COMMIT;
