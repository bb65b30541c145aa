"""End to end: a real `handouts serve`, driven by headless Chromium as a clinician would.

Reach the patient's name in three Tab presses, untick an item with the keyboard,
type a note, download the PDF and read it back; print in one click (the PDF
loaded into a frame out of sight and the print dialog opened on it); print
large; remember the letterhead; save a diet customisation and load it again.
Needs Debian's chromium and chromium-driver (`make test` installs them). Under
CI (CI=true) a missing browser is a failure, not a skip.

Every step that makes the browser load something waits for an explicit
condition of the page it expects (WebDriverWait), never for time: a key
press or click returns before the next page arrives, and an element found on
the old page goes stale under it.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pypdf
import pytest

from pdfutil import text as pdf_text
from serving import serving

BROWSER_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
)
NOTE = "Walk for twenty minutes after dinner"
UNTICKED_ID = "soluble-fibre"
UNTICKED_TEXT = "Eat more soluble fiber"  # as the en-US content spells it
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
def clinic_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A practice folder with a second letterhead, Spanish (es-US), beside the shipped ones: riverside's,
    with its logo, under another id and locale."""
    root = Path(__file__).resolve().parent.parent
    data = tmp_path_factory.mktemp("clinic") / "data"
    (data / "brands").mkdir(parents=True)
    shutil.copytree(root / "data" / "brands" / "riverside", data / "brands" / "riverside")  # its logo
    riverside = (root / "data" / "brands" / "riverside.yaml").read_text(encoding="utf-8")
    (data / "brands" / "latino.yaml").write_text(
        riverside.replace("id: riverside", "id: latino").replace("locale: en-US", "locale: es-US"), encoding="utf-8")
    return data


@pytest.fixture(scope="module")
def server(tools: tuple[str, str], clinic_data: Path) -> Iterator[str]:
    """`handouts serve --data CLINIC` on a free port of this machine (port 0: the OS picks one).

    One server for the module, whose practice folder adds a letterhead (the language test's) to the
    shipped ones: no test changes what the server holds."""
    with serving("--data", str(clinic_data)) as served:
        yield served.url
    # the server's log, to its last line, must not contain what the form said
    text = served.text()
    assert NOTE not in text and PATIENT not in text, text


@pytest.fixture(scope="module")
def chromium(tools: tuple[str, str], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One headless Chromium for the module (starting one costs more than most tests): `browser` gives
    each test a clean tab of it."""
    binary, chromedriver = tools
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in (*BROWSER_FLAGS, "--window-size=1280,1600"):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(tmp_path_factory.mktemp("downloads")),
        "download.prompt_for_download": False,
    })
    driver = webdriver.Chrome(service=Service(executable_path=chromedriver), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def browser(chromium: Any, tmp_path: Path) -> Any:
    """The module's Chromium as a new browser would be: a new tab (no history, no scripts or time zone
    an earlier test set on its page), the others closed, no cookies or cached files, its window size
    and a downloads folder of this test's own, the console's log emptied."""
    driver = chromium
    earlier = list(driver.window_handles)
    driver.switch_to.new_window("tab")
    fresh = driver.current_window_handle
    for handle in earlier:
        driver.switch_to.window(handle)
        driver.close()
    driver.switch_to.window(fresh)
    driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
    driver.execute_cdp_cmd("Network.clearBrowserCache", {})
    driver.set_window_size(1280, 1600)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.downloads = downloads
    driver.get_log("browser")  # what earlier tests' pages said
    return driver


def wait(driver: object, timeout: float = 20) -> Any:
    """A WebDriverWait that retries while the page it looks at is being replaced."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1,
                         ignored_exceptions=(NoSuchElementException, StaleElementReferenceException))


def _downloaded(folder: Path, pattern: str) -> Path | None:
    done = [p for p in folder.glob(pattern) if p.stat().st_size > 0]
    return done[0] if done and not list(folder.glob("*.crdownload")) else None


def _wait_for_file(driver: object, folder: Path, pattern: str, timeout: float = 30) -> Path:
    from selenium.common.exceptions import TimeoutException

    try:
        return wait(driver, timeout).until(lambda _: _downloaded(folder, pattern))  # type: ignore[no-any-return]
    except TimeoutException:
        raise AssertionError(f"no {pattern} downloaded into {folder}: "
                             f"{sorted(p.name for p in folder.iterdir())}") from None


def _wait_for_pdf(driver: object, folder: Path, timeout: float = 30) -> Path:
    return _wait_for_file(driver, folder, "*.pdf", timeout)


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
    assert pdf.name == "leaky-gut-patient-en.pdf"  # no date: the name stays in Downloads, outside the PDF
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
    driver.find_element(By.CSS_SELECTOR, "#patient-form button[data-preview]").click()  # type: ignore[attr-defined]
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


@pytest.mark.parametrize("width", [640, 320])
def test_reflows_at_200_and_400_percent_zoom(server: str, browser: object, width: int) -> None:
    """A 1280-pixel window at 200% zoom is a 640-pixel viewport, at 400% (WCAG 2.2's 1.4.10, Reflow)
    a 320-pixel one: nothing may need sideways scrolling."""
    driver = browser
    driver.set_window_size(width, 900)  # type: ignore[attr-defined]
    for path in ("", "topics/leaky-gut", "diets/trigger-foods", "diets/low-fodmap"):
        driver.get(server + path)  # type: ignore[attr-defined]  (returns once the page has loaded)
        overflow = driver.execute_script(  # type: ignore[attr-defined]
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"/{path} scrolls sideways by {overflow}px at {width}px wide"
        assert driver.execute_script("return window.innerWidth") == width  # type: ignore[attr-defined]


def test_every_box_to_tick_is_a_target_beside_its_words(server: str, browser: object) -> None:
    """At least 20 CSS pixels, with its label on the same row and itself a target (WCAG 2.5.8's spacing).
    'Also print it in English' was the browser's 13-pixel box alone on a line, its words below it."""
    driver = browser
    for path in ("topics/leaky-gut", "diets/low-fodmap"):
        driver.get(server + path)  # type: ignore[attr-defined]
        boxes = driver.execute_script(  # type: ignore[attr-defined]
          """return Array.from(document.querySelectorAll('input[type=checkbox]')).filter(b => b.offsetParent !== null)
            .map(b => { var r = b.getBoundingClientRect(), l = document.querySelector('label[for="' + b.id + '"]');
                        var t = l.getBoundingClientRect();
                        return [b.id, r.width, r.height, t.left >= r.right && t.top < r.bottom]; });""")
        assert len(boxes) > 5, boxes
        wrong = [box for box in boxes if box[1] < 20 or box[2] < 20 or not box[3]]
        assert wrong == [], f"/{path}: {wrong}"


def _text_sizes(pdf: Path) -> dict[str, float]:
    """The size in points of the first run of text starting with each phrase."""
    sizes: dict[str, float] = {}

    def visit(chunk: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if chunk.strip():
            sizes.setdefault(chunk.strip()[:30], round(size * abs(tm[3]) * abs(cm[3]), 1))

    for page in pypdf.PdfReader(str(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_the_patients_name_in_three_tab_presses(server: str, browser: object) -> None:
    """At a visit the name comes first: from the page's load, Tab reaches it before anything else to fill in."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    driver = browser
    driver.get(server + "topics/leaky-gut")  # type: ignore[attr-defined]
    reached = []
    for _ in range(3):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        reached.append(driver.execute_script("return document.activeElement.id"))  # type: ignore[attr-defined]
        if reached[-1] == "field-patient_name":
            break
    assert reached[-1] == "field-patient_name", reached
    ActionChains(driver).send_keys(PATIENT).perform()
    assert driver.find_element("id", "field-patient_name").get_attribute("value") == PATIENT  # type: ignore[attr-defined]


PRINT_STUB = """
window.print = function () {
  try {
    (window.top.__printed = window.top.__printed || []).push(
      {url: location.href, type: document.contentType, top: window === window.top});
  } catch (e) {}
};
var made = URL.createObjectURL;
URL.createObjectURL = function (blob) {
  var url = made.call(URL, blob);
  (window.__blobs = window.__blobs || {})[url] = blob;
  return url;
};
"""
"""Stands in for the print dialog in every document the browser opens, the print frame's PDF included,
and keeps the PDFs the page makes in memory so the test can read what was printed."""


def test_print_loads_the_pdf_into_a_frame_and_opens_the_print_dialog(server: str, browser: object) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PRINT_STUB})  # type: ignore[attr-defined]
    driver.get(server + "topics/leaky-gut")  # type: ignore[attr-defined]
    driver.find_element(By.ID, "field-patient_name").send_keys(PATIENT)  # type: ignore[attr-defined]
    driver.find_element(By.ID, "field-notes").send_keys(NOTE)  # type: ignore[attr-defined]
    driver.find_element(By.ID, f"item-{UNTICKED_ID}").click()  # type: ignore[attr-defined]
    driver.find_element(By.CSS_SELECTOR, "#patient-form button[data-print]").click()  # type: ignore[attr-defined]
    # while the PDF is made, Print keeps the focus: a disabled button dropped it to the page
    assert driver.execute_script("return document.activeElement.hasAttribute('data-print')")  # type: ignore[attr-defined]

    printed = wait(driver, 30).until(lambda d: d.execute_script("return window.__printed"))
    frame_src = driver.execute_script(  # type: ignore[attr-defined]
        "return document.querySelector('iframe[data-print-frame]').contentWindow.location.href")
    assert printed == [{"url": frame_src, "type": "application/pdf", "top": False}]  # the frame's print, once
    assert frame_src.startswith("blob:")  # in memory: no address with patient details, no file
    assert len(driver.window_handles) == 1  # type: ignore[attr-defined]  # no new tab
    assert driver.current_url == server + "topics/leaky-gut"  # type: ignore[attr-defined]  # the form stays
    # the PDF in the frame is this patient's handout, made by the app's own form (its token, same origin)
    data = driver.execute_async_script(  # type: ignore[attr-defined]
        "var done = arguments[arguments.length - 1], reader = new FileReader();"
        "reader.onload = () => done(reader.result.split(',')[1]);"
        "reader.readAsDataURL(window.__blobs[arguments[0]]);", frame_src)
    pdf = base64.b64decode(data)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    assert PATIENT in text and NOTE in text and UNTICKED_TEXT not in text
    status = driver.find_element(By.ID, "print-hint-patient").text  # type: ignore[attr-defined]
    assert "Printing" in status
    # focus is back on Print, not in the frame nobody can see
    assert driver.execute_script("return document.activeElement.hasAttribute('data-print')")  # type: ignore[attr-defined]
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]  # type: ignore[attr-defined]
    assert not errors, errors
    # "If no print dialog opened: Open the PDF in a new tab", twice: one tab (the print tab), which the page
    # closes with its form when the session ends unused (a shared room computer)
    for _ in range(2):
        driver.find_element(By.CSS_SELECTOR, "#print-hint-patient a").click()  # type: ignore[attr-defined]
        wait(driver).until(lambda d: len(d.window_handles) == 2)
    driver.execute_script("document.body.setAttribute('data-idle-seconds', '900');"  # type: ignore[attr-defined]
                          "var real = Date.now; Date.now = function () { return real() + 16 * 60000; };"
                          "document.dispatchEvent(new Event('visibilitychange'));")
    wait(driver).until(lambda d: len(d.window_handles) == 1)


def test_print_with_a_problem_shows_it_on_the_page(server: str, browser: object) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PRINT_STUB})  # type: ignore[attr-defined]
    driver.get(server + "topics/leaky-gut")  # type: ignore[attr-defined]
    driver.execute_script(  # type: ignore[attr-defined]
        "document.getElementById('field-follow_up').value = '2000-01-01'")  # before the visit: refused
    driver.find_element(By.CSS_SELECTOR, "#patient-form button[data-print]").click()  # type: ignore[attr-defined]
    box = wait(driver, 30).until(lambda d: d.find_element(By.ID, "problems"))
    assert "Follow-up date" in box.text
    # as on the page the server sends back: focus on the summary, the field marked and described
    assert driver.execute_script("return document.activeElement.id") == "problems"  # type: ignore[attr-defined]
    field = driver.find_element(By.ID, "field-follow_up")  # type: ignore[attr-defined]
    assert field.get_attribute("aria-invalid") == "true"
    described = [driver.find_element(By.ID, name).text  # type: ignore[attr-defined]
                 for name in field.get_attribute("aria-describedby").split()]
    assert any("Follow-up date" in text for text in described), described
    assert not driver.execute_script("return window.__printed")  # type: ignore[attr-defined]
    assert len(driver.window_handles) == 1  # type: ignore[attr-defined]


def test_tick_none_and_all_in_place(server: str, browser: object) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    driver.get(server + "topics/leaky-gut")  # type: ignore[attr-defined]
    boxes = driver.find_elements(By.CSS_SELECTOR, "#group-helps input[type=checkbox]")  # type: ignore[attr-defined]
    others = driver.find_elements(By.CSS_SELECTOR, "#group-avoid input[type=checkbox]")  # type: ignore[attr-defined]
    driver.find_element(By.CSS_SELECTOR, "#group-helps button[data-select=none]").click()  # type: ignore[attr-defined]
    assert not any(b.is_selected() for b in boxes)
    assert all(b.is_selected() for b in others)  # only that group
    driver.find_element(By.CSS_SELECTOR, "#group-helps button[data-select=all]").click()  # type: ignore[attr-defined]
    assert all(b.is_selected() for b in boxes)
    assert driver.current_url == server + "topics/leaky-gut"  # type: ignore[attr-defined]  # no round trip


def test_a_large_print_handout_from_the_page(server: str, browser: object) -> None:
    from selenium.webdriver.common.by import By

    driver = browser
    driver.get(server + "topics/leaky-gut")  # type: ignore[attr-defined]
    driver.find_element(By.ID, "field-large_print").click()  # type: ignore[attr-defined]
    driver.find_element(By.CSS_SELECTOR, "#patient-form button[value=download]").click()  # type: ignore[attr-defined]
    pdf = _wait_for_pdf(driver, driver.downloads)  # type: ignore[attr-defined]
    sizes = _text_sizes(pdf)
    heading = next(size for start, size in sizes.items() if start.startswith("The main thing to know"))
    assert heading == 22.0  # 15 pt in the standard handout
    assert 18.0 in sizes.values() and min(sizes.values()) >= 14.0  # body text 18 pt, nothing under 14


def test_the_letterhead_is_remembered_in_this_browser(server: str, browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select

    driver = browser
    driver.get(server + "topics/leaky-gut")  # type: ignore[attr-defined]
    Select(driver.find_element(By.ID, "field-brand")).select_by_value("riverside")  # type: ignore[attr-defined]
    # the preview follows the choice by itself (and may reload while it is checked)
    wait(driver).until(EC.frame_to_be_available_and_switch_to_it("preview"))
    wait(driver).until(lambda d: "Riverside" in d.find_element(By.TAG_NAME, "body").text)
    driver.switch_to.default_content()  # type: ignore[attr-defined]
    wait(driver).until(lambda d: d.get_cookie("handouts-brand"))
    driver.get(server + "topics/leaky-gut")  # type: ignore[attr-defined]  # a new visit, the next patient
    assert Select(driver.find_element(By.ID, "field-brand")).first_selected_option.get_attribute("value") == "riverside"  # type: ignore[attr-defined]
    assert driver.find_element(By.ID, "field-patient_name").get_attribute("value") == ""  # type: ignore[attr-defined]
    kept = {c["name"]: c["value"] for c in driver.get_cookies()}  # type: ignore[attr-defined]
    # the letterhead, never anything about the patient (nor the language the last one read)
    assert kept.get("handouts-brand") == "riverside" and set(kept) <= {"handouts-brand", "handouts-page-language"}
    assert Select(driver.find_element(By.ID, "field-brand")).first_selected_option.get_attribute("value") == "riverside"  # type: ignore[attr-defined]


def test_the_language_follows_the_letterhead_until_the_clinician_chooses_one(server: str, browser: object) -> None:
    """A clinic with English letterheads and a Spanish one (es-US, the server's `clinic_data`): the form's
    language follows the letterhead chosen, as `handouts render --brand` would print, until the clinician
    picks the patient's."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    driver = browser
    driver.get(server + "topics/leaky-gut")  # type: ignore[attr-defined]
    brand = Select(driver.find_element(By.ID, "field-brand"))  # type: ignore[attr-defined]
    language = Select(driver.find_element(By.ID, "field-language"))  # type: ignore[attr-defined]
    assert language.first_selected_option.get_attribute("value") == "en"
    follows = driver.find_element(By.NAME, "language_follows")  # type: ignore[attr-defined]
    brand.select_by_value("latino")
    assert language.first_selected_option.get_attribute("value") == "es"
    assert follows.get_property("value") == "latino"  # what the server follows a letterhead by
    brand.select_by_value("riverside")
    assert language.first_selected_option.get_attribute("value") == "en"
    language.select_by_value("es")  # the patient's language, chosen: a letterhead no longer changes it
    brand.select_by_value("latino")
    brand.select_by_value("riverside")
    assert language.first_selected_option.get_attribute("value") == "es"
    assert follows.get_property("disabled")  # nor does the server: the language is sent as chosen


def test_save_a_diet_customisation_and_load_it_at_the_follow_up(server: str, browser: object) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.expected_conditions import staleness_of

    driver = browser
    driver.get(server + "diets/trigger-foods")  # type: ignore[attr-defined]
    driver.find_element(By.ID, "field-patient").send_keys(PATIENT)  # type: ignore[attr-defined]
    driver.find_element(By.ID, "allergies-sesame").click()  # type: ignore[attr-defined]
    driver.find_element(By.ID, "field-phase_lengths").send_keys("3 weeks")  # type: ignore[attr-defined]
    driver.find_element(By.XPATH, "//button[normalize-space()='Save these choices']").click()  # type: ignore[attr-defined]
    saved = _wait_for_file(driver, driver.downloads, "*.yaml")  # type: ignore[attr-defined]
    assert PATIENT not in saved.name
    assert f"patient: {PATIENT}" in saved.read_text(encoding="utf-8")

    driver.get(server + "diets/trigger-foods")  # type: ignore[attr-defined]  # the follow-up visit
    assert driver.find_element(By.ID, "field-patient").get_attribute("value") == ""  # type: ignore[attr-defined]
    driver.find_element(By.ID, "field-file").send_keys(str(saved))  # type: ignore[attr-defined]
    before = driver.find_element(By.ID, "field-patient")  # type: ignore[attr-defined]
    driver.find_element(By.CSS_SELECTOR, ".load-form button").click()  # type: ignore[attr-defined]
    wait(driver, 30).until(staleness_of(before))  # the page the server sent back, filled in
    assert "Loaded the saved choices" in driver.find_element(By.ID, "field-more").text  # type: ignore[attr-defined]
    assert driver.find_element(By.ID, "field-patient").get_attribute("value") == PATIENT  # type: ignore[attr-defined]
    assert driver.find_element(By.ID, "allergies-sesame").is_selected()  # type: ignore[attr-defined]
    assert driver.find_element(By.ID, "field-phase_lengths").get_attribute("value") == "3 weeks"  # type: ignore[attr-defined]
    # the preview, empty as the page came (never the plan's blank sheet), shows the loaded patient's sheet
    wait(driver, 60).until(lambda d: PATIENT in _frame_text(d))


def _frame_text(driver: Any) -> str:
    """The preview frame's text now ('' while it is between documents)."""
    from selenium.common.exceptions import WebDriverException

    try:
        driver.switch_to.frame("preview")
        return str(driver.execute_script("return document.body ? document.body.innerText : ''"))
    except WebDriverException:
        return ""
    finally:
        driver.switch_to.default_content()


def test_previews_add_nothing_to_the_history(server: str, browser: object) -> None:
    """Back leaves the page. Each preview the form sent into the frame was a history entry: after a
    visit's dozen previews Back took a dozen presses, each one breaking the frame (ERR_CACHE_MISS)."""
    from selenium.webdriver.common.by import By

    driver: Any = browser
    driver.get(server)
    driver.get(server + "topics/leaky-gut")
    before = driver.execute_script("return history.length")
    driver.find_element(By.ID, "field-patient_name").send_keys(PATIENT)  # the preview follows the typing...
    wait(driver, 30).until(lambda d: PATIENT in _frame_text(d))
    driver.find_element(By.ID, f"item-{UNTICKED_ID}").click()  # ... a box...
    wait(driver, 30).until(lambda d: UNTICKED_TEXT not in _frame_text(d) and KEPT_TEXT in _frame_text(d))
    driver.find_element(By.ID, "field-notes").send_keys(NOTE)
    driver.find_element(By.CSS_SELECTOR, "#patient-form button[data-preview]").click()  # ... and the button
    wait(driver, 30).until(lambda d: NOTE in _frame_text(d))
    assert driver.execute_script("return history.length") == before
    driver.back()
    wait(driver).until(lambda d: d.current_url == server)


def test_back_to_the_form_shows_it_as_new(server: str, browser: object) -> None:
    """No patient's details survive into the next patient's form. Chromium keeps a no-store page
    whole in its back/forward cache (unless a script fetched something on it, as the preview does
    800 ms after typing stops): Back to the topic page showed the last patient's name and notes."""
    from selenium.webdriver.common.by import By

    driver: Any = browser
    driver.get(server + "topics/leaky-gut")
    wait(driver, 30).until(lambda d: "The main thing to know" in _frame_text(d))  # the page's first preview
    driver.find_element(By.ID, "field-patient_name").send_keys(PATIENT)
    driver.find_element(By.ID, "field-notes").send_keys(NOTE)
    driver.find_element(By.CSS_SELECTOR, ".site-name a").click()  # to the list of topics, the next patient
    wait(driver).until(lambda d: d.current_url == server)
    driver.back()
    wait(driver).until(lambda d: d.current_url == server + "topics/leaky-gut"
                       and d.execute_script("return document.readyState") == "complete")
    shown = driver.execute_script(
        "return ['field-patient_name', 'field-notes'].map(id => document.getElementById(id).value)")
    assert shown == ["", ""]
    wait(driver, 30).until(lambda d: "The main thing to know" in _frame_text(d))  # the plain preview
    assert PATIENT not in _frame_text(driver) and NOTE not in _frame_text(driver)


def test_new_patient_empties_the_form_and_the_preview_and_leaves_no_history(server: str, browser: object) -> None:
    """A shared room computer: 'New patient' after a print leaves nothing of the last patient on the page,
    and Back from the fresh form leaves the page rather than bringing the last patient's form up again."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.expected_conditions import staleness_of

    driver: Any = browser
    driver.get(server)
    driver.get(server + "topics/leaky-gut")
    before = driver.execute_script("return history.length")
    name = driver.find_element(By.ID, "field-patient_name")
    name.send_keys(PATIENT)
    driver.find_element(By.ID, "field-notes").send_keys(NOTE)
    wait(driver, 30).until(lambda d: PATIENT in _frame_text(d))
    new_patient = driver.find_element(By.CSS_SELECTOR, "a[data-new-patient]")
    assert new_patient.text == "New patient"
    new_patient.click()
    wait(driver, 30).until(staleness_of(name))
    wait(driver).until(lambda d: d.execute_script("return document.readyState") == "complete")
    assert driver.current_url == server + "topics/leaky-gut"
    shown = driver.execute_script(
        "return ['field-patient_name', 'field-notes'].map(id => document.getElementById(id).value)")
    assert shown == ["", ""]
    wait(driver, 30).until(lambda d: "The main thing to know" in _frame_text(d))  # the plain preview
    assert PATIENT not in _frame_text(driver) and NOTE not in _frame_text(driver)
    assert driver.execute_script("return history.length") == before  # replaced, not added
    driver.back()
    wait(driver).until(lambda d: d.current_url == server)


def test_the_follow_up_date_in_one_click(server: str, browser: object) -> None:
    """'Follow up in 4 weeks' is one click, counted from the visit date; a month on from 31 January is
    the last day of April's month, not 1 May (JavaScript's own month arithmetic rolls over)."""
    from selenium.webdriver.common.by import By

    driver: Any = browser
    driver.get(server + "topics/leaky-gut")
    visit = driver.find_element(By.ID, "field-visit_date")
    today = visit.get_attribute("value")
    after = {b.text: b for b in driver.find_elements(By.CSS_SELECTOR, "[data-follow-up-after] button")}
    assert list(after) == ["2 weeks", "4 weeks", "3 months", "6 months"]  # shown: scripts are on
    follow_up = driver.find_element(By.ID, "field-follow_up")
    after["4 weeks"].click()
    assert follow_up.get_attribute("value") == (date.fromisoformat(today) + timedelta(weeks=4)).isoformat()
    driver.execute_script("arguments[0].value = '2025-11-30'", visit)
    after["3 months"].click()
    assert follow_up.get_attribute("value") == "2026-02-28"
    after["2 weeks"].click()
    assert follow_up.get_attribute("value") == "2025-12-14"
    wait(driver, 30).until(lambda d: "December 14, 2025" in _frame_text(d))  # the preview follows


def test_a_token_the_server_no_longer_takes_loses_no_typed_text(server: str, browser: object) -> None:
    """After the server restarts (or a day), the page's form token is refused. The preview showed the
    refusal and Print opened it in a new tab, both saying to reload the page: which emptied the form.
    Now the page fetches a new token and sends the form again, the typed text where it was."""
    from selenium.webdriver.common.by import By

    driver: Any = browser
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": PRINT_STUB})
    driver.get(server + "topics/leaky-gut")
    wait(driver, 30).until(lambda d: "The main thing to know" in _frame_text(d))
    driver.execute_script(  # as a token from before a restart: its MAC no longer holds
        "document.querySelectorAll('input[name=csrf]').forEach(i => { i.value = i.value.split('.')[0] + '.0'; })")
    driver.find_element(By.ID, "field-patient_name").send_keys(PATIENT)
    wait(driver, 30).until(lambda d: PATIENT in _frame_text(d))
    assert "Refused" not in _frame_text(driver)
    driver.execute_script(
        "document.querySelectorAll('input[name=csrf]').forEach(i => { i.value = i.value.split('.')[0] + '.0'; })")
    driver.find_element(By.CSS_SELECTOR, "#patient-form button[data-print]").click()
    printed = wait(driver, 30).until(lambda d: d.execute_script("return window.__printed"))
    assert printed[0]["type"] == "application/pdf"
    assert len(driver.window_handles) == 1  # no tab with the refusal
    assert driver.find_element(By.ID, "field-patient_name").get_attribute("value") == PATIENT


def test_a_note_pasted_over_the_limit_is_not_cut_unseen(server: str, browser: object) -> None:
    """A browser cuts what is pasted into a field at its maxlength, without a word: the end of a long
    note went missing from the handout unseen. Now all of it stays, and the preview says it is too long."""
    from selenium.webdriver.common.by import By

    driver: Any = browser
    driver.get(server + "topics/leaky-gut")
    notes = driver.find_element(By.ID, "field-notes")
    notes.click()
    pasted = "Take the tablets with food. " * 75 + "Come back if it gets worse."  # 2127 characters
    driver.execute_script("document.execCommand('insertText', false, arguments[0])", pasted)  # as a paste
    assert notes.get_attribute("value") == pasted
    wait(driver, 30).until(lambda d: f"{len(pasted)} characters; at most 2000 fit" in _frame_text(d))


def test_the_visit_date_is_the_clinics_today(server: str, browser: object) -> None:
    """A server in another time zone than the clinic's is a day off for part of the day: the form
    started with the server's date, and the handout printed tomorrow's (or yesterday's) visit."""
    from zoneinfo import ZoneInfo

    from selenium.webdriver.common.by import By

    driver: Any = browser
    server_today = date.today()  # `serve` runs on this machine, in its time zone
    zone, clinic_today = next((z, d) for z in ("Pacific/Kiritimati", "Pacific/Pago_Pago")
                              if (d := datetime.now(ZoneInfo(z)).date()) != server_today)
    driver.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": zone})
    driver.get(server + "topics/leaky-gut")
    visit = driver.find_element(By.ID, "field-visit_date")
    assert visit.get_attribute("data-server-today") == server_today.isoformat()
    assert visit.get_attribute("value") == clinic_today.isoformat()
    shown = f"{clinic_today:%B} {clinic_today.day}, {clinic_today.year}"  # as the handout prints it
    wait(driver, 30).until(lambda d: f"Visit: {shown}" in " ".join(_frame_text(d).split()))


NEXT_DAY = "var real = Date.now; Date.now = function () { return real() + %d * 86400000; };" \
           "document.dispatchEvent(new Event('visibilitychange'));"
"""This page's calendar moved on by some days (the page is looked at again: a room computer's morning)."""


def _as_printed(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def test_a_form_left_open_overnight_moves_its_untouched_visit_date_on(server: str, browser: object) -> None:
    """A room computer whose server asks no one to sign in keeps its page open overnight: by morning the
    visit date it started with was yesterday's, and the next patient's handout printed yesterday's visit.
    A date nobody changed moves on with the day (the preview follows); one the clinician typed stays."""
    from selenium.webdriver.common.by import By

    driver: Any = browser
    driver.get(server + "topics/leaky-gut")
    visit = driver.find_element(By.ID, "field-visit_date")
    started = date.fromisoformat(visit.get_attribute("value"))
    driver.find_element(By.ID, "field-patient_name").send_keys(PATIENT)  # the last patient's, left on screen
    driver.execute_script(NEXT_DAY % 1)
    tomorrow = started + timedelta(days=1)
    assert visit.get_attribute("value") == tomorrow.isoformat()
    wait(driver, 30).until(lambda d: f"Visit: {_as_printed(tomorrow)}" in " ".join(_frame_text(d).split()))
    driver.execute_script("arguments[0].value = '2025-11-30'; arguments[0].dispatchEvent(new Event('input'));", visit)
    driver.execute_script(NEXT_DAY % 2)
    assert visit.get_attribute("value") == "2025-11-30"  # typed by hand: the clinician's


def test_a_diet_form_left_open_overnight_starts_its_steps_today(server: str, browser: object) -> None:
    from selenium.webdriver.common.by import By

    driver: Any = browser
    driver.get(server + "diets/low-fodmap")
    start = driver.find_element(By.ID, "field-start_date")
    started = date.fromisoformat(start.get_attribute("value"))
    driver.execute_script(NEXT_DAY % 3)
    assert start.get_attribute("value") == (started + timedelta(days=3)).isoformat()


def test_download_with_a_problem_keeps_the_page_and_then_saves_the_pdf(server: str, browser: object) -> None:
    """Download with a problem left the page for one that said it (Back came to an emptied form);
    now the problem is said on the page, as for Print, the typed text kept. One PDF at a time."""
    from selenium.webdriver.common.by import By

    driver: Any = browser
    driver.get(server + "topics/leaky-gut")
    driver.find_element(By.ID, "field-patient_name").send_keys(PATIENT)
    driver.execute_script("document.getElementById('field-follow_up').value = '2000-01-01'")  # before the visit
    download = driver.find_element(By.CSS_SELECTOR, "#patient-form button[value=download]")
    download.click()
    box = wait(driver, 30).until(lambda d: d.find_element(By.ID, "problems"))
    assert "Follow-up date" in box.text
    assert driver.current_url == server + "topics/leaky-gut"
    assert driver.find_element(By.ID, "field-patient_name").get_attribute("value") == PATIENT
    driver.execute_script("document.getElementById('field-follow_up').value = ''")
    download.click()
    assert download.get_attribute("aria-disabled") == "true"  # a second click now does nothing
    pdf = _wait_for_pdf(driver, driver.downloads)
    assert pdf.name == "leaky-gut-patient-en.pdf"
    assert PATIENT in pdf_text(pdf.read_bytes())
    wait(driver).until(lambda d: "downloads" in d.find_element(By.ID, "print-hint-patient").text)
    assert download.get_attribute("aria-disabled") is None


def test_a_form_sent_back_is_not_sent_again_when_its_page_comes_back(server: str, browser: object) -> None:
    """A page the form came back on (a POST) that a browser restores from its back/forward cache is
    left for the topic's own page, a new form: reloading it sent the last patient's form again."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.expected_conditions import staleness_of

    driver: Any = browser
    driver.get(server + "topics/leaky-gut")
    driver.find_element(By.ID, "field-patient_name").send_keys(PATIENT)
    before = driver.find_element(By.ID, "field-patient_name")
    driver.execute_script(  # as without scripts: the form sent back by a group's "none"
        "var f = document.getElementById('patient-form'), s = document.createElement('input');"
        "s.type = 'hidden'; s.name = 'select'; s.value = 'helps:none'; f.appendChild(s);"
        "f.setAttribute('action', arguments[0]); f.target = '_self'; f.submit();", "/topics/leaky-gut")
    wait(driver, 30).until(staleness_of(before))
    sent = driver.find_element(By.ID, "field-patient_name")
    assert sent.get_attribute("value") == PATIENT  # the page the form came back on
    driver.execute_script("window.dispatchEvent(new PageTransitionEvent('pagehide', {persisted: true}));"
                          "window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}));")
    wait(driver, 30).until(staleness_of(sent))
    assert driver.current_url == server + "topics/leaky-gut"
    assert driver.find_element(By.ID, "field-patient_name").get_attribute("value") == ""


def test_the_preview_is_marked_behind_the_form_until_it_catches_up(server: str, browser: object) -> None:
    """From a change until its preview is shown, the preview is greyed and busy: a slow preview still
    showing an item just unticked had the clinician click it again, ticking it back."""
    from selenium.webdriver.common.by import By

    driver: Any = browser
    driver.get(server + "topics/leaky-gut")
    wait(driver, 30).until(lambda d: UNTICKED_TEXT in _frame_text(d))
    frame = driver.find_element(By.CSS_SELECTOR, "iframe[name=preview]")
    driver.find_element(By.ID, f"item-{UNTICKED_ID}").click()
    assert frame.get_attribute("aria-busy") == "true"
    assert driver.execute_script("return getComputedStyle(arguments[0]).opacity", frame) == "0.5"
    wait(driver, 30).until(lambda d: frame.get_attribute("aria-busy") is None)
    assert UNTICKED_TEXT not in _frame_text(driver) and KEPT_TEXT in _frame_text(driver)


def test_a_page_left_open_past_the_idle_time_puts_the_patient_away(server: str, browser: object) -> None:
    """A shared room computer: once the session's idle time has passed (data-idle-seconds, which a signed-in
    page carries: test_web_idle.py), the page left open empties its form and preview and opens its own page
    again (the server then answers with the sign-in page). This server has no login, so it answers with a
    fresh form; the clock is moved on in the page rather than waited for."""
    from selenium.webdriver.support.expected_conditions import staleness_of

    driver: Any = browser
    driver.get(server + "topics/leaky-gut")
    from selenium.webdriver.common.by import By

    name = driver.find_element(By.ID, "field-patient_name")
    name.send_keys(PATIENT)
    driver.execute_script("document.body.setAttribute('data-idle-seconds', '900');"
                          "document.dispatchEvent(new Event('visibilitychange'));")
    assert name.get_attribute("value") == PATIENT  # not yet: 15 minutes have not passed
    driver.execute_script("var real = Date.now; Date.now = function () { return real() + 16 * 60000; };"
                          "document.dispatchEvent(new Event('visibilitychange'));")
    wait(driver, 30).until(staleness_of(name))
    assert driver.current_url == server + "topics/leaky-gut"
    assert driver.find_element(By.ID, "field-patient_name").get_attribute("value") == ""



def test_a_wall_clock_set_back_does_not_keep_the_patient_on_screen(server: str, browser: object) -> None:
    """The page measured its idle time by Date.now alone: the computer's clock set back an hour (an NTP
    correction) kept the last patient's form on screen an hour longer. The page's steady clock counts too."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.expected_conditions import staleness_of

    driver: Any = browser
    driver.get(server + "topics/leaky-gut")
    name = driver.find_element(By.ID, "field-patient_name")
    name.send_keys(PATIENT)
    driver.execute_script("document.body.setAttribute('data-idle-seconds', '900');"
                          "var wall = Date.now; Date.now = function () { return wall() - 3600000; };"
                          "var steady = performance.now.bind(performance);"
                          "performance.now = function () { return steady() + 16 * 60000; };"
                          "document.dispatchEvent(new Event('visibilitychange'));")
    wait(driver, 30).until(staleness_of(name))
    assert driver.find_element(By.ID, "field-patient_name").get_attribute("value") == ""

NO_PDF_VIEWER = """
Object.defineProperty(Navigator.prototype, "pdfViewerEnabled", {get: function () { return false; }});
window.__sent = 0;
document.addEventListener("submit", function (event) {  // after the page's own listeners (it bubbles here last)
  if (!event.defaultPrevented && event.submitter && event.submitter.hasAttribute("data-print")) { window.__sent++; }
});
"""


def test_print_where_no_pdf_shows_in_a_page_uses_one_tab_and_a_double_click_prints_once(
        server: str, browser: object) -> None:
    """Where a browser cannot show a PDF in a page, Print sends the form to a tab as without scripts. A tab per
    click left a shared room computer with a tab for every patient of the day, and a double click made the
    PDF twice: now the one print tab is reused, and a double click is one print."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    driver: Any = browser
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": NO_PDF_VIEWER})
    driver.get(server + "topics/leaky-gut")
    home = driver.current_window_handle
    driver.find_element(By.ID, "field-patient_name").send_keys(PATIENT)
    button = driver.find_element(By.CSS_SELECTOR, "#patient-form button[data-print]")
    ActionChains(driver).double_click(button).perform()
    wait(driver, 30).until(lambda d: len(d.window_handles) == 2)
    assert driver.execute_script("return window.__sent") == 1  # the double click: one PDF asked for
    tab = next(h for h in driver.window_handles if h != home)
    driver.switch_to.window(tab)
    wait(driver, 30).until(lambda d: "/topics/leaky-gut/patient" in d.current_url)
    driver.switch_to.window(home)
    driver.find_element(By.ID, "field-patient_name").clear()
    driver.find_element(By.ID, "field-patient_name").send_keys("Sam Nextpatient")
    driver.execute_script("window.__sent = 0;"  # a press after a double click's time is a print of its own
                          "var real = Date.now; Date.now = function () { return real() + 2000; };")
    driver.find_element(By.CSS_SELECTOR, "#patient-form button[data-print]").click()
    wait(driver, 30).until(lambda d: d.execute_script("return window.__sent") == 1)
    assert len(driver.window_handles) == 2  # the same tab, the next patient's PDF in place of the last one's
    # left unused past the session's idle time, the page closes the print tab with its own form
    driver.execute_script("document.body.setAttribute('data-idle-seconds', '900');"
                          "var real = Date.now; Date.now = function () { return real() + 16 * 60000; };"
                          "document.dispatchEvent(new Event('visibilitychange'));")
    wait(driver, 30).until(lambda d: len(d.window_handles) == 1)


def test_print_refused_because_the_session_ended_puts_the_patient_away(server: str, browser: object) -> None:
    """A Print (or preview) the server refuses with 401 (the session ended: unused too long, or signed out
    elsewhere) leaves the form for its own page, emptied, as the idle time does: the refusal said what was
    typed was not kept, while the form beside it still showed it. This server has no login, so the page's
    fetch is made to answer 401 to the Print alone: a preview the typing or the click refreshes goes to the
    server as ever. (Both refused, the preview's refusal could leave the page before the click, which then
    fell on a button of the page being replaced: StaleElementReferenceException under load; and the test
    could pass with the Print's refusal ignored.)"""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.expected_conditions import staleness_of

    driver: Any = browser
    driver.get(server + "topics/leaky-gut")
    name = driver.find_element(By.ID, "field-patient_name")
    name.send_keys(PATIENT)
    driver.execute_script("var real = window.fetch;"
                          "window.fetch = function (url, init) {"
                          "  var body = init && init.body;"
                          "  if (!(body instanceof FormData) || body.get('action') !== 'print') {"
                          "    return real.apply(this, arguments);"
                          "  }"
                          "  return Promise.resolve(new Response('<div class=\"error-box\">Signed out</div>',"
                          "                                      {status: 401, headers: {'Content-Type': 'text/html'}}));"
                          "};")
    driver.find_element(By.CSS_SELECTOR, "#patient-form button[data-print]").click()
    wait(driver, 30).until(staleness_of(name))  # the page it left: the Print's refusal alone leaves it
    wait(driver, 30).until(lambda d: d.execute_script("return document.readyState") == "complete")
    assert driver.current_url == server + "topics/leaky-gut"
    assert driver.find_element(By.ID, "field-patient_name").get_attribute("value") == ""
