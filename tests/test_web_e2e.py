"""End to end: a real `handouts serve`, driven by headless Chromium as a clinician would.

Untick an item with the keyboard, type a note, download the PDF, and read
the PDF back. Needs Debian's chromium and chromium-driver (`make test`
installs them). Under CI (CI=true) a missing browser is a failure, not a skip.

Every step that makes the browser load something waits for an explicit
condition of the page it expects (WebDriverWait), never for time: a key
press or click returns before the next page arrives, and an element found on
the old page goes stale under it.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest

BROWSER_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
)
NOTE = "Walk for twenty minutes after dinner"
UNTICKED_ID = "soluble-fibre"
UNTICKED_TEXT = "Eat more soluble fibre"
KEPT_TEXT = "Add fruit, vegetables"
PATIENT = "Robin Testpatient"


def _tools() -> tuple[str, str]:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    try:
        import selenium  # noqa: F401
    except ImportError:
        driver = None
    if browser and driver:
        return browser, driver
    why = ("headless Chromium, chromedriver and the selenium package are needed for the web app's "
           "end-to-end test: run `make test` (it installs chromium and chromium-driver with apt-get) "
           "or `apt-get install chromium chromium-driver` and `pip install -e '.[test]'`")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(why)
    pytest.skip(why)


@pytest.fixture(scope="module")
def tools() -> tuple[str, str]:
    """(chromium, chromedriver), checked before anything starts."""
    return _tools()


@pytest.fixture(scope="module")
def server(tools: tuple[str, str]) -> Iterator[str]:
    """`handouts serve` on a free port of this machine (port 0: the OS picks one)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "handouts", "serve", "--host", "127.0.0.1", "--port", "0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    log: list[str] = []

    def pump() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            log.append(line)
            lines.put(line)

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + 90
    url = None
    while url is None and time.monotonic() < deadline and proc.poll() is None:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        match = re.search(r"serving on (http://127\.0\.0\.1:\d+/)", line)
        url = match.group(1) if match else None
    if url is None:
        proc.kill()
        pytest.fail("handouts serve did not start:\n" + "".join(log))
    try:
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        # the server's log must not contain what the form said
        text = "".join(log)
        assert NOTE not in text and PATIENT not in text, text


@pytest.fixture
def browser(tools: tuple[str, str], tmp_path: Path) -> Iterator[object]:
    chromium, chromedriver = tools
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (*BROWSER_FLAGS, "--window-size=1280,1600"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads),
        "download.prompt_for_download": False,
    })
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads  # type: ignore[attr-defined]
    try:
        yield driver
    finally:
        driver.quit()


def wait(driver: object, timeout: float = 20) -> Any:
    """A WebDriverWait that retries while the page it looks at is being replaced."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1,
                         ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))


def _downloaded_pdf(folder: Path) -> Path | None:
    done = [p for p in folder.glob("*.pdf") if p.stat().st_size > 0]
    return done[0] if done and not list(folder.glob("*.crdownload")) else None


def _wait_for_pdf(driver: object, folder: Path, timeout: float = 30) -> Path:
    from selenium.common.exceptions import TimeoutException

    try:
        return wait(driver, timeout).until(lambda _: _downloaded_pdf(folder))  # type: ignore[no-any-return]
    except TimeoutException:
        raise AssertionError(f"no PDF downloaded into {folder}: {sorted(p.name for p in folder.iterdir())}") from None


def test_untick_type_download(server: str, browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as EC

    driver = browser
    driver.get(server)  # type: ignore[attr-defined]
    # find the topic from the list, by search: Enter submits the form and loads a new page
    search = driver.find_element(By.ID, "q")  # type: ignore[attr-defined]
    search.send_keys("leaky", Keys.ENTER)
    wait(driver).until(EC.staleness_of(search))
    wait(driver).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "p.count"), "match “leaky”"))
    wait(driver).until(EC.element_to_be_clickable((By.LINK_TEXT, "Leaky gut syndrome"))).click()

    box = wait(driver).until(EC.element_to_be_clickable((By.ID, f"item-{UNTICKED_ID}")))
    assert box.is_selected(), "every item starts ticked"
    box.send_keys(Keys.SPACE)  # the keyboard, as a clinician without a mouse would
    wait(driver).until(EC.element_selection_state_to_be(box, False))

    driver.find_element(By.ID, "field-patient_name").send_keys(PATIENT)  # type: ignore[attr-defined]
    driver.find_element(By.ID, "field-notes").send_keys(NOTE)  # type: ignore[attr-defined]
    driver.find_element(By.CSS_SELECTOR, "#patient-form button[value=download]").click()  # type: ignore[attr-defined]

    pdf = _wait_for_pdf(driver, driver.downloads)  # type: ignore[attr-defined]
    assert re.fullmatch(r"leaky-gut-patient-\d{4}-\d{2}-\d{2}\.pdf", pdf.name), pdf.name
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() or "" for p in pypdf.PdfReader(str(pdf)).pages))
    assert NOTE in text
    assert PATIENT in text
    assert KEPT_TEXT in text
    assert UNTICKED_TEXT not in text


def test_preview_follows_the_form(server: str, browser: object) -> None:
    """The preview frame shows the handout with the page's fonts and styles loaded (no blocked assets).

    The form refreshes the preview by itself after a change or typing (static/app.js), so the
    frame may reload while it is checked: each check is one condition evaluated in whatever
    document the frame holds, retried until it holds.
    """
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select

    driver = browser
    driver.get(server + "topics/leaky-gut")  # type: ignore[attr-defined]
    Select(driver.find_element(By.ID, "field-brand")).select_by_value("riverside")  # type: ignore[attr-defined]
    driver.find_element(By.ID, "field-notes").send_keys(NOTE)  # type: ignore[attr-defined]
    driver.find_element(By.CSS_SELECTOR, "#patient-form button[value=preview]").click()  # type: ignore[attr-defined]
    wait(driver).until(EC.frame_to_be_available_and_switch_to_it("preview"))
    wait(driver).until(lambda d: d.execute_script(
        "return document.readyState === 'complete' && document.body !== null"
        " && document.body.innerText.includes(arguments[0])", NOTE))
    wait(driver).until(lambda d: d.execute_script(
        "var i = document.querySelector('img.logo'); return i && i.complete && i.naturalWidth > 0"))
    wait(driver).until(lambda d: d.execute_script(  # the page's stylesheet applies the bundled font...
        "var h = document.querySelector('h1'); return h !== null && getComputedStyle(h).fontFamily.includes('Atkinson')"))
    wait(driver).until(lambda d: d.execute_script(  # ...and the font file itself loaded through the app
        "return Array.from(document.fonts).some(f => f.family.includes('Atkinson') && f.status === 'loaded')"))
    driver.switch_to.default_content()  # type: ignore[attr-defined]
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]  # type: ignore[attr-defined]
    assert not errors, errors


def test_reflows_at_200_percent_zoom(server: str, browser: object) -> None:
    """A 1280-pixel window at 200% zoom is a 640-pixel viewport: nothing may need sideways scrolling."""
    driver = browser
    driver.set_window_size(640, 900)  # type: ignore[attr-defined]
    for path in ("", "topics/leaky-gut"):
        driver.get(server + path)  # type: ignore[attr-defined]  (returns once the page has loaded)
        overflow = driver.execute_script(  # type: ignore[attr-defined]
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"/{path} scrolls sideways by {overflow}px at 640px wide"
