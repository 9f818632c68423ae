-- Issue 12: the funder reports lend has issued, so that a new report is
-- checked against the earlier ones a reader may hold beside it
-- (report_history.c).  A report's period, member, grant, threshold and
-- format, and its counts as they were computed and shown: aggregates
-- only, no personal data.
CREATE TABLE report_issue (
	id        INTEGER PRIMARY KEY,
	from_on   TEXT NOT NULL CHECK (length(from_on) = 10),
	to_on     TEXT NOT NULL CHECK (length(to_on) = 10 AND to_on >= from_on),
	member_id INTEGER REFERENCES member(id),
	grant_id  INTEGER REFERENCES funding_grant(id),
	threshold INTEGER NOT NULL CHECK (threshold >= 1),
	format    TEXT NOT NULL CHECK (format IN ('pdf', 'csv', 'json')),
	issued_at TEXT NOT NULL
) STRICT;

-- Each count of an issued report: its value then, and how it was shown:
-- 0 shown, 1 under the threshold, 2 withheld, 3 left out with its
-- breakdown; GUARD: withheld so that a difference is not shown.
CREATE TABLE report_issue_cell (
	issue_id INTEGER NOT NULL REFERENCES report_issue(id),
	figure   TEXT NOT NULL CHECK (length(figure) BETWEEN 1 AND 31),
	cell     TEXT NOT NULL CHECK (length(cell) <= 47),
	value    INTEGER NOT NULL CHECK (value >= 0),
	hidden   INTEGER NOT NULL CHECK (hidden BETWEEN 0 AND 3),
	guard    INTEGER NOT NULL CHECK (guard IN (0, 1)),
	PRIMARY KEY (issue_id, figure, cell)
) STRICT;
