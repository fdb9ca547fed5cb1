"""Candidates answer the questionnaire in their browser (issue 10), as a person would: from the
link in the captured email, with JavaScript on and off, in English and Spanish, at 320 px and at
desktop width, with axe-core on every page. Tests run in file order: the deadline test last."""
import os
import re
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone

import pytest
from selenium.webdriver.common.by import By

from browser import DESKTOP, PHONE, check_page, choose, chromium, navigate, press, text

SHOTS = os.environ.get("ENDORSE_SCREENSHOTS")

# (candidate, JavaScript, language, width)
WALKS = [
    ("c-ana-ruiz", True, "en", PHONE),
    ("c-marcus-bell", False, "es", PHONE),
    ("c-priya-raman", True, "es", DESKTOP),
    ("c-grace-whitaker", False, "en", DESKTOP),
]

# The first five questions, answered in the first sitting; the rest in the second.
FIRST = [("q-revenue", "yes"), ("q-tif-surplus", "yes"), ("q-staff-cuts", "no"),
         ("q-funding-formula", "needs-based"), ("q-closures", "no")]
REST = [("q-social-workers", "yes"), ("q-nurses", "5"), ("q-librarians", "every-school"), ("q-iep-class-size", "4"),
        ("q-community-schools", "5"), ("q-cs-funding", "baseline"), ("q-bilingual-staff", "yes"),
        ("q-dual-language", "4"), ("q-language-access", "full"), ("q-police", "no"), ("q-surveillance", "1"),
        ("q-lead-hvac", "yes"), ("q-heat-days", "5"), ("q-lsc-powers", "yes"), ("q-budget-voice", "binding"),
        ("q-grow-your-own", "yes"), ("q-para-pathway", "5")]
TEXTS = {"q-sped-plan": "Case managers for every fifteen IEPs,\npaid centrally.",
         "q-restorative": "Restorative justice coordinators in every school.",
         "q-teacher-diversity": "A paid residency for paraprofessionals."}

WORDS = {"en": {"save": "Your draft was saved", "all": "Every question is answered.", "thanks": "Thank you. Your answers were submitted.",
                "progress": "5 of 25 questions answered", "draft": "You saved a draft", "switch": "English"},
         "es": {"save": "Su borrador se guardó", "all": "Todas las preguntas tienen respuesta.", "thanks": "Gracias. Sus respuestas se enviaron.",
                "progress": "5 de 25 preguntas respondidas", "draft": "Guardó un borrador", "switch": "Español"}}


def shot(driver, name):
    if SHOTS and driver.width == PHONE:
        os.makedirs(SHOTS, exist_ok=True)
        return os.path.join(SHOTS, name)
    return None


def open_link(driver, link, lang):
    driver.get(link)
    assert driver.current_url.endswith("/q"), driver.current_url
    assert link.rsplit("/", 1)[1] not in driver.current_url
    if lang == "es":
        navigate(driver, driver.find_element(By.LINK_TEXT, "Español"))
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == lang


@pytest.mark.parametrize("candidate,js,lang,width", WALKS, ids=[f"{c}-{'js' if j else 'nojs'}-{l}-{w}" for c, j, l, w in WALKS])
def test_candidate_walks_the_whole_flow(service, candidate, js, lang, width):
    mail = service.mail_to(f"{candidate.removeprefix('c-').replace('-', '.')}@example.com")
    link = service.link_in(mail)
    token = link.rsplit("/", 1)[1]
    tag = f"{lang}-{'js' if js else 'nojs'}"

    # First sitting: answer part, save, close the browser.
    d = chromium(js=js, width=width)
    try:
        open_link(d, link, lang)
        check_page(d, shot(d, f"candidate-overview-{lang}.png"))
        cookie = d.get_cookie("endorse_session")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/"
        navigate(d, d.find_element(By.CSS_SELECTOR, "a.button[href='/q/questions']"))
        check_page(d)
        for q, v in FIRST:
            choose(d, q, v)
        press(d, "save")
        assert WORDS[lang]["save"] in text(d)
        check_page(d, shot(d, f"candidate-questions-{lang}.png"))
        assert token not in d.page_source
    finally:
        d.quit()
    assert service.status()[candidate]["status"] == "draft"
    assert service.history(candidate) == []

    # Second sitting on another device (a fresh profile): the draft is there; finish, review, submit.
    d = chromium(js=js, width=width)
    try:
        open_link(d, link, lang)
        assert WORDS[lang]["draft"] in text(d) and WORDS[lang]["progress"] in text(d)
        d.get(service.base + "/q/questions")
        for q, v in FIRST:
            assert d.find_element(By.ID, f"{q}--{v}").is_selected()
        for q, v in REST:
            choose(d, q, v)
        for q, t in TEXTS.items():
            area = d.find_element(By.ID, q)
            area.clear()
            area.send_keys(t)
        if js:
            counter = d.find_element(By.ID, "q-sped-plan-count")
            assert counter.is_displayed() and re.search(r"\b8 (of|de) 250\b", counter.text), counter.text
        press(d, "review")
        assert d.current_url.endswith("/q/review")
        assert WORDS[lang]["all"] in text(d)
        check_page(d, shot(d, f"candidate-review-{lang}.png"))
        press(d, "submit")
        assert WORDS[lang]["thanks"] in text(d)
        check_page(d)
        versions = service.history(candidate)
        assert len(versions) == 25 and all(v["source"] == "web" for v in versions)
        assert {v["actor"] for v in versions} == {f"candidate:{candidate}/invite-1"}
        assert next(v for v in versions if v["question"] == "q-sped-plan")["value"] == TEXTS["q-sped-plan"]
        assert service.status()[candidate]["status"] == "submitted"

        # Edit and submit again: one changed answer, one new version.
        d.get(service.base + "/q/questions")
        choose(d, "q-nurses", "3")
        press(d, "review")
        press(d, "submit")
        versions = service.history(candidate)
        assert len(versions) == 26
        assert [v["version"] for v in versions if v["question"] == "q-nurses"] == [1, 2]

        # Printable views, blank and with answers.
        d.get(service.base + "/q/print")
        assert "Restorative justice coordinators" in text(d)
        check_page(d)
        d.get(service.base + "/q/print/blank")
        check_page(d)
        assert token not in d.page_source
    finally:
        d.quit()


def form_page(service, candidate, lang="en", js=True, width=DESKTOP):
    d = chromium(js=js, width=width)
    open_link(d, service.link_in(service.mail_to(f"{candidate.removeprefix('c-').replace('-', '.')}@example.com")), lang)
    d.get(service.base + "/q/questions")
    return d


def set_value(d, element_id, value):
    d.execute_script("document.getElementById(arguments[0]).value = arguments[1]", element_id, value)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_bad_input_gets_a_clear_message_next_to_the_field_and_changes_nothing(service, lang):
    d = form_page(service, "c-tomas-herrera", lang, width=PHONE)
    try:
        cases = [
            # (how to break the form, field, message in en, message in es)
            (lambda: (set_value(d, "q-nurses--5", "9"), choose(d, "q-nurses", "5")), "q-nurses",
             "Choose a whole number from 1 to 5.", "Elija un número entero del 1 al 5."),
            (lambda: (set_value(d, "q-librarians--shared", "zzz"), choose(d, "q-librarians", "shared")), "q-librarians",
             "Choose one of the options listed.", "Elija una de las opciones de la lista."),
            (lambda: d.find_element(By.ID, "q-restorative").send_keys("word " * 251), "q-restorative",
             "has 251 words; the limit is 250.", "tiene 251 palabras; el límite es 250."),
        ]
        for breaks, field, en, es in cases:
            d.get(service.base + "/q/questions")
            before = service.fingerprint()
            breaks()
            press(d, "save")
            message = en if lang == "en" else es
            error = d.find_element(By.ID, f"{field}-error")
            assert message in error.text
            described = d.find_element(By.CSS_SELECTOR, f"[aria-describedby~='{field}-error']")
            assert described is not None
            summary_link = d.find_element(By.CSS_SELECTOR, ".error-summary a")
            assert summary_link.get_attribute("href").split("#")[1].startswith(field)
            check_page(d, shot(d, f"candidate-error-{lang}.png") if field == "q-restorative" else None)
            assert service.fingerprint() == before
        # The words typed are kept in the page after the refusal.
        assert d.find_element(By.ID, "q-restorative").get_attribute("value").startswith("word word")
    finally:
        d.quit()


def test_forged_and_replayed_forms_are_refused(service):
    other = form_page(service, "c-keisha-monroe")
    replayed = other.find_element(By.NAME, "csrf").get_attribute("value")
    other.quit()
    d = form_page(service, "c-tomas-herrera")
    try:
        for token in ["forged", replayed]:
            d.get(service.base + "/q/questions")
            before = service.fingerprint()
            choose(d, "q-revenue", "no")
            d.execute_script("document.getElementsByName('csrf')[0].value = arguments[0]", token)
            press(d, "save")
            assert "This form has expired or did not come from this page" in text(d)
            assert d.find_element(By.ID, "q-revenue--no").is_selected()
            check_page(d)
            assert service.fingerprint() == before
    finally:
        d.quit()


def test_body_over_64_kib_is_refused(service):
    d = form_page(service, "c-tomas-herrera")
    try:
        before = service.fingerprint()
        set_value(d, "q-sped-plan", "a" * 70_000)
        press(d, "save")
        assert "larger than 64 KiB" in text(d)
        check_page(d)
        assert service.fingerprint() == before
    finally:
        d.quit()


def test_revoked_and_unknown_links_show_a_plain_page_naming_nobody(service):
    link = service.link_in(service.mail_to("lena.kowalski@example.com"))
    d = chromium(js=False, width=PHONE)
    try:
        open_link(d, link, "en")
        service.cli("invite", "revoke", "--cycle", "sample-2026", "--candidate", "c-lena-kowalski")
        d.get(service.base + "/q")       # the session ended with the link
        for page in [service.base + "/q", link, service.base + "/q/" + "A" * 43]:
            d.get(page)
            body = text(d)
            assert "Link not valid" in body
            assert "Lena" not in body and "Sample City" not in body and "District" not in body
            check_page(d)
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(link)
        assert e.value.code == 404
    finally:
        d.quit()
    assert service.status()["c-lena-kowalski"]["revoked"] is True


def opens(link):
    """Whether a link opens the overview (following its redirect with the session cookie)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    try:
        return opener.open(link).status == 200
    except urllib.error.HTTPError:
        return False


def test_reminders_go_only_to_those_who_have_not_submitted(service):
    invitation = service.link_in(service.mail_to("tomas.herrera@example.com"))
    count = len(service.mails())
    service.cli("remind", "--cycle", "sample-2026", "--candidates", "--send")
    new = service.mails()[count:]
    to = {str(m["To"]).split("<")[1].rstrip(">") for m in new}
    assert "ana.ruiz@example.com" not in to            # submitted
    assert "lena.kowalski@example.com" not in to       # revoked
    assert "tomas.herrera@example.com" in to
    assert all("Reminder" in str(m["Subject"]) for m in new)
    # The reminder's link is an additional one: the invitation's still works.
    reminder = service.link_in(service.mail_to("tomas.herrera@example.com"))
    assert reminder != invitation and opens(reminder) and opens(invitation)


def test_no_token_in_pages_logs_or_audit(service):
    tokens = set()
    for m in service.mails():
        tokens.add(service.link_in(m).rsplit("/", 1)[1])
    audit = service.cli("audit", "log", "--cycle", "sample-2026", "--format", "json").stdout
    log = service.log.read_text()
    database = service.psql("SELECT string_agg(t::text, '') FROM access_links t") + service.psql(
        "SELECT string_agg(t::text, '') FROM web_sessions t")
    for token in tokens:
        assert token not in audit and token not in log and token not in database
    assert '"action":"link.open"' in audit.replace(" ", "")


def test_mail_through_msmtp_into_an_smtp_sink(service, tmp_path):
    import subprocess, sys, time, socket, mailbox
    from conftest import free_port, HERE
    port = free_port()
    sink = subprocess.Popen([sys.executable, "-m", "aiosmtpd", "-n", "-l", f"127.0.0.1:{port}",
                             "-c", "aiosmtpd.handlers.Mailbox", str(tmp_path / "maildir")],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        rc = tmp_path / "msmtprc"
        rc.write_text(f"account sink\nhost 127.0.0.1\nport {port}\nauth off\ntls off\nfrom coalition@example.org\n"
                      "account default : sink\n")
        rc.chmod(0o600)
        env = dict(service.env, ENDORSE_SENDMAIL=str(HERE / "msmtp-sendmail.sh"), ENDORSE_TEST_MSMTPRC=str(rc))
        r = service.cli("invite", "--cycle", "sample-2026", "--candidates", "--only", "c-rosa-castillo,c-jamal-price",
                        "--send", env=env)
        assert "2 of 2 emails sent" in r.stdout
        time.sleep(0.5)
        box = mailbox.Maildir(str(tmp_path / "maildir"), create=False)
        import email, email.policy
        got = [email.message_from_bytes(box.get_bytes(k), policy=email.policy.default) for k in box.keys()]
        assert sorted(str(m["To"]) for m in got) == ["Jamal Price <jamal.price@example.com>",
                                                    "Rosa Castillo <rosa.castillo@example.com>"]
        rosa = next(m for m in got if "rosa" in str(m["To"]))
        assert str(rosa["Subject"]).startswith("Candidate questionnaire: Sample City Board of Education")
        assert "Cuestionario de candidatura: Junta de Educación de Sample City" in str(rosa["Subject"])
        assert rosa["Content-Language"] == "en, es"
        body = rosa.get_body(preferencelist=("plain",)).get_content()
        assert "Dear Rosa Castillo," in body and "Estimado/a Rosa Castillo:" in body
        assert "District 3" in body and "Distrito 3" in body
        link = service.link_in(rosa)
        # The new invitation replaced the earlier link; the one in this mail opens the pages.
        d = chromium(js=False, width=PHONE)
        try:
            open_link(d, link, "es")
            assert "Hola, Rosa Castillo." in text(d)
        finally:
            d.quit()
    finally:
        sink.terminate()
        sink.wait(timeout=10)


def test_a_recipient_without_an_address_is_listed(service, tmp_path):
    csv = tmp_path / "more.csv"
    csv.write_text("id,race,name,ballot_name,incumbent,email,website\nc-no-mail,district-1,Noemí Sinmail,,,,\n")
    service.cli("candidate", "import", "--cycle", "sample-2026", str(csv))
    r = service.cli("invite", "--cycle", "sample-2026", "--candidates", "--only", "c-no-mail", "--send")
    assert "no email address: c-no-mail (Noemí Sinmail)" in r.stderr
    assert "0 of 1 emails sent; 1 without an address" in r.stdout
    out = service.cli("invite", "--cycle", "sample-2026", "--candidates", "--only", "c-no-mail").stdout.splitlines()
    assert out[0] == "id,name,email,link"
    assert re.fullmatch(r"c-no-mail,Noemí Sinmail,,http://127\.0\.0\.1:\d+/q/[A-Za-z0-9_-]{43}", out[1])


@pytest.mark.parametrize("js", [True, False])
def test_after_the_deadline_pages_are_read_only_and_posts_are_refused(service, js):
    d = form_page(service, "c-keisha-monroe", js=js)
    try:
        choose(d, "q-revenue", "yes")
        service.set_deadline(datetime.now(timezone.utc) - timedelta(minutes=1))
        before = service.fingerprint()
        press(d, "save")                        # a form loaded before the deadline, sent after it
        assert "so nothing was saved" in text(d)
        check_page(d)
        assert service.fingerprint() == before
        d.get(service.base + "/q/questions")
        assert not d.find_elements(By.CSS_SELECTOR, 'button[name="action"]')
        check_page(d)
        d.get(service.base + "/q/review")
        assert not d.find_elements(By.CSS_SELECTOR, 'button[name="action"]')
        d.get(service.base + "/q")
        check_page(d)
    finally:
        d.quit()
        service.set_deadline(datetime.now(timezone.utc) + timedelta(days=30))
