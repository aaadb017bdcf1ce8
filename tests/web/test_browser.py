"""The desk in a real browser (Chromium through Playwright) against a real `quotes serve`:
signing in, a rendition's round of review, the self-approval and cross-origin refusals,
markup in a quote shown as text, the check page, and the newsletter's Copy button.

One server per module over a seeded SQLite registry; each test registers what it changes
(its own quotes and renditions), so the tests do not depend on one another's order.
QUOTES_SCREENSHOTS=docs/screenshots writes the desk's screenshots there (else to tmp_path).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from quotes.cli.main import cli
from quotes.registry.registry import Registry
from quotes.translations.export import blocks
from quotes.translations.renditions import record_rendition, view_rendition
from quotes.translations.review import review
from tests.helpers.browser import (
    DeskServer,
    OtherOrigin,
    chromium_path,
    launch_arguments,
    missing_browser,
    seed_registry,
    sign_in,
)
from tests.helpers.seeds import ALTMAN_POST, ALTMAN_POST_TR_DRIFTED, SEED_ARTICLE, SIMSEK_INFLATION
from tests.helpers.web import USERS

MISSING = missing_browser()
if MISSING and not os.environ.get("CI"):
    pytest.skip(f"no browser for the desk's browser tests: {MISSING}", allow_module_level=True)
if not MISSING:
    from playwright.sync_api import expect

VIEWPORT = {"width": 1280, "height": 900}

# A statement of this module's own (no seed is changed by a review here), and its Turkish
# rendition: first with the number wrong, then revised.
ORIGINAL = "The new line will carry 1.2 million passengers a day."
DRAFT = "Yeni hat günde 12 milyon yolcu taşıyacak."
REVISED = "Yeni hat günde 1,2 milyon yolcu taşıyacak."
SPEAKER = "Selin Arslan"

ATTACK = '<img src=x onerror="window.__xss=1">'


@pytest.fixture(scope="module")
def chromium():
    if MISSING:  # only under CI: elsewhere the module skipped
        pytest.fail(f"CI is set and the browser tests cannot run: {MISSING}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=launch_arguments())
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def server(chromium, tmp_path_factory):
    folder = tmp_path_factory.mktemp("desk")
    seed_registry(folder / "quotes.db")
    desk = DeskServer(folder / "quotes.db", folder / "serve.log")
    yield desk
    desk.stop()


@pytest.fixture(scope="module")
def library(server):
    """The registry the desk serves, opened by the tests: to prepare renditions and read states."""
    registry = Registry(str(server.db))
    yield registry
    registry.close()


@pytest.fixture(scope="module")
def sessions():
    """Each role's cookies once it has signed in through the form (the password hash is slow on purpose)."""
    return {}


@pytest.fixture
def person(chromium, server, sessions):
    """person(role) → a page in a browser of its own (its own cookies), signed in as the role's user:
    through /login the first time, with that session's cookies after."""
    contexts = []

    def open_as(role: str, **options):
        context = chromium.new_context(viewport=VIEWPORT, storage_state=sessions.get(role), **options)
        contexts.append(context)
        page = context.new_page()
        if role not in sessions:
            sign_in(page, server.url, role)
            sessions[role] = context.storage_state()
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def screenshots(tmp_path) -> Path:
    """Where the screenshots go: $QUOTES_SCREENSHOTS (docs/screenshots for the README), else tmp_path."""
    folder = Path(os.environ.get("QUOTES_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def heading(page):
    return page.get_by_role("heading", level=1)


def thread_entry(author: str, role_and_action: str, text: str) -> re.Pattern:
    """A note in the page's thread as shown: who, as what, when (any time), and, below, the note."""
    return re.compile(rf"^{re.escape(author)} \({re.escape(role_and_action)}\) \S+\s+{re.escape(text)}$")


def review_trail(library, quote_id, rendition_id):
    return [(event.actor, event.action) for event in library.history(quote_id) if event.subject == rendition_id]


def test_signing_in_through_the_login_form_and_out(chromium, server):
    context = chromium.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(f"{server.url}/queue")
        expect(page).to_have_url(f"{server.url}/login?next=/queue")
        page.get_by_label("Name", exact=True).fill(USERS["admin"])
        page.get_by_label("Password", exact=True).fill("not the password")
        page.get_by_role("button", name="Sign in", exact=True).click()
        expect(page.get_by_role("alert")).to_have_text("wrong name or password")
        expect(heading(page)).to_have_text("Sign in")
        sign_in(page, server.url, "admin", start="/queue")
        expect(heading(page)).to_have_text("Queue")
        page.get_by_role("button", name="Sign out", exact=True).click()
        expect(page).to_have_url(f"{server.url}/login")
        page.goto(f"{server.url}/")
        expect(page).to_have_url(f"{server.url}/login?next=/")
    finally:
        context.close()


def test_a_rendition_is_submitted_sent_back_revised_and_approved_in_the_browser(person, server, library,
                                                                               screenshots):
    quote = library.add_quote(ORIGINAL, speaker=SPEAKER, lang="en")
    rendition = record_rendition(library, quote.id, lang="tr", translator=USERS["translator"], text=DRAFT)
    url = f"{server.url}/renditions/{rendition.id}"

    translator = person("translator")
    translator.goto(url)
    expect(heading(translator)).to_have_text(f"Rendition {rendition.id} (draft)")
    expect(translator.get_by_role("button", name="Approve", exact=True)).to_have_count(0)
    translator.get_by_label("Note", exact=True).fill("Ready for review.")
    translator.get_by_role("button", name="Submit", exact=True).click()
    expect(heading(translator)).to_have_text(f"Rendition {rendition.id} (in-review)")

    reviewer = person("reviewer")
    reviewer.goto(url)
    expect(reviewer.locator(f"form[action='/renditions/{rendition.id}/review'] button")) \
        .to_have_text(["Approve", "Request changes", "Reject"])
    expect(reviewer.locator("ol.thread > li")).to_have_count(1)
    reviewer.get_by_label("Note", exact=True).fill("12 milyon? The original says 1.2 million.")
    reviewer.get_by_role("button", name="Request changes", exact=True).click()
    expect(heading(reviewer)).to_have_text(f"Rendition {rendition.id} (changes-requested)")
    expect(reviewer.locator("ol.thread > li").last).to_have_text(
        thread_entry("Deniz Y.", "reviewer, request-changes", "12 milyon? The original says 1.2 million."),
        use_inner_text=True)
    assert view_rendition(library, rendition.id).rendition.state == "changes-requested"

    translator.reload()
    translator.get_by_label("Revised text", exact=True).fill(REVISED)
    translator.get_by_label("Comment for the reviewer").fill("Fixed: 1,2 milyon.")
    translator.get_by_role("button", name="Save and send for review", exact=True).click()
    expect(heading(translator)).to_have_text(f"Rendition {rendition.id} (in-review)")
    expect(translator.locator("section[aria-labelledby=rendition-heading] blockquote")).to_have_text(REVISED)
    expect(translator.get_by_role("button", name="Save revision", exact=True)).to_have_count(0)

    reviewer.reload()
    expect(heading(reviewer)).to_have_text(f"Rendition {rendition.id} (in-review)")
    expect(reviewer.locator("p.diff del")).to_have_text("12 milyon")
    expect(reviewer.locator("p.diff ins")).to_have_text("1,2 milyon")
    expect(reviewer.locator("p.diff small")).to_have_text("(number)")
    expect(reviewer.locator("ol.thread > li")).to_have_count(3)
    reviewer.screenshot(path=str(screenshots / "desk-review.png"), full_page=True)
    assert (screenshots / "desk-review.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    reviewer.get_by_label("Note", exact=True).fill("Faithful now.")
    reviewer.get_by_role("button", name="Approve", exact=True).click()
    expect(heading(reviewer)).to_have_text(f"Rendition {rendition.id} (approved)")
    expect(reviewer.get_by_role("button", name="Approve", exact=True)).to_have_count(0)
    expect(reviewer.locator("ol.thread > li")).to_have_text([
        thread_entry("Ayşe K.", "translator, submit", "Ready for review."),
        thread_entry("Deniz Y.", "reviewer, request-changes", "12 milyon? The original says 1.2 million."),
        thread_entry("Ayşe K.", "translator, submit", "Fixed: 1,2 milyon."),
        thread_entry("Deniz Y.", "reviewer, approve", "Faithful now.")], use_inner_text=True)
    assert view_rendition(library, rendition.id).rendition.state == "approved"
    translator_name, reviewer_name = USERS["translator"], USERS["reviewer"]
    assert review_trail(library, quote.id, rendition.id) == [
        (translator_name, "translate"), (translator_name, "submit"), (reviewer_name, "request-changes"),
        (translator_name, "revise"), (translator_name, "submit"), (reviewer_name, "approve")]


def test_a_reviewer_cannot_approve_a_rendition_they_wrote(person, server, library):
    quote = library.add_quote("The bridge will open in 2027 and cost 4 billion lira.", speaker=SPEAKER, lang="en")
    rendition = record_rendition(library, quote.id, lang="tr", translator=USERS["reviewer"],
                                 text="Köprü 2027'de açılacak ve 4 milyar liraya mal olacak.")
    review(library, rendition.id, "submit", reviewer=USERS["reviewer"], note="Ready.")
    before = library.history(quote.id)

    reviewer = person("reviewer")
    reviewer.goto(f"{server.url}/renditions/{rendition.id}")
    reviewer.get_by_label("Note", exact=True).fill("Fine by me.")
    reviewer.get_by_role("button", name="Approve", exact=True).click()
    expect(reviewer.get_by_role("alert")).to_have_text(
        f"{rendition.id}: Deniz Y. wrote this rendition and may not approve it; ask another reviewer")
    expect(heading(reviewer)).to_have_text(f"Rendition {rendition.id} (in-review)")
    expect(reviewer.get_by_label("Note", exact=True)).to_have_value("Fine by me.")
    assert view_rendition(library, rendition.id).rendition.state == "in-review"
    assert library.history(quote.id) == before


@pytest.mark.parametrize(("host", "trees"), [("127.0.0.1", 300), ("localhost", 400)],
                         ids=["same-site-other-port", "other-site"])
def test_a_form_on_another_origin_changes_nothing(person, server, library, host, trees):
    """Another origin's page that posts an approval to the desk as the signed-in reviewer:
    on the same site (another port) the session cookie goes along and the CSRF token
    refuses it; from another site the cookie stays home (SameSite=Lax) and nobody is signed in."""
    quote = library.add_quote(f"We will plant {trees} thousand trees along the coast.", speaker=SPEAKER, lang="en")
    rendition = record_rendition(library, quote.id, lang="tr", translator=USERS["translator"],
                                 text=f"Sahil boyunca {trees} bin ağaç dikeceğiz.")
    review(library, rendition.id, "submit", reviewer=USERS["translator"], note="Ready.")
    before = library.history(quote.id)
    review_url = f"{server.url}/renditions/{rendition.id}/review"

    reviewer = person("reviewer")
    other = OtherOrigin(host)
    try:
        other.pages["/"] = (
            "<!doctype html><title>Win a prize</title>"
            f'<form id="f" method="post" action="{review_url}">'
            '<input name="action" value="approve"><input name="note" value="Looks fine.">'
            '<input name="csrf_token" value="forged"></form>'
            '<script>document.getElementById("f").submit()</script>')
        with reviewer.expect_response(lambda r: r.url == review_url and r.request.method == "POST") as posted:
            reviewer.goto(f"{other.url}/")
        if host == "127.0.0.1":
            assert posted.value.status == 403
            expect(heading(reviewer)).to_have_text("Error 403")
            expect(reviewer.get_by_role("alert")).to_have_text(
                "the form's CSRF token is missing or is not this session's; reload the page and try again")
        else:
            assert posted.value.status == 303
            expect(reviewer).to_have_url(f"{server.url}/login?next=/renditions/{rendition.id}/review")
    finally:
        other.close()
    assert view_rendition(library, rendition.id).rendition.state == "in-review"
    assert library.history(quote.id) == before
    reviewer.goto(f"{server.url}/renditions/{rendition.id}")
    expect(heading(reviewer)).to_have_text(f"Rendition {rendition.id} (in-review)")  # still signed in


def test_markup_in_a_quote_shows_as_text_on_its_page_and_in_search(person, server, library):
    """Escaped, not merely blocked: no img element is made at all (the CSP would stop its
    inline handler anyway), and the markup is there to read."""
    text = f"We said {ATTACK} today"
    quote = library.add_quote(text, speaker="Mallory Tester", lang="en")
    page = person("translator")

    page.goto(f"{server.url}/quotes/{quote.id}")
    expect(page.locator("main blockquote")).to_have_text(text)
    expect(page.locator("img")).to_have_count(0)
    assert page.evaluate("typeof window.__xss") == "undefined"

    page.goto(f"{server.url}/quotes")
    page.get_by_label("Text", exact=True).fill("onerror")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text("1 quote.", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name=text, exact=True)).to_be_visible()
    expect(page.locator("img")).to_have_count(0)
    assert page.evaluate("typeof window.__xss") == "undefined"


def test_the_check_page_highlights_the_seed_articles_turkish_line_as_an_unreviewed_translation(
        person, server, screenshots):
    page = person("editor")
    page.goto(f"{server.url}/check")
    page.get_by_label("Text", exact=True).fill(SEED_ARTICLE.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Check", exact=True).click()
    # The passage as tests/web/test_pages.py has it: the closing comma may go with it or not.
    # The article prints the line twice: one finding (×2), both places marked.
    passages = page.get_by_role("link", name=re.compile(r"^Istersen ben X’i satın alabilirim,?$"))
    expect(passages).to_have_count(2)
    passage = passages.first
    expect(passage).to_have_attribute("title", "unreviewed-translation")
    expect(passage).to_have_class("passage warn")
    expect(passage.locator("mark")).to_have_class("warn")
    expect(passage).to_have_attribute("href", "#finding-1")
    finding = page.locator("#finding-1")
    expect(finding.locator("summary strong")).to_have_text("unreviewed-translation")
    finding.locator("summary").click()  # open the finding: the original, the rendition it matches
    expect(finding).to_have_attribute("open", "")
    expect(finding.get_by_role("link", name=ALTMAN_POST, exact=True)).to_be_visible()
    expect(finding.get_by_role("link", name=ALTMAN_POST_TR_DRIFTED, exact=True)).to_be_visible()
    expect(finding.get_by_text("no thank you but we will buy twitter for $9.74 billion if you want")).to_be_visible()
    page.screenshot(path=str(screenshots / "desk-check.png"), full_page=True)
    assert (screenshots / "desk-check.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_newsletters_copy_button_puts_the_block_quotes_copy_prints_on_the_clipboard(person, server, library):
    page = person("translator", permissions=["clipboard-read", "clipboard-write"])
    page.goto(f"{server.url}/newsletter")
    page.get_by_label("Language", exact=True).fill("en")
    page.get_by_label("Status", exact=True).select_option("unverified")
    page.get_by_role("button", name="Show", exact=True).click()
    shown = len(blocks(library, lang="en", statuses=["unverified"]))
    expect(page.get_by_text(f"{shown} blocks in en (approved renditions, or originals in en).", exact=True)) \
        .to_be_visible()

    copy = page.get_by_role("button", name=f"Copy the block of {SIMSEK_INFLATION}", exact=True)
    copy.click()
    expect(copy).to_have_text("Copied")
    printed = CliRunner().invoke(cli, ["--db", str(server.db), "copy", SIMSEK_INFLATION, "--lang", "en"],
                                 catch_exceptions=False, prog_name="quotes")
    assert printed.exit_code == 0
    assert page.evaluate("navigator.clipboard.readText()") == printed.stdout
    assert printed.stdout.startswith("“We expect inflation to fall below 30% by the end of the year.”")
