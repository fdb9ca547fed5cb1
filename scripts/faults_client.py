#!/usr/bin/env python3
"""The load of scripts/faults.sh: one thread per org token casting ballots with Idempotency-Keys.

Each thread loops until the stop file appears: it picks a race and a ballot, sends PUT .../ballot
with a fresh key, and retries the same key and body on 503 or a connection error until it gets a
2xx (the replay of a committed write answers the first answer). Every attempt is timed. At the end
it writes a JSON report: every acknowledgement (org, race, key, status, version, receipt, ballot)
and every attempt's outcome, for faults.sh to check against the database.

    faults_client.py --url http://127.0.0.1:8735 --tokens tokens.tsv --races r1,r2
        --candidates c-a,c-b,c-c --stop FILE --out report.json --timeout 4
"""
import argparse
import http.client
import json
import random
import socket
import threading
import time
import uuid


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--url", required=True)
    p.add_argument("--tokens", required=True, help="TSV: org<TAB>token per line")
    p.add_argument("--cycle", default="faults")
    p.add_argument("--races", required=True)
    p.add_argument("--candidates", required=True, help="ids; RACE in an id stands for the race's id")
    p.add_argument("--stop", required=True, help="stop casting new ballots once this file exists")
    p.add_argument("--out", required=True)
    p.add_argument("--timeout", type=float, required=True, help="ENDORSE_DB_TIMEOUT plus slack, seconds")
    p.add_argument("--give-up", type=float, default=120, help="seconds a ballot may keep retrying after stop")
    a = p.parse_args()

    host, port = a.url.replace("http://", "").split(":")
    tokens = [line.rstrip("\n").split("\t") for line in open(a.tokens) if line.strip()]
    races = a.races.split(",")
    candidates = a.candidates.split(",")
    lock = threading.Lock()
    acks, attempts = [], []

    def worker(index, org, token):
        rng = random.Random(index)
        conn = None
        while True:
            try:
                open(a.stop).close()
                break
            except FileNotFoundError:
                pass
            race = rng.choice(races)
            roll = rng.random()
            if roll < 0.05:
                ballot = {"abstain": True}
            elif roll < 0.10:
                ballot = {"no_endorsement": True}
            else:
                ranking = [c.replace("RACE", race) for c in candidates]
                rng.shuffle(ranking)
                ballot = {"ranking": ranking[: rng.randint(1, len(ranking))]}
            body = json.dumps(ballot).encode()
            key = str(uuid.uuid4())
            path = f"/v1/cycles/{a.cycle}/races/{race}/ballot"
            headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Idempotency-Key": key}
            first = time.monotonic()
            while True:
                started = time.monotonic()
                outcome = None
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection(host, int(port), timeout=a.timeout)
                    conn.request("PUT", path, body=body, headers=headers)
                    r = conn.getresponse()
                    data = r.read()
                    status = r.status
                    outcome = str(status)
                    if r.getheader("Connection", "").lower() == "close":
                        conn.close()
                        conn = None
                except socket.timeout:
                    status, outcome = None, "timeout"
                except (ConnectionError, http.client.HTTPException, OSError):
                    status, outcome = None, "connection"
                if status is None and conn is not None:
                    conn.close()
                    conn = None
                elapsed = time.monotonic() - started
                with lock:
                    attempts.append({"org": org, "outcome": outcome, "seconds": round(elapsed, 4), "at": time.time()})
                if status is not None and 200 <= status < 300:
                    answer = json.loads(data)
                    with lock:
                        acks.append({"org": org, "race": race, "key": key, "status": status, "ballot": ballot,
                                     "version": answer.get("version"), "receipt": answer.get("receipt"),
                                     "answer": answer})
                    break
                if status is not None and status != 503:
                    with lock:
                        acks.append({"org": org, "race": race, "key": key, "status": status, "ballot": ballot,
                                     "refused": data.decode(errors="replace")})
                    break
                if time.monotonic() - first > a.give_up:
                    with lock:
                        acks.append({"org": org, "race": race, "key": key, "status": None, "ballot": ballot,
                                     "gave_up": True})
                    break
                time.sleep(0.2 if status == 503 else 0.3)
            time.sleep(rng.uniform(0, 0.05))
        if conn is not None:
            conn.close()

    threads = [threading.Thread(target=worker, args=(i, org, token)) for i, (org, token) in enumerate(tokens)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    json.dump({"acks": acks, "attempts": attempts}, open(a.out, "w"))


if __name__ == "__main__":
    main()
