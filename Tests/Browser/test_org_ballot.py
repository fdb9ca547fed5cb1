"""Member orgs vote on their ballot pages (issue 11), as a delegate would: from the link in the
captured email, with JavaScript on (the ranking list, by keyboard) and off (the selects), in
English and Spanish, at 320 px and at desktop width, with axe-core on every page. Races: district-1
(irv, three candidates), at-large (approval), district-2 (org-paras recused), district-3 (closed)."""
import csv
import json
import os
import re

import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from browser import DESKTOP, PHONE, check_page, chromium, navigate, press, text
from conftest import ROOT

SHOTS = os.environ.get("ENDORSE_SCREENSHOTS")
CYCLE = "sample-2026"
RACES = ["district-1", "district-2", "district-3", "district-4", "at-large"]
D1 = ["c-ana-ruiz", "c-marcus-bell", "c-priya-raman"]
# Ballot names (candidates.csv), as the ballot shows them.
NAMES = {"c-ana-ruiz": "ANA RUIZ", "c-marcus-bell": "Marcus Bell", "c-priya-raman": "PRIYA RAMAN"}
EMAIL = {"org-stu-local-1": "info@stu1.example.org", "org-paras": "paras@example.org",
         "org-parents-united": "hello@parentsunited.example.org",
         "org-swu-73": "local73@example.org", "org-pta-council": "council@pta.example.org"}


@pytest.fixture(scope="module")
def orgs(service):
    """Answers and reviews for the candidates of RACES, a recusal, the races opened (district-3
    closed again), and every active org invited by email."""
    service.cli("answers", "import", "--cycle", CYCLE, str(ROOT / "config" / "answers.csv"))
    with open(ROOT / "config" / "candidates.csv", newline="") as f:
        ours = {r["id"] for r in csv.DictReader(f) if r["race"] in RACES}
    with open(ROOT / "config" / "reviews.csv", newline="") as f:
        for r in csv.DictReader(f):
            if r["candidate_id"] in ours:
                service.cli("review", "add", "--cycle", CYCLE, "--candidate", r["candidate_id"], "--question",
                            r["question_id"], "--points", r["points"], "--reviewer", r["reviewer"])
    service.cli("org", "recuse", "--cycle", CYCLE, "--org", "org-paras", "--race", "district-2",
                "--reason", "its president runs in District 2")
    for race in RACES:
        service.cli("vote", "open", "--cycle", CYCLE, "--race", race)
    service.cli("vote", "close", "--cycle", CYCLE, "--race", "district-3")
    service.cli("invite", "--cycle", CYCLE, "--orgs", "--send")
    return service


def link_for(service, org):
    body = service.mail_to(EMAIL[org]).get_body(preferencelist=("plain",)).get_content()
    links = re.findall(r"http://\S+/b/[A-Za-z0-9_-]{43}", body)
    assert links, body
    return links[-1]


def shot(driver, name):
    if SHOTS and driver.width == PHONE and driver.js_enabled:
        os.makedirs(SHOTS, exist_ok=True)
        return os.path.join(SHOTS, name)
    return None


def open_ballots(service, org, js, width, lang):
    d = chromium(js=js, width=width, accept_language="es-US,es" if lang == "es" else "en-US,en")
    d.get(link_for(service, org))
    assert d.current_url.endswith("/b"), d.current_url
    assert d.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang
    return d


def save_from(driver, path, css, height=1100):
    """A phone-width screenshot from the top of the element `css` down (the ranking form)."""
    import base64
    top = driver.execute_script("var r = document.querySelector(arguments[0]).getBoundingClientRect();"
                                "return r.top + window.scrollY - 8;", css)
    width = driver.execute_script("return document.documentElement.clientWidth")
    full = driver.execute_script("return document.documentElement.scrollHeight")
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": top, "width": width, "height": min(height, full - top), "scale": 1}})
    with open(path, "wb") as f:
        f.write(base64.b64decode(shot["data"]))


def current(service, org, race):
    return service.psql(f"SELECT kind || ':' || coalesce(array_to_string(ranking, ','), array_to_string(approve, ','), '') "
                        f"|| ':' || version || ':' || source || ':' || actor FROM ballots WHERE cycle = '{CYCLE}' "
                        f"AND race = '{race}' AND org = '{org}' AND current")


def key(driver, label):
    """Activates the ranking list's button named `label` with the Enter key."""
    driver.find_element(By.CSS_SELECTOR, f'button[aria-label="{label}"]').send_keys(Keys.ENTER)


def live(driver):
    return driver.find_element(By.CSS_SELECTOR, ".js-rank [role=status]").get_attribute("textContent")


WORDS = {"en": {"add": "Add {} to the ranking", "up": "Move {} up", "down": "Move {} down",
                "moved": "{} is now number {} of {}.", "recorded": "Your ballot was recorded.",
                "withdrawn": "Your ballot was withdrawn.", "rank": "You rank:"},
         "es": {"add": "Añadir a {} a la clasificación", "up": "Mover a {} hacia arriba", "down": "Mover a {} hacia abajo",
                "moved": "{} está ahora en el puesto {} de {}.", "recorded": "Su boleta quedó registrada.",
                "withdrawn": "Su boleta fue retirada.", "rank": "Su clasificación:"}}


KEYBOARD_WALKS = [("org-stu-local-1", "en", PHONE), ("org-swu-73", "es", PHONE), ("org-parents-united", "en", DESKTOP)]


@pytest.mark.parametrize("org,lang,width", KEYBOARD_WALKS, ids=[f"{o}-{l}-{w}" for o, l, w in KEYBOARD_WALKS])
def test_keyboard_ranking_with_javascript(orgs, org, lang, width):
    service = orgs
    w = WORDS[lang]
    d = open_ballots(service, org, True, width, lang)
    try:
        check_page(d, shot(d, f"org-overview-{lang}.png"))
        navigate(d, d.find_element(By.CSS_SELECTOR, "a[href='/b/races/district-1']"))
        check_page(d)
        # Read a candidate's answers, then come back.
        navigate(d, d.find_element(By.CSS_SELECTOR, "a[href='/b/candidates/c-ana-ruiz']"))
        assert "Answers of ANA RUIZ" in text(d) or "Respuestas de ANA RUIZ" in text(d)
        check_page(d)
        navigate(d, d.find_element(By.CSS_SELECTOR, "a[href='/b/races/district-1']"))
        # The selects are hidden; the ordered list takes their place.
        assert not d.find_element(By.ID, "rank-c-ana-ruiz").is_displayed()
        for c in ["c-priya-raman", "c-ana-ruiz", "c-marcus-bell"]:
            key(d, w["add"].format(NAMES[c]))
        assert live(d) == w["moved"].format("Marcus Bell", 3, 3)
        key(d, w["up"].format("Marcus Bell"))
        assert live(d) == w["moved"].format("Marcus Bell", 2, 3)
        # Focus stays on the moved candidate's buttons.
        assert "Marcus Bell" in d.switch_to.active_element.get_attribute("aria-label")
        check_page(d)
        path = shot(d, f"org-ballot-{lang}.png")
        if path:
            save_from(d, path, "form.ballot")
        press(d, "review")
        assert "1. PRIYA RAMAN" in text(d) and "2. Marcus Bell" in text(d) and "3. ANA RUIZ" in text(d)
        check_page(d)
        press(d, "confirm")
        assert w["recorded"] in text(d)
        check_page(d, shot(d, f"org-receipt-{lang}.png"))
        assert current(service, org, "district-1") == \
            f"ranking:c-priya-raman,c-marcus-bell,c-ana-ruiz:1:web:org:{org}/invite-1"
        assert re.search(r"[0-9a-f]{64}", d.find_element(By.CSS_SELECTOR, "code.receipt").text)

        # Change the ballot: Ana Ruiz to the top.
        key(d, w["up"].format("ANA RUIZ"))
        key(d, w["up"].format("ANA RUIZ"))
        assert live(d) == w["moved"].format("ANA RUIZ", 1, 3)
        press(d, "review")
        press(d, "confirm")
        assert current(service, org, "district-1").startswith("ranking:c-ana-ruiz,c-priya-raman,c-marcus-bell:2:")
        # Withdraw, then cast again.
        press(d, "withdraw")
        assert w["withdrawn"] in text(d)
        check_page(d)
        assert current(service, org, "district-1").startswith("withdrawal::3:")
        key(d, w["add"].format("Marcus Bell"))
        press(d, "review")
        press(d, "confirm")
        assert current(service, org, "district-1").startswith("ranking:c-marcus-bell:4:web:")
    finally:
        d.quit()


@pytest.mark.parametrize("lang,width", [("es", PHONE), ("en", DESKTOP)], ids=["es-320", "en-desktop"])
def test_selects_without_javascript(orgs, lang, width):
    service, org = orgs, {"es": "org-paras", "en": "org-pta-council"}[lang]
    d = open_ballots(service, org, False, width, lang)
    try:
        check_page(d)
        d.get(service.base + "/b/races/district-1")
        check_page(d)
        assert d.find_element(By.ID, "rank-c-ana-ruiz").is_displayed()
        # A gap: 1st and 3rd, nothing written, the message next to the field.
        before = service.fingerprint() + current(service, org, "district-1")
        d.find_element(By.ID, "rank-c-marcus-bell").send_keys("1")
        d.find_element(By.ID, "rank-c-ana-ruiz").send_keys("3")
        press(d, "review")
        error = d.find_element(By.ID, "rank-c-ana-ruiz-error")
        assert ("No candidate is ranked 2nd" if lang == "en" else "Ninguna candidatura está en el puesto 2.º") in error.text
        check_page(d)
        assert service.fingerprint() + current(service, org, "district-1") == before
        d.find_element(By.ID, "rank-c-ana-ruiz").send_keys("2")
        press(d, "review")
        assert "1. Marcus Bell" in text(d) and "2. ANA RUIZ" in text(d)
        check_page(d)
        press(d, "confirm")
        assert WORDS[lang]["recorded"] in text(d)
        check_page(d)
        assert current(service, org, "district-1") == f"ranking:c-marcus-bell,c-ana-ruiz:1:web:org:{org}/invite-1"
    finally:
        d.quit()


def test_approval_recused_and_closed_races(orgs):
    service, org = orgs, "org-paras"
    d = open_ballots(service, org, True, PHONE, "en")
    try:
        d.get(service.base + "/b/races/at-large")
        boxes = d.find_elements(By.CSS_SELECTOR, "input[name=approve]")
        assert len(boxes) >= 2
        for box in boxes[:2]:
            box.send_keys(Keys.SPACE)
        check_page(d)
        press(d, "review")
        assert "You approve:" in text(d)
        press(d, "confirm")
        check_page(d)
        assert current(service, org, "at-large").startswith("approve:")
        # Recused: the reason, no form.
        d.get(service.base + "/b/races/district-2")
        assert "recused from this race (its president runs in District 2)" in text(d)
        assert not d.find_elements(By.CSS_SELECTOR, 'button[name="action"]')
        check_page(d)
        # Closed: read-only, the reason.
        d.get(service.base + "/b/races/district-3")
        assert "Voting in this race has closed" in text(d)
        assert not d.find_elements(By.CSS_SELECTOR, 'button[name="action"]')
        check_page(d)
        d.get(service.base + "/b?lang=es")
        assert "Su organización se abstiene por conflicto de interés en esta contienda." in text(d)
        check_page(d)
    finally:
        d.quit()


def test_status_remind_and_revoke(orgs):
    service = orgs
    status = json.loads(service.cli("vote", "status", "--cycle", CYCLE, "--format", "json").stdout)
    by_org = {o["org"]: o for o in status["orgs"]}
    assert by_org["org-stu-local-1"]["invited_at"] and by_org["org-stu-local-1"]["opened_at"]
    assert by_org["org-lsc-network"]["invited_at"] and by_org["org-lsc-network"]["opened_at"] is None
    assert "ranking" not in json.dumps(status)
    out = service.cli("remind", "--cycle", CYCLE, "--orgs").stdout.splitlines()
    reminded = {line.split(",")[0] for line in out[1:]}
    assert "org-lsc-network" in reminded and "org-westside-block-clubs" not in reminded
    service.cli("invite", "revoke", "--cycle", CYCLE, "--org", "org-lsc-network")
    d = chromium(js=False, width=PHONE)
    try:
        d.get(link_for(service, "org-pta-council").rsplit("/", 1)[0] + "/" + "A" * 43)
        assert "Link not valid" in text(d)
        check_page(d)
    finally:
        d.quit()


def test_tally_of_the_browsers_ballots_equals_the_same_ballots_through_the_api(orgs):
    """district-1's ballots, cast above in the browsers, are entered again through `PUT .../ballot`
    with org tokens in district-4 (same method, roster and number of candidates; candidates mapped
    by ballot position): both tallies, ids mapped back, are the same."""
    service = orgs
    def ballot_order(race):
        return service.psql(f"SELECT string_agg(candidate, ',' ORDER BY position) FROM race_ballot "
                            f"WHERE cycle = '{CYCLE}' AND race = '{race}'").split(",")
    d1, d4 = ballot_order("district-1"), ballot_order("district-4")
    assert len(d1) == len(d4) == 3
    to4, to1 = dict(zip(d1, d4)), dict(zip(d4, d1))
    rows = service.psql(f"SELECT org, kind, coalesce(array_to_string(ranking, ','), '') FROM ballots WHERE cycle = '{CYCLE}' "
                        f"AND race = 'district-1' AND current AND kind <> 'withdrawal' AND source = 'web' ORDER BY org")
    assert len(rows.splitlines()) >= 4
    for row in rows.splitlines():
        org, kind, ranking = row.split("|")
        token = service.cli("token", "create", "--role", "org", "--org", org, "--name", f"parity-{org}").stdout.split()[-1]
        body = {"ranking": [to4[c] for c in ranking.split(",")]} if kind == "ranking" else {kind: True}
        req = urllib.request.Request(f"{service.base}/v1/cycles/{CYCLE}/races/district-4/ballot", method="PUT",
                                     data=json.dumps(body).encode(), headers={
                                         "Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(req) as r:
            assert r.status == 201
    service.cli("vote", "close", "--cycle", CYCLE, "--race", "district-1")
    service.cli("vote", "close", "--cycle", CYCLE, "--race", "district-4")
    t1 = json.loads(service.cli("tally", "--cycle", CYCLE, "--race", "district-1", "--format", "json").stdout)
    t4 = json.loads(service.cli("tally", "--cycle", CYCLE, "--race", "district-4", "--format", "json").stdout)
    text4 = json.dumps(t4)
    for c4, c1 in to1.items():
        text4 = text4.replace(f'"{c4}"', f'"{c1}"')
    mapped = json.loads(text4)
    mapped["race"] = "district-1"
    assert mapped == t1
    assert t1["turnout_weight"] > 0 and t1["rounds"]

