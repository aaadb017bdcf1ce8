"""The drift map in a real browser (Chromium through Playwright, tests/web/test_browser.py's
server and sign-in): the seed story recorded from local pages by `quotes check --record`,
then its drift page — the lineage and the SVG timeline with its tooltips — and the
"Check this page" bookmarklet run on another site's page.

QUOTES_SCREENSHOTS=docs/screenshots writes docs/screenshots/desk-drift.png for the README."""

from __future__ import annotations

from click.testing import CliRunner

from quotes.cli.main import cli
from tests.cli.test_cli_drift import news_page
from tests.helpers.browser import OtherOrigin
from tests.helpers.seeds import ALTMAN_POST, ALTMAN_POST_TR_DRIFTED, SEED_ARTICLE
from tests.web.test_browser import (  # noqa: F401 (fixtures)
    MISSING,
    VIEWPORT,
    chromium,
    heading,
    person,
    screenshots,
    server,
    sessions,
)

if not MISSING:
    from playwright.sync_api import expect

BACK_TRANSLATION = "Sam Altman hit back at Elon Musk on Monday. “If you want, I can buy X,” Altman wrote after the bid."


def test_the_drift_page_shows_the_seed_storys_lineage_and_timeline(person, server, screenshots):
    site = OtherOrigin()
    try:
        site.pages["/news/altman"] = news_page(
            "Tension Escalates", "Daily Wire Service", "2025-02-11",
            [p for p in SEED_ARTICLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]).decode()
        site.pages["/tech/altman-x"] = news_page("Altman mocks Musk", "Tech Echo", "2025-02-13",
                                                 [BACK_TRANSLATION]).decode()
        site.pages["/again/altman-x"] = news_page("Altman’s X jab", "Morning Digest", "2025-02-16",
                                                  [BACK_TRANSLATION]).decode()
        for path in ("/news/altman", "/tech/altman-x", "/again/altman-x"):
            result = CliRunner().invoke(cli, ["--db", str(server.db), "check", site.url + path, "--record"])
            assert result.exit_code == 0, result.output
    finally:
        site.close()
    page = person("translator")
    page.goto(f"{server.url}/quotes/{ALTMAN_POST}")
    page.get_by_role("link", name="Drift map", exact=True).click()
    expect(heading(page)).to_have_text(f"Drift map: Sam Altman, {ALTMAN_POST}")
    marks = page.locator("svg circle.mark")
    expect(marks).to_have_count(3)
    expect(marks.nth(0).locator("title")).to_have_text(
        f"2025-02-11: Daily Wire Service — {site.url}/news/altman (unreviewed-translation)", use_inner_text=False)
    rendition = page.locator(f"li#{ALTMAN_POST_TR_DRIFTED}")
    expect(rendition.locator("li.variant").first).to_contain_text("unreviewed-translation")
    expect(rendition.locator("li.variant li.variant")).to_contain_text("If you want, I can buy X")
    expect(rendition.locator("li.variant li.variant")).to_contain_text("2 sightings in 2 outlets")
    marks.nth(1).hover()
    page.screenshot(path=str(screenshots / "desk-drift.png"), full_page=True)
    assert (screenshots / "desk-drift.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_bookmarklet_opens_the_check_page_with_the_pages_url(person, server):
    site = OtherOrigin()
    try:
        site.pages["/story"] = "<html><body><p>A story.</p></body></html>"
        page = person("editor")
        page.goto(f"{server.url}/check")
        code = page.get_by_role("link", name="Check this page").get_attribute("href")
        assert code.startswith("javascript:")
        page.goto(f"{site.url}/story")
        with page.expect_popup() as opened:
            page.evaluate(code.removeprefix("javascript:"))
        check = opened.value
        expect(check.get_by_label("Or a URL")).to_have_value(f"{site.url}/story")
        expect(check.get_by_label("Record what it names as sightings (the drift map)")).to_be_checked()
        check.get_by_label("Or a URL").fill("")
        check.get_by_label("Text", exact=True).fill("Pasted words.")
        expect(check.get_by_label("Record what it names as sightings (the drift map)")).not_to_be_checked()
    finally:
        site.close()
