-- The phone joins the person fields (flows.FieldSpecs): like the others it
-- keeps the value as imported next to the current one.
ALTER TABLE records ADD COLUMN orig_phone TEXT NOT NULL DEFAULT '';
UPDATE records SET orig_phone = phone;
