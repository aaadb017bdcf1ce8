"""The desk's pages: signing in and out, sessions, CSRF, escaping, what each page shows."""

from __future__ import annotations

import re

from quotes.accounts import MAX_ATTEMPTS, disable_user
from quotes.translations.renditions import record_rendition
from tests.helpers.seeds import ALTMAN_POST, ALTMAN_POST_TR_DRIFTED, SIMSEK_INFLATION
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


def test_a_wrong_password_is_refused_and_a_name_is_held_up_after_too_many(desk):
    browser = desk.client()
    refused = sign_in(browser, USERS["reviewer"], "not the password")
    assert refused.status_code == 401 and "wrong name or password" in refused.text
    for _ in range(MAX_ATTEMPTS - 1):
        sign_in(browser, USERS["reviewer"], "not the password")
    held_up = sign_in(browser, USERS["reviewer"], PASSWORD)
    assert held_up.status_code == 429 and "too many sign-in attempts" in held_up.text
    assert 0 < int(held_up.headers["retry-after"]) <= 15 * 60
    assert sign_in(desk.client(), USERS["translator"], PASSWORD).status_code == 303


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
    for path in (f"/quotes/{quote.id}", "/quotes", "/queue"):
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
