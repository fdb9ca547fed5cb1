"""Chromium through selenium: a fresh profile per browser, JavaScript on or off, phone (320 px)
or desktop width, and axe-core on every page."""
import atexit
import os
import tempfile

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service as DriverService
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.support.ui import WebDriverWait

PHONE, DESKTOP = 320, 1280


def chromium(js=True, width=DESKTOP, accept_language="en-US,en"):
    opts = webdriver.ChromeOptions()
    opts.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--user-data-dir={tempfile.mkdtemp(prefix='endorse-profile-')}", "--hide-scrollbars"):
        opts.add_argument(arg)
    prefs = {"intl.accept_languages": accept_language}
    if not js:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    opts.add_experimental_option("prefs", prefs)
    if width == PHONE:
        opts.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": PHONE, "height": 640, "pixelRatio": 1}})
    else:
        opts.add_argument(f"--window-size={width},1000")
    driver = webdriver.Chrome(options=opts, service=DriverService(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")))
    driver.js_enabled = js
    driver.width = width
    return driver


_checkers = {}


def _checker(width):
    """A browser with scripts on, to run axe-core on pages seen with scripts off (axe runs
    asynchronously, which a page without scripts cannot do); one per width, closed at exit."""
    if width not in _checkers:
        _checkers[width] = chromium(js=True, width=width)
        atexit.register(_checkers[width].quit)
    return _checkers[width]


def axe_violations(driver):
    axe = Axe(driver)
    axe.inject()
    driver.set_script_timeout(120)
    results = driver.execute_async_script(
        "var done = arguments[arguments.length - 1];"
        "axe.run(document).then(function (r) { done(r); }, function (e) { done({error: String(e)}); });")
    assert "error" not in results, results
    return results["violations"], axe


def check_page(driver, screenshot=None):
    """axe-core (every rule it runs by default: WCAG 2.0/2.1 A and AA, best practices) finds no
    violation, the page does not scroll sideways at its width, and it runs no inline script.
    With scripts off, axe checks the very HTML the page shows, in a browser with scripts on."""
    if driver.js_enabled:
        violations, axe = axe_violations(driver)
    else:
        origin = "/".join(driver.current_url.split("/")[:3])
        html = driver.page_source.replace("<head>", f'<head><base href="{origin}/">', 1)
        with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False, encoding="utf-8") as f:
            f.write(html)
        checker = _checker(driver.width)
        checker.get("file://" + f.name)
        violations, axe = axe_violations(checker)
        os.unlink(f.name)
    assert violations == [], driver.current_url + "\n" + axe.report(violations)
    scroll, client = driver.execute_script(
        "return [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert client <= driver.width and scroll <= client, f"{driver.current_url} scrolls sideways ({scroll} > {client})"
    inline = driver.execute_script("return Array.from(document.scripts).filter(function (s) { return !s.src; }).length")
    assert inline == 0
    if screenshot:
        save_screenshot(driver, screenshot)


def save_screenshot(driver, path, max_height=1500):
    """The top of the whole page (not only the viewport), at most `max_height` CSS pixels."""
    import base64
    width = driver.execute_script("return document.documentElement.clientWidth")
    height = min(driver.execute_script("return document.documentElement.scrollHeight"), max_height)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    with open(path, "wb") as f:
        f.write(base64.b64decode(shot["data"]))


def field(driver, name):
    return driver.find_elements(By.NAME, name)


def choose(driver, question, value):
    """Selects a radio button with the space bar."""
    driver.find_element(By.ID, f"{question}--{value}").send_keys(Keys.SPACE)


def navigate(driver, element):
    """Activates a link or button from the keyboard (Enter) and waits for the new page. Every
    flow is walked by keyboard: it is what a keyboard-only visitor does, and chromedriver's mouse
    click hangs when page scripts are off."""
    old = driver.find_element(By.TAG_NAME, "html")
    element.send_keys(Keys.ENTER)
    WebDriverWait(driver, 30).until(_gone(old))
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")


def _gone(old):
    """True once `old` no longer belongs to the shown document. While the new page replaces it,
    chromedriver may say so as a stale element or as an inspector error: both mean gone."""
    def check(_):
        try:
            old.is_enabled()
            return False
        except WebDriverException:
            return True
    return check


def press(driver, action):
    navigate(driver, driver.find_element(By.CSS_SELECTOR, f'button[name="action"][value="{action}"]'))


def text(driver):
    return driver.find_element(By.TAG_NAME, "body").text
