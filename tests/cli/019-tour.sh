# The README's tour, run exactly as written: every line succeeds.
. "$LEND_TOP/tests/cli/lib.sh"
unset LEND_DB LEND_USER
mkdir -p bin tour
ln -s "$LEND" bin/lend
ln -s "$LEND_TOP/scripts" tour/scripts
awk '/^## A short tour/ {t = 1} t && /^```sh$/ {b = 1; next}
	b && /^```$/ {exit} b' "$LEND_TOP/README.md" > tour.sh

t_begin 'the README tour runs as written'
[ "$(wc -l < tour.sh)" -gt 30 ] || t_diag 'no tour found in README.md'
(cd "$T_DIR/tour" && PATH="$T_DIR/bin:$PATH" sh -e ../tour.sh) \
	>"$T_OUT" 2>"$T_ERR" || {
	t_diag "the tour stopped: $(tail -n 2 "$T_ERR" | tr '\n' ' ')"
}
for f in labels.pdf agreement.pdf slip.pdf report.pdf borrowers.csv \
	lend-backup.db sar.pdf; do
	[ -s "$T_DIR/tour/$f" ] || t_diag "the tour made no $f"
done
