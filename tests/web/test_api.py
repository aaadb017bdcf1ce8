"""The desk's JSON API: bearer tokens, roles, review through the library, errors as SPEC lists them."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import select

from quotes.registry import schema as t
from quotes.registry.accounts import disable_user
from quotes.cli.main import cli
from quotes.translations.renditions import record_rendition
from quotes.translations.review import review
from quotes.web.app import create_app
from tests.helpers.seeds import ALTMAN_POST, ALTMAN_POST_TR_DRIFTED, SEED_ARTICLE, SIMSEK_INFLATION
from tests.helpers.web import USERS, desk  # noqa: F401 (desk: a fixture)


def draft(desk, translator="translator"):
    """A new Turkish draft of Altman's post by the role's user (the checks find nothing wrong)."""
    return record_rendition(desk.registry, ALTMAN_POST, lang="tr", translator=USERS[translator],
                            text="hayır teşekkürler ama isterseniz twitter'ı 9,74 milyar dolara biz satın alırız")


def in_review(desk, translator="translator"):
    rendition = draft(desk, translator)
    review(desk.registry, rendition.id, "submit", reviewer=USERS[translator], note="ready")
    return rendition


def test_without_a_valid_token_the_api_answers_401(desk):
    anonymous = desk.client()
    response = anonymous.get("/api/quotes")
    assert response.status_code == 401 and response.headers["www-authenticate"] == "Bearer"
    assert "no API token" in response.json()["error"]
    anonymous.headers["Authorization"] = "Bearer not-a-token"
    assert anonymous.get("/api/quotes").json() == {"error": "the API token is not known, has expired or was revoked, or its user is disabled"}
    disable_user(desk.registry, USERS["translator"])
    assert desk.api("translator").get("/api/quotes").status_code == 401


def test_a_session_cookie_does_not_open_the_api(desk):
    assert desk.signed_in("reviewer").get("/api/quotes").status_code == 401


def test_quotes_are_searched_and_read_in_their_interchange_form(desk):
    api = desk.api("translator")
    found = api.get("/api/quotes", params={"q": "satin", "lang": "tr"}).json()
    assert [q["id"] for q in found] == []
    found = api.get("/api/quotes", params={"speaker": "Şimşek"}).json()
    assert SIMSEK_INFLATION in [q["id"] for q in found] and all(q["speaker"] == "Mehmet Şimşek" for q in found)
    quote = api.get(f"/api/quotes/{ALTMAN_POST}").json()
    assert quote["id"] == ALTMAN_POST and {r["id"] for r in quote["renditions"]} >= {ALTMAN_POST_TR_DRIFTED}
    assert api.get("/api/quotes/q-nothing").json() == {"error": "no quote with id q-nothing"}
    assert api.get("/api/quotes/q-nothing").status_code == 404


def test_renditions_are_filtered_by_state_language_and_translator(desk):
    made = draft(desk)
    api = desk.api("reviewer")
    found = api.get("/api/renditions", params={"state": "draft", "lang": "tr", "translator": "AYSE K."}).json()
    assert [(r["id"], r["quote_id"], r["state"]) for r in found] == [(made.id, ALTMAN_POST, "draft")]
    one = api.get(f"/api/renditions/{made.id}").json()
    assert one["original"].startswith("no thank you") and one["translator"] == USERS["translator"]
    bad = api.get("/api/renditions", params={"state": "finished"})
    assert bad.status_code == 422 and bad.json()["error"].startswith("state: 'finished' is not one of")
    assert api.get("/api/renditions/r-nothing").status_code == 404


def test_review_goes_through_the_library_as_the_tokens_user(desk):
    rendition = draft(desk)
    submitted = desk.api("translator").post(f"/api/renditions/{rendition.id}/review",
                                            json={"action": "submit", "note": "ready for review"})
    assert submitted.status_code == 200 and submitted.json()["state"] == "in-review"
    approved = desk.api("reviewer").post(f"/api/renditions/{rendition.id}/review",
                                         json={"action": "approve", "note": "faithful"})
    assert approved.status_code == 200, approved.text
    assert approved.json()["state"] == "approved" and approved.json()["notes"][-1]["author"] == USERS["reviewer"]
    with desk.registry.store.read() as conn:
        actors = conn.execute(select(t.events.c.actor, t.events.c.action).where(t.events.c.subject == rendition.id)
                              .order_by(t.events.c.id)).all()
    assert actors[-2:] == [(USERS["translator"], "submit"), (USERS["reviewer"], "approve")]


def test_roles_are_enforced_403(desk):
    rendition = in_review(desk)
    for role in ("translator", "editor", "admin"):
        refused = desk.api(role).post(f"/api/renditions/{rendition.id}/review", json={"action": "approve", "note": "ok"})
        assert refused.status_code == 403, role
        assert refused.json()["error"] == f"{USERS[role]} is {'a' if role == 'translator' else 'an'} {role} and may not approve"
    assert desk.api("editor").post(f"/api/renditions/{rendition.id}/notes", json={"text": "hi"}).status_code == 403
    assert desk.api("reviewer").get(f"/api/renditions/{rendition.id}").json()["state"] == "in-review"


def test_a_reviewer_never_decides_on_their_own_rendition_403(desk):
    rendition = in_review(desk, translator="reviewer")
    for action in ("approve", "request-changes", "reject"):
        refused = desk.api("reviewer").post(f"/api/renditions/{rendition.id}/review",
                                            json={"action": action, "note": "looks fine to me"})
        assert refused.status_code == 403, action
        assert "Deniz Y. wrote this rendition" in refused.json()["error"]


def test_an_illegal_transition_is_409_and_bad_input_422(desk):
    rendition = draft(desk)
    api = desk.api("reviewer")
    illegal = api.post(f"/api/renditions/{rendition.id}/review", json={"action": "approve", "note": "ok"})
    assert illegal.status_code == 409
    assert illegal.json() == {"error": "cannot approve a rendition that is draft (only from in-review)"}
    unknown_action = api.post(f"/api/renditions/{rendition.id}/review", json={"action": "publish", "note": "ok"})
    assert unknown_action.status_code == 422 and unknown_action.json()["error"].startswith("body.action: ")
    blank_note = api.post(f"/api/renditions/{rendition.id}/review", json={"action": "submit", "note": "  "})
    assert blank_note.status_code == 422 and blank_note.json() == {"error": "note: must not be empty"}
    missing = api.post("/api/renditions/r-nothing/review", json={"action": "submit", "note": "ok"})
    assert missing.status_code == 404 and missing.json() == {"error": "no rendition with id r-nothing"}


def test_failing_checks_block_an_approval_409_until_overridden_with_a_note(desk):
    rendition = record_rendition(desk.registry, ALTMAN_POST, lang="tr", translator=USERS["translator"],
                                 text="hayır teşekkürler ama isterseniz twitter'ı 97,4 milyar dolara biz satın alırız")
    review(desk.registry, rendition.id, "submit", reviewer=USERS["translator"], note="ready")
    api = desk.api("reviewer")
    blocked = api.post(f"/api/renditions/{rendition.id}/review", json={"action": "approve", "note": "ok"})
    assert blocked.status_code == 409 and "number" in blocked.json()["error"]
    overridden = api.post(f"/api/renditions/{rendition.id}/review",
                          json={"action": "approve", "note": "the amount is as printed", "override_checks": True})
    assert overridden.status_code == 200 and overridden.json()["state"] == "approved"
    assert [c["check"] for c in overridden.json()["checks"]] == ["number"]


def test_notes_are_written_by_the_tokens_user(desk):
    rendition = draft(desk)
    added = desk.api("translator").post(f"/api/renditions/{rendition.id}/notes", json={"text": "source checked"})
    assert added.status_code == 201
    assert (added.json()["author"], added.json()["role"], added.json()["text"]) == (USERS["translator"], "translator",
                                                                                   "source checked")


def test_check_answers_with_the_same_document_as_check_format_json(desk, run):
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    response = desk.api("editor").post("/api/check", json={"text": text})
    assert response.status_code == 200
    document = response.json()["documents"][0]
    result = CliRunner().invoke(cli, ["--db", desk.registry.store.location, "check", "-", "--format", "json"],
                                input=text)  # the CLI over the same registry, on standard input
    expected = json.loads(result.output)["documents"][0]
    assert document == expected
    assert desk.api("editor").post("/api/check", json={"text": " "}).json() == {"error": "text: must not be empty"}


def test_openapi_documents_the_api_from_the_desk_itself_to_signed_in_users(desk):
    browser = desk.signed_in("translator")
    docs = browser.get("/docs")
    assert docs.status_code == 200 and "http" not in docs.text.replace("http-equiv", "")  # no CDN
    for path in re.findall(r'(?:src|href)="([^"]+)"', docs.text):
        assert desk.client().get(path).status_code == 200, path  # Swagger UI's own files are no secret
    paths = browser.get("/openapi.json").json()["paths"]
    assert {"/api/quotes", "/api/renditions/{rendition_id}/review", "/api/check"} <= set(paths)
    assert "/login" not in paths and "/openapi.json" not in paths
    assert desk.api("translator").get("/openapi.json").json()["paths"] == paths  # a script, with its token


def test_the_api_description_is_for_signed_in_users_unless_the_desk_makes_it_public(desk):
    stranger = desk.client()
    assert stranger.get("/docs").headers["location"] == "/login?next=/docs"
    refused = stranger.get("/openapi.json")
    assert (refused.status_code, refused.headers["www-authenticate"]) == (401, "Bearer")
    assert refused.json() == {"error": "sign in first, or send Authorization: Bearer TOKEN "
                                       "(`quotes user token NAME` makes one)"}
    public = create_app(desk.registry.store.location, public_docs=True)
    try:
        anyone = TestClient(public, follow_redirects=False)
        assert anyone.get("/docs").status_code == 200
        assert "/api/quotes" in anyone.get("/openapi.json").json()["paths"]
    finally:
        public.state.registry.close()


def test_editors_register_quotes_as_themselves(desk):
    new = {"text": "We will keep rates on hold", "speaker": "Mehmet Şimşek", "lang": "en", "said_on": "2025-03-01",
           "source": "https://example.com/a", "outlet": "Reuters"}
    added = desk.api("editor").post("/api/quotes", json=new)
    assert added.status_code == 201, added.text
    assert (added.json()["created_by"], added.json()["source"]["outlet"]) == (USERS["editor"], "Reuters")
    assert desk.api("editor").post("/api/quotes", json=new).status_code == 422  # already registered
    assert desk.api("translator").post("/api/quotes", json={**new, "text": "Other words"}).status_code == 403
    bad_date = desk.api("editor").post("/api/quotes", json={**new, "text": "Other words", "said_on": "yesterday"})
    assert bad_date.json() == {"error": "said_on: 'yesterday' is not a date (use YYYY-MM-DD)"}


def test_translators_record_renditions_as_themselves(desk):
    made = desk.api("translator").post(f"/api/quotes/{ALTMAN_POST}/renditions",
                                       json={"lang": "de", "text": "Nein danke", "note": "first pass"})
    assert made.status_code == 201, made.text
    record = made.json()
    assert (record["translator"], record["state"], record["from"]) == (USERS["translator"], "draft", "original")
    chained = desk.api("reviewer").post(f"/api/quotes/{ALTMAN_POST}/renditions",
                                        json={"lang": "en", "text": "No thanks", "from": record["id"]})
    assert chained.status_code == 201 and chained.json()["from"] == record["id"]
    assert desk.api("editor").post(f"/api/quotes/{ALTMAN_POST}/renditions",
                                   json={"lang": "fr", "text": "Non merci"}).status_code == 403
    assert desk.api("translator").post("/api/quotes/q-nothing/renditions",
                                       json={"lang": "fr", "text": "Non merci"}).status_code == 404


def test_copy_gives_the_block_quotes_copy_prints(desk):
    copied = desk.api("editor").get(f"/api/quotes/{SIMSEK_INFLATION}/copy", params={"lang": "en"})
    assert copied.status_code == 200
    result = CliRunner().invoke(cli, ["--db", desk.registry.store.location, "copy", SIMSEK_INFLATION, "--lang", "en"])
    assert copied.json() == {"text": result.stdout}
    refused = desk.api("editor").get(f"/api/quotes/{SIMSEK_INFLATION}/copy", params={"lang": "fr"})
    assert refused.status_code == 422
