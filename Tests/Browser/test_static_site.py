"""The static site of a publication (issue 14): `endorse slate publish --site DIR` on the demo's
decided slate with `publish_answers: all`, served by a plain static file server; every page passes
axe-core at phone and desktop width, the guide works in both languages through its links, and the
slate in the site verifies with the standard signify tool."""
import http.server
import shutil
import subprocess
import threading

import pytest
from selenium.webdriver.common.by import By

from browser import DESKTOP, PHONE, check_page, chromium, text
from conftest import ROOT


class Quiet(http.server.SimpleHTTPRequestHandler):
    """A static host: files as they are; `/slate/<cycle>` is `slate/<cycle>.html`, as the README's
    nginx config does it."""
    def send_head(self):
        if self.path.startswith("/slate/") and "." not in self.path.rsplit("/", 1)[-1]:
            self.path += ".html"
        return super().send_head()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site(service, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("static")
    service.cli("demo", "--out", str(tmp / "demo-out"))
    url = service.cli("db", "url").stdout.strip()
    demo = url.replace("/endorse?", "/endorse_demo?")
    cycle = (ROOT / "config" / "sample-2026.yaml").read_text().replace(
        "publish_answers: endorsed", "publish_answers: all", 1)
    (tmp / "all.yaml").write_text(cycle)
    service.cli("cycle", "load", str(tmp / "all.yaml"), "--database-url", demo)
    # A new member org changes the slate's content, so publishing makes version 2.
    (tmp / "more-orgs.csv").write_text("id,name,weight,contact_email\norg-static,Static Site Org,1,\n")
    service.cli("org", "import", str(tmp / "more-orgs.csv"), "--database-url", demo)
    site = tmp / "site"
    service.cli("slate", "publish", "--cycle", "sample-2026", "--out", str(tmp / "demo-out"), "--site", str(site),
                "--key", str(service.home / "demo-keys" / "coalition.sec"), "--database-url", demo)
    handler = lambda *a, **k: Quiet(*a, directory=str(site), **k)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield site, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_every_page_of_the_static_site_passes_axe(site, width):
    directory, base = site
    driver = chromium(js=True, width=width)
    try:
        for page in ("/index.html", "/slate/sample-2026", "/slate/sample-2026.en.html", "/slate/sample-2026.es.html"):
            driver.get(base + page)
            check_page(driver)
        driver.get(base + "/slate/sample-2026.en.html")
        body = text(driver)
        assert "Every candidate who answered, plank by plank" in body
        assert "Static Site Org" in body
        # The language switch is a plain link to the other file.
        driver.find_element(By.CSS_SELECTOR, 'nav.languages a[lang="es"]').click()
        assert driver.current_url.endswith("/slate/sample-2026.es.html")
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "es"
        assert "De un vistazo" in text(driver)
    finally:
        driver.quit()


def test_the_sites_slate_verifies_with_signify(site):
    directory, _ = site
    signify = shutil.which("signify-openbsd")
    if signify is None:
        pytest.skip("signify-openbsd is not installed")
    r = subprocess.run([signify, "-V", "-p", "coalition.pub", "-m", "slate-sample-2026-v2.json"],
                       cwd=directory, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert "signify-openbsd -V -p coalition.pub -m slate-sample-2026-v2.json" in (directory / "README.txt").read_text()
    assert (directory / "v1/cycles/sample-2026/slate").read_bytes() == (directory / "slate-sample-2026-v2.json").read_bytes()
