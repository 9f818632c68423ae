-- gen-report.sql for PostgreSQL (psql -v loans=N): the same consortium,
-- row for row, written into a database lend init made (members and sites
-- first), with one champion for the support sessions to name (PostgreSQL
-- holds the foreign key that the sqlite3 shell leaves unchecked).
SET synchronous_commit = off;
BEGIN;
INSERT INTO member (code, name, created_at) VALUES
	('M2', 'Member two', '2024-01-01T00:00:00Z'),
	('M3', 'Member three', '2024-01-01T00:00:00Z'),
	('M4', 'Member four', '2024-01-01T00:00:00Z');
INSERT INTO funding_grant (code, funder, programme, starts_on, ends_on,
	created_at) VALUES ('G1', 'Funder', 'Programme', '2024-01-01',
	'2027-12-31', '2024-01-01T00:00:00Z');
INSERT INTO champion (id, ref, member_id, name, created_at)
	VALUES (1, 'C-0001', 1, 'Champion', '2024-01-01T00:00:00Z');
INSERT INTO device (tag, kind, make, model, member_id, site_id, grant_id,
	added_at, changed_at, left_at)
SELECT 'D-' || lpad(i::text, 6, '0'),
	CASE i % 5 WHEN 0 THEN 'tablet' WHEN 1 THEN 'laptop' WHEN 2 THEN 'phone'
	WHEN 3 THEN 'sim' ELSE 'hotspot' END, 'Make', 'Model', 1 + i % 4, 1,
	CASE WHEN i % 3 = 0 THEN 1 END,
	'2024-' || lpad((1 + i % 12)::text, 2, '0') || '-01T00:00:00Z',
	'2024-' || lpad((1 + i % 12)::text, 2, '0') || '-01T00:00:00Z',
	CASE WHEN i % 97 = 0 THEN '2026-03-01T00:00:00Z' END
FROM generate_series(1, 100000) i;
INSERT INTO borrower (ref, name, postcode_district, member_id, language,
	consent_at, consent_by, consent_terms, created_at)
SELECT 'B-' || lpad(i::text, 6, '0'), 'Person ' || i, 'OL' || (1 + i % 16),
	1 + i % 4, CASE i % 7 WHEN 0 THEN 'ur' WHEN 1 THEN 'pl' WHEN 2 THEN 'cy'
	ELSE 'en' END, '2024-12-01T00:00:00Z', 1, '2026-1',
	'2024-12-01T00:00:00Z'
FROM generate_series(1, 200000) i;
-- Loan i starts on day i * 700 / :loans of 2025-2026 and lasts 5 to 34
-- days; device i % 100000 is lent again only after its last loan ended.
INSERT INTO loan (ref, borrower_id, site_id, issued_by, out_at, closed_at)
SELECT 'L-' || lpad((i + 1)::text, 7, '0'), i % 200000 + 1, 1, 1,
	to_char(timestamp '2025-01-01' + make_interval(secs =>
		i * 700 * 86400 / :loans), 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
	CASE WHEN i >= :loans - :loans / 200 THEN NULL ELSE
	to_char(timestamp '2025-01-01' + make_interval(secs =>
		i * 700 * 86400 / :loans + (5 + i % 30) * 86400),
		'YYYY-MM-DD"T"HH24:MI:SS"Z"') END
FROM generate_series(0::bigint, :loans - 1) i;
INSERT INTO loan_item (loan_id, device_id, due_on, returned_at, outcome)
SELECT id, (id - 1) % 100000 + 1, substr(out_at, 1, 10), closed_at,
	CASE WHEN closed_at IS NULL THEN NULL WHEN id % 211 = 0 THEN 'lost'
	ELSE 'returned' END
FROM loan;
INSERT INTO support_session (borrower_id, champion_id, held_on, minutes,
	topic, recorded_by, created_at)
SELECT i % 200000 + 1, 1, to_char(date '2025-01-01' + (i % 700)::int,
	'YYYY-MM-DD'), 30, 'help', 1, '2025-01-01T00:00:00Z'
FROM generate_series(1, :loans / 5) i;
SELECT setval(pg_get_serial_sequence('champion', 'id'), 1);
COMMIT;
SET client_min_messages = error;
VACUUM ANALYZE;
