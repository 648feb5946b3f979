"""Every form that changes a map, posted exactly as the page rendered it after someone else saved meanwhile: the
save is refused, what was typed is kept, and the form shown again saves once posted as it now stands."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casemap.conftest import World
from casemap.core.people_choice import SOMEONE_ELSE
from casemap.core.tests.rendered_forms import RenderedForm, rendered_form
from casemap.mapping.models import DangerStatement, ItemCategory, Map, MapItem
from casemap.mapping.services import danger_pair_save, item_save, map_start

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)
NEXT_WEEK = TODAY + datetime.timedelta(days=7)
REFUSED = "Your changes have not been saved"


@dataclass(frozen=True)
class MapForm:
    """One form on a map's pages: where it is shown, where it posts, what the worker types into it, and how to
    tell it was saved."""

    page: Callable[[Map], str]
    posts_to: Callable[[Map], str] | None
    form_id: str | None
    typed: Callable[[World], dict[str, str | list[str]]]
    saved: Callable[[Map], bool]


def _item(map_: Map) -> MapItem:
    return map_.items.get(category=ItemCategory.HARM)


def _pair(map_: Map) -> DangerStatement:
    return map_.danger_statements.get()


def _map_page(map_: Map) -> str:
    return reverse("mapping:map", args=[map_.pk])


FORMS = {
    "details": MapForm(
        page=_map_page,
        posts_to=lambda m: reverse("mapping:details", args=[m.pk]),
        form_id=None,
        typed=lambda world: {
            "details-setting": "supervision",
            "details-held_on_day": str(YESTERDAY.day),
            "details-held_on_month": str(YESTERDAY.month),
            "details-held_on_year": str(YESTERDAY.year),
        },
        saved=lambda m: m.setting == "supervision" and m.held_on == YESTERDAY,
    ),
    "participant": MapForm(
        page=_map_page,
        posts_to=lambda m: reverse("mapping:participant-add", args=[m.pk]),
        form_id=None,
        typed=lambda world: {
            "participant-name_choice": SOMEONE_ELSE,
            "participant-name_other": "Rose Hill",
            "participant-role": "network",
        },
        saved=lambda m: m.participants.filter(name="Rose Hill", role="network").exists(),
    ),
    "item added": MapForm(
        page=_map_page,
        posts_to=lambda m: reverse("mapping:item-add", args=[m.pk, "existing_safety"]),
        form_id=None,
        typed=lambda world: {"existing_safety-text": "Rose took the children home during the fight"},
        saved=lambda m: m.items.filter(text="Rose took the children home during the fight").exists(),
    ),
    "item changed": MapForm(
        page=lambda m: reverse("mapping:item-edit", args=[m.pk, _item(m).pk]),
        posts_to=None,
        form_id="item-form",
        typed=lambda world: {"text": "Alkira cut her foot badly on a glass Merinda threw"},
        saved=lambda m: _item(m).text == "Alkira cut her foot badly on a glass Merinda threw",
    ),
    "pair added": MapForm(
        page=lambda m: reverse("mapping:pair-new", args=[m.pk]),
        posts_to=None,
        form_id="pair-form",
        typed=lambda world: {
            "who_is_worried": "Sally",
            "behaviour": "Eddy will hit Darel when he misbehaves",
            "short_term_impact": "could get bruises",
            "parents_will": "use calm words",
            "child_will_experience": "feel safe",
            "sustained_for": "6 months",
            "statement": "Sally is worried that Eddy will hit Darel when he misbehaves.",
            "goal_statement": "Eddy will use calm words and time out. Darel will feel safe at home.",
        },
        saved=lambda m: m.danger_statements.filter(statement__startswith="Sally is worried that Eddy").exists(),
    ),
    "pair changed": MapForm(
        page=lambda m: reverse("mapping:pair-edit", args=[m.pk, _pair(m).pk]),
        posts_to=None,
        form_id="pair-form",
        typed=lambda world: {"statement": "Sally and Rose are worried that Merinda and Eddy will fight."},
        saved=lambda m: _pair(m).statement == "Sally and Rose are worried that Merinda and Eddy will fight.",
    ),
    "score": MapForm(
        page=_map_page,
        posts_to=lambda m: reverse("mapping:judgement-add", args=[m.pk]),
        form_id=None,
        typed=lambda world: {
            "score-scale": "overall",
            "score-rater_name_choice": f"person-{world.mother.pk}",
            "score-rater_role": "parent",
            "score-score": "4",
            "score-reason": "We still shout at the weekends",
        },
        saved=lambda m: m.judgements.filter(
            reason="We still shout at the weekends", score=4, rater_name="Merinda Cooper", rater_person__isnull=False
        ).exists(),
    ),
    "next step": MapForm(
        page=_map_page,
        posts_to=lambda m: reverse("mapping:next-step-add", args=[m.pk]),
        form_id=None,
        typed=lambda world: {
            "step-action": "Ring Darel's school about his attendance",
            "step-owner_name_choice": "you",
            "step-due_on_day": str(NEXT_WEEK.day),
            "step-due_on_month": str(NEXT_WEEK.month),
            "step-due_on_year": str(NEXT_WEEK.year),
        },
        saved=lambda m: m.next_steps.filter(
            action="Ring Darel's school about his attendance", owner_name="Sally Worker", owner_user__isnull=False
        ).exists(),
    ),
}


def draft_with_an_item_and_a_pair(world: World) -> Map:
    map_ = map_start(acting_user=world.worker, case=world.case, setting="home_visit", held_on=TODAY)
    item_save(acting_user=world.worker, map_=map_, expected_version=None, category="harm", text="Cut foot")
    danger_pair_save(
        acting_user=world.worker,
        map_=map_,
        expected_version=None,
        statement_fields={
            "who_is_worried": "Sally",
            "behaviour": "Merinda and Eddy will fight",
            "short_term_impact": "will be frightened",
            "statement": "Sally is worried that Merinda and Eddy will fight.",
        },
        goal_fields={
            "parents_will": "sort out problems calmly",
            "child_will_experience": "feel safe",
            "sustained_for": "6 months",
            "statement": "Merinda and Eddy will sort out problems calmly.",
        },
    )
    map_.refresh_from_db()
    return map_


def fill_in(form: RenderedForm, typed: dict[str, str | list[str]]) -> dict[str, list[str]]:
    """The form's fields as rendered, with the worker's answers typed in: only fields and choices it offers."""
    fields = dict(form.fields)
    for name, value in typed.items():
        values = [value] if isinstance(value, str) else value
        assert name in fields or name in form.options, f"{name} is not on the form"
        assert all(v in form.options.get(name, [v]) for v in values), f"{values} is not offered for {name}"
        fields[name] = values
    return fields


def form_in(html: str, *, form_id: str | None, posts_to: str | None) -> RenderedForm:
    form = RenderedForm(form_id=form_id, posts_to=posts_to)
    form.feed(html)
    assert form.fields, "the form is not on the page"
    return form


def someone_else_saves(world: World, map_: Map) -> None:
    item_save(
        acting_user=world.teammate,
        map_=map_,
        expected_version=map_.version,
        category="grey_area",
        text="Not clear who drove the car",
    )


@pytest.mark.parametrize("name", list(FORMS))
def test_a_stale_save_keeps_what_was_typed_and_the_form_shown_again_saves(world: World, client_for, name: str) -> None:
    form_on_page = FORMS[name]
    map_ = draft_with_an_item_and_a_pair(world)
    client: Client = client_for(world.worker)
    page = form_on_page.page(map_)
    posts_to = form_on_page.posts_to(map_) if form_on_page.posts_to else None
    rendered = rendered_form(client, page, form_on_page.form_id, posts_to=posts_to)
    typed = form_on_page.typed(world)

    someone_else_saves(world, map_)
    refused = client.post(posts_to or page, fill_in(rendered, typed))

    text = refused.content.decode()
    assert refused.status_code in {200, 400}
    assert REFUSED in text
    map_.refresh_from_db()
    assert not form_on_page.saved(map_)
    shown_again = form_in(text, form_id=form_on_page.form_id, posts_to=posts_to)
    for field, value in typed.items():
        # A browser drops the newline Django writes after <textarea>; the parser keeps it.
        kept = [v.removeprefix("\n") for v in shown_again.fields[field]]
        assert kept == ([value] if isinstance(value, str) else value), field

    saved = client.post(posts_to or page, shown_again.fields)

    assert saved.status_code == 302, saved.content.decode()
    map_.refresh_from_db()
    assert form_on_page.saved(map_)
    assert map_.items.filter(text="Not clear who drove the car").exists()  # the other save is still there


def test_a_next_step_finished_meanwhile_is_not_finished_twice(world: World, client_for) -> None:
    from casemap.mapping.services import next_step_add, next_step_mark_done

    map_ = draft_with_an_item_and_a_pair(world)
    step = next_step_add(
        acting_user=world.worker,
        map_=map_,
        expected_version=None,
        action="Ring the school",
        owner_name="Sally",
        due_on=NEXT_WEEK,
    )
    client = client_for(world.worker)
    done_url = reverse("mapping:next-step-done", args=[map_.pk, step.pk])
    button = rendered_form(client, _map_page(map_), posts_to=done_url)
    finished = next_step_mark_done(
        acting_user=world.teammate, next_step=step, done_on=YESTERDAY, expected_version=step.version
    )
    page = client.post(done_url, button.fields, follow=True).content.decode()
    assert "already marked as done" in page
    step.refresh_from_db()
    assert (step.done_on, step.version) == (YESTERDAY, finished.version)
    assert done_url not in page  # nothing left to finish
