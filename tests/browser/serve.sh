# Sourced by the scripts that need a running desk (tests/cli/027-browser.sh,
# 028-serve-survival.sh, bench/serve.sh): lend serve on a free loopback
# port, started, waited for and stopped.
#
#   serve_start LEND DB LOG   start `LEND serve` on DB, its stderr in LOG;
#                             sets SERVE_PORT, SERVE_PID and SERVE_URL and
#                             returns once /healthz answers (1 if it never
#                             does within 15 s)
#   serve_alive               whether the server's process is still there
#   serve_stop                SIGTERM, then wait; returns its exit status
#                             (124 when it had not stopped after 10 s and
#                             was killed)
#   serve_health              0 when GET /healthz answers 200 within 5 s

serve_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

serve_health() {
	python3 - "$SERVE_PORT" <<'PY'
import http.client, sys
try:
    c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]), timeout=5)
    c.request("GET", "/healthz")
    sys.exit(0 if c.getresponse().status == 200 else 1)
except Exception:
    sys.exit(1)
PY
}

serve_start() {
	SERVE_PORT=$(serve_port)
	SERVE_URL=http://127.0.0.1:$SERVE_PORT
	"$1" serve --listen "127.0.0.1:$SERVE_PORT" --db "$2" 2>"$3" &
	SERVE_PID=$!
	serve_i=0
	while [ $serve_i -lt 75 ]; do
		serve_health && return 0
		serve_alive || return 1
		sleep 0.2
		serve_i=$((serve_i + 1))
	done
	return 1
}

# Running, and not a zombie waiting for our `wait` (kill -0 would say yes).
serve_alive() {
	[ -n "${SERVE_PID:-}" ] && [ -r "/proc/$SERVE_PID/stat" ] &&
		[ "$(sed 's/.*) //' "/proc/$SERVE_PID/stat" 2>/dev/null | cut -c1)" != Z ]
}

serve_stop() {
	[ -n "${SERVE_PID:-}" ] || return 0
	kill -TERM "$SERVE_PID" 2>/dev/null
	serve_i=0
	while serve_alive && [ $serve_i -lt 100 ]; do
		sleep 0.1
		serve_i=$((serve_i + 1))
	done
	if serve_alive; then
		kill -KILL "$SERVE_PID" 2>/dev/null
		wait "$SERVE_PID" 2>/dev/null
		SERVE_PID=
		return 124
	fi
	wait "$SERVE_PID"
	serve_rc=$?
	SERVE_PID=
	return $serve_rc
}
