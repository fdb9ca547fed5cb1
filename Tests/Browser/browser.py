"""Chromium through selenium: a fresh profile per browser, JavaScript on or off, phone (320 px)
or desktop width, and axe-core on every page."""
import os
import tempfile

from axe_selenium_python import Axe
from selenium import webdriver
from selenium.webdriver.chrome.service import Service as DriverService
from selenium.webdriver.common.by import By

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


def check_page(driver, screenshot=None):
    """axe-core finds no violation (WCAG 2.1 A/AA and best practices), the page does not scroll
    sideways at its width, and it runs no inline script."""
    axe = Axe(driver)
    axe.inject()
    results = axe.run(options='{"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}')
    assert results["violations"] == [], driver.current_url + "\n" + axe.report(results["violations"])
    scroll = driver.execute_script("return document.documentElement.scrollWidth")
    assert scroll <= driver.execute_script("return window.innerWidth"), f"{driver.current_url} scrolls sideways ({scroll})"
    inline = driver.execute_script("return [...document.scripts].filter(s => !s.src).length")
    assert inline == 0
    if screenshot:
        save_screenshot(driver, screenshot)


def save_screenshot(driver, path, max_height=1500):
    """The top of the whole page (not only the viewport), at most `max_height` CSS pixels."""
    import base64
    width = driver.execute_script("return document.documentElement.scrollWidth")
    height = min(driver.execute_script("return document.documentElement.scrollHeight"), max_height)
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
    with open(path, "wb") as f:
        f.write(base64.b64decode(shot["data"]))


def field(driver, name):
    return driver.find_elements(By.NAME, name)


def choose(driver, question, value):
    driver.find_element(By.ID, f"{question}--{value}").click()


def press(driver, action):
    driver.find_element(By.CSS_SELECTOR, f'button[name="action"][value="{action}"]').click()


def text(driver):
    return driver.find_element(By.TAG_NAME, "body").text
