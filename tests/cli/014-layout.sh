# The tree shows the architecture (issue 11): each outside library is
# called from one room, the store knows no domain, a device's status has
# one writer, and every command has its own file.  These are checks on the
# source, kept here so that a change which blurs a room fails the suite.
. "$LEND_TOP/tests/cli/lib.sh"
src=$LEND_TOP/src

# Files under DIR (relative to src/) that mention PATTERN, outside ROOM.
outside() {
	grep -rlE "$1" "$src" --include='*.c' --include='*.h' |
		sed "s|^$src/||" | grep -v "^$2" || true
}

t_begin 'libharu, libqrencode and zlib are called only in src/lib/render/'
t_eq '' "$(outside 'HPDF_|QRcode_|QRinput_|#include <(hpdf|qrencode|zlib)\.h>' lib/render/)"

t_begin 'SQLite is called only in src/lib/store/'
t_eq '' "$(outside 'sqlite3_|#include <sqlite3\.h>' lib/store/)"

t_begin 'libpq is called only in src/lib/store/'
t_eq '' "$(outside '[^a-z_]PQ[a-z]+\(|#include <libpq-fe\.h>' lib/store/)"

t_begin 'the store names no event, setting, user or role'
t_eq '' "$(grep -rliwE 'events?|settings?|users?|roles?' "$src/lib/store" || true)"

t_begin 'render reads no database'
t_eq '' "$(grep -rlE 'lend__(query|exec|insert|setting)|lend_db' "$src/lib/render" || true)"

t_begin "device.c is the only writer of a device's status"
t_eq '' "$(outside 'UPDATE device SET[^;]*status' lib/device.c)"

t_begin 'the CLI and the desk reach only lend.h'
t_eq '' "$(grep -lE '#include "(internal|store|render|\.\./)' "$src"/cli/*.c "$src"/cli/*.h "$src"/serve/*.c "$src"/serve/*.h 2>/dev/null || true)"

t_begin 'libmicrohttpd is called only in src/serve/'
t_eq '' "$(outside 'MHD_[a-z]|#include <microhttpd\.h>' serve/)"

t_begin 'the desk holds no SQL, PDF or QR code'
t_eq '' "$(grep -liE 'sqlite3_|HPDF_|QRcode|PQexec|SELECT .* FROM|INSERT INTO' "$src"/serve/*.c "$src"/serve/*.h || true)"

t_begin 'every command has its own cmd_NAME.c'
for cmd in $(lend help | awk '/^commands:/ {on = 1; next} on && /^  [a-z]/ {print $1}'); do
	[ "$cmd" = help ] && continue
	[ -f "$src/cli/cmd_$cmd.c" ] || t_diag "no src/cli/cmd_$cmd.c for $cmd"
done

t_begin 'no source file over 700 lines'
for f in $(find "$src" -name '*.[ch]'); do
	n=$(wc -l <"$f")
	[ "$n" -le 700 ] || t_diag "${f#$src/} has $n lines"
done

t_begin 'no function over 70 lines'
t_eq '' "$(find "$src" -name '*.c' | xargs awk '
	FNR == 1 { start = 0 }
	/^[A-Za-z].*\(/ && !/;[ \t]*$/ { cand = $0 }
	/^\{/ { name = cand; start = FNR }
	/^\}/ && start { if (FNR - start + 1 > 70) print FILENAME ": " name; start = 0 }')"

t_begin 'libcurl is called only in src/lib/mail.c, which knows no domain'
t_eq '' "$(outside 'curl_|#include <curl/' lib/mail.c)"
t_eq '' "$(grep -lE 'lend__(query|exec|insert|setting|event)|lend_db|borrower|loan' "$src/lib/mail.c" "$src/lib/mail.h" || true)"
