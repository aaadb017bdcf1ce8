"""The desk's drift map: the check page's Record box and bookmarklet, ``POST /api/check``
with ``record``, and ``/quotes/{id}/drift`` — the lineage and its SVG timeline, every
field escaped."""

from __future__ import annotations

import re

from quotes.checking.lineage import drift_map
from quotes.registry.sightings import Sighting, list_sightings, record_sightings
from quotes.web.drift import bookmarklet
from tests.helpers.seeds import ALTMAN_POST, ALTMAN_POST_TR_DRIFTED, SEED_ARTICLE
from tests.helpers.web import USERS, csrf_of, desk  # noqa: F401 (desk: a fixture)

HOSTILE = '<script>alert(1)</script>'


def check(browser, **form):
    token = csrf_of(browser.get("/check").text)
    return browser.post("/check", data={"csrf_token": token, **form})


def test_the_check_page_records_when_record_is_ticked(desk):
    browser = desk.signed_in("translator")
    page = browser.get("/check")
    assert '<input id="record" name="record" type="checkbox" value="1">' in page.text  # off for pasted text
    checked = check(browser, text=SEED_ARTICLE.read_text(encoding="utf-8"))
    assert "recorded" not in checked.text and list_sightings(desk.registry) == []
    checked = check(browser, text=SEED_ARTICLE.read_text(encoding="utf-8"), record="1")
    assert f'<p class="recorded">recorded 1 new sighting, 0 seen before: <a href="/quotes/{ALTMAN_POST}/drift">' \
           in checked.text
    [sighting] = list_sightings(desk.registry)
    assert (sighting.rendition_id, sighting.checked_by, sighting.url) == (
        ALTMAN_POST_TR_DRIFTED, USERS["translator"], None)
    again = check(browser, text=SEED_ARTICLE.read_text(encoding="utf-8"), record="1")
    assert '<p class="recorded">recorded 0 new sightings, 1 seen before</p>' in again.text


def test_the_bookmarklet_opens_the_check_page_with_the_url_and_record_on(desk):
    browser = desk.signed_in("editor")
    page = browser.get("/check")
    assert bookmarklet("http://testserver/") == (
        'javascript:void(window.open("http://testserver/check?url="+encodeURIComponent(location.href)))')
    assert ('<a class="bookmarklet" href="javascript:void(window.open(&#34;http://testserver/check?url=&#34;'
            '+encodeURIComponent(location.href)))">Check this page</a>') in page.text
    opened = browser.get("/check", params={"url": 'https://news.example/a?b=1&c="2"'})
    assert 'value="https://news.example/a?b=1&amp;c=&#34;2&#34;"' in opened.text
    assert '<input id="record" name="record" type="checkbox" value="1" checked>' in opened.text


def test_the_api_records_when_asked(desk):
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    api = desk.api("reviewer")
    assert "recorded" not in api.post("/api/check", json={"text": text}).json()
    answer = api.post("/api/check", json={"text": text, "record": True}).json()
    [new] = answer["recorded"]["new"]
    assert (answer["recorded"]["seen_before"], new["quote_id"], new["checked_by"]) == (0, ALTMAN_POST, USERS["reviewer"])
    assert answer["documents"][0]["findings"][0]["rendition_id"] == ALTMAN_POST_TR_DRIFTED
    assert api.post("/api/check", json={"text": text, "record": True}).json()["recorded"] == {
        "new": [], "seen_before": 1}
    assert api.post("/api/check", json={"text": text, "record": "maybe"}).status_code == 422


def hostile_sightings(registry):
    base = dict(quote_id=ALTMAN_POST, checked_by=HOSTILE, checked_at="2025-02-14T08:00:00+00:00")
    record_sightings(registry, [
        Sighting(rendition_id=ALTMAN_POST_TR_DRIFTED, verdict="unreviewed-translation", severity="warn",
                 passage="Istersen ben X’i satın alabilirim", lang="tr", url="https://haber.example/a",
                 outlet=HOSTILE, title=HOSTILE, published="2025-02-11", **base),
        Sighting(verdict="altered", severity="error", passage=f"we will buy twitter {HOSTILE} if you want",
                 lang="en", url="javascript:alert(2)", outlet="Echo & <b>Co</b>", published="2025-02-13", **base),
    ])


def test_the_drift_page_shows_the_tree_and_a_timeline_every_field_escaped(desk):
    hostile_sightings(desk.registry)
    browser = desk.signed_in("translator")
    assert f'<a href="/quotes/{ALTMAN_POST}/drift">Drift map</a>' in browser.get(f"/quotes/{ALTMAN_POST}").text
    page = browser.get(f"/quotes/{ALTMAN_POST}/drift")
    assert page.status_code == 200
    assert "<script>" not in page.text and "<b>Co</b>" not in page.text
    assert 'href="javascript:' not in page.text
    tr_variant, en_variant = (v.id for v in drift_map(desk.registry, ALTMAN_POST).variants)
    marks = re.findall(r'<circle class="mark" cx="([\d.]+)" cy="([\d.]+)" r="7" fill="(#\w+)" fill-opacity="0.85">'
                       r'<title>(.*?)</title></circle>', page.text)
    assert marks == [
        ("300.0", "49.0", "#c98200",
         "2025-02-11: &lt;script&gt;alert(1)&lt;/script&gt; — https://haber.example/a (unreviewed-translation)"),
        ("910.0", "79.0", "#c62828", "2025-02-13: Echo &amp; &lt;b&gt;Co&lt;/b&gt; — javascript:alert(2) (altered)")]
    assert f'<text x="6" y="53.0" font-size="13" fill="#1d1d1f">{tr_variant} [tr] unreviewed-translation</text>' \
           in page.text
    # The tree: the Turkish variant under the rendition it matches, the English one under the original.
    assert re.search(rf'id="{ALTMAN_POST_TR_DRIFTED}">.*?<ul>\s*<li class="variant warn" id="{tr_variant}">',
                     page.text, re.S)
    assert f'<dt>Derived from</dt><dd><a href="#{ALTMAN_POST}">{ALTMAN_POST}</a></dd>' in page.text
    assert '<a href="https://haber.example/a" rel="noopener noreferrer">https://haber.example/a</a>' in page.text
    assert en_variant in page.text


def test_the_drift_page_of_a_quote_not_seen_and_of_no_quote(desk):
    browser = desk.signed_in("translator")
    page = browser.get(f"/quotes/{ALTMAN_POST}/drift")
    assert page.status_code == 200 and "Not seen yet" in page.text and "<svg" not in page.text
    assert browser.get("/quotes/q-ffffff/drift").status_code == 404
    assert desk.client().get(f"/quotes/{ALTMAN_POST}/drift").status_code == 303  # signed out: to /login
