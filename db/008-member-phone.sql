-- A member's phone number, printed on a loan slip when the site that
-- lent has none: the slip falls back site, member, then the consortium's
-- number (setting consortium.phone).
ALTER TABLE member ADD COLUMN phone TEXT
	CHECK (phone IS NULL OR phone <> '');
