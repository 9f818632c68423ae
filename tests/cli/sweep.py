#!/usr/bin/env python3
"""The hostile sweep (tests/cli/024-sweep.sh): every command's every
argument, read from `lend help` and each command's usage, given hostile
values one at a time, the others valid.  A refusal must be one line of
printable UTF-8 (control and invalid bytes escaped), exit non-zero and
leave the database byte-identical; values no field may hold (100 kB,
invalid or overlong UTF-8, control characters, bidi overrides) must be
refused by every text field.  Usage: sweep.py LEND DB [SAMPLE]: with
SAMPLE n, every n-th case only."""
import hashlib, os, re, shutil, subprocess, sys

lend, db = sys.argv[1], sys.argv[2]
sample = int(sys.argv[3]) if len(sys.argv) > 3 else 1
env = dict(os.environ, LEND_DB=db, LEND_USER="ada")

# name: (value, must every text field refuse it?)
HOSTILE = [
    ("empty", b"", False),
    ("100kB", b"a" * 100000, True),
    ("invalid UTF-8", b"Ann \xc3\x28", True),
    ("overlong UTF-8", b"Ann \xc0\xaf", True),
    ("ESC", b"Ann \x1b[31mred", True),
    ("newline", b"Ann\nforged row", True),
    ("C1", b"Ann \xc2\x85", True),
    ("bidi override", b"Ann \xe2\x80\xaeevil", True),
    ("U+FFFF", b"Ann \xef\xbf\xbf", True),
    ("leading dash", b"-rf", False),
    ("SQL", b"x'); DROP TABLE device;--", False),
    ("formula", b"=HYPERLINK(\"http://x\")", False),
    ("path traversal", b"../../../../../no-such-dir/x", False),
]
# Where a value is a file name, or free to be anything, a hostile one may
# be accepted; it must still never produce an unsafe line.
PATHLIKE = {"-o", "--errors", "FILE", "FILE.csv", "FILE.pdf", "PATH",
            "--template", "SEARCH"}
VALID = {
    "--kind": "tablet", "K": "tablet", "--make": "Apple", "--model": "iPad",
    "--member": "RBH", "--site": "HUB", "--name": "Ann Other",
    "--postcode": "OL11", "--from": "2026-01-01", "--to": "2026-03-31",
    "--method": "factory reset", "--role": "staff", "--funder": "Lottery",
    "--programme": "Digital", "--minutes": "30", "--topic": "email",
    "-o": "out.file", "--consortium": "Test", "--prefix": "TST",
    "--admin": "ada", "CODE": "NEWC", "NAME": "New Name", "TAG": "TST-00001",
    "TAG...": "TST-00001", "REF": "B-00001", "BORROWER": "B-00001",
    "CHAMPION": "C-00001", "LOAN": "L-00001", "LOAN|TAG": "L-00001",
    "HOLD": "H-00001", "KIT": "TST-00001", "PART...": "TST-00002",
    "KEY": "consortium.name", "VALUE": "Test", "SEARCH": "Ann",
    "FILE.csv": "devices.csv", "FILE": "out.file", "TAG|CODE|USER": "RBH",
    "--device": "TST-00002",
}
FLAGS = {"--json", "--consent", "--dry-run", "--yes", "--override",
         "--update", "--expand", "--all", "--excel", "--open", "--fix",
         "--templates"}


def run(argv, stdin=b""):
    p = subprocess.run([lend] + argv, input=stdin, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return p.returncode, p.stderr


def digest():
    with open(db, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def usages():
    out = subprocess.run([lend, "help"], capture_output=True).stdout.decode()
    cmds = re.findall(r"^  (\w+) ", out.split("commands:")[1], re.M)
    for c in cmds:
        if c in ("help", "init", "restore", "scan", "serve"):
            continue  # no database, a new one, stdin (below), a server
        text = subprocess.run([lend, "help", c], capture_output=True)
        text = (text.stdout + text.stderr).decode()
        entry = None
        for line in text.splitlines():
            line = line.replace("usage:", "").strip()
            if line.startswith("lend "):
                if entry:
                    yield entry
                entry = line[5:]
            elif entry and not line.startswith("("):
                entry += " " + line
        if entry:
            yield entry


def slots(entry):
    """(words, [(kind, name, optional)]) of one usage line."""
    toks = re.findall(r"\[|\]|\(|\)|'[^']*'|[^\s\[\]()]+", entry)
    words, out, depth, i = [], [], 0, 0
    while i < len(toks):
        t = toks[i]
        if t in "[(":
            depth += 1
        elif t in "])":
            depth -= 1
        elif t == "|" or t == "...":
            pass
        elif t.startswith("-"):
            nxt = toks[i + 1] if i + 1 < len(toks) else ""
            if t.split("|")[0] in FLAGS or nxt in "[]()|" or nxt.startswith("-") \
                    and nxt != "-":
                pass
            else:
                out.append(("opt", t, depth > 0, nxt))
                i += 1
        elif t.isupper() or "." in t and t[0].isupper() or t[0] == "'":
            out.append(("pos", t, depth > 0, t))
        elif not out and depth == 0:
            words.append(t.split("|")[0])
        i += 1
    return words, out


def argv_for(words, sl, k, value):
    argv = list(words)
    for j, (kind, name, optional, ph) in enumerate(sl):
        if j != k and optional:
            continue
        v = value if j == k else VALID.get(name, VALID.get(ph, "X"))
        if isinstance(v, str):
            v = v.encode()
        v = os.fsdecode(v)
        argv += [name, v] if kind == "opt" else [v]
    return argv


def safe_line(err, code=1):
    lines = err.split(b"\n")
    if code == 2:
        # A usage error: its one line, then the usage as the man page
        # has it, and nothing else.
        usage = [i for i, l in enumerate(lines) if l.startswith(b"usage: ")]
        if usage and all(l.startswith(b"      ") for l in
                         lines[usage[0] + 1:-1]):
            lines = lines[:usage[0]] + [b""]
    if len(lines) != 2 or lines[1] != b"":
        return "%d lines" % (len(lines) - 1)
    try:
        s = lines[0].decode("utf-8")
    except UnicodeDecodeError:
        return "invalid UTF-8"
    for ch in s:
        o = ord(ch)
        if o < 0x20 or 0x7f <= o <= 0x9f or 0x202a <= o <= 0x202e or \
                0x2066 <= o <= 0x2069 or o in (0xfffe, 0xffff):
            return "unescaped U+%04X" % o
    return None


def main():
    base = db + ".base"
    shutil.copy(db, base)
    before = digest()
    cases = bad = n = 0
    for entry in usages():
        words, sl = slots(entry)
        for k, (kind, name, optional, ph) in enumerate(sl):
            for label, value, must in HOSTILE:
                n += 1
                if n % sample:
                    continue
                cases += 1
                argv = argv_for(words, sl, k, value)
                code, err = run(argv)
                where = "lend %s %s=%s" % (" ".join(words), name, label)
                pathlike = name in PATHLIKE or ph in PATHLIKE
                problem = None
                if code == 0:
                    lines = name in ("--notes", "--note", "--address",
                                     "--hours", "--method", "--topic")
                    if must and not pathlike and not (
                            lines and label == "newline"):
                        problem = "accepted"
                    shutil.copy(base, db)  # an accepted value is undone
                    for f in os.listdir("."):
                        if f not in (os.path.basename(db),
                                     os.path.basename(base), "devices.csv"):
                            shutil.rmtree(f) if os.path.isdir(f) else os.remove(f)
                else:
                    problem = safe_line(err, code)
                    if digest() != before:
                        problem = (problem or "") + " database changed"
                        shutil.copy(base, db)
                if problem:
                    bad += 1
                    if bad <= 30:
                        print("# %s: %s: %s" % (where, problem,
                              err[:200].decode("utf-8", "replace").strip()))
    # Usage errors that show the value given: an unknown command, option
    # or subcommand, an argument too many, a value an option needs, each
    # one escaped line and the usage, exit 2, the database unchanged.
    for label, value, must in HOSTILE:
        if not value:
            continue
        v = os.fsdecode(value)
        for argv in ([v], ["--" + v, "member", "list"],
                     ["member", v], ["member", "show", "RBH", v],
                     ["device", "add", "--" + v],
                     ["device", "list", "--member=" + v, "--" + v],
                     ["help", v], ["export", "devices", "--excel",
                                   "--format", v]):
            cases += 1
            code, err = run(argv)
            problem = safe_line(err, code) if code == 2 else "exit %d" % code
            if err.count(b"\n") and len(err.split(b"\n")[0]) > 600:
                problem = "a line of %d bytes" % len(err.split(b"\n")[0])
            if digest() != before:
                problem = (problem or "") + " database changed"
            if problem:
                bad += 1
                print("# lend %s (%s, usage): %s: %s" % (
                      " ".join(argv[:2])[:40], label, problem,
                      err[:200].decode("utf-8", "replace").strip()))
    # NUL via files: an import, a label template, a scanner's line.
    for argv, stdin in (
            (["import", "devices", "nul.csv"], b""),
            (["import", "borrowers", "nul.csv"], b""),
            (["label", "TST-00001", "--template", "nul.label", "-o", "x.pdf"], b""),
            (["scan"], b"TST-\x0000001\n")):
        with open("nul.csv", "wb") as f:
            f.write(b"tag,kind,make,model,member,site\nTST-9,tablet,Ap\x00ple,x,RBH,HUB\n")
        with open("nul.label", "wb") as f:
            f.write(b"name = x\x00y\n")
        cases += 1
        code, err = run(argv, stdin)
        problem = safe_line(err) if code else "accepted"
        if argv[0] == "scan":
            # The desk answers each line on standard output and goes on;
            # a refused line makes it end with status 1.
            problem = None if code == 1 else "exit %d" % code
        if digest() != before:
            problem = (problem or "") + " database changed"
        if problem:
            bad += 1
            print("# lend %s (NUL): %s: %s" % (" ".join(argv), problem,
                  err[:200].decode("utf-8", "replace").strip()))
    print("# %d cases, %d bad" % (cases, bad))
    return 1 if bad else 0


sys.exit(main())
