"""The browser suite's service: `endorse serve` on a free port against a throwaway ENDORSE_HOME
(the managed PostgreSQL cluster), the sample cycle loaded with a questionnaire deadline a month
ahead, its candidates and orgs imported (no answers yet), and every candidate invited by email
through a stand-in sendmail that stores each message."""
import email
import email.policy
import json
import os
import pathlib
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from datetime import datetime, timedelta, timezone

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
HERE = pathlib.Path(__file__).resolve().parent
BIN = os.environ.get("ENDORSE_BIN") or str(ROOT / ".build" / "debug" / "endorse")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Service:
    def __init__(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="endorse-browser-"))
        self.home = self.tmp / "home"
        self.maildir = self.tmp / "mail"
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ, ENDORSE_HOME=str(self.home), DATABASE_URL="", ENDORSE_ACTOR="browser-suite",
                        ENDORSE_SENDMAIL=str(HERE / "fake-sendmail.sh"), ENDORSE_TEST_MAILDIR=str(self.maildir),
                        ENDORSE_BASE_URL=self.base, ENDORSE_MAIL_FROM="Sample Schools Coalition <coalition@example.org>")
        self.server = None
        self.log = self.tmp / "serve.log"

    def cli(self, *args, check=True, env=None):
        r = subprocess.run([BIN, *args], env=env or self.env, capture_output=True, text=True, timeout=300)
        if check and r.returncode != 0:
            raise AssertionError(f"endorse {' '.join(args)} exited {r.returncode}: {r.stderr}")
        return r

    def cycle_file(self, closes):
        text = (ROOT / "config" / "sample-2026.yaml").read_text()
        text = text.replace("publish_answers: endorsed", f"publish_answers: endorsed\nquestionnaire_closes: {closes}", 1)
        path = self.tmp / f"sample-{abs(hash(closes))}.yaml"
        path.write_text(text)
        return path

    def set_deadline(self, when):
        closes = when.astimezone(timezone(timedelta(hours=-6))).isoformat(timespec="seconds")
        self.cli("cycle", "load", str(self.cycle_file(closes)))

    def start(self):
        self.cli("db", "start")
        self.set_deadline(datetime.now(timezone.utc) + timedelta(days=30))
        self.cli("org", "import", str(ROOT / "config" / "orgs.csv"))
        self.cli("candidate", "import", "--cycle", "sample-2026", str(ROOT / "config" / "candidates.csv"))
        self.cli("invite", "--cycle", "sample-2026", "--candidates", "--send")
        with open(self.log, "w") as log:
            self.server = subprocess.Popen([BIN, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                                           env=self.env, stdout=log, stderr=subprocess.STDOUT)
        for _ in range(300):
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("endorse serve did not answer: " + self.log.read_text())

    def stop(self):
        if self.server and self.server.poll() is None:
            self.server.terminate()
            self.server.wait(timeout=20)
        record = self.home / "cluster.json"
        data = None
        if record.exists():
            data = json.loads(record.read_text()).get("data_directory")
        self.cli("db", "stop", check=False)
        if data:
            shutil.rmtree(os.path.dirname(data), ignore_errors=True)
        shutil.rmtree(self.tmp, ignore_errors=True)

    # --- what the suite reads -------------------------------------------------------------

    def mails(self, directory=None):
        out = []
        for f in sorted((directory or self.maildir).glob("*")):
            out.append(email.message_from_bytes(f.read_bytes(), policy=email.policy.default))
        return out

    def mail_to(self, address, directory=None):
        found = [m for m in self.mails(directory) if address in str(m["To"])]
        assert found, f"no mail to {address}"
        return found[-1]

    @staticmethod
    def link_in(message):
        body = message.get_body(preferencelist=("plain",)).get_content()
        links = re.findall(r"http://\S+/q/[A-Za-z0-9_-]{43}", body)
        assert links, body
        return links[0]

    def status(self):
        r = self.cli("answers", "status", "--cycle", "sample-2026", "--format", "json")
        return {c["id"]: c for c in json.loads(r.stdout)["candidates"]}

    def history(self, candidate):
        r = self.cli("answers", "history", "--cycle", "sample-2026", candidate, "--format", "json")
        return json.loads(r.stdout)["versions"]

    def psql(self, sql):
        url = self.cli("db", "url").stdout.strip()
        r = subprocess.run(["psql", url, "-At", "-c", sql], capture_output=True, text=True, check=True)
        return r.stdout.strip()

    def fingerprint(self):
        """Everything the pages could write: equal fingerprints mean nothing changed."""
        return self.psql("SELECT (SELECT count(*) FROM answers) || '/' || (SELECT count(*) FROM answer_drafts) || '/' || "
                         "(SELECT coalesce(md5(string_agg(answers::text, '' ORDER BY candidate)), '') FROM answer_drafts) || '/' || "
                         "(SELECT count(*) FROM audit_log) || '/' || (SELECT count(*) FROM audit_pending)")


@pytest.fixture(scope="session")
def service():
    s = Service()
    try:
        s.start()
        yield s
    finally:
        s.stop()
