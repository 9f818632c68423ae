# lend(1) and liblend(3): clean groff, every command and function there.
. "$LEND_TOP/tests/cli/lib.sh"
man1=$LEND_TOP/man/lend.1
man3=$LEND_TOP/man/liblend.3

t_begin 'groff finds nothing to warn about'
t_run 0 groff -ww -man -z "$man1" "$man3"
t_eq '' "$(cat "$T_ERR")"

t_begin 'every command and subcommand is in lend(1)'
for cmd in $(lend help | awk '/^commands:/ {on = 1; next} on && /^  [a-z]/ {print $1}'); do
	grep -q "^\.SS $cmd\$" "$man1" || t_diag "lend(1) has no section for $cmd"
	lend "$cmd" --help | sed -n 's/^\(usage:\)\{0,1\} *lend \([a-z]*\) \([a-z]*\).*/\2 \3/p' |
	while read -r c sub; do
		case $sub in [a-z]*) ;; *) continue ;; esac
		[ "$c" = "$cmd" ] || continue
		grep -q "^\.B lend $c $sub" "$man1" ||
			echo "missing $c $sub"
	done > missing.txt
	[ -s missing.txt ] && t_diag "lend(1): $(cat missing.txt)"
done

t_begin 'every public function is in liblend(3)'
for fn in $(sed -n 's/^[a-z].*[ *]\(lend_[a-z_]*\)(.*/\1/p' "$LEND_TOP/include/lend.h"); do
	grep -qE "(^\.BR |\" )$fn \"?\(\)" "$man3" ||
		t_diag "liblend(3) does not describe $fn"
	grep -q "^\.BI \"[a-z_ ]*[ *]$fn(" "$man3" ||
		t_diag "liblend(3) SYNOPSIS lacks $fn"
done

t_begin 'every man page has the sections STYLE.md asks for'
for m in "$man1" "$man3"; do
	for s in NAME SYNOPSIS DESCRIPTION ENVIRONMENT FILES 'EXIT STATUS' \
		EXAMPLES 'SEE ALSO'; do
		grep -q "^\.SH $s\$" "$m" || t_diag "$(basename "$m") lacks $s"
	done
done
