# Migration in one pass: a Snipe-IT export as staff save it goes in with
# one dry run and one import; no input makes the import hang; every
# refusal leaves the database as it was; CSV lend writes is never run by
# a spreadsheet.
. "$LEND_TOP/tests/cli/lib.sh"
t_registry

# refused MESSAGE COMMAND...: COMMAND fails, its first line MESSAGE, and
# the database is as it was.
refused() {
	msg=$1
	shift
	before=$(t_sum)
	t_run 1 "$@"
	t_eq "$before" "$(t_sum)"
	t_eq "$msg" "$(sed -n 1p "$T_ERR")"
}

# snipe N: N devices as Snipe-IT exports them and staff save them from
# Excel as "CSV (Macintosh)": lines ending in CR alone, Mac Roman bytes
# (\216 is e-acute), semicolons, a blank heading, columns lend does not
# know, month-first dates with two-digit years, decimal commas, Snipe-IT's
# statuses, rows checked out to people, and one row given twice.
# expect N: "TAG STATUS" for each device, as lend should hold it.
snipe() {
	awk -v n="$1" -v mode="$2" 'BEGIN {
		split("Laptops Tablets Mobile Phones", cat, " ")
		cat[3] = "Mobile Phones"
		if (mode == "file")
			printf "Asset Tag;Asset Name;Serial;Model Name;Category;" \
			       "Manufacturer;Status;Checked Out To;Last Checkout;" \
			       "Location;Company;Purchase Date;Purchase Cost;" \
			       "Supplier;Colour;;Asset Notes\r"
		for (i = 1; i <= n + 1; i++) {
			r = i > n ? 120 : i   # row 120 twice
			s = r % 10; who = ""; out = ""
			st = s < 4 ? "Ready to Deploy" : s < 6 ? "Deployed" : \
			     s == 6 ? "Pending" : s == 7 ? "Broken" : \
			     s == 8 ? "Archived" : "Lost/Stolen"
			if (r % 20 == 3) st = "Undeployable"
			want = st == "Ready to Deploy" ? "available" : \
			       st == "Deployed" ? "on_loan" : \
			       st == "Archived" ? "retired" : \
			       st == "Lost/Stolen" ? "lost" : "repair"
			if (st == "Deployed") {
				who = r % 2 ? "Jos\216 Ruiz" : "Amy Pond"
				out = sprintf("%d/%d/25", r % 12 + 1, r % 28 + 1)
			}
			if (mode == "expect") {
				if (i <= n)
					printf "SNP-%04d %s\n", r, want
				continue
			}
			printf "SNP-%04d;Asset %d;SN%05d;Model %d;%s;Dell;%s;%s;%s;" \
			       "%s;%s;%d/%d/%02d;%d,%02d;Acme;Grey;;%s\r", r, r, r,
			       r % 4, cat[r % 3 + 1], st, who, out,
			       r % 2 ? "Main Hub" : "Outreach Van",
			       r % 2 ? "Abshire and Sons" : "Bode LLC",
			       r % 12 + 1, r % 28 + 1, 22 + r % 3, 200 + r, r % 100,
			       r % 7 ? "" : "Caf\216 donation"
		}
	}'
}

t_begin 'a Snipe-IT export goes in with one dry run and one import'
printf 'First Name,Last Name,Postcode,Company,Consent\n' > people.csv
printf 'Jos\303\251,Ruiz,OL11 1AB,Abshire and Sons,Yes\n' >> people.csv
printf 'Amy,Pond,OL12,Bode LLC,No\n' >> people.csv
t_run 0 lend import borrowers people.csv \
	--value 'member:Abshire and Sons=RBH' --value 'member:Bode LLC=LIB'
t_eq '2 rows: 2 added, 0 already there' "$(cat "$T_OUT")"
snipe 200 file > snipe.csv
snipe 200 expect | sort > want.txt
before=$(t_sum)
t_run 1 lend import devices snipe.csv --dry-run --errors problems.csv
t_eq "$before" "$(t_sum)"
t_eq "lend: import: row 6: not UTF-8 text (byte 0x8E): save the file as CSV UTF-8 or give --encoding mac-roman (the rows are read so below)" \
	"$(sed -n 1p "$T_ERR")"
t_eq "lend: import: columns not read: 'Asset Name', 'Supplier', 'Colour'; keep one with --map 'COLUMN=FIELD' (FIELD one of devices's: see lend(1))" \
	"$(sed -n 2p "$T_ERR")"
t_eq "lend: import: row 3, column 'Category': 'Mobile Phones' is not a kind (tablet, laptop, phone, hotspot, sim, accessory, other); map it with --value kind:Mobile Phones=KIND" \
	"$(grep -m1 "row 3, column 'Category'" "$T_ERR")"
t_eq "lend: import: row 2, column 'Location': 'Main Hub' is no site in lend; map it with --value site:Main Hub=CODE" \
	"$(grep -m1 "row 2, column 'Location'" "$T_ERR")"
t_eq "lend: import: 470 problems in 'snipe.csv', the first 50 above, all in the --errors file; nothing was written" \
	"$(tail -n 1 "$T_ERR")"
t_eq 'row,column,value,problem' "$(head -n 1 problems.csv | tr -d '\r')"
t_eq 471 "$(wc -l < problems.csv | tr -d ' ')"
t_eq 1 "$(grep -c "^201,Company,Bode LLC," problems.csv)"
t_run 0 lend import devices snipe.csv --encoding mac-roman \
	--value 'kind:Mobile Phones=phone' \
	--value 'member:Abshire and Sons=RBH' --value 'member:Bode LLC=LIB' \
	--value 'site:Main Hub=HUB' --value 'site:Outreach Van=CEN'
t_eq '201 rows: 200 added, 1 already there, 40 on loan' "$(cat "$T_OUT")"
t_eq "$(cat want.txt)" "$(lend device list --json |
	jq -r '.[] | select(.tag | startswith("SNP-")) | "\(.tag) \(.status)"' | sort)"
# Every open loan is a Deployed row's, to the borrower the row names.
t_eq "$(grep on_loan want.txt | cut -d' ' -f1)" \
	"$(lend export loans | tr -d '\r' | awk -F, '$9 == "" && NR > 1 { print $3 }' | sort)"
jose=$(lend borrower list --json | jq -r '.[] | select(.name == "José Ruiz") | .ref')
t_eq "SNP-0005 $jose 2025-06-06" "$(lend export loans | tr -d '\r' |
	awk -F, '$3 == "SNP-0005" { print $3, $2, substr($7, 1, 10) }')"
t_eq 'SNP-0007|tablet|2023-08-08|20707|Café donation' \
	"$(lend device show SNP-0007 --json | jq -r '"\(.tag)|\(.kind)|\(.purchased_on)|\(.cost_pence)|\(.notes)"')"

t_begin 'no input makes the import hang'
printf ',,,,\n,,,,\n' > empty-heads.csv
printf ';;;;;;\n;;;\n;;\n' > seps.csv
awk 'BEGIN { for (i = 1; i <= 10000; i++) printf "c%d,", i; print "tag"
	for (i = 1; i <= 10000; i++) printf "x,"; print "T1" }' > wide.csv
awk 'BEGIN { printf "tag,kind,make,model,member,site,notes\nBIG-1,tablet,A,B,RBH,HUB,"
	for (i = 0; i < 16384; i++) printf "%s", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	print "" }' > wide-cell.csv
head -c 100000 /dev/zero > nul.csv
printf 'tag,,kind\n' > blank-head.csv
for f in empty-heads seps wide wide-cell nul blank-head; do
	before=$(t_sum)
	t_run 1 timeout 10 "$LEND" import devices $f.csv --dry-run
	t_run 1 timeout 10 "$LEND" import devices $f.csv
	t_eq "$before" "$(t_sum)"
done
t_run 1 timeout 10 "$LEND" import devices nul.csv
t_eq "lend: import: 'nul.csv' is not a text file: row 1 holds a NUL byte" "$(cat "$T_ERR")"

t_begin 'refusals name the cell and the way out, and change nothing'
printf 'tag,kind,make,model,member,site,imei,purchased,status,checked out to,qty\n' > r.csv
printf 'R-1,tablet,A,B,RBH,HUB,35693803564380,13/1/24,,,\n' >> r.csv
printf 'R-2,tablet,A,B,RBH,HUB,,1/13/24,,,\n' >> r.csv
printf 'R-3,tablet,A,B,RBH,HUB,,,Deployed,Nobody Known,\n' >> r.csv
printf 'R-4,tablet,A,B,RBH,HUB,,,,,61\n' >> r.csv
printf 'R-1,tablet,A,C,RBH,HUB,,,,,\n' >> r.csv
refused "lend: import: column 'purchased': '13/1/24' (row 2) is day first and '1/13/24' (row 3) month first; give --dates dmy or --dates mdy" \
	lend import devices r.csv
t_eq "lend: import: row 2, column 'imei': '35693803564380' has 14 digits; an IMEI has 15
lend: import: row 4, column 'checked out to': 'Nobody Known' is no borrower in lend; import the borrowers first (lend import borrowers) or give the ref with --value checked_out_to:Nobody Known=REF
lend: import: row 5, column 'qty': '61': a row makes one device; give --expand to make 61, their tags allocated
lend: import: row 6, column 'tag': 'R-1' is the tag of row 2 too, with other values; a tag names one device
lend: import: 5 problems in 'r.csv'; nothing was written" "$(sed -n '2,$p' "$T_ERR")"
printf 'tag,kind,make,model,member,site,qty\nQ-1,accessory,Anker,Cable,RBH,HUB,61\n' > q.csv
t_run 0 lend import devices q.csv --expand
t_eq '1 rows: 61 added, 0 already there' "$(cat "$T_OUT")"
printf 'tag,kind,make,model,member,site,cost\nQ-1,accessory,Anker,Cable 2m,RBH,HUB,"1.234,5"\n' > u.csv
before=$(t_sum)
t_run 1 lend import devices u.csv
t_eq "$before" "$(t_sum)"
t_eq "lend: import: row 2, column 'model': 'Cable 2m' where device 'Q-1' has 'Cable'; --update changes it
lend: import: row 2, column 'cost': '1.234,5' where device 'Q-1' has nothing; --update changes it
lend: import: 2 problems in 'u.csv'; nothing was written" "$(cat "$T_ERR")"
t_run 0 lend import devices u.csv --update
t_eq '1 rows: 0 added, 0 already there, 1 updated' "$(cat "$T_OUT")"
t_eq 'Cable 2m 123450' "$(lend device show Q-1 --json | jq -r '"\(.model) \(.cost_pence)"')"
printf 'name,postcode,member,consent\nAl,OL11,RBH,Maybe\nBo,OL11,,2024-02-03\n' > c.csv
refused "lend: import: row 2, column 'consent': 'Maybe' is not yes, no or the date consent was given" \
	lend import borrowers c.csv
printf 'name,postcode,member,consent terms\nCy,OL11,RBH,v1\n' > ct.csv
refused "lend: import: row 2, column 'consent terms': 'v1': terms with no date of consent; give a consent column (yes, or the date)" \
	lend import borrowers ct.csv
sed -i 's/Maybe/Yes/' c.csv
t_run 0 lend import borrowers c.csv --set member=LIB
t_eq '2 rows: 2 added, 0 already there' "$(cat "$T_OUT")"
t_eq 'Al RBH 1|Bo LIB 2024-02-03' "$(lend export borrowers | tr -d '\r' |
	awk -F, '$2 == "Al" { a = $2 " " $6 " " ($8 != "") }
	$2 == "Bo" { b = $2 " " $6 " " substr($8, 1, 10) } END { print a "|" b }')"


t_begin 'CSV lend writes is never run by a spreadsheet; --excel has a BOM'
lend device add --tag F-1 --kind tablet --make '=HYPERLINK("x")' --model '+1' \
	--member RBH --site HUB --notes '@SUM(A1)' >/dev/null
t_eq "F-1,tablet,\"'=HYPERLINK(\"\"x\"\")\",\"'+1\"" \
	"$(lend export devices | grep '^F-1' | cut -d, -f1-4)"
t_eq 1 "$(lend export devices | grep '^F-1' | grep -c "\"'@SUM(A1)\"")"
t_eq 'efbbbf' "$(lend export devices --excel | head -c 3 | od -An -tx1 | tr -d ' ')"
t_eq 1 "$(lend export devices --excel | head -n 1 | grep -c "$(printf '\r')")"
