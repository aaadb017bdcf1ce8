import itertools

import pytest

from quotes.errors import InvalidInput
from quotes.registry.models import ReviewState
from quotes.translations.renditions import record_rendition, revise_rendition
from quotes.translations.review import (
    TRANSITIONS,
    IllegalTransition,
    SelfReview,
    Superseded,
    add_note,
    next_state,
    review,
)
from tests.helpers.seeds import ALTMAN_POST, ALTMAN_POST_TR_DRIFTED, ALTMAN_POST_TR_FAITHFUL, MUSK_NO_MONEY, SIMSEK_INFLATION

LEGAL = {
    (ReviewState.DRAFT, "submit"): ReviewState.IN_REVIEW,
    (ReviewState.CHANGES_REQUESTED, "submit"): ReviewState.IN_REVIEW,
    (ReviewState.IN_REVIEW, "approve"): ReviewState.APPROVED,
    (ReviewState.IN_REVIEW, "request-changes"): ReviewState.CHANGES_REQUESTED,
    (ReviewState.IN_REVIEW, "reject"): ReviewState.REJECTED,
}


@pytest.mark.parametrize("state, action", list(itertools.product(ReviewState, TRANSITIONS)))
def test_every_transition_is_legal_or_names_the_current_state(state, action):
    if (state, action) in LEGAL:
        assert next_state(state, action) is LEGAL[(state, action)]
    else:
        with pytest.raises(IllegalTransition, match=f"cannot {action} a rendition that is {state.value}"):
            next_state(state, action)


def draft(registry, quote=MUSK_NO_MONEY, text="Aslında paraları yok", translator="Ayşe"):
    return record_rendition(registry, quote, lang="tr", translator=translator, text=text)


def test_full_review_cycle_leaves_a_note_thread_and_events(seeded):
    rendition = draft(seeded)
    review(seeded, rendition.id, "submit", reviewer="Ayşe", note="ready")
    review(seeded, rendition.id, "request-changes", reviewer="Deniz", note="'actually' is lost")
    revise_rendition(seeded, rendition.id, text="Aslında hiç paraları yok", translator="Ayşe")
    review(seeded, rendition.id, "submit", reviewer="Ayşe", note="fixed")
    approved = review(seeded, rendition.id, "approve", reviewer="Deniz", note="good")
    assert approved.state == "approved"
    assert [(n.author, n.role, n.action) for n in approved.notes] == [
        ("Ayşe", "translator", "submit"), ("Deniz", "reviewer", "request-changes"),
        ("Ayşe", "translator", "submit"), ("Deniz", "reviewer", "approve")]
    assert [r.text for r in approved.revisions] == ["Aslında paraları yok", "Aslında hiç paraları yok"]
    actions = [e.action for e in seeded.history(MUSK_NO_MONEY) if e.subject == rendition.id]
    assert actions == ["translate", "submit", "request-changes", "revise", "submit", "approve"]


def test_self_review_needs_the_flag(seeded):
    rendition = draft(seeded)
    review(seeded, rendition.id, "submit", reviewer="Ayşe", note="ready")
    with pytest.raises(SelfReview, match="Ayşe translated this rendition and may not approve it"):
        review(seeded, rendition.id, "approve", reviewer="Ayşe", note="mine")
    assert review(seeded, rendition.id, "approve", reviewer="Ayşe", note="mine", allow_self_review=True).state == "approved"


def test_a_reviser_counts_as_an_author(seeded):
    rendition = draft(seeded)
    revise_rendition(seeded, rendition.id, text="Paraları yok aslında", translator="Mert")
    review(seeded, rendition.id, "submit", reviewer="Ayşe", note="ready")
    with pytest.raises(SelfReview):
        review(seeded, rendition.id, "approve", reviewer="Mert", note="ok")


def test_approving_supersedes_the_previous_approved_rendition(seeded):
    newer = record_rendition(seeded, ALTMAN_POST, lang="tr", translator="Ayşe",
                             text="hayır teşekkürler, ama istersen twitter'ı 9,74 milyar dolara biz alırız")
    review(seeded, newer.id, "submit", reviewer="Ayşe", note="ready")
    review(seeded, newer.id, "approve", reviewer="Deniz", note="better")
    states = {r.id: r.state for r in seeded.get_quote(ALTMAN_POST).renditions}
    assert states == {ALTMAN_POST_TR_DRIFTED: "changes-requested", ALTMAN_POST_TR_FAITHFUL: "superseded", newer.id: "approved"}
    old = next(r for r in seeded.get_quote(ALTMAN_POST).renditions if r.id == ALTMAN_POST_TR_FAITHFUL)
    assert old.notes[-1].text == f"superseded by {newer.id}"


def test_the_approval_names_what_it_supersedes(seeded):
    newer = record_rendition(seeded, ALTMAN_POST, lang="tr", translator="Ayşe",
                             text="hayır teşekkürler, ama istersen twitter'ı 9,74 milyar dolara biz alırız")
    assert review(seeded, newer.id, "submit", reviewer="Ayşe", note="ready").superseded == ()
    approved = review(seeded, newer.id, "approve", reviewer="Deniz", note="better")
    assert approved.superseded == (Superseded(ALTMAN_POST_TR_FAITHFUL, "quotes seed review", "2026-11-27T12:00:00+00:00"),)
    newest = record_rendition(seeded, ALTMAN_POST, lang="tr", translator="Mert",
                              text="hayır teşekkürler ama istersen twitter'ı 9,74 milyar dolara biz satın alırız!")
    review(seeded, newest.id, "submit", reviewer="Mert", note="ready")
    [superseded] = review(seeded, newest.id, "approve", reviewer="Ayşe", note="best").superseded
    assert (superseded.rendition_id, superseded.approved_by) == (newer.id, "Deniz")


def test_the_approval_of_the_first_rendition_in_a_language_supersedes_nothing(seeded):
    rendition = draft(seeded)
    review(seeded, rendition.id, "submit", reviewer="Ayşe", note="ready")
    assert review(seeded, rendition.id, "approve", reviewer="Deniz", note="ok").superseded == ()


def test_the_cli_says_what_an_approval_supersedes(seeded_run):
    seeded_run("translate", ALTMAN_POST, "--lang", "tr", "--translator", "Ayşe",
               "--text", "hayır teşekkürler, ama istersen twitter'ı 9,74 milyar dolara biz alırız")
    seeded_run("review", "r-000001", "--submit", "--note", "ready")
    result = seeded_run("review", "r-000001", "--approve", "--reviewer", "Deniz Y.", "--note", "better")
    assert (result.exit_code, result.output) == (
        0, f"r-000001 is approved; it supersedes {ALTMAN_POST_TR_FAITHFUL} (approved 2026-11-27 by quotes seed review)\n")


def test_revise_and_submit_in_one_step(seeded):
    rendition = draft(seeded)
    review(seeded, rendition.id, "submit", reviewer="Ayşe", note="ready")
    review(seeded, rendition.id, "request-changes", reviewer="Deniz", note="'actually' is lost")
    submitted = revise_rendition(seeded, rendition.id, text="Aslında hiç paraları yok", translator="Ayşe",
                                 note="'actually' is back", submit=True)
    assert (submitted.state, len(submitted.revisions)) == ("in-review", 2)
    assert [(n.author, n.action, n.text) for n in submitted.notes][-1] == ("Ayşe", "submit", "'actually' is back")
    actions = [e.action for e in seeded.history(MUSK_NO_MONEY) if e.subject == rendition.id]
    assert actions == ["translate", "submit", "request-changes", "revise", "submit"]


def test_revise_and_submit_needs_a_note(seeded):
    rendition = draft(seeded)
    with pytest.raises(InvalidInput, match="note: a revision sent for review carries a note for the reviewer"):
        revise_rendition(seeded, rendition.id, text="Aslında hiç paraları yok", translator="Ayşe", submit=True)
    assert seeded.get_quote(MUSK_NO_MONEY).rendition(rendition.id).revisions == rendition.revisions


def test_revise_and_submit_is_all_or_nothing(seeded, monkeypatch):
    rendition = draft(seeded)

    def checks_crash(quote, rendition):
        raise RuntimeError("the checks crashed")

    monkeypatch.setattr("quotes.translations.review.run_checks", checks_crash)
    with pytest.raises(RuntimeError):
        revise_rendition(seeded, rendition.id, text="Aslında hiç paraları yok", translator="Ayşe", note="n", submit=True)
    after = seeded.get_quote(MUSK_NO_MONEY).rendition(rendition.id)
    assert (after.state, after.revisions, after.notes) == ("draft", rendition.revisions, ())


def test_revise_submit_on_the_command_line_warns_of_failed_checks(seeded_run):
    seeded_run("translate", SIMSEK_INFLATION, "--lang", "de", "--text", "Wir erwarten, dass die Inflation unter 30% fällt")
    result = seeded_run("revise", "r-000001", "--text", "Wir erwarten, dass die Inflation unter 40% fällt",
                        "--note", "rounded", "--submit")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0, "r-000001 is at revision 2 (in-review)\n", "warning: number: %30 is not in the rendition (it has 40%)\n")
    result = seeded_run("revise", "r-000001", "--text", "Wir erwarten 30%", "--submit")
    assert (result.exit_code, result.output) == (
        2, "Error: --note: a revision sent for review carries a note for the reviewer\n")


def test_notes_on_their_own_record_the_role(seeded):
    assert add_note(seeded, ALTMAN_POST_TR_DRIFTED, author="Deniz", text="see the post").role == "reviewer"
    rendition = draft(seeded)
    assert add_note(seeded, rendition.id, author="Ayşe", text="checked").role == "translator"


def test_only_drafts_and_sent_back_renditions_are_revised(seeded):
    with pytest.raises(InvalidInput,
                       match=f"{ALTMAN_POST_TR_FAITHFUL} is approved; only a draft or a rendition with changes requested"):
        revise_rendition(seeded, ALTMAN_POST_TR_FAITHFUL, text="x", translator="Ayşe")


def test_who_ran_the_machine_never_approves_its_draft(seeded):
    from quotes.registry import schema as t

    rendition = draft(seeded)
    with seeded.store.write() as conn:
        conn.execute(t.renditions.update().where(t.renditions.c.id == rendition.id).values(method="machine"))
    review(seeded, rendition.id, "submit", reviewer="Ayşe", note="draft")
    with pytest.raises(SelfReview, match="a machine rendition is approved only by another reviewer"):
        review(seeded, rendition.id, "approve", reviewer="Ayşe", note="ok", allow_self_review=True)
    assert review(seeded, rendition.id, "approve", reviewer="Deniz", note="checked").state == "approved"


@pytest.mark.parametrize(
    "actions, message",
    [
        (["--approve", "--reject"], "--approve and --reject cannot be given together"),
        (["--reject", "--approve"], "--approve and --reject cannot be given together"),
        (["--submit", "--approve"], "--submit and --approve cannot be given together"),
        (["--request-changes", "--approve", "--reject"], "--approve, --request-changes and --reject cannot be given together"),
    ],
)
def test_conflicting_review_actions_are_refused(seeded_run, actions, message):
    recorded = seeded_run("translate", MUSK_NO_MONEY, "--lang", "tr", "--translator", "Ayşe K.", "--text", "Aslında paraları yok")
    rendition_id = recorded.output.split()[1]
    assert seeded_run("review", rendition_id, "--submit", "--reviewer", "Ayşe K.", "--note", "ready").exit_code == 0
    result = seeded_run("review", rendition_id, *actions, "--reviewer", "Deniz Y.", "--note", "n")
    assert (result.exit_code, result.output) == (
        2, f"Error: {message}: give one of --submit, --approve, --request-changes, --reject\n")
    assert f"{rendition_id}  {MUSK_NO_MONEY}  [tr]  in-review" in seeded_run("renditions").output
