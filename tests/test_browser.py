"""The register as a person uses it: a real ``minutes serve`` over three real Lapua
minutes in which one matter (the primary-school network, LAPDno-2024-823) goes from the
education committee to the board to the council, driven in Debian's chromium by
Playwright (no browser download).

The walk: search a word typed without ä/ö, pick a body and a Finnish date range, sort
by date, open a section, follow its PDF link to the right page, open the meeting and
the matter page; each step checks the text a person would read.  Screenshots go to
``docs/screenshots/`` (the README shows them).
"""

from __future__ import annotations

import os
import re
import shutil
import time
import urllib.parse
from pathlib import Path

import pytest

from conftest import REPO, free_port, get, minutes_env, run_minutes, start_minutes

CORPUS = REPO.parent / "shared" / "corpus" / "lapua"
PDFS = [
    CORPUS / "Sivistyslautakunta/2024/Pöytäkirja-Sivistyslautakunta - 21.11.2024, klo 16_30.pdf",
    CORPUS / "Kaupunginhallitus/2024_Kaupunginhallitus-pöytäkirjat/Pöytäkirja-Kaupunginhallitus - 02.12.2024, klo 17_00.pdf",
    CORPUS / "Kaupunginvaltuusto/2024/Pöytäkirja-Kaupunginvaltuusto - 09.12.2024, klo 17_00.pdf",
    # A meeting with votes whose members' votes are printed (issue 14's section page).
    CORPUS / "Tekninen_lautakunta/2025/Pöytäkirja-Tekninen lautakunta - 18.02.2025, klo 16_01.pdf",
]
SHOTS = REPO / "docs" / "screenshots"
#: Debian's chromium; the flags keep it from calling home on a closed network.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-dev-shm-usage"]

pytestmark = pytest.mark.xdist_group("browser")


def _need(condition: bool, why: str) -> None:
    """Skip when something is missing, except in CI, where it must be there."""
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(why)
        pytest.skip(why)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    _need(all(p.exists() for p in PDFS), f"the Lapua corpus is not at {CORPUS}")
    tmp = tmp_path_factory.mktemp("browser")
    env = minutes_env(tmp)
    folder = tmp / "minutes"
    folder.mkdir()
    for pdf in PDFS:
        shutil.copy(pdf, folder / pdf.name)
    db = tmp / "archive.db"
    done = run_minutes(["import", str(folder), "--db", str(db), "--silent"], env)
    assert done.returncode == 0, done.stderr
    port = free_port()
    process = start_minutes(["serve", "--db", str(db), "--port", str(port)], env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if get(base + "/", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.2)
        else:
            pytest.fail("minutes serve did not answer within 30 s: " + process.stderr.read()[:2000])
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    _need(Path(CHROMIUM).exists(), "chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # A laptop screen: 1366 × 768 CSS pixels.
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="fi-FI")
    page = context.new_page()
    yield page
    context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def follow(page, link) -> None:
    """Click ``link`` and wait for the page it opens."""
    with page.expect_navigation():
        link.click()


def no_side_scrolling(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width} px wide"


def test_search_section_pdf_meeting_and_matter(server, page):
    page.goto(server + "/")
    assert page.locator("html").get_attribute("lang") == "fi"
    assert page.title() == "Pöytäkirja-arkisto"
    # "oppilasmaara" typed without ä (oppilasmäärä); "palveluverkko" is part of a compound.
    page.get_by_label("Hakusanat").fill("palveluverkko oppilasmaara")
    page.get_by_label("Toimielin").select_option("Kaupunginvaltuusto")
    page.get_by_label("Alkaen").fill("1.1.2024")
    page.get_by_label("Asti").fill("31.12.2024")
    page.get_by_label("Järjestys").select_option("uusin")
    with page.expect_navigation():
        page.get_by_role("button", name="Hae").click()
    results = page.locator("ol.hits > li")
    assert results.count() >= 1
    assert re.search(r"\d+ pykälä", page.locator("p.count").inner_text())
    first = results.first
    assert "Kaupunginvaltuusto" in first.inner_text() and "9.12.2024" in first.inner_text()
    marked = first.locator("mark").all_inner_texts()
    assert "palveluverkkolinjaus" in marked and "oppilasmäärä" in marked
    no_side_scrolling(page)
    shot(page, "haku")

    follow(page, first.get_by_role("link").first)
    assert "Lapuan alakoulujen suunniteltu palveluverkkolinjaus" in page.locator("h1").inner_text()
    facts = page.locator("dl.facts").inner_text()
    assert "Kaupunginvaltuusto" in facts and "LAPDno-2024-823" in facts
    assert "Asian muut käsittelyt" in page.content()
    no_side_scrolling(page)
    shot(page, "pykala")

    # The PDF link opens the right file at the section's page.
    link = page.get_by_role("link", name=re.compile(r"PDF, sivu \d+"))
    href = link.get_attribute("href")
    shown_page = int(re.search(r"PDF, sivu (\d+)", link.inner_text()).group(1))
    assert href.endswith(f"#page={shown_page}")
    response = page.request.get(server + href.split("#")[0])
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"
    import pypdfium2

    pdf = pypdfium2.PdfDocument(response.body())
    text = pdf[shown_page - 1].get_textpage().get_text_range()
    assert "palveluverkkolinjaus" in text.replace("\r", "").replace("-\n", "")

    # The meeting.
    follow(page, page.get_by_role("link", name=re.compile(r"9\.12\.2024 \(pöytäkirja")))
    assert page.locator("h1").inner_text() == "Kaupunginvaltuusto 9.12.2024"
    body = page.locator("main").inner_text()
    assert "Osallistujat" in body and "Pykälät" in body
    assert page.locator("table.list tbody tr").count() >= 5
    no_side_scrolling(page)
    shot(page, "kokous")

    # The matter: committee, board and council, once each, oldest first.
    page.go_back()
    follow(page, page.get_by_role("link", name="LAPDno-2024-823"))
    headings = page.locator("ol.hits h2").all_inner_texts()
    assert [h.split(" · ")[1] for h in headings] == [
        "Sivistyslautakunta", "Kaupunginhallitus", "Kaupunginvaltuusto"]
    assert [h.split(" · ")[0] for h in headings] == ["21.11.2024", "2.12.2024", "9.12.2024"]
    no_side_scrolling(page)
    shot(page, "asia")


def test_no_hits_suggests_and_errors_are_finnish(server, page):
    page.goto(server + "/?" + urllib.parse.urlencode({"q": "palveluverkkolinjuas"}))
    notice = page.locator("p.notice").inner_text()
    assert "ei löytynyt yhtään pykälää" in notice and "Tarkoititko" in notice
    follow(page, page.get_by_role("link", name="palveluverkkolinjaus"))
    assert page.locator("ol.hits > li").count() >= 3
    page.goto(server + "/ei-tallaista")
    assert page.locator("h1").inner_text() == "Sivua ei löydy"
    shot(page, "virhe-404")


def test_a_vote_as_a_person_reads_it(server, page):
    """Tekninen lautakunta 18.02.2025 § 19: the counter-proposal, the vote's counts and
    each member's vote on the section page, found by a search for the street lights."""
    page.goto(server + "/?" + urllib.parse.urlencode({"q": "katuvalot", "toimielin": "Tekninen lautakunta"}))
    follow(page, page.get_by_role("link", name=re.compile("Vaatimus katuvalojen")))
    assert page.get_by_role("heading", name="Käsittely").is_visible()
    text = page.locator("main").inner_text()
    assert "Jaakko Ojanperä" in text and "hävisi äänestyksen" in text
    vote = page.get_by_role("table", name="Äänestys")
    assert vote.locator("tbody td").all_inner_texts()[:2] == ["6", "3"]
    assert "Anja Knuuttila (jaa)" in text and "Rauno Latvala (ei)" in text
    # The screenshot starts at the deliberation, with the votes below it.
    page.evaluate("[...document.querySelectorAll('h2')].find(h => h.textContent.trim() === "
                  "'Käsittely').scrollIntoView()")
    shot(page, "kasittely")


def test_keyboard_alone_runs_a_search(server, page):
    page.goto(server + "/")
    # The search box has focus on arrival; Enter submits.
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type("talousarvio")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("ol.hits > li").count() >= 1
    # Tab reaches the first result's link.
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.closest('ol.hits') !== null")
        if focused:
            break
    else:
        pytest.fail("the results cannot be reached with Tab")
