# The desk's server survives what the network sends it (issue 16): 500
# connections opened and left idle, a 10 MB POST, a slow client sending a
# byte a second, malformed HTTP; /healthz answers throughout, and SIGTERM
# stops it cleanly with the idle connections still open.  Under a minute.
. "$LEND_TOP/tests/cli/lib.sh"
. "$LEND_TOP/tests/browser/serve.sh"
t_registry

t_begin 'lend serve starts and answers /healthz'
if ! serve_start "$LEND" "$LEND_DB" serve.log; then
	t_diag 'lend serve did not answer /healthz within 15 s'
	sed 's/^/#   serve: /' serve.log
	serve_stop
	exit 1
fi

# The driver prints its own "ok - "/"not ok - " lines, one per attack, and
# sends SIGTERM itself while its idle connections are still open.
cat > survive.py <<'PY'
import http.client, os, select, socket, sys, threading, time

port, pid = int(sys.argv[1]), int(sys.argv[2])

def report(ok, name, why=""):
    print(("ok - " if ok else "not ok - ") + name)
    if not ok and why:
        print("# " + name + ": " + why)
    sys.stdout.flush()

def health():
    """None when /healthz answers 200 within 5 s, else what went wrong."""
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        c.request("GET", "/healthz")
        r = c.getresponse()
        r.read()
        c.close()
        if r.status != 200:
            return "status %d" % r.status
        return None
    except Exception as e:
        return "%s: %s" % (type(e).__name__, e)

def status_of(data):
    """The status code of the HTTP response DATA starts with, or 0."""
    parts = data.split(b" ", 2)
    if len(parts) >= 2 and parts[0].startswith(b"HTTP/1.") and parts[1].isdigit():
        return int(parts[1])
    return 0

def read_reply(s, wait):
    s.settimeout(wait)
    data = b""
    try:
        while b"\r\n\r\n" not in data:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    except (socket.timeout, ConnectionError):
        pass
    return data

# 500 connections opened and left idle.
idle = []
why = None
t0 = time.time()
try:
    while len(idle) < 500 and time.time() - t0 < 15:
        idle.append(socket.create_connection(("127.0.0.1", port), timeout=5))
except Exception as e:
    why = "connection %d: %s" % (len(idle) + 1, e)
if not why and len(idle) < 500:
    why = "only %d connections accepted in 15 s" % len(idle)
h = health()
report(why is None and h is None, "500 idle connections, /healthz answers",
       why or h or "")

# A slow client, a byte a second, for the rest of the test.
slow_stop = threading.Event()
slow_state = {"sent": 0, "closed": False}
def slow():
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        req = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 200
        for b in req:
            if slow_stop.is_set():
                break
            s.sendall(bytes([b]))
            slow_state["sent"] += 1
            time.sleep(1)
    except (ConnectionError, OSError):
        slow_state["closed"] = True
slow_thread = threading.Thread(target=slow, daemon=True)
slow_thread.start()
time.sleep(3)
h = health()
report(h is None, "a slow client sending a byte a second, /healthz answers", h or "")

# A 10 MB POST: answered 413 before the body is read, and the server
# goes on answering.
s = socket.create_connection(("127.0.0.1", port), timeout=5)
s.sendall(b"POST /login HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
          b"Content-Type: application/x-www-form-urlencoded\r\n"
          b"Content-Length: 10485760\r\n\r\n" % port)
sent = 0
reply = b""
try:
    s.settimeout(2)
    while sent < 10485760 and not reply:
        s.sendall(b"x" * 65536)
        sent += 65536
        if select.select([s], [], [], 0)[0]:
            reply = read_reply(s, 2)
except (socket.timeout, ConnectionError, OSError):
    pass
if not reply:
    reply = read_reply(s, 5)
s.close()
h = health()
code = status_of(reply)
report(code == 413 and h is None, "a 10 MB POST is answered 413, /healthz answers",
       "status %d after %d bytes sent; healthz: %s" % (code, sent, h))

# Malformed HTTP: each answered 4xx or closed, never 5xx, never a hang;
# /healthz answers after each.
bad = [
    ("garbage", b"\x00\x01\x02 hello \xff\xfe\r\n\r\n"),
    ("no version", b"GET /healthz\r\n\r\n"),
    ("HTTP/9.9", b"GET /healthz HTTP/9.9\r\nHost: a\r\n\r\n"),
    ("header without a colon", b"GET /healthz HTTP/1.1\r\nHost a\r\n\r\n"),
    ("100 kB header", b"GET /healthz HTTP/1.1\r\nHost: a\r\nX-Big: " + b"b" * 102400 + b"\r\n\r\n"),
    ("negative length", b"POST /login HTTP/1.1\r\nHost: a\r\nContent-Length: -5\r\n\r\nabc"),
    ("two lengths", b"POST /login HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 9\r\n\r\nabc"),
    ("bad chunk", b"POST /login HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n"),
    ("NUL in path", b"GET /heal\x00thz HTTP/1.1\r\nHost: a\r\n\r\n"),
    ("percent junk", b"GET /%zz%00%ff/../../etc/passwd HTTP/1.1\r\nHost: a\r\n\r\n"),
    ("cookie junk", b"GET /desk HTTP/1.1\r\nHost: a\r\nCookie: __Host-lend=" + b"\xff;=;" * 1000 + b"\r\n\r\n"),
    ("half a request", b"GET /desk HTT"),
]
fails = []
for name, data in bad:
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(data)
        if name == "half a request":
            s.shutdown(socket.SHUT_WR)
        code = status_of(read_reply(s, 5))
        s.close()
    except (ConnectionError, OSError) as e:
        code = 0
    if code >= 500 and code != 505:
        fails.append("%s: status %d" % (name, code))
    h = health()
    if h:
        fails.append("%s: then /healthz: %s" % (name, h))
report(not fails, "malformed HTTP is refused, /healthz answers", "; ".join(fails))

h = health()
report(h is None, "/healthz answers at the end", h or "")
slow_stop.set()

# SIGTERM with the idle connections still open: the process ends within 10 s.
os.kill(pid, 15)
t0 = time.time()
while time.time() - t0 < 10:
    try:
        with open("/proc/%d/stat" % pid) as f:
            if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                break
    except FileNotFoundError:
        break
    time.sleep(0.1)
took = time.time() - t0
report(took < 10, "SIGTERM stops the server with 500 connections open",
       "still running after %.1f s" % took)
for s in idle:
    s.close()
PY
t_begin 'the server exits 0 on SIGTERM'
timeout 50 python3 -u survive.py "$SERVE_PORT" "$SERVE_PID"
rc=$?
[ "$rc" -eq 0 ] || t_diag "the driver exited $rc (124: it hung)"
serve_stop
rc=$?
[ "$rc" -eq 0 ] || t_diag "lend serve exited $rc after SIGTERM"
grep -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' serve.log |
	sed 's/^/#   serve: /' | grep . && t_diag 'the sanitizers found something'
[ -z "${T_KEEP:-}" ] || cp serve.log "$T_KEEP/"
