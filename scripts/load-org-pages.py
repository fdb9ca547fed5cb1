#!/usr/bin/env python3
"""Load test of the org ballot pages (issue 11): ORGS member orgs vote through `/b/...` at once,
as browsers would (open the link, load the race page for its CSRF token, review, confirm), each
casting ROUNDS ballots (rankings, no-endorsement, abstentions, withdrawals) in an irv race and an
approval race. Then the races close and the script checks, from the database:

  * nothing lost: every acknowledged write (303 to `?recorded=1` / `?withdrawn=1`) is a ballot
    version of that org, and every version was acknowledged;
  * nothing doubled: versions of each (org, race) run 1..n with n = acknowledged writes;
  * every org's last acknowledged ballot is its current ballot at close.

It runs on a throwaway ENDORSE_HOME (the managed PostgreSQL cluster), which it deletes at the end.
Only the standard library is used. Prints the figures as a Markdown table.

    scripts/load-org-pages.py [--orgs 50] [--rounds 6] [--bin .build/debug/endorse]
"""
import argparse
import concurrent.futures
import http.client
import json
import os
import pathlib
import platform
import random
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parents[1]
CYCLE = "sample-2026"
IRV = ("district-1", ["c-ana-ruiz", "c-marcus-bell", "c-priya-raman"])
APPROVAL = ("at-large", ["c-angela-brooks-reyes", "c-kwame-asante", "c-felipe-ortiz", "c-nora-lindgren"])


class Cluster:
    def __init__(self, binary):
        self.bin = binary
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="endorse-load-"))
        self.env = dict(os.environ, ENDORSE_HOME=str(self.tmp / "home"), DATABASE_URL="", ENDORSE_ACTOR="load-script")

    def cli(self, *args):
        r = subprocess.run([self.bin, *args], env=self.env, capture_output=True, text=True, timeout=600)
        if r.returncode != 0:
            raise SystemExit(f"endorse {' '.join(args)} exited {r.returncode}: {r.stderr}")
        return r.stdout

    def psql(self, sql):
        url = self.cli("db", "url").strip()
        return subprocess.run(["psql", url, "-At", "-F", "|", "-c", sql], capture_output=True, text=True,
                              check=True).stdout.strip().splitlines()

    def stop(self):
        record = self.tmp / "home" / "cluster.json"
        data = json.loads(record.read_text()).get("data_directory") if record.exists() else None
        subprocess.run([self.bin, "db", "stop"], env=self.env, capture_output=True)
        if data:
            shutil.rmtree(os.path.dirname(data), ignore_errors=True)
        shutil.rmtree(self.tmp, ignore_errors=True)


def prepare(c, orgs):
    c.cli("db", "start")
    c.cli("cycle", "load", str(ROOT / "config" / "sample-2026.yaml"))
    roster = c.tmp / "orgs.csv"
    roster.write_text("id,name,weight,contact_email,active\n" + "".join(
        f"org-load-{i:02d},Load Org {i},{1 + i % 5},,true\n" for i in range(1, orgs + 1)))
    c.cli("org", "import", str(roster))
    c.cli("candidate", "import", "--cycle", CYCLE, str(ROOT / "config" / "candidates.csv"))
    for race, ids in (IRV, APPROVAL):
        args = ["vote", "open", "--cycle", CYCLE, "--race", race]
        for i in ids:
            args += ["--include", i, "--reason", "load test"]
        c.cli(*args)
    out = c.cli("invite", "--cycle", CYCLE, "--orgs").splitlines()[1:]
    return {line.split(",")[0]: line.rsplit("/", 1)[1] for line in out}


class Delegate:
    """One org's browser: a cookie and plain HTTP/1.1 requests."""

    def __init__(self, port, org, token):
        self.port, self.org, self.token, self.cookie = port, org, token, None

    def request(self, method, path, fields=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        r = conn.getresponse()
        data = r.read().decode()
        for name, value in r.getheaders():
            if name.lower() == "set-cookie" and value.startswith("endorse_session="):
                self.cookie = value.split(";")[0]
        conn.close()
        return r.status, r.getheader("Location"), data

    def csrf(self, race):
        status, _, page = self.request("GET", f"/b/races/{race}")
        assert status == 200, (self.org, status)
        return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def ballot_fields(rng, race, ids):
    roll = rng.random()
    if roll < 0.1:
        return [("special", "no_endorsement")], "no_endorsement:"
    if roll < 0.2:
        return [("special", "abstain")], "abstain:"
    if race == IRV[0]:
        chosen = rng.sample(ids, rng.randint(1, len(ids)))
        return [(f"rank-{c}", str(i + 1)) for i, c in enumerate(chosen)], "ranking:" + ",".join(chosen)
    chosen = sorted(rng.sample(ids, rng.randint(1, len(ids))), key=ids.index)
    return [("approve", c) for c in chosen], "approve:" + ",".join(chosen)


def vote(port, org, token, rounds, seed, latencies, lock):
    rng = random.Random(seed)
    d = Delegate(port, org, token)
    status, location, _ = d.request("GET", f"/b/{token}")
    assert status == 303 and location == "/b", (org, status)
    acked = {IRV[0]: [], APPROVAL[0]: []}
    for _ in range(rounds):
        for race, ids in (IRV, APPROVAL):
            csrf = d.csrf(race)
            if acked[race] and acked[race][-1] != "withdrawal:" and rng.random() < 0.15:
                fields, said, action = [], "withdrawal:", "withdraw"
            else:
                fields, said = ballot_fields(rng, race, ids)
                action = "confirm"
                status, _, _ = d.request("POST", f"/b/races/{race}", [("csrf", csrf), ("action", "review")] + fields)
                assert status == 200, (org, race, status)
            start = time.perf_counter()
            status, location, body = d.request("POST", f"/b/races/{race}", [("csrf", csrf), ("action", action)] + fields)
            elapsed = time.perf_counter() - start
            with lock:
                latencies.append(elapsed)
            want = f"/b/races/{race}?{'withdrawn' if action == 'withdraw' else 'recorded'}=1"
            if status == 303 and location == want:
                acked[race].append(said)
            else:
                raise AssertionError(f"{org} {race}: {status} {location} {body[:300]}")
    return org, acked


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--orgs", type=int, default=50)
    p.add_argument("--rounds", type=int, default=6)
    p.add_argument("--bin", default=str(ROOT / ".build" / "debug" / "endorse"))
    args = p.parse_args()
    c = Cluster(args.bin)
    server = None
    try:
        tokens = prepare(c, args.orgs)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        server = subprocess.Popen([args.bin, "serve", "--host", "127.0.0.1", "--port", str(port)], env=c.env,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(300):
            try:
                if Delegate(port, "", "").request("GET", "/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        latencies, lock = [], threading.Lock()
        start = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.orgs) as pool:
            futures = [pool.submit(vote, port, org, tok, args.rounds, i, latencies, lock)
                       for i, (org, tok) in enumerate(sorted(tokens.items()))]
            results = dict(f.result() for f in futures)
        wall = time.perf_counter() - start
        c.cli("vote", "close", "--cycle", CYCLE, "--all")
        rows = c.psql(f"SELECT org, race, version, kind || ':' || coalesce(array_to_string(ranking, ','), "
                      f"array_to_string(approve, ','), ''), current, source FROM ballots WHERE cycle = '{CYCLE}' "
                      f"ORDER BY org, race, version")
        stored = {}
        for row in rows:
            org, race, version, said, current, source = row.split("|")
            stored.setdefault((org, race), []).append((int(version), said, current == "t", source))
        problems = []
        for org, acked in results.items():
            for race, writes in acked.items():
                versions = stored.get((org, race), [])
                if [v for v, _, _, _ in versions] != list(range(1, len(writes) + 1)):
                    problems.append(f"{org} {race}: versions {[v for v, *_ in versions]} for {len(writes)} acknowledged writes")
                elif [s for _, s, _, _ in versions] != writes:
                    problems.append(f"{org} {race}: stored {[s for _, s, _, _ in versions]} != acknowledged {writes}")
                elif writes and not versions[-1][2]:
                    problems.append(f"{org} {race}: last acknowledged ballot is not current")
                elif any(src != "web" for *_, src in versions):
                    problems.append(f"{org} {race}: a version not from the pages")
        total = sum(len(w) for a in results.values() for w in a.values())
        latencies.sort()
        pct = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000
        print(f"| orgs | writes (confirm/withdraw) | wall | writes/s | p50 | p95 | max | lost/doubled/not current |")
        print(f"| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
        print(f"| {args.orgs} | {total} | {wall:.1f} s | {total / wall:.0f} | {pct(0.5):.0f} ms | {pct(0.95):.0f} ms "
              f"| {latencies[-1] * 1000:.0f} ms | {len(problems)} |")
        print(f"\nmachine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores; binary {args.bin}")
        for line in problems[:20]:
            print("PROBLEM", line)
        raise SystemExit(1 if problems else 0)
    finally:
        if server and server.poll() is None:
            server.terminate()
            server.wait(timeout=20)
        c.stop()


if __name__ == "__main__":
    main()
