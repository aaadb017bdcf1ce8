"""The desk's pages: signing in and out, sessions, CSRF, escaping, what each page shows."""

from __future__ import annotations

import html
import re

from click.testing import CliRunner
from fastapi.testclient import TestClient
from markupsafe import escape
from sqlalchemy import select

from quotes.registry import schema as t
from quotes.registry.accounts import MAX_ATTEMPTS, disable_user, set_password
from quotes.cli.main import cli
from quotes.translations.renditions import record_rendition, revise_rendition, view_rendition
from quotes.translations.review import review
from quotes.web.app import create_app
from tests.helpers.seeds import ALTMAN_POST, ALTMAN_POST_TR_DRIFTED, SEED_ARTICLE, SIMSEK_INFLATION
from tests.helpers.web import PASSWORD, USERS, csrf_of, desk, sign_in  # noqa: F401 (desk: a fixture)


def test_the_login_page_has_labelled_name_and_password_fields_and_a_sign_in_button(desk):
    page = desk.client().get("/login")
    assert page.status_code == 200
    assert '<label for="name">Name</label>' in page.text and '<input id="name" name="name"' in page.text
    assert '<label for="password">Password</label>' in page.text and 'type="password"' in page.text
    assert '<button type="submit">Sign in</button>' in page.text


def test_signing_in_and_out(desk):
    browser = desk.client()
    assert browser.get("/queue?state=in-review").headers["location"] == "/login?next=/queue%3Fstate%3Din-review"
    response = sign_in(browser, "deniz y.", PASSWORD, next="/queue?state=in-review")
    assert (response.status_code, response.headers["location"]) == (303, "/queue?state=in-review")
    cookie = response.headers["set-cookie"]
    assert "quotes_session=" in cookie and "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()
    home = browser.get("/")
    assert home.status_code == 200 and "Deniz Y. (reviewer)" in home.text
    assert browser.post("/logout", data={"csrf_token": csrf_of(home.text)}).headers["location"] == "/login"
    assert browser.get("/").status_code == 303


def test_a_wrong_password_is_refused_and_a_client_is_held_up_after_too_many(desk):
    browser = desk.client(address="198.51.100.7")
    refused = sign_in(browser, USERS["reviewer"], "not the password")
    assert refused.status_code == 401 and "wrong name or password" in refused.text
    for _ in range(MAX_ATTEMPTS - 1):
        sign_in(browser, USERS["reviewer"], "not the password")
    held_up = sign_in(browser, USERS["reviewer"], PASSWORD)
    assert held_up.status_code == 429 and "too many sign-in attempts" in held_up.text
    assert 0 < int(held_up.headers["retry-after"]) <= 15 * 60
    assert sign_in(desk.client(address="198.51.100.7"), USERS["reviewer"], PASSWORD).status_code == 429  # new cookies
    assert sign_in(desk.client(address="198.51.100.7"), USERS["translator"], PASSWORD).status_code == 303
    # The account's owner, at another address, is not held up by whoever guessed.
    assert sign_in(desk.client(address="192.0.2.10"), USERS["reviewer"], PASSWORD).status_code == 303


def test_signing_out_ends_the_session_for_every_copy_of_its_cookie(desk):
    browser = desk.signed_in("reviewer")
    copied = desk.client()
    copied.cookies = browser.cookies  # saved before signing out, by the user or by whoever took it
    home = browser.get("/")
    assert copied.get("/").status_code == 200
    assert browser.post("/logout", data={"csrf_token": csrf_of(home.text)}).status_code == 303
    assert copied.get("/").headers["location"] == "/login?next=/"
    assert browser.get("/").headers["location"] == "/login?next=/"


def test_a_new_password_ends_the_users_sessions_and_no_one_elses(desk):
    reviewer, translator = desk.signed_in("reviewer"), desk.signed_in("translator")
    set_password(desk.registry, USERS["reviewer"], "a new long password")
    assert reviewer.get("/").headers["location"] == "/login?next=/"
    assert translator.get("/").status_code == 200
    assert sign_in(reviewer, USERS["reviewer"], "a new long password").status_code == 303


def test_the_session_cookie_is_secure_over_https_or_when_the_desk_is_told(desk):
    over_https = desk.client(base_url="https://testserver")
    assert "; secure" in sign_in(over_https, USERS["editor"], PASSWORD).headers["set-cookie"].lower()
    assert over_https.get("/").status_code == 200
    over_http = desk.client()
    over_http.headers["X-Forwarded-Proto"] = "https"  # believed only by uvicorn, only from a trusted proxy
    assert "secure" not in sign_in(over_http, USERS["editor"], PASSWORD).headers["set-cookie"].lower()
    told = create_app(desk.registry.store.location, secure_cookies=True)
    try:
        browser = TestClient(told, follow_redirects=False)
        page = browser.get("/login")
        cookie = page.headers["set-cookie"].lower()
        assert cookie.startswith("quotes_session=") and cookie.endswith("; httponly; samesite=lax; secure")
    finally:
        told.state.registry.close()


def test_sign_in_goes_nowhere_but_this_desk(desk):
    response = sign_in(desk.client(), USERS["editor"], PASSWORD, next="//evil.example/")
    assert response.headers["location"] == "/"


def test_a_form_without_the_sessions_csrf_token_is_refused_and_changes_nothing(desk):
    browser = desk.signed_in("reviewer")
    refused = browser.post("/logout", data={"csrf_token": "forged"})
    assert refused.status_code == 403 and "CSRF" in refused.text
    assert browser.get("/").status_code == 200  # still signed in
    stranger = desk.client()  # another site's form: no session, so no token to match
    assert stranger.post("/login", data={"name": USERS["admin"], "password": PASSWORD}).status_code == 403
    assert stranger.get("/").status_code == 303  # not signed in


def test_a_disabled_users_session_ends_at_once(desk):
    browser = desk.signed_in("translator")
    disable_user(desk.registry, USERS["translator"])
    assert browser.get("/").headers["location"] == "/login?next=/"


def test_home_counts_renditions_by_state_in_my_languages(desk):
    record_rendition(desk.registry, ALTMAN_POST, lang="de", translator=USERS["translator"], text="Nein danke")
    page = desk.signed_in("reviewer").get("/")
    rows = {m[0]: m[1] for m in re.findall(r'<th scope="row">(\w+)</th>(.*?)</tr>', page.text, re.S)}
    assert set(rows) == {"de", "en", "tr"}
    assert 'href="/queue?state=draft&amp;lang=de">1</a>' in rows["de"]
    assert 'href="/queue?state=approved&amp;lang=en">2</a>' in rows["en"]


def test_quotes_search_by_text_speaker_and_language(desk):
    browser = desk.signed_in("translator")
    page = browser.get("/quotes", params={"q": "enflasyonun yil sonunda"})  # case and diacritics aside
    assert f'href="/quotes/{SIMSEK_INFLATION}"' in page.text and "1 quote." in page.text
    assert "5 quotes." in browser.get("/quotes").text
    assert "2 quotes." in browser.get("/quotes", params={"speaker": "Musk", "lang": "en"}).text
    assert "0 quotes." in browser.get("/quotes", params={"q": "no such words anywhere"}).text


def test_a_quote_page_shows_versions_renditions_and_history(desk):
    page = desk.signed_in("editor").get(f"/quotes/{ALTMAN_POST}")
    assert page.status_code == 200
    assert "no thank you but we will buy twitter" in page.text
    assert f'href="/renditions/{ALTMAN_POST_TR_DRIFTED}"' in page.text and "changes-requested" in page.text
    assert "<h2>History</h2>" in page.text
    missing = desk.signed_in("editor").get("/quotes/q-nothing")
    assert missing.status_code == 404 and "no quote with id q-nothing" in missing.text


def test_what_users_supplied_shows_as_text(desk):
    attack = "<img src=x onerror=alert(1)>"
    quote = desk.registry.add_quote(f"We said {attack} today", speaker=f"Mal {attack}", lang="en")
    record_rendition(desk.registry, quote.id, lang="tr", translator=f"T {attack}", text=f"Bugün {attack} dedik")
    browser = desk.signed_in("translator")
    rendition = desk.registry.get_quote(quote.id).renditions[0]
    for path in (f"/quotes/{quote.id}", "/quotes", "/queue", f"/renditions/{rendition.id}"):
        page = browser.get(path)
        assert "<img" not in page.text, path
        assert "&lt;img src=x onerror=alert(1)&gt;" in page.text, path


def test_the_queue_filters_by_state_language_and_translator(desk):
    record_rendition(desk.registry, ALTMAN_POST, lang="de", translator=USERS["translator"], text="Nein danke")
    browser = desk.signed_in("reviewer")
    page = browser.get("/queue", params={"translator": "ayse k.", "lang": "de", "state": "draft"})
    assert "1 rendition," in page.text and "Nein danke" in page.text
    assert "3 renditions," in browser.get("/queue", params={"state": "approved"}).text
    bad = browser.get("/queue", params={"state": "finished"})
    assert bad.status_code == 422 and "state: &#39;finished&#39; is not one of" in bad.text


def test_the_stylesheet_is_served_from_the_package(desk):
    response = desk.client().get("/static/desk.css")
    assert response.status_code == 200 and "text/css" in response.headers["content-type"]


def _review(browser, rendition_id, action, note, **extra):
    token = csrf_of(browser.get(f"/renditions/{rendition_id}").text)
    return browser.post(f"/renditions/{rendition_id}/review",
                        data={"action": action, "note": note, "csrf_token": token, **extra})


def _state(desk, rendition_id):
    return view_rendition(desk.registry, rendition_id).rendition.state


TURKISH = "hayır teşekkürler ama isterseniz twitter'ı 9,74 milyar dolara biz satın alırız"


def test_a_rendition_is_reviewed_from_its_page_translator_and_reviewer_each_as_themselves(desk):
    rendition = record_rendition(desk.registry, ALTMAN_POST, lang="tr", translator=USERS["translator"], text=TURKISH)
    translator, reviewer = desk.signed_in("translator"), desk.signed_in("reviewer")
    page = translator.get(f"/renditions/{rendition.id}")
    assert page.status_code == 200 and "no thank you but we will buy twitter" in page.text
    assert str(escape(TURKISH)) in page.text  # as Jinja escapes it
    assert '<label for="note">Note</label>' in page.text
    assert 'value="submit">Submit</button>' in page.text and "Approve</button>" not in page.text
    assert _review(translator, rendition.id, "submit", "ready").status_code == 303
    page = reviewer.get(f"/renditions/{rendition.id}")
    assert [label for label in ("Submit", "Approve", "Request changes", "Reject") if f">{label}</button>" in page.text] \
        == ["Approve", "Request changes", "Reject"]
    assert _review(reviewer, rendition.id, "request-changes", "say 'siz'").headers["location"] == f"/renditions/{rendition.id}"
    page = reviewer.get(f"/renditions/{rendition.id}")
    assert "changes-requested" in page.text and "Deniz Y.</strong> (reviewer, request-changes)" in page.text
    with desk.registry.store.read() as conn:
        actors = conn.execute(select(t.events.c.actor, t.events.c.action).where(t.events.c.subject == rendition.id)
                              .order_by(t.events.c.id)).all()
    assert actors[1:] == [(USERS["translator"], "submit"), (USERS["reviewer"], "request-changes")]


def test_a_reviewer_cannot_approve_their_own_rendition_from_the_page(desk):
    rendition = record_rendition(desk.registry, ALTMAN_POST, lang="tr", translator=USERS["reviewer"], text=TURKISH)
    reviewer = desk.signed_in("reviewer")
    _review(reviewer, rendition.id, "submit", "ready")
    refused = _review(reviewer, rendition.id, "approve", "fine by me")
    assert refused.status_code == 403 and "Deniz Y. wrote this rendition and may not approve it" in refused.text
    assert "fine by me" in refused.text  # the note typed is kept in the form
    assert _state(desk, rendition.id) == "in-review"


def test_a_forged_review_form_is_refused_and_changes_nothing(desk):
    rendition = record_rendition(desk.registry, ALTMAN_POST, lang="tr", translator=USERS["translator"], text=TURKISH)
    review(desk.registry, rendition.id, "submit", reviewer=USERS["translator"], note="ready")
    reviewer = desk.signed_in("reviewer")
    for token in ("forged", ""):
        refused = reviewer.post(f"/renditions/{rendition.id}/review",
                                data={"action": "approve", "note": "ok", "csrf_token": token})
        assert refused.status_code == 403
    assert _state(desk, rendition.id) == "in-review"
    assert len(view_rendition(desk.registry, rendition.id).rendition.notes) == 1


def test_an_illegal_transition_or_a_blank_note_is_shown_on_the_page(desk):
    rendition = record_rendition(desk.registry, ALTMAN_POST, lang="tr", translator=USERS["translator"], text=TURKISH)
    reviewer = desk.signed_in("reviewer")
    illegal = _review(reviewer, rendition.id, "approve", "ok")
    assert illegal.status_code == 409 and "cannot approve a rendition that is draft" in illegal.text
    blank = _review(reviewer, rendition.id, "submit", " ")
    assert blank.status_code == 422 and "note: must not be empty" in blank.text
    assert _state(desk, rendition.id) == "draft"


def test_failing_checks_are_shown_and_block_approval_until_overridden(desk):
    rendition = record_rendition(desk.registry, ALTMAN_POST, lang="tr", translator=USERS["translator"],
                                 text=TURKISH.replace("9,74", "97,4"))
    review(desk.registry, rendition.id, "submit", reviewer=USERS["translator"], note="ready")
    reviewer = desk.signed_in("reviewer")
    page = reviewer.get(f"/renditions/{rendition.id}")
    assert "<strong>number</strong> (error)" in page.text and 'name="override_checks"' in page.text
    assert _review(reviewer, rendition.id, "approve", "ok").status_code == 409
    assert _review(reviewer, rendition.id, "approve", "as printed", override_checks="true").status_code == 303
    assert _state(desk, rendition.id) == "approved"


def test_the_page_shows_the_diff_from_the_previous_revision(desk):
    rendition = record_rendition(desk.registry, ALTMAN_POST, lang="tr", translator=USERS["translator"],
                                 text=TURKISH.replace("9,74", "97,4"))
    revise_rendition(desk.registry, rendition.id, text=TURKISH, translator=USERS["translator"])
    page = desk.signed_in("translator").get(f"/renditions/{rendition.id}")
    assert "<del>97,4 milyar</del> <ins>9,74 milyar</ins> <small>(number)</small>" in page.text
    assert desk.signed_in("translator").get("/renditions/r-nothing").status_code == 404


def test_pages_load_nothing_from_elsewhere_and_may_not_be_framed(desk):
    response = desk.client().get("/login")
    assert response.headers["x-frame-options"] == "DENY" and response.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_a_bugs_answer_is_one_line_with_the_same_headers(desk, monkeypatch):
    # A fault no request can cause yet: the library failing unexpectedly under the home page.
    def failing(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("quotes.web.pages.count_renditions", failing)
    browser = TestClient(desk.app, follow_redirects=False, raise_server_exceptions=False)  # as a server answers
    sign_in(browser, USERS["translator"], PASSWORD)
    response = browser.get("/")
    assert response.status_code == 500 and "internal error; the desk&#39;s log has the details" in response.text
    assert "a bug" not in response.text and "Traceback" not in response.text
    assert response.headers["x-frame-options"] == "DENY" and response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]


def test_the_newsletter_shows_each_block_as_quotes_copy_prints_it_with_a_copy_button(desk):
    page = desk.signed_in("translator").get("/newsletter", params={"lang": "en", "status": "unverified"})
    assert page.status_code == 200
    shown = {m[1]: html.unescape(m[0]) for m in re.findall(
        r'<pre id="block-\d+" lang="en">(.*?)</pre>.*?<a href="/quotes/(q-\w+)">', page.text, re.S)}
    assert len(shown) == 5  # three English originals, two approved English renditions
    copied = CliRunner().invoke(cli, ["--db", desk.registry.store.location, "copy", SIMSEK_INFLATION, "--lang", "en"])
    assert shown[SIMSEK_INFLATION] == copied.stdout
    assert 'data-copy="block-1"' in page.text and '<script src="/static/desk.js" defer></script>' in page.text
    assert "0 blocks" in desk.signed_in("translator").get("/newsletter").text  # verified only, by default


def _check(browser, **form):
    token = csrf_of(browser.get("/check").text)
    files = {"file": form.pop("file")} if "file" in form else None
    return browser.post("/check", data={"csrf_token": token, **form}, files=files)


def test_the_check_page_highlights_the_seed_articles_turkish_line_as_an_unreviewed_translation(desk):
    browser = desk.signed_in("editor")
    page = browser.get("/check")
    assert '<label for="text">Text</label>' in page.text and 'enctype="multipart/form-data"' in page.text
    checked = _check(browser, text=SEED_ARTICLE.read_text(encoding="utf-8"))
    assert checked.status_code == 200
    assert re.search(r'<a href="#finding-1" class="passage warn" title="unreviewed-translation">'
                     r'<mark class="warn">Istersen ben X’i satın alabilirim,?</mark></a>', checked.text)
    assert f'rendition <a href="/renditions/{ALTMAN_POST_TR_DRIFTED}">' in checked.text
    assert "no thank you but we will buy twitter" in checked.text  # the original, always
    assert checked.text.count('title="unreviewed-translation">') == 2  # the line is printed twice: both marked
    assert "<h2>Pasted text</h2>" in checked.text


def test_the_check_page_reads_an_uploaded_file_by_its_type(desk):
    page = "<html><head><title>Altman &lt;replies&gt;</title></head><body><article><p>" \
           + "He wrote: “no thank you but we will buy twitter for $9.74 billion if you want”. " * 3 \
           + "</p></article></body></html>"
    checked = _check(desk.signed_in("editor"), file=("article.html", page.encode("utf-8"), "text/html"))
    assert checked.status_code == 200, checked.text
    assert "<h2>Altman &lt;replies&gt;</h2>" in checked.text and "<strong>verbatim</strong>" in checked.text


def test_the_check_page_refuses_what_it_cannot_read_on_one_line(desk):
    browser = desk.signed_in("editor")
    nothing = _check(browser, text="  ")
    assert nothing.status_code == 422 and "give one of: pasted text, a file or a URL" in nothing.text
    both = _check(browser, text="words", url="http://127.0.0.1:9/")
    assert both.status_code == 422 and "give one of" in both.text
    unreachable = _check(browser, url="http://127.0.0.1:9/article")
    assert unreachable.status_code == 422 and "127.0.0.1:9" in unreachable.text
    forged = browser.post("/check", data={"text": "words", "csrf_token": "forged"})
    assert forged.status_code == 403


def _post_form(browser, page_path, action, **form):
    """A form on ``page_path`` posted as the browser would: with the page's CSRF token."""
    return browser.post(action, data={"csrf_token": csrf_of(browser.get(page_path).text), **form})


def _events(desk, subject):
    with desk.registry.store.read() as conn:
        return conn.execute(select(t.events.c.actor, t.events.c.action).where(t.events.c.subject == subject)
                            .order_by(t.events.c.id)).all()


def test_a_translator_translates_revises_sends_and_answers_from_the_pages(desk):
    translator = desk.signed_in("translator")
    page = translator.get(f"/quotes/{ALTMAN_POST}")
    assert '<label for="rendition-text">Rendition text</label>' in page.text
    assert "Save correction</button>" not in page.text and "Set status</button>" not in page.text
    made = _post_form(translator, f"/quotes/{ALTMAN_POST}", f"/quotes/{ALTMAN_POST}/renditions",
                      lang="de", text="Nein danke, aber wir kaufen Twitter für 9,74 Milliarden Dollar", note="first go")
    assert made.status_code == 303
    rendition_id = made.headers["location"].removeprefix("/renditions/")
    page = translator.get(made.headers["location"])
    assert "Save and send for review</button>" in page.text and "Ayşe K.</strong> (translator, translate)" in page.text
    sent = _post_form(translator, made.headers["location"], f"/renditions/{rendition_id}/revise",
                      text="Nein danke, aber wir kaufen Twitter für 9,74 Milliarden Dollar, wenn Sie wollen",
                      note="the condition was missing", send="true")
    assert sent.headers["location"] == f"/renditions/{rendition_id}"
    assert _state(desk, rendition_id) == "in-review"
    assert "Save revision</button>" not in translator.get(sent.headers["location"]).text  # in review: not revisable
    answered = _post_form(translator, sent.headers["location"], f"/renditions/{rendition_id}/notes", text="ask me")
    assert answered.status_code == 303
    assert _events(desk, rendition_id) == [(USERS["translator"], action) for action in ("translate", "revise", "submit", "note")]


def test_a_refused_translation_or_revision_is_shown_with_what_was_typed(desk):
    translator = desk.signed_in("translator")
    same_language = _post_form(translator, f"/quotes/{ALTMAN_POST}", f"/quotes/{ALTMAN_POST}/renditions",
                               lang="en", text="no thanks")
    assert same_language.status_code == 422 and "a rendition is in another language" in same_language.text
    assert ">no thanks</textarea>" in same_language.text
    rendition = record_rendition(desk.registry, ALTMAN_POST, lang="tr", translator=USERS["translator"], text=TURKISH)
    unsent = _post_form(translator, f"/renditions/{rendition.id}", f"/renditions/{rendition.id}/revise",
                        text=TURKISH + " lütfen", send="true")
    assert unsent.status_code == 422 and "carries a note for the reviewer" in unsent.text
    assert f"{TURKISH} lütfen</textarea>" in html.unescape(unsent.text)
    assert _state(desk, rendition.id) == "draft" and len(view_rendition(desk.registry, rendition.id).rendition.revisions) == 1


def test_an_editor_registers_corrects_and_sets_status_and_nobody_else_may(desk):
    editor = desk.signed_in("editor")
    assert "Record rendition</button>" not in editor.get(f"/quotes/{ALTMAN_POST}").text
    form = editor.get("/quotes/new", params={"text": "We will never sell", "lang": "en", "speaker": "Sam Altman"})
    assert '<textarea id="text" name="text" rows="4" required>We will never sell</textarea>' in form.text
    made = _post_form(editor, "/quotes/new", "/quotes/new", text="We will never sell", speaker="Sam Altman",
                      lang="en", said_on="2025-02-11", source="https://x.com/sama")
    assert made.status_code == 303
    quote_id = made.headers["location"].removeprefix("/quotes/")
    corrected = _post_form(editor, made.headers["location"], f"{made.headers['location']}/edit",
                           text="We will never sell OpenAI", reason="the post's full wording")
    assert corrected.status_code == 303
    verified = _post_form(editor, made.headers["location"], f"{made.headers['location']}/status",
                          status="verified", note="checked against the post")
    assert verified.status_code == 303
    quote = desk.registry.get_quote(quote_id)
    assert (quote.text, quote.status, quote.said_on) == ("We will never sell OpenAI", "verified", "2025-02-11")
    assert _events(desk, quote_id) == [(USERS["editor"], "add"), (USERS["editor"], "edit"), (USERS["editor"], "status")]
    again = _post_form(editor, "/quotes/new", "/quotes/new", text="We will never sell OpenAI", speaker="Sam Altman",
                       lang="en")
    assert again.status_code == 422 and f"already registered as {quote_id}" in again.text
    translator = desk.signed_in("translator")
    assert translator.get("/quotes/new").status_code == 403
    refused = _post_form(translator, f"/quotes/{quote_id}", f"/quotes/{quote_id}/status", status="retracted", note="no")
    assert refused.status_code == 403 and "Ayşe K. is a translator and may not set a quote's status" in html.unescape(refused.text)
    assert desk.registry.get_quote(quote_id).status == "verified"


def test_an_editor_may_register_an_unknown_passage_from_the_check_page(desk):
    checked = _check(desk.signed_in("editor"), text="Ece said: “We are leaving the market for good,” on Monday.")
    link = re.search(r'<a href="(/quotes/new\?[^"]+)">Register this quote</a>', checked.text).group(1)
    form = desk.signed_in("editor").get(html.unescape(link))
    assert '<textarea id="text" name="text" rows="4" required>We are leaving the market for good</textarea>' in form.text
    assert '<input id="lang" name="lang" value="en"' in form.text
    assert "Register this quote" not in _check(desk.signed_in("translator"), text="Ece said: “We are leaving the market for good,” on Monday.").text


def test_the_queue_comes_in_pages_with_the_filters_kept(desk, monkeypatch):
    monkeypatch.setattr("quotes.web.pages.QUEUE_LIMIT", 2)
    browser = desk.signed_in("reviewer")
    first = browser.get("/queue", params={"state": "approved"})
    assert "3 renditions, oldest first; 1–2 shown, page 1 of 2." in first.text
    assert '<a href="/queue?state=approved&amp;lang=&amp;translator=&amp;page=2" rel="next">Next page</a>' in first.text
    assert 'rel="prev"' not in first.text
    second = browser.get("/queue", params={"state": "approved", "page": 2})
    assert "3 renditions, oldest first; 3–3 shown, page 2 of 2." in second.text
    assert 'page=1" rel="prev">Previous page</a>' in second.text and 'rel="next"' not in second.text
    shown = [re.findall(r'<a href="/renditions/(r-\w+)">', page.text) for page in (first, second)]
    assert len(shown[0]) == 2 and len(shown[1]) == 1 and not set(shown[0]) & set(shown[1])
    assert browser.get("/queue", params={"page": 0}).status_code == 422
