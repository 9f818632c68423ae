#!/usr/bin/env python3
"""The funder report attacked as an auditor would (tests/cli/015-disclosure.sh).

Random small consortia are built through the lend CLI; for each, every
report a funder can ask for (all members, each member, each grant, over
each period: nested, overlapping, adjacent, one cutting months in two,
asked for in an order of the consortium's own, as lend reads each new
report beside those it issued before) is generated as JSON, and a solver
works out what a reader can learn from them.  The reader knows a shown count, that a count shown
"<T" is 1..T-1, that a withheld one is at least T (disclosure.c; the
marks follow from the true values, taken from a copy of the database with
report.threshold 1), and these linear constraints:

  within a report:  unique = sum(district) = sum(referring member)
                    = sum(language); new <= unique;
                    loans started = sum(monthly loans started);
                    monthly unique <= monthly loans, <= unique;
                    sum(monthly unique) >= unique
  between reports of one period:  every count of a member's or a grant's
                    report <= the whole consortium's; loans (one device
                    each, as generated) of the whole = sum over members.
  between reports of one member and grant over different periods:  a
                    month both cover whole is the same cell; counts at
                    the end of the period are the same for the same last
                    day; where one period holds the other, each count
                    over it (the new borrowers only from the same first
                    day) of the longer less the shorter's is a count of
                    people or loans of its own, the difference, which
                    must not be pinned either when it is 1..T-1.

The solver (interval propagation and an exact search over the hidden
cells) must never pin a "<T" count, or such a difference, to one value; a count of people worked
out as a difference of shown counts (returning = unique - new, the whole
less a member) must never be 1..T-1; no median or percentile is shown over
fewer than T loans.  Standard library only.

usage: disclosure_solver.py LEND SEED ROUNDS [FIRST]
(FIRST: start at consortium FIRST of the seed, drawing the ones before it
without building them; a failure names its consortium)
"""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

T = 5
# Periods asked for, each consortium in its own order (lend keeps the
# reports it issued and reads a new one beside them): nested, overlapping,
# adjacent, and one that cuts months in two.
PERIODS = [("2026-01-01", "2026-06-30"), ("2026-01-01", "2026-03-31"),
           ("2026-04-01", "2026-06-30"), ("2026-02-01", "2026-04-30"),
           ("2026-01-01", "2026-04-30"), ("2026-03-16", "2026-05-15")]
DISTRICTS = ["OL11", "OL12", "OL16", "M24"]
LANGS = ["en", "ur", "pl"]
KINDS = ["laptop", "tablet", "phone"]
# Counts of people or loans (lend__figure.people), by name.
COUNTS = {"loans_started", "loans_returned", "loans_open_at_end",
          "unique_borrowers", "new_borrowers", "items_overdue_at_end",
          "items_lost", "support_sessions", "reach_postcode_district",
          "reach_referring_member", "reach_language",
          "monthly_loans_started", "monthly_unique_borrowers"}
REACH = ["reach_postcode_district", "reach_referring_member",
         "reach_language"]
# Loans are shared out among members exactly (one device a loan).
PARTITIONED = {"loans_started", "monthly_loans_started", "loans_returned",
               "loans_open_at_end", "items_overdue_at_end", "items_lost"}


class DryLend:
    """Draws what build() draws, running nothing: to skip to consortium K
    of a seed."""
    calls = 0

    def __call__(self, *args, db=None, ok=True):
        self.calls += 1  # a name of its own for every device and person
        return subprocess.CompletedProcess(args, 0, "x%d" % self.calls, "")


class Lend:
    def __init__(self, exe, db):
        self.exe, self.db, self.calls = exe, db, 0

    def __call__(self, *args, db=None, ok=True):
        self.calls += 1
        env = dict(os.environ, LEND_DB=db or self.db, LEND_USER="ada")
        p = subprocess.run([self.exe] + list(args), env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           universal_newlines=True)
        if ok and p.returncode != 0:
            raise SystemExit("lend %s: %s" % (" ".join(args), p.stderr))
        return p


def day(n):
    """Day N of 2026 (0 = 1 January) as an ISO date."""
    months = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    m = 0
    while n >= months[m]:
        n -= months[m]
        m += 1
    return "2026-%02d-%02d" % (m + 1, n + 1)


def build(lend, rnd):
    """A random consortium; returns its members and grants."""
    lend("init", "--consortium", "Prop", "--prefix", "PRP", "--admin", "ada")
    members = ["M%d" % i for i in range(rnd.randint(2, 3))]
    grants = ["G%d" % i for i in range(rnd.randint(1, 2))]
    for m in members:
        lend("member", "add", m, "Member " + m)
        lend("site", "add", "S" + m, "--member", m, "Site " + m)
    lend("champion", "add", "--name", "Jo Champion", "--member", members[0])
    for g in grants:
        lend("grant", "add", g, "--funder", "F", "--programme", "P",
             "--from", "2025-01-01", "--to", "2027-12-31")
    devices = []
    for i in range(rnd.randint(3, 12)):
        m = rnd.choice(members)
        args = ["device", "add", "--kind", rnd.choice(KINDS), "--make", "A",
                "--model", "B", "--member", m, "--site", "S" + m,
                "--at", "2025-12-01T09:00:00Z"]
        g = rnd.choice(grants + [None])
        if g:
            args += ["--grant", g]
        devices.append(lend(*args).stdout.strip())
    people = []
    for i in range(rnd.randint(1, 40)):
        people.append(lend(
            "borrower", "add", "--name", "Person %d" % i, "--postcode",
            rnd.choice(DISTRICTS[:rnd.randint(2, 4)]), "--member",
            rnd.choice(members), "--language", rnd.choice(LANGS), "--consent",
            "--at", "2025-12-01T09:00:00Z").stdout.strip())
    wanted = []
    for b in people:
        for _ in range(rnd.randint(1, 3)):
            start = rnd.randint(0, 175)
            wanted.append((start, start + rnd.randint(1, 40), b))
    wanted.sort()
    free = {d: -1 for d in devices}
    acts = []
    for start, end, b in wanted:
        idle = [d for d in devices if free[d] < start]
        if not idle:
            continue
        d = rnd.choice(idle)
        free[d] = end
        acts.append((start, 1, "checkout", b, d, end))
        if end < 181:
            acts.append((end, 0, "checkin", b, d, end))
    for when, _, what, b, d, end in sorted(acts):
        at = day(when) + "T%02d:00:00Z" % (10 if what == "checkout" else 9)
        if what == "checkout":
            lend("checkout", b, d, "--due", day(min(end, 364)), "--at", at,
                 ok=False)
        else:
            lend("checkin", d, "--at", at, ok=False)
    for b in rnd.sample(people, min(len(people), rnd.randint(0, 6))):
        lend("session", "log", b, "--minutes", "30", "--topic", "email",
             "--date", day(rnd.randint(0, 180)), ok=False)
    return members, grants


def figures(path):
    with open(path) as f:
        return {(x["figure"], x["key"] or ""): x
                for x in json.load(f)["figures"]}


def reports(lend, tmp, members, grants, order):
    """Every report, period after period in ORDER, with the true values
    beside what is shown."""
    truth = os.path.join(tmp, "truth.db")
    shutil.copy(lend.db, truth)
    lend("settings", "set", "report.threshold", "1", db=truth)
    out = {}
    for p in order:
        a, b = PERIODS[p]
        scopes = [("all", [])] + [("member:" + m, ["--member", m])
                                  for m in members] + \
                 [("grant:" + g, ["--grant", g]) for g in grants]
        for name, extra in scopes:
            got = {}
            for which, db in (("shown", lend.db), ("true", truth)):
                path = os.path.join(tmp, "r.json")
                r = lend("report", "--from", a, "--to", b, "--format",
                         "json", "-o", path, *extra, db=db, ok=False)
                got[which] = figures(path) if r.returncode == 0 else None
            if got["shown"] is not None:
                out[(p, name)] = got
    return out


class Solver:
    """Integer intervals over variables, linear constraints with +-1
    coefficients: (terms, op, const) meaning sum(c * x) op const, op one
    of '=', '<='.  Bounds are propagated from the variables that changed
    (a work list), so that a search over hundreds of reports stays
    quick."""

    def __init__(self, big):
        self.dom, self.cons, self.big, self.uses = {}, [], big, {}

    def var(self, v, lo, hi):
        self.dom[v] = (lo, hi)

    def add(self, terms, op, const=0):
        # a breakdown left out of a report (or a report refused) gives
        # no constraint
        if terms and all(v in self.dom for c, v in terms):
            self.cons.append((terms, op, const))
            for c, v in terms:
                self.uses.setdefault(v, []).append(len(self.cons) - 1)

    def narrow(self, dom, k, changed):
        """Narrow the variables of constraint K; False when it fails."""
        terms, op, const = self.cons[k]
        lo = sum(c * dom[v][0] if c > 0 else c * dom[v][1] for c, v in terms)
        hi = sum(c * dom[v][1] if c > 0 else c * dom[v][0] for c, v in terms)
        if lo > const or (op == "=" and hi < const):
            return False
        for c, v in terms:
            vlo, vhi = dom[v]
            # the rest's range
            rlo = lo - (c * vlo if c > 0 else c * vhi)
            rhi = hi - (c * vhi if c > 0 else c * vlo)
            if c > 0:
                nhi = const - rlo
                nlo = const - rhi if op == "=" else vlo
            else:
                nlo = rlo - const
                nhi = rhi - const if op == "=" else vhi
            nlo, nhi = max(vlo, nlo), min(vhi, nhi)
            if nlo > nhi:
                return False
            if (nlo, nhi) != (vlo, vhi):
                dom[v] = (nlo, nhi)
                changed.append(v)
                lo = sum(k * dom[u][0] if k > 0 else k * dom[u][1]
                         for k, u in terms)
                hi = sum(k * dom[u][1] if k > 0 else k * dom[u][0]
                         for k, u in terms)
        return True

    def propagate(self, dom, start=None):
        """DOM narrowed until every constraint holds (from the variables
        START, else all), or None when they cannot."""
        dom = dict(dom)
        work = set(range(len(self.cons))) if start is None else \
            {k for v in start for k in self.uses.get(v, [])}
        while work:
            changed = []
            if not self.narrow(dom, work.pop(), changed):
                return None
            for v in changed:
                work.update(self.uses.get(v, []))
        return dom

    def feasible(self, dom, budget, start=None):
        dom = self.propagate(dom, start)
        if dom is None:
            return False
        budget[0] -= 1
        if budget[0] < 0:
            return True  # undecided: counted as not pinned, and said
        open_ = [v for v, (lo, hi) in dom.items() if lo < hi]
        if not open_:
            return True
        v = min(open_, key=lambda u: dom[u][1] - dom[u][0])
        lo, hi = dom[v]
        for x in range(lo, min(hi, lo + 60) + 1):
            d = dict(dom)
            d[v] = (x, x)
            if self.feasible(d, budget, [v]):
                return True
        return False


def within(s, under, problems, p, scope, got, t, big):
    """The variables and constraints of one report."""
    for (name, key), x in got["shown"].items():
        if name not in COUNTS:
            continue
        v = (p, scope, name, key)
        true = int(got["true"][(name, key)]["value"])
        if not x["suppressed"]:
            s.var(v, int(x["value"]), int(x["value"]))
        elif true < t:
            s.var(v, 1, t - 1)
            under[v] = true
        else:
            s.var(v, t, big)
    f = got["shown"]
    u = (p, scope, "unique_borrowers", "")
    for name in REACH:
        if any(n == name for n, k in f):
            s.add([(1, (p, scope, n, k)) for n, k in f if n == name] +
                  [(-1, u)], "=")
    s.add([(1, (p, scope, "new_borrowers", "")), (-1, u)], "<=")
    for name, op, total in (("monthly_loans_started", "=", "loans_started"),
                            ("monthly_unique_borrowers", ">=",
                             "unique_borrowers")):
        cells = [(1, (p, scope, n, k)) for n, k in f if n == name]
        if cells and op == "=":
            s.add(cells + [(-1, (p, scope, total, ""))], "=")
        elif cells:
            s.add([(1, (p, scope, total, ""))] +
                  [(-c, v) for c, v in cells], "<=")
    for n, k in f:
        if n == "monthly_unique_borrowers":
            s.add([(1, (p, scope, n, k)), (-1, u)], "<=")
            s.add([(1, (p, scope, n, k)),
                   (-1, (p, scope, "monthly_loans_started", k))], "<=")
    # measures over fewer than T loans
    items = got["true"][("loans_returned", "")]["value"]
    for m in ("loan_days_median", "loan_days_p90"):
        if not f[(m, "")]["suppressed"] and 0 < items < t:
            problems.append("%s %s %s shown over %d loans" %
                            (PERIODS[p], scope, m, items))
    # returning = unique - new
    nb = f[("new_borrowers", "")]
    if not nb["suppressed"] and not f[("unique_borrowers", "")]["suppressed"]:
        back = f[("unique_borrowers", "")]["value"] - nb["value"]
        if 0 < back < t:
            problems.append("%s %s: unique - new = %d returning" %
                            (PERIODS[p], scope, back))


def same_period(s, problems, p, reps, t, nmembers):
    """Between the reports of one period: a member's or a grant's counts
    at most the whole's, and the members' loans adding up to it."""
    whole = reps.get((p, "all"))
    if not whole:
        return
    for (q, scope), got in reps.items():
        if q != p or scope == "all":
            continue
        for (name, key), x in got["shown"].items():
            if name not in COUNTS or name == "new_borrowers":
                continue
            s.add([(1, (p, scope, name, key)), (-1, (p, "all", name, key))],
                  "<=")
            w = whole["shown"].get((name, key))
            if (name in ("unique_borrowers",) or name in REACH) and w and \
                    not w["suppressed"] and not x["suppressed"] and \
                    0 < w["value"] - x["value"] < t:
                problems.append("%s all - %s: %s %s = %d" % (
                    PERIODS[p], scope, name, key, w["value"] - x["value"]))
    members = [sc for (q, sc) in reps if q == p and sc.startswith("member:")]
    if len(members) == nmembers:
        # every member's report given: the whole's loans are their sum
        for n, k in whole["shown"]:
            if n in PARTITIONED:
                s.add([(1, (p, m, n, k)) for m in members] +
                      [(-1, (p, "all", n, k))], "=")


def whole_month(period, month):
    last = {2: 28, 4: 30, 6: 30, 9: 30, 11: 30}.get(int(month[5:7]), 31)
    return period[0] <= month + "-01" and period[1] >= "%s-%02d" % (month,
                                                                     last)


def holds(a, b):
    return a[0] <= b[0] and a[1] >= b[1]


def across_periods(s, under, reps, t, big):
    """Between two reports of one member and grant over different
    periods: a month both cover whole is the same cell in both; where one
    period holds the other, each count over the period (not those at its
    end) of the longer, less the shorter's, counts the people or loans of
    the difference alone: a count that must not be pinned either."""
    given = sorted(reps)
    for i, (p, scope) in enumerate(given):
        for q, sc in given[i + 1:]:
            if sc != scope or q == p:
                continue
            a, b = PERIODS[p], PERIODS[q]
            fa, fb = reps[(p, scope)], reps[(q, scope)]
            for (name, key) in fa["shown"]:
                if name not in COUNTS or (name, key) not in fb["shown"]:
                    continue
                x, y = (p, scope, name, key), (q, scope, name, key)
                if name.startswith("monthly_") and whole_month(a, key) and \
                        whole_month(b, key):
                    s.add([(1, x), (-1, y)], "=")
                    continue
                if name in ("loans_open_at_end", "items_overdue_at_end"):
                    if a[1] == b[1]:
                        s.add([(1, x), (-1, y)], "=")
                    continue
                if name == "new_borrowers" and a[0] != b[0]:
                    continue
                if holds(b, a):
                    x, y, fa_, fb_ = y, x, fb, fa
                elif holds(a, b):
                    fa_, fb_ = fa, fb
                else:
                    continue
                d = ("diff", x, y)
                s.var(d, 0, big)
                s.add([(1, d), (-1, x), (1, y)], "=")
                true = int(fa_["true"][(name, key)]["value"]) - \
                    int(fb_["true"][(name, key)]["value"])
                if 0 < true < t:
                    under[d] = true


def attack(reps, t, big, log, nmembers):
    """The problems a reader finds in all the reports of a consortium."""
    s = Solver(big)
    under = {}
    problems = []
    for (p, scope), got in reps.items():
        within(s, under, problems, p, scope, got, t, big)
    for p in range(len(PERIODS)):
        same_period(s, problems, p, reps, t, nmembers)
    across_periods(s, under, reps, t, big)
    base = s.propagate(s.dom)
    if base is None:
        problems.append("constraints inconsistent with the reports "
                        "(test bug)")
        return problems
    for v, true in under.items():
        others = False
        # a difference may also be 0 or the threshold or more
        for a in range(max(base[v][0], 0), min(base[v][1], 2 * t) + 1):
            if a == true:
                continue
            d = dict(base)
            d[v] = (a, a)
            budget = [3000]
            if s.feasible(d, budget, [v]):
                others = True
                if budget[0] < 0:
                    log.append("undecided: %s" % (v,))
                break
        if not others:
            problems.append("%s pinned to %d" % (v, true))
    return problems


def main():
    exe, seed, rounds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    first = int(sys.argv[4]) if len(sys.argv) > 4 else 0
    print("# seed %d, consortia %d..%d (replay: %s %s %d %d %d)" %
          (seed, first, rounds - 1, sys.argv[0], "LEND", seed, rounds,
           first))
    rnd = random.Random(seed)
    for i in range(first):
        build(DryLend(), rnd)
    bad = 0
    for i in range(first, rounds):
        tmp = tempfile.mkdtemp()
        try:
            lend = Lend(exe, os.path.join(tmp, "lend.db"))
            members, grants = build(lend, rnd)
            # the order of the periods: drawn apart from the consortium,
            # so that FIRST still skips to the same consortia
            order = random.Random(seed * 100003 + i).sample(
                range(len(PERIODS)), len(PERIODS))
            reps = reports(lend, tmp, members, grants, order)
            problems, log = [], []
            if reps:
                big = 2 * max(int(v["true"][("loans_started", "")]["value"])
                              + 50 for v in reps.values())
                problems = attack(reps, T, big, log, len(members))
            refused = sum(1 for p in range(len(PERIODS))
                          for s in ["all"] + ["member:" + m for m in members]
                          + ["grant:" + g for g in grants]
                          if (p, s) not in reps)
            mrefused = sum(1 for p in range(len(PERIODS)) for m in members
                           if (p, "member:" + m) not in reps)
            print("# consortium %d: %d members, %d grants, %d reports "
                  "(%d refused, of them %d of %d member reports), "
                  "%d lend calls%s" %
                  (i, len(members), len(grants), len(reps), refused,
                   mrefused, len(members) * len(PERIODS), lend.calls,
                   "; " + "; ".join(log) if log else ""))
            for x in problems:
                print("# LEAK consortium %d: %s" % (i, x))
            bad += bool(problems)
        finally:
            shutil.rmtree(tmp)
    print("%s - no suppressed count pinned, no difference or measure under "
          "the threshold, in %d random consortia (seed %d)" %
          ("not ok" if bad else "ok", rounds - first, seed))


if __name__ == "__main__":
    main()
