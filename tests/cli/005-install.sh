# make install, then a program of someone else's built with pkg-config.
. "$LEND_TOP/tests/cli/lib.sh"

dest=$T_DIR/root
t_begin 'make install puts every file in place'
t_run 0 make -s -C "$LEND_TOP" install BUILD="$LEND_BUILD" \
	${LEND_SAN:+SAN=1} DESTDIR="$dest" PREFIX=/usr
for f in bin/lend lib/liblend.a lib/liblend.so lib/liblend.so.0 \
	include/lend.h lib/pkgconfig/lend.pc share/man/man1/lend.1 \
	share/man/man3/liblend.3 share/lend/fonts/DejaVuSans.ttf \
	share/lend/fonts/DejaVuSans-Bold.ttf; do
	[ -e "$dest/usr/$f" ] || t_diag "missing /usr/$f"
done
t_eq 'prefix=/usr' "$(sed -n 1p "$dest/usr/lib/pkgconfig/lend.pc")"
t_eq 'SONAME liblend.so.0' \
	"$(objdump -p "$dest/usr/lib/liblend.so" | awk '$1 == "SONAME" {print $1, $2}')"

t_begin 'the shared library exports lend_* only'
t_eq '' "$(nm -D --defined-only "$dest/usr/lib/liblend.so" | awk '{print $3}' |
	grep -v '^lend_[a-z]' | grep -v '^_' | head -5)"
nm -D --defined-only "$dest/usr/lib/liblend.so" | grep -q ' lend_device_add$' ||
	t_diag 'lend_device_add not exported'

t_begin 'a program using lend.h builds with pkg-config and runs'
cat > prog.c <<'C'
#include <stdio.h>
#include <lend.h>

int main(int argc, char **argv)
{
	lend_db *db = NULL;
	lend_rows *rows = NULL;
	int rc;

	(void)argc;
	rc = lend_db_create(&db, argv[1], "Pkg Test", "PKG", "ada");
	if (rc == 0)
		rc = lend_db_act_as(db, "ada");
	if (rc == 0)
		rc = lend_member_add(db, "M1", "Member One");
	if (rc == 0)
		rc = lend_member_list(&rows, db);
	if (rc != 0) {
		fprintf(stderr, "%s\n", db ? lend_errmsg(db) : "no memory");
		lend_close(db);
		return 1;
	}
	printf("%s %s\n", lend_rows_get(rows, 0, "code"),
	       lend_rows_get(rows, 0, "name"));
	lend_rows_free(rows);
	lend_close(db);
	return 0;
}
C
export PKG_CONFIG_SYSROOT_DIR="$dest" PKG_CONFIG_PATH="$dest/usr/lib/pkgconfig"
flags=$(pkg-config --cflags --libs lend) || t_diag 'pkg-config lend failed'
san=
[ -n "$LEND_SAN" ] && san='-fsanitize=address,undefined'
t_run 0 cc -std=c11 -Wall -Wextra -Werror -pedantic $san -o prog prog.c $flags
LD_LIBRARY_PATH="$dest/usr/lib" t_run 0 ./prog "$T_DIR/pkg.db"
t_eq 'M1 Member One' "$(cat "$T_OUT")"
ldd ./prog | grep -q "$dest/usr/lib/liblend.so.0" 2>/dev/null ||
	LD_LIBRARY_PATH="$dest/usr/lib" ldd ./prog | grep -q "$dest/usr/lib/liblend.so.0" ||
	t_diag 'prog is not linked to the installed liblend.so.0'
