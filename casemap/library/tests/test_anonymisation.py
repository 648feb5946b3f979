"""No name of the worked-example family survives publication.

The whole family is recorded (casemap's worked example: /work/shared/domain/seed-family.md): Darel, Alkira (known
as Ali) and Jirra Cooper, their mum Merinda Cooper and dad Eddy Walsh, at home at 7 Wattle Street, Northam,
NT4 2QP; the safety network of Rose Tully (typed in, with her address), Kerri Dunn (recorded, a family friend) and
Pat; Jirra's teacher Mrs Hollis of Brookfield Primary School; Sally Morgan, their worker. Their names are planted in
the free text of a map, a safety plan and a Words and Pictures booklet in every way people write them (first,
last, known as, full, possessive, plural, upper, lower and mixed case, the address, street, town and postcode with
and without its space), each is nominated, agreed to, checked and published, and every published word is read.
"""

import datetime
import re

import pytest
from django.utils import timezone

from casemap.cases.models import ReferralDecision
from casemap.cases.services import case_allocate, referral_decide, referral_receive
from casemap.conftest import World
from casemap.library.anonymise import Anonymiser, KnownName
from casemap.library.models import GoodPracticeExample, LibraryTool
from casemap.library.services import nomination_answer, nomination_create, nomination_publish
from casemap.mapping.services import danger_pair_save, item_save, map_start, next_step_add
from casemap.people.models import Agency, Professional, RelationshipType
from casemap.people.services import person_create, relationship_add
from casemap.safety.services import network_member_add
from casemap.safety.services.plans import contact_save, plan_start, rule_save, trigger_save
from casemap.words.services import booklet_create, page_add
from tests.browser.seed_map import ensure_variants

TODAY = timezone.localdate()
ADDRESS = {"address_line_1": "7 Wattle Street", "town": "Northam", "postcode": "NT4 2QP"}

PLANTED = (
    "On 12/03/2025 MERINDA and eddy's row woke darel; Darel's sister ALI ran to Rose's at 7 wattle street, nt42qp, "
    "with Jirra. The Coopers and Mr WALSH say Merinda Cooper and Eddy Walsh are trying. Kerri Dunn and PAT took "
    "Alkira\u2019s brother to Northam. Mrs Hollis at brookfield primary school rang 01632 960 101. Sally's visit on "
    "14 March 2025 helped; sally morgan saw it. Jirra Cooper's drawing. merinda  COOPER agreed."
)
# Every way the family can be named, and the dates: none may be in anything published.
MUST_NOT_SURVIVE = [
    "Darel", "Alkira", "Ali", "Jirra", "Merinda", "Eddy", "Cooper", "Coopers", "Walsh", "Rose", "Tully", "Kerri",
    "Dunn", "Pat", "Hollis", "Brookfield", "Wattle", "Northam", "NT4", "NT4 2QP", "NT42QP", "Sally", "Morgan",
    "12/03/2025", "14 March 2025", "01632",
]  # fmt: skip


def _worked_example_family(world: World):  # type: ignore[no-untyped-def]
    worker = world.worker
    worker.last_name = "Morgan"
    worker.save()
    born = TODAY - datetime.timedelta(days=9 * 365)
    darel = person_create(acting_user=worker, first_name="Darel", last_name="Cooper", date_of_birth=born,
                          is_child=True, **ADDRESS)  # fmt: skip
    alkira = person_create(acting_user=worker, first_name="Alkira", last_name="Cooper", known_as="Ali",
                           date_of_birth=born + datetime.timedelta(days=700), is_child=True, **ADDRESS)  # fmt: skip
    jirra = person_create(acting_user=worker, first_name="Jirra", last_name="Cooper",
                          date_of_birth=born + datetime.timedelta(days=1500), is_child=True, **ADDRESS)  # fmt: skip
    merinda = person_create(acting_user=worker, first_name="Merinda", last_name="Cooper",
                            date_of_birth=datetime.date(1991, 2, 3), **ADDRESS)  # fmt: skip
    eddy = person_create(acting_user=worker, first_name="Eddy", last_name="Walsh", date_of_birth=datetime.date(1989, 6, 7),
                         **ADDRESS)  # fmt: skip
    kerri = person_create(acting_user=worker, first_name="Kerri", last_name="Dunn", address_line_1="2 Quarry Lane")
    case = referral_receive(
        acting_user=worker, children=[darel, alkira, jirra], adults=[merinda, eddy], team=world.team,
        received_on=TODAY - datetime.timedelta(days=40), source="6", what_was_reported="A fight at home",
        family_name="Merinda and Eddy's family",
    )  # fmt: skip
    for child in (darel, alkira, jirra):
        relationship_add(acting_user=worker, person=child, relative=merinda, kind=RelationshipType.MOTHER)
        relationship_add(acting_user=worker, person=child, relative=eddy, kind=RelationshipType.FATHER)
    relationship_add(acting_user=worker, person=darel, relative=kerri, kind=RelationshipType.FRIEND)
    case = referral_decide(acting_user=world.manager, case=case, decision=ReferralDecision.ASSESSMENT,
                           decided_on=TODAY - datetime.timedelta(days=40), reasons="Assess")  # fmt: skip
    case = case_allocate(acting_user=world.manager, case=case, worker=worker)
    network_member_add(acting_user=worker, case=case, name="Rose Tully", address="11 Wattle Street\nNortham")
    network_member_add(acting_user=worker, case=case, person=kerri)
    network_member_add(acting_user=worker, case=case, name="Pat")
    school = Agency.objects.create(name="Brookfield Primary School", kind="school")
    case.professionals.add(Professional.objects.create(name="Mrs Hollis", role="Class teacher", agency=school))
    return case, [darel, alkira, jirra]


def _map(world: World, case, children):  # type: ignore[no-untyped-def]
    ensure_variants()
    map_ = map_start(acting_user=world.worker, case=case, setting="home_visit", held_on=TODAY - datetime.timedelta(9),
                     children=children)  # fmt: skip
    item_save(acting_user=world.worker, map_=map_, expected_version=None, category="harm", text=PLANTED,
              said_by="merinda and ALI", evidence=PLANTED)  # fmt: skip
    danger_pair_save(
        acting_user=world.worker, map_=map_, expected_version=None,
        statement_fields={"statement": PLANTED, "family_view": "Eddy's view: Pat overreacts."},
        goal_fields={"statement": PLANTED, "family_version": "Darel, Ali and Jirra will feel safe."},
    )  # fmt: skip
    next_step_add(acting_user=world.worker, map_=map_, expected_version=None, action=PLANTED, owner_name="Sally Morgan",
                  due_on=TODAY + datetime.timedelta(days=7))  # fmt: skip
    return map_


def _plan(world: World, case):  # type: ignore[no-untyped-def]
    plan = plan_start(acting_user=world.worker, case=case, kind="family", review_on=TODAY + datetime.timedelta(30))
    rule_save(acting_user=world.worker, plan=plan, expected_version=None, wording=PLANTED,
              responsible_name="Merinda and Eddy", checker_name="Rose Tully")  # fmt: skip
    trigger_save(acting_user=world.worker, plan=plan, expected_version=None, warning_sign=PLANTED, what_to_do=PLANTED)
    contact_save(acting_user=world.worker, plan=plan, expected_version=None, name="Kerri Dunn", phone="01632 960202",
                 when_to_call=PLANTED)  # fmt: skip
    plan.refresh_from_db()
    return plan


def _booklet(world: World, case, children):  # type: ignore[no-untyped-def]
    booklet = booklet_create(acting_user=world.worker, case=case, children=children,
                             title="Darel, Ali and Jirra's story")  # fmt: skip
    page_add(acting_user=world.worker, booklet=booklet, expected_version=None, heading="Why Sally came to the Coopers",
             text=PLANTED)  # fmt: skip
    booklet.refresh_from_db()
    return booklet


def _published_words(example: GoodPracticeExample) -> str:
    parts = [example.title, example.why_good_practice, *example.tags]
    for section in example.sections.all():
        parts += [section.heading, section.text]
    return "\n".join(parts)


@pytest.mark.parametrize("kind", ["map", "danger statements", "safety plan", "booklet"])
def test_no_name_of_the_family_survives_publication(lworld: World, kind: str) -> None:
    case, children = _worked_example_family(lworld)
    source, tool = {
        "map": lambda: (_map(lworld, case, children), LibraryTool.MAP),
        "danger statements": lambda: (_map(lworld, case, children), LibraryTool.DANGER_STATEMENTS),
        "safety plan": lambda: (_plan(lworld, case), LibraryTool.SAFETY_PLAN),
        "booklet": lambda: (_booklet(lworld, case, children), LibraryTool.WORDS_AND_PICTURES),
    }[kind]()
    nomination = nomination_create(acting_user=lworld.teammate, source=source, tool=tool,
                                   why_good_practice=f"Because {PLANTED}", tags=["Cooper family", "Eddy"])  # fmt: skip
    nomination = nomination_answer(acting_user=lworld.worker, nomination=nomination, agrees=True)
    example = nomination_publish(acting_user=lworld.practice_lead, nomination=nomination)
    words = _published_words(example)
    assert len(words) > len(PLANTED), "the planted text was published, anonymised"
    survivors = [name for name in MUST_NOT_SURVIVE if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", words, re.I)]
    assert not survivors, f"{survivors} survived in:\n{words}"
    # The labels follow the family's relationships, the same wherever they appear.
    assert "Child A's sister Child B ran to Network member A's at [address], [postcode]" in words
    assert "Parent A and Parent B are trying" in words
    assert "School A" in words and "The worker's visit" in words
    assert f"case {case.pk}" not in words and case.reference not in words


def test_labels_are_case_insensitive_whole_words_and_possessives() -> None:
    names = [KnownName("Darel", "Child A"), KnownName("Rose", "Network member A"), KnownName("Jo", "Parent A")]
    anonymiser = Anonymiser(names, shift_days=-40, reference_year=2026)
    text = anonymiser.text("DAREL\u2019s and darel's coat; Darelle and Joanne stay; rose, Rose's, ROSE. Jo-Jo.")
    assert text == (
        "Child A\u2019s and Child A's coat; Darelle and Joanne stay; Network member A, Network member A's, "
        "Network member A. Parent A-Parent A."
    )


def test_dates_move_by_the_same_days_and_the_unreadable_are_taken_out() -> None:
    anonymiser = Anonymiser([], shift_days=10, reference_year=2026)
    text = anonymiser.text(
        "Seen 28/02/2026, 2026-02-28, 28th Feb 2026, February 28, 28 Feb, March 2026 and 31/02/2026."
    )
    assert text == ("Seen 10 March 2026, 10 March 2026, 10 March 2026, 10 March, 10 March, March 2026 and [date].")
    assert anonymiser.date(datetime.date(2026, 2, 28)) == datetime.date(2026, 3, 10)
