#!/bin/sh
# Faults survived: the database on a small tmpfs filled to the last byte,
# a read-only folder, kill -9 at random points of 200 check-outs and of
# label and report writes.  After each: lend doctor and SQLite's
# integrity_check are clean, and lend doctor --fix leaves no temporary.
. "$(dirname "$0")/lib.sh"
# SQLite's own check of its file; a PostgreSQL server keeps its pages
# whole itself, and lend doctor checks what lend's rows mean on both.
integrity() {
	if [ -n "$T_PG" ] && [ "$1" = "$LEND_DB" ]; then
		echo ok
	else
		sqlite3 "$1" 'PRAGMA integrity_check' 2>&1
	fi
}
# Temporaries older than an hour, as the sweep wants them.
age_temps() {
	for f in "$1"/.lend-tmp-*; do
		[ -e "$f" ] && touch -d '2 hours ago' "$f"
	done
	return 0
}

t_begin "outputs refuse a device, a symlink and a directory"
t_registry
ln -s target.csv link.csv
mkdir dir.csv
t_refuse 1 "lend: file: will not replace '/dev/null': it is a device, not a regular file" lend export devices -o /dev/null
t_refuse 1 "lend: file: will not replace 'link.csv': it is a symbolic link, not a regular file" lend export devices -o link.csv
t_refuse 1 "lend: file: will not replace 'dir.csv': it is a directory, not a regular file" lend export devices -o dir.csv
t_eq "link.csv" "$(find . -maxdepth 1 -type l | sed 's|^\./||')"
t_eq "" "$(ls -A | grep lend-tmp)"

t_begin "a full filesystem: refused with the disk named, nothing damaged"
mnt=$T_DIR/small
mkdir -p "$mnt"
if t_sqlite_only 'the database is a server, not a file on a disk'; then
	:
elif mount -t tmpfs -o size=600k tmpfs "$mnt" 2>/dev/null; then
	cp "$LEND_DB" "$mnt/lend.db"
	dd if=/dev/zero of="$mnt/fill" bs=4k 2>/dev/null
	i=0
	while [ $i -lt 50 ]; do
		LEND_DB=$mnt/lend.db "$LEND" borrower add --name "Filler $i" \
			--postcode OL11 --member RBH --notes "$(head -c 3000 /dev/zero | tr '\0' x)" \
			>/dev/null 2>"$T_ERR" || break
		i=$((i + 1))
	done
	grep -q "disk is full\|cannot write\|No space" "$T_ERR" ||
		t_diag "no full-disk message: $(cat "$T_ERR")"
	rm -f "$mnt/fill"
	t_eq ok "$(integrity "$mnt/lend.db")"
	LEND_DB=$mnt/lend.db t_run 0 lend doctor
	umount "$mnt"
else
	echo "# skipped: mount is not permitted here (CI runs as root)"
fi

t_begin "a read-only folder: refused with the cause named, the database intact"
mkdir ro
if t_sqlite_only 'the database is a server, not a file in a folder'; then
	:
elif cp "$LEND_DB" ro/lend.db && [ "$(id -u)" -ne 0 ]; then
	chmod 555 ro
	chmod 444 ro/lend.db
	LEND_DB=ro/lend.db "$LEND" member add ROX 'Read only' >/dev/null 2>"$T_ERR"
	grep -q "read-only" "$T_ERR" || t_diag "no read-only message: $(cat "$T_ERR")"
	t_eq 1 "$(wc -l <"$T_ERR" | tr -d ' ')"
	chmod 755 ro
	chmod 644 ro/lend.db
elif mount -t tmpfs -o size=2m tmpfs ro 2>/dev/null; then
	cp "$LEND_DB" ro/lend.db
	mount -o remount,ro ro
	LEND_DB=ro/lend.db "$LEND" member add ROX 'Read only' >/dev/null 2>"$T_ERR"
	grep -q "read-only" "$T_ERR" || t_diag "no read-only message: $(cat "$T_ERR")"
	t_eq 1 "$(wc -l <"$T_ERR" | tr -d ' ')"
	mount -o remount,rw ro
	t_eq ok "$(integrity ro/lend.db)"
	umount ro
else
	echo "# skipped: root ignores modes and mount is not permitted here"
fi

t_begin "kill -9 in 200 check-outs: doctor and integrity clean, no temporary"
i=0
while [ $i -lt 20 ]; do
	lend device add --kind tablet --make A --model B --member RBH \
		--site HUB >/dev/null
	i=$((i + 1))
done
i=1
while [ $i -le 20 ]; do
	lend borrower add --name "B $i" --postcode OL11 --member RBH \
		--consent >/dev/null
	i=$((i + 1))
done
n=0
while [ $n -lt 200 ]; do
	b=$(printf 'B-%05d' $((n % 20 + 1)))
	tag=$(printf 'RTL-%05d' $((n % 20 + 1)))
	lend checkin "$tag" >/dev/null 2>&1
	# The binary itself, not the shell function: $! must be lend's own
	# pid, or the kill leaves lend running on, holding the database.
	"$LEND" checkout "$b" "$tag" >/dev/null 2>&1 &
	pid=$!
	# a random point: 0 to 9 ms in
	sleep "0.00$(od -An -N1 -tu1 /dev/urandom | tr -d ' ' | cut -c1)"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	n=$((n + 1))
done
t_eq ok "$(integrity "$LEND_DB")"
t_run 0 lend doctor

t_begin "kill -9 in label and report writes: no temporary after doctor --fix"
n=0
while [ $n -lt 20 ]; do
	"$LEND" label --all --format pdf -o labels.pdf >/dev/null 2>&1 &
	pid=$!
	sleep "0.0$(od -An -N1 -tu1 /dev/urandom | tr -d ' ' | cut -c1)"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	"$LEND" report --from 2026-01-01 --to 2026-12-31 -o report.pdf \
		>/dev/null 2>&1 &
	pid=$!
	sleep "0.0$(od -An -N1 -tu1 /dev/urandom | tr -d ' ' | cut -c1)"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	n=$((n + 1))
done
age_temps .
t_run 0 lend doctor --fix
t_eq "" "$(ls -A | grep lend-tmp)"
t_eq ok "$(integrity "$LEND_DB")"
[ ! -f labels.pdf ] || qpdf --check labels.pdf >/dev/null 2>&1 ||
	t_diag "labels.pdf is damaged"
