# Members, sites, users, grants, settings, and who may change them.
. "$LEND_TOP/tests/cli/lib.sh"

t_begin 'the registry is built and listed'
t_registry || t_diag 'registry set-up failed'
t_run 0 lend member list
t_eq 'CODE  SITES  DEVICES  NAME' "$(sed -n 1p "$T_OUT")"
t_eq 'LIB   2      0        Rochdale Libraries' "$(sed -n 2p "$T_OUT")"
t_eq 'RBH   1      0        Rochdale Boroughwide Housing' "$(sed -n 3p "$T_OUT")"
t_eq 'CEN HEY' "$(lend site list --member LIB --json | jq -r '[.[].code] | join(" ")')"
t_eq 'Mon-Fri 9:00-17:00' "$(lend site show HUB --json | jq -r .hours)"
t_eq 'National Lottery|2026-01-01|2026-12-31' \
	"$(lend grant show NLCF --json | jq -r '"\(.funder)|\(.starts_on)|\(.ends_on)"')"
t_eq 'ada admin - | cara champion LIB | fred funder - | sam staff RBH' \
	"$(lend user list | tail -n +2 | awk '{print $1, $2, $3}' | paste -sd'|' | sed 's/|/ | /g')"

t_begin 'every add prints the new code alone'
t_run 0 lend member add OX 'Oxfam Rochdale'
t_eq OX "$(cat "$T_OUT")"
t_run 0 lend site add OXS --member OX 'Oxfam shop'
t_eq OXS "$(cat "$T_OUT")"

t_begin 'edits change the record and are recorded'
t_run 0 lend member edit OX --name 'Oxfam GB (Rochdale)'
t_eq 'Oxfam GB (Rochdale)' "$(lend member show OX --json | jq -r .name)"
t_run 0 lend site edit OXS --hours 'Sat 10:00-13:00' --address ''
t_eq 'Sat 10:00-13:00|null' "$(lend site show OXS --json | jq -r '"\(.hours)|\(.address)"')"
t_run 0 lend grant edit NLCF --reference 'NL-2026-114'
t_eq NL-2026-114 "$(lend grant show NLCF --json | jq -r .reference)"
t_eq '{"name":"Oxfam Rochdale"} {"name":"Oxfam GB (Rochdale)"}' \
	"$(lend history OX --json | jq -rc '.[-1] | "\(.before) \(.after)"')"
t_run 0 lend user edit sam --role admin
t_run 0 lend user edit sam --role staff

t_begin 'duplicates and unknown references are refused, unchanged'
t_refuse 1 "lend: member: code 'RBH' already exists" lend member add RBH 'Again'
t_refuse 1 "lend: site: member 'NOPE' not found" lend site add X1 --member NOPE 'X'
t_refuse 1 "lend: site: code 'HUB' already exists" lend site add HUB --member RBH 'X'
t_refuse 1 "lend: user: name 'sam' already exists" lend user add sam --member RBH --role staff
t_refuse 1 "lend: user: unknown role 'boss' (one of: admin, staff, champion, funder)" \
	lend user add bob --member RBH --role boss
t_refuse 1 "lend: user: a staff needs a member (--member CODE)" \
	lend user add bob --role staff
t_refuse 1 "lend: grant: end date '2025-12-31' is before the start date '2026-01-01'" \
	lend grant add G2 --funder F --programme P --from 2026-01-01 --to 2025-12-31
t_refuse 1 "lend: grant: start date '2026-02-30' is not a date (YYYY-MM-DD)" \
	lend grant add G2 --funder F --programme P --from 2026-02-30 --to 2026-12-31
t_refuse 1 "lend: member: code 'R B' must be 1 to 16 letters, digits, '-', '_' or '.'" \
	lend member add 'R B' 'Spaces'
t_refuse 1 "lend: user: 'ada' is the last admin and must stay one" \
	lend user edit ada --role staff
t_refuse 1 "lend: member: member 'NOPE' not found" lend member show NOPE

t_begin 'roles: only an admin changes the registry, a funder changes nothing'
t_refuse 1 "lend: member: user 'sam' is a staff and may not add members" \
	lend --as sam member add X 'X'
t_refuse 1 "lend: settings: user 'fred' is a funder and may not change settings" \
	lend --as fred settings set loan.limit 9
t_refuse 1 "lend: device: user 'cara' is a champion and may not add devices" \
	lend --as cara device add --kind tablet --make A --model B --member LIB --site CEN
t_refuse 1 "lend: device: user 'fred' is a funder and may not add devices" \
	lend --as fred device add --kind tablet --make A --model B --member LIB --site CEN
t_run 0 lend --as sam device add --kind tablet --make A --model B --member LIB --site CEN

t_begin 'settings are typed and recorded'
t_run 0 lend settings set loan.limit 4
t_eq 4 "$(lend settings get loan.limit)"
t_eq '{"key":"loan.limit","value":"4","is_default":0}' \
	"$(lend settings get loan.limit --json | jq -c 'del(.description)')"
t_run 0 lend settings set label.url 'https://lend.example.org/d/{tag}'
t_run 0 lend settings set label.offset_x_mm -1.5
t_eq 1 "$(sqlite3 "$LEND_DB" "SELECT count(*) FROM event WHERE entity = 'setting' AND after LIKE '%loan.limit%'")"
t_refuse 1 "lend: settings: unknown key 'loan.limt' (lend settings get lists them)" \
	lend settings set loan.limt 4
t_refuse 1 "lend: settings: loan.limit 'four' is not a whole number" \
	lend settings set loan.limit four
t_refuse 1 "lend: settings: loan.renewals '99' is out of range (0 to 50)" \
	lend settings set loan.renewals 99
t_refuse 1 "lend: settings: label.url 'https://x.org/' must be an http(s) URL with {tag} in it, or empty" \
	lend settings set label.url 'https://x.org/'
t_refuse 1 "lend: settings: tag.prefix 'rtl' must be 1 to 8 capital letters or digits" \
	lend settings set tag.prefix rtl
t_refuse 1 "lend: settings: label.offset_y_mm '25' is out of range (-20 to 20)" \
	lend settings set label.offset_y_mm 25
t_refuse 2 "lend: settings set: missing argument" lend settings set loan.limit

t_begin 'lists and shows pipe as JSON'
for what in member site user grant; do
	lend "$what" list --json | jq -e 'type == "array" and length > 0' >/dev/null ||
		t_diag "$what list --json is not a non-empty array"
done
lend settings get --json | jq -e 'length > 10' >/dev/null || t_diag 'settings --json'
lend --json member show RBH | jq -e '.code == "RBH" and .sites == 1' >/dev/null ||
	t_diag 'global --json before the command'
