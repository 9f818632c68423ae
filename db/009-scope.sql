-- Issue 15: who sees whom, refs and tags in one case, borrowers found
-- by any part of their name.

-- A borrower's card scanned at a desk: the staff user who scanned it sees
-- that borrower for the rest of the day (DESIGN.md, "Who sees whom").
CREATE TABLE card_scan (
	id          INTEGER PRIMARY KEY,
	borrower_id INTEGER NOT NULL REFERENCES borrower(id),
	user_id     INTEGER NOT NULL REFERENCES app_user(id),
	scanned_on  TEXT NOT NULL CHECK (length(scanned_on) = 10)
) STRICT;
CREATE INDEX card_scan_borrower ON card_scan(borrower_id, user_id, scanned_on);

-- Scope's other tests, by borrower: open loans, current support.
CREATE INDEX support_borrower_current ON support(borrower_id, champion_id)
	WHERE ends_on IS NULL;

-- The name folded to lower case without accents, which the library keeps
-- (fold.c) and a search matches, the same on SQLite and PostgreSQL.
-- Existing names are folded here with the same letters as fold.c.
ALTER TABLE borrower ADD COLUMN name_folded TEXT;
UPDATE borrower SET name_folded = lower(name);
UPDATE borrower SET name_folded = replace(name_folded, 'à', 'a')
	WHERE name_folded LIKE '%à%';
UPDATE borrower SET name_folded = replace(name_folded, 'À', 'a')
	WHERE name_folded LIKE '%À%';
UPDATE borrower SET name_folded = replace(name_folded, 'á', 'a')
	WHERE name_folded LIKE '%á%';
UPDATE borrower SET name_folded = replace(name_folded, 'Á', 'a')
	WHERE name_folded LIKE '%Á%';
UPDATE borrower SET name_folded = replace(name_folded, 'â', 'a')
	WHERE name_folded LIKE '%â%';
UPDATE borrower SET name_folded = replace(name_folded, 'Â', 'a')
	WHERE name_folded LIKE '%Â%';
UPDATE borrower SET name_folded = replace(name_folded, 'ã', 'a')
	WHERE name_folded LIKE '%ã%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ã', 'a')
	WHERE name_folded LIKE '%Ã%';
UPDATE borrower SET name_folded = replace(name_folded, 'ä', 'a')
	WHERE name_folded LIKE '%ä%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ä', 'a')
	WHERE name_folded LIKE '%Ä%';
UPDATE borrower SET name_folded = replace(name_folded, 'å', 'a')
	WHERE name_folded LIKE '%å%';
UPDATE borrower SET name_folded = replace(name_folded, 'Å', 'a')
	WHERE name_folded LIKE '%Å%';
UPDATE borrower SET name_folded = replace(name_folded, 'ā', 'a')
	WHERE name_folded LIKE '%ā%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ā', 'a')
	WHERE name_folded LIKE '%Ā%';
UPDATE borrower SET name_folded = replace(name_folded, 'ă', 'a')
	WHERE name_folded LIKE '%ă%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ă', 'a')
	WHERE name_folded LIKE '%Ă%';
UPDATE borrower SET name_folded = replace(name_folded, 'ą', 'a')
	WHERE name_folded LIKE '%ą%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ą', 'a')
	WHERE name_folded LIKE '%Ą%';
UPDATE borrower SET name_folded = replace(name_folded, 'ç', 'c')
	WHERE name_folded LIKE '%ç%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ç', 'c')
	WHERE name_folded LIKE '%Ç%';
UPDATE borrower SET name_folded = replace(name_folded, 'ć', 'c')
	WHERE name_folded LIKE '%ć%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ć', 'c')
	WHERE name_folded LIKE '%Ć%';
UPDATE borrower SET name_folded = replace(name_folded, 'č', 'c')
	WHERE name_folded LIKE '%č%';
UPDATE borrower SET name_folded = replace(name_folded, 'Č', 'c')
	WHERE name_folded LIKE '%Č%';
UPDATE borrower SET name_folded = replace(name_folded, 'ď', 'd')
	WHERE name_folded LIKE '%ď%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ď', 'd')
	WHERE name_folded LIKE '%Ď%';
UPDATE borrower SET name_folded = replace(name_folded, 'đ', 'd')
	WHERE name_folded LIKE '%đ%';
UPDATE borrower SET name_folded = replace(name_folded, 'Đ', 'd')
	WHERE name_folded LIKE '%Đ%';
UPDATE borrower SET name_folded = replace(name_folded, 'è', 'e')
	WHERE name_folded LIKE '%è%';
UPDATE borrower SET name_folded = replace(name_folded, 'È', 'e')
	WHERE name_folded LIKE '%È%';
UPDATE borrower SET name_folded = replace(name_folded, 'é', 'e')
	WHERE name_folded LIKE '%é%';
UPDATE borrower SET name_folded = replace(name_folded, 'É', 'e')
	WHERE name_folded LIKE '%É%';
UPDATE borrower SET name_folded = replace(name_folded, 'ê', 'e')
	WHERE name_folded LIKE '%ê%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ê', 'e')
	WHERE name_folded LIKE '%Ê%';
UPDATE borrower SET name_folded = replace(name_folded, 'ë', 'e')
	WHERE name_folded LIKE '%ë%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ë', 'e')
	WHERE name_folded LIKE '%Ë%';
UPDATE borrower SET name_folded = replace(name_folded, 'ē', 'e')
	WHERE name_folded LIKE '%ē%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ē', 'e')
	WHERE name_folded LIKE '%Ē%';
UPDATE borrower SET name_folded = replace(name_folded, 'ė', 'e')
	WHERE name_folded LIKE '%ė%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ė', 'e')
	WHERE name_folded LIKE '%Ė%';
UPDATE borrower SET name_folded = replace(name_folded, 'ę', 'e')
	WHERE name_folded LIKE '%ę%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ę', 'e')
	WHERE name_folded LIKE '%Ę%';
UPDATE borrower SET name_folded = replace(name_folded, 'ě', 'e')
	WHERE name_folded LIKE '%ě%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ě', 'e')
	WHERE name_folded LIKE '%Ě%';
UPDATE borrower SET name_folded = replace(name_folded, 'ẽ', 'e')
	WHERE name_folded LIKE '%ẽ%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ẽ', 'e')
	WHERE name_folded LIKE '%Ẽ%';
UPDATE borrower SET name_folded = replace(name_folded, 'ì', 'i')
	WHERE name_folded LIKE '%ì%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ì', 'i')
	WHERE name_folded LIKE '%Ì%';
UPDATE borrower SET name_folded = replace(name_folded, 'í', 'i')
	WHERE name_folded LIKE '%í%';
UPDATE borrower SET name_folded = replace(name_folded, 'Í', 'i')
	WHERE name_folded LIKE '%Í%';
UPDATE borrower SET name_folded = replace(name_folded, 'î', 'i')
	WHERE name_folded LIKE '%î%';
UPDATE borrower SET name_folded = replace(name_folded, 'Î', 'i')
	WHERE name_folded LIKE '%Î%';
UPDATE borrower SET name_folded = replace(name_folded, 'ï', 'i')
	WHERE name_folded LIKE '%ï%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ï', 'i')
	WHERE name_folded LIKE '%Ï%';
UPDATE borrower SET name_folded = replace(name_folded, 'ī', 'i')
	WHERE name_folded LIKE '%ī%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ī', 'i')
	WHERE name_folded LIKE '%Ī%';
UPDATE borrower SET name_folded = replace(name_folded, 'ı', 'i')
	WHERE name_folded LIKE '%ı%';
UPDATE borrower SET name_folded = replace(name_folded, 'I', 'i')
	WHERE name_folded LIKE '%I%';
UPDATE borrower SET name_folded = replace(name_folded, 'ł', 'l')
	WHERE name_folded LIKE '%ł%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ł', 'l')
	WHERE name_folded LIKE '%Ł%';
UPDATE borrower SET name_folded = replace(name_folded, 'ľ', 'l')
	WHERE name_folded LIKE '%ľ%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ľ', 'l')
	WHERE name_folded LIKE '%Ľ%';
UPDATE borrower SET name_folded = replace(name_folded, 'ñ', 'n')
	WHERE name_folded LIKE '%ñ%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ñ', 'n')
	WHERE name_folded LIKE '%Ñ%';
UPDATE borrower SET name_folded = replace(name_folded, 'ń', 'n')
	WHERE name_folded LIKE '%ń%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ń', 'n')
	WHERE name_folded LIKE '%Ń%';
UPDATE borrower SET name_folded = replace(name_folded, 'ň', 'n')
	WHERE name_folded LIKE '%ň%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ň', 'n')
	WHERE name_folded LIKE '%Ň%';
UPDATE borrower SET name_folded = replace(name_folded, 'ò', 'o')
	WHERE name_folded LIKE '%ò%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ò', 'o')
	WHERE name_folded LIKE '%Ò%';
UPDATE borrower SET name_folded = replace(name_folded, 'ó', 'o')
	WHERE name_folded LIKE '%ó%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ó', 'o')
	WHERE name_folded LIKE '%Ó%';
UPDATE borrower SET name_folded = replace(name_folded, 'ô', 'o')
	WHERE name_folded LIKE '%ô%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ô', 'o')
	WHERE name_folded LIKE '%Ô%';
UPDATE borrower SET name_folded = replace(name_folded, 'õ', 'o')
	WHERE name_folded LIKE '%õ%';
UPDATE borrower SET name_folded = replace(name_folded, 'Õ', 'o')
	WHERE name_folded LIKE '%Õ%';
UPDATE borrower SET name_folded = replace(name_folded, 'ö', 'o')
	WHERE name_folded LIKE '%ö%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ö', 'o')
	WHERE name_folded LIKE '%Ö%';
UPDATE borrower SET name_folded = replace(name_folded, 'ø', 'o')
	WHERE name_folded LIKE '%ø%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ø', 'o')
	WHERE name_folded LIKE '%Ø%';
UPDATE borrower SET name_folded = replace(name_folded, 'ō', 'o')
	WHERE name_folded LIKE '%ō%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ō', 'o')
	WHERE name_folded LIKE '%Ō%';
UPDATE borrower SET name_folded = replace(name_folded, 'ő', 'o')
	WHERE name_folded LIKE '%ő%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ő', 'o')
	WHERE name_folded LIKE '%Ő%';
UPDATE borrower SET name_folded = replace(name_folded, 'ŕ', 'r')
	WHERE name_folded LIKE '%ŕ%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ŕ', 'r')
	WHERE name_folded LIKE '%Ŕ%';
UPDATE borrower SET name_folded = replace(name_folded, 'ř', 'r')
	WHERE name_folded LIKE '%ř%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ř', 'r')
	WHERE name_folded LIKE '%Ř%';
UPDATE borrower SET name_folded = replace(name_folded, 'ś', 's')
	WHERE name_folded LIKE '%ś%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ś', 's')
	WHERE name_folded LIKE '%Ś%';
UPDATE borrower SET name_folded = replace(name_folded, 'š', 's')
	WHERE name_folded LIKE '%š%';
UPDATE borrower SET name_folded = replace(name_folded, 'Š', 's')
	WHERE name_folded LIKE '%Š%';
UPDATE borrower SET name_folded = replace(name_folded, 'ş', 's')
	WHERE name_folded LIKE '%ş%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ş', 's')
	WHERE name_folded LIKE '%Ş%';
UPDATE borrower SET name_folded = replace(name_folded, 'ť', 't')
	WHERE name_folded LIKE '%ť%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ť', 't')
	WHERE name_folded LIKE '%Ť%';
UPDATE borrower SET name_folded = replace(name_folded, 'ţ', 't')
	WHERE name_folded LIKE '%ţ%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ţ', 't')
	WHERE name_folded LIKE '%Ţ%';
UPDATE borrower SET name_folded = replace(name_folded, 'ù', 'u')
	WHERE name_folded LIKE '%ù%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ù', 'u')
	WHERE name_folded LIKE '%Ù%';
UPDATE borrower SET name_folded = replace(name_folded, 'ú', 'u')
	WHERE name_folded LIKE '%ú%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ú', 'u')
	WHERE name_folded LIKE '%Ú%';
UPDATE borrower SET name_folded = replace(name_folded, 'û', 'u')
	WHERE name_folded LIKE '%û%';
UPDATE borrower SET name_folded = replace(name_folded, 'Û', 'u')
	WHERE name_folded LIKE '%Û%';
UPDATE borrower SET name_folded = replace(name_folded, 'ü', 'u')
	WHERE name_folded LIKE '%ü%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ü', 'u')
	WHERE name_folded LIKE '%Ü%';
UPDATE borrower SET name_folded = replace(name_folded, 'ū', 'u')
	WHERE name_folded LIKE '%ū%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ū', 'u')
	WHERE name_folded LIKE '%Ū%';
UPDATE borrower SET name_folded = replace(name_folded, 'ů', 'u')
	WHERE name_folded LIKE '%ů%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ů', 'u')
	WHERE name_folded LIKE '%Ů%';
UPDATE borrower SET name_folded = replace(name_folded, 'ű', 'u')
	WHERE name_folded LIKE '%ű%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ű', 'u')
	WHERE name_folded LIKE '%Ű%';
UPDATE borrower SET name_folded = replace(name_folded, 'ŵ', 'w')
	WHERE name_folded LIKE '%ŵ%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ŵ', 'w')
	WHERE name_folded LIKE '%Ŵ%';
UPDATE borrower SET name_folded = replace(name_folded, 'ẁ', 'w')
	WHERE name_folded LIKE '%ẁ%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ẁ', 'w')
	WHERE name_folded LIKE '%Ẁ%';
UPDATE borrower SET name_folded = replace(name_folded, 'ẃ', 'w')
	WHERE name_folded LIKE '%ẃ%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ẃ', 'w')
	WHERE name_folded LIKE '%Ẃ%';
UPDATE borrower SET name_folded = replace(name_folded, 'ẅ', 'w')
	WHERE name_folded LIKE '%ẅ%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ẅ', 'w')
	WHERE name_folded LIKE '%Ẅ%';
UPDATE borrower SET name_folded = replace(name_folded, 'ý', 'y')
	WHERE name_folded LIKE '%ý%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ý', 'y')
	WHERE name_folded LIKE '%Ý%';
UPDATE borrower SET name_folded = replace(name_folded, 'ÿ', 'y')
	WHERE name_folded LIKE '%ÿ%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ÿ', 'y')
	WHERE name_folded LIKE '%Ÿ%';
UPDATE borrower SET name_folded = replace(name_folded, 'ŷ', 'y')
	WHERE name_folded LIKE '%ŷ%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ŷ', 'y')
	WHERE name_folded LIKE '%Ŷ%';
UPDATE borrower SET name_folded = replace(name_folded, 'ỳ', 'y')
	WHERE name_folded LIKE '%ỳ%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ỳ', 'y')
	WHERE name_folded LIKE '%Ỳ%';
UPDATE borrower SET name_folded = replace(name_folded, 'ź', 'z')
	WHERE name_folded LIKE '%ź%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ź', 'z')
	WHERE name_folded LIKE '%Ź%';
UPDATE borrower SET name_folded = replace(name_folded, 'ż', 'z')
	WHERE name_folded LIKE '%ż%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ż', 'z')
	WHERE name_folded LIKE '%Ż%';
UPDATE borrower SET name_folded = replace(name_folded, 'ž', 'z')
	WHERE name_folded LIKE '%ž%';
UPDATE borrower SET name_folded = replace(name_folded, 'Ž', 'z')
	WHERE name_folded LIKE '%Ž%';

-- Tags in upper case, as the library now keeps them; lend refuses, before
-- this runs, a database where that would make two devices one, naming them
-- (store/migrate.c).  Refs given by an import likewise.
UPDATE device SET tag = upper(tag) WHERE tag <> upper(tag);
UPDATE borrower SET ref = upper(ref) WHERE ref <> upper(ref)
	AND NOT EXISTS (SELECT 1 FROM borrower o WHERE o.ref = upper(borrower.ref));
UPDATE champion SET ref = upper(ref) WHERE ref <> upper(ref)
	AND NOT EXISTS (SELECT 1 FROM champion o WHERE o.ref = upper(champion.ref));
UPDATE loan SET ref = upper(ref) WHERE ref <> upper(ref)
	AND NOT EXISTS (SELECT 1 FROM loan o WHERE o.ref = upper(loan.ref));
