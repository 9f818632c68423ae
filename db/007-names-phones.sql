-- A user's full name, for the documents they sign ("Sam Patel", not
-- "sam"); NULL until given, when the login name stands in.
ALTER TABLE app_user ADD COLUMN full_name TEXT
	CHECK (full_name IS NULL OR full_name <> '');

-- A site's phone number, printed on loan slips: a borrower without email
-- or a smartphone must be able to ring someone (then the consortium's
-- number, setting consortium.phone).
ALTER TABLE site ADD COLUMN phone TEXT;
