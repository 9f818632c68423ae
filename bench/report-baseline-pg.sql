-- report-baseline.sql for PostgreSQL (psql): the same figures as lend
-- report, for all devices over the first half of 2026, in PostgreSQL's
-- own SQL (FILTER, greatest and least, percentile_disc, timestamps), each
-- written to use the indexes a careful hand would.
\set s '2026-01-01T00:00:00Z'
\set e '2026-06-30T23:59:59Z'
-- The pool by kind at the start and end, devices added, device-days.
SELECT kind,
	count(*) FILTER (WHERE added_at <= :'s'
		AND (left_at IS NULL OR left_at > :'s')),
	count(*) FILTER (WHERE added_at <= :'e'
		AND (left_at IS NULL OR left_at > :'e')),
	count(*) FILTER (WHERE added_at BETWEEN :'s' AND :'e'),
	sum(greatest(0, extract(epoch FROM
		least(coalesce(left_at, :'e'), :'e')::timestamp
		- greatest(added_at, :'s')::timestamp) / 86400))
FROM device WHERE added_at <= :'e' GROUP BY kind;
-- Loans started, returned, open at the end.
SELECT count(*) FROM loan WHERE out_at BETWEEN :'s' AND :'e';
SELECT count(*) FROM loan WHERE closed_at BETWEEN :'s' AND :'e';
SELECT count(*) FROM loan WHERE out_at <= :'e'
	AND (closed_at IS NULL OR closed_at > :'e');
-- Borrowers: unique, new, and reach.
CREATE TEMP TABLE lb AS
	SELECT DISTINCT borrower_id FROM loan WHERE out_at BETWEEN :'s' AND :'e';
SELECT count(*) FROM lb;
SELECT count(*) FROM lb WHERE NOT EXISTS (SELECT 1 FROM loan l
	WHERE l.borrower_id = lb.borrower_id AND l.out_at < :'s');
SELECT b.postcode_district, count(*) FROM lb
	JOIN borrower b ON b.id = lb.borrower_id GROUP BY 1;
SELECT m.code, count(*) FROM lb JOIN borrower b ON b.id = lb.borrower_id
	JOIN member m ON m.id = b.member_id GROUP BY 1;
SELECT coalesce(b.language, 'unknown'), count(*) FROM lb
	JOIN borrower b ON b.id = lb.borrower_id GROUP BY 1;
-- Items: device-days on loan by kind, overdue at the end, lost.
SELECT d.kind,
	sum(greatest(0, extract(epoch FROM
		least(coalesce(i.returned_at, :'e'), :'e')::timestamp
		- greatest(l.out_at, :'s')::timestamp) / 86400)),
	count(*) FILTER (WHERE (i.returned_at IS NULL OR i.returned_at > :'e')
		AND i.due_on < substr(:'e', 1, 10)),
	count(*) FILTER (WHERE i.outcome = 'lost' AND i.returned_at <= :'e')
FROM loan_item i JOIN loan l ON l.id = i.loan_id
JOIN device d ON d.id = i.device_id
WHERE l.out_at <= :'e' AND (i.returned_at IS NULL OR i.returned_at >= :'s')
GROUP BY d.kind;
-- Loan length: median and 90th percentile by nearest rank.
SELECT percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY
	extract(epoch FROM i.returned_at::timestamp - l.out_at::timestamp)
	/ 86400)
FROM loan_item i JOIN loan l ON l.id = i.loan_id
WHERE i.outcome = 'returned' AND i.returned_at BETWEEN :'s' AND :'e';
-- Waiting on holds.
SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY
	extract(epoch FROM closed_at::timestamp - placed_at::timestamp) / 86400)
FROM hold WHERE status = 'fulfilled' AND closed_at BETWEEN :'s' AND :'e';
-- Champions and support.
SELECT count(DISTINCT champion_id), count(*), sum(minutes) / 60.0
FROM support_session WHERE held_on BETWEEN substr(:'s', 1, 10)
	AND substr(:'e', 1, 10);
-- Month by month.
SELECT substr(out_at, 1, 7), count(*), count(DISTINCT borrower_id)
FROM loan WHERE out_at BETWEEN :'s' AND :'e' GROUP BY 1;
