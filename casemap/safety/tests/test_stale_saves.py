"""Every form and button that changes a safety record, posted exactly as the page rendered it after someone else
saved meanwhile: the save is refused, what was typed is kept, and the form shown again saves once posted as it
now stands."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from casemap.conftest import World
from casemap.core.people_choice import SOMEONE_ELSE
from casemap.core.tests.rendered_forms import RenderedForm, rendered_form
from casemap.safety.models import (
    BottomLine,
    PlanContact,
    PlanTrigger,
    SafetyNetworkMember,
    SafetyPlan,
    SafetyPlanRule,
    Trajectory,
    TrajectoryStep,
)
from casemap.safety.services import network_member_deactivate, network_member_update
from casemap.safety.services.plans import trigger_save
from casemap.safety.services.trajectory import trajectory_step_add
from casemap.safety.tests.plan_data import TODAY, draft_plan

pytestmark = pytest.mark.django_db
YESTERDAY = TODAY - datetime.timedelta(days=1)
NEXT_MONTH = TODAY + datetime.timedelta(days=30)
REFUSED = "Your changes have not been saved"


@dataclass(frozen=True)
class Records:
    """The worked-example family's draft plan with one line in each section, its network (Pat has left) and a
    trajectory with one step."""

    plan: SafetyPlan
    rose: SafetyNetworkMember
    pat: SafetyNetworkMember
    step: TrajectoryStep

    def row(self, model: type) -> int:
        return int(model._default_manager.get(plan=self.plan).pk)


def make_records(world: World) -> Records:
    plan = draft_plan(world)
    rose = SafetyNetworkMember.objects.get(name="Rose")
    pat = network_member_deactivate(
        acting_user=world.worker,
        member=SafetyNetworkMember.objects.get(name="Pat"),
        expected_version=None,
        inactive_since=TODAY,
        reason="Moved away",
    )
    step = trajectory_step_add(
        acting_user=world.worker, case=world.case, expected_version=None, description="Review", target_on=NEXT_MONTH
    )
    plan.refresh_from_db()
    return Records(plan=plan, rose=rose, pat=pat, step=step)


def a_trigger_added(world: World, records: Records) -> Callable[[], bool]:
    saved = trigger_save(
        acting_user=world.teammate,
        plan=records.plan,
        expected_version=SafetyPlan.objects.get(pk=records.plan.pk).version,
        warning_sign="Eddy grips the car keys",
        what_to_do="Rose comes round",
    )
    return lambda: PlanTrigger.objects.filter(pk=saved.pk).exists()


def a_member_changed(member: Callable[[Records], SafetyNetworkMember]) -> Callable[[World, Records], Callable]:
    def change(world: World, records: Records) -> Callable[[], bool]:
        current = SafetyNetworkMember.objects.get(pk=member(records).pk)
        network_member_update(
            acting_user=world.teammate,
            member=current,
            expected_version=current.version,
            name=current.name,
            phone=current.phone,
            address=current.address,
            roles=current.roles,
            notes="Tom's note",
        )
        return lambda: SafetyNetworkMember.objects.get(pk=current.pk).notes == "Tom's note"

    return change


def rose_leaves(world: World, records: Records) -> Callable[[], bool]:
    """A change to Rose that her details form does not carry, so saving the form again keeps it."""
    network_member_deactivate(
        acting_user=world.teammate,
        member=records.rose,
        expected_version=SafetyNetworkMember.objects.get(pk=records.rose.pk).version,
        inactive_since=TODAY,
        reason="Moved away",
    )
    return lambda: not SafetyNetworkMember.objects.get(pk=records.rose.pk).is_active


def a_step_added(world: World, records: Records) -> Callable[[], bool]:
    trajectory = Trajectory.objects.get(case=world.case)
    saved = trajectory_step_add(
        acting_user=world.teammate,
        case=world.case,
        expected_version=trajectory.version,
        description="Family network meeting",
        target_on=NEXT_MONTH,
    )
    return lambda: TrajectoryStep.objects.filter(pk=saved.pk).exists()


@dataclass(frozen=True)
class SafetyForm:
    """One form or button that changes a safety record: the page it is on, where it posts (None: to the page),
    what the worker types, how someone else saves the same record meanwhile, and how to tell it was saved."""

    page: Callable[[Records], str]
    posts_to: Callable[[Records], str] | None
    form_id: str | None
    typed: dict[str, str | list[str]]
    someone_else_saves: Callable[[World, Records], Callable[[], bool]]
    saved: Callable[[Records], bool]


def plan_page(records: Records) -> str:
    return reverse("safety:plan", args=[records.plan.pk])


def row_page(section: str, model: type) -> Callable[[Records], str]:
    return lambda r: reverse("safety:plan-section-change", args=[r.plan.pk, section, r.row(model)])


def remove_button(section: str, model: type) -> Callable[[Records], str]:
    return lambda r: reverse("safety:plan-section-remove", args=[r.plan.pk, section, r.row(model)])


def added(section: str) -> Callable[[Records], str]:
    return lambda r: reverse("safety:plan-section-add", args=[r.plan.pk, section])


def trajectory_page(records: Records) -> str:
    return reverse("safety:trajectory", args=[records.plan.case_id])


def date_typed(name: str, day: datetime.date) -> dict[str, str | list[str]]:
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def rows(model: type, **match: str) -> Callable[[Records], bool]:
    return lambda r: model._default_manager.filter(plan=r.plan, **match).exists()


FORMS = {
    "plan details": SafetyForm(
        page=plan_page,
        posts_to=lambda r: reverse("safety:plan-details", args=[r.plan.pk]),
        form_id=None,
        typed={"details-kind": "interim", "details-childrens_version": "Alkira drew her Safety House"},
        someone_else_saves=a_trigger_added,
        saved=lambda r: SafetyPlan.objects.filter(pk=r.plan.pk, kind="interim").exists(),
    ),
    "rule added": SafetyForm(
        page=plan_page,
        posts_to=added("rules"),
        form_id=None,
        typed={"rules-wording": "Merinda rings Rose when the shouting starts"},
        someone_else_saves=a_trigger_added,
        saved=rows(SafetyPlanRule, wording="Merinda rings Rose when the shouting starts"),
    ),
    "rule changed": SafetyForm(
        page=row_page("rules", SafetyPlanRule),
        posts_to=None,
        form_id="row-form",
        typed={"rules-wording": "Eddy goes for a walk when he feels angry"},
        someone_else_saves=a_trigger_added,
        saved=rows(SafetyPlanRule, wording="Eddy goes for a walk when he feels angry"),
    ),
    "rule removed": SafetyForm(
        page=plan_page,
        posts_to=remove_button("rules", SafetyPlanRule),
        form_id=None,
        typed={},
        someone_else_saves=a_trigger_added,
        saved=lambda r: not SafetyPlanRule.objects.filter(plan=r.plan).exists(),
    ),
    "trigger added": SafetyForm(
        page=plan_page,
        posts_to=added("triggers"),
        form_id=None,
        typed={"triggers-warning_sign": "Doors slam", "triggers-what_to_do": "Darel takes his sisters to Rose"},
        someone_else_saves=a_trigger_added,
        saved=rows(PlanTrigger, warning_sign="Doors slam"),
    ),
    "trigger changed": SafetyForm(
        page=row_page("triggers", PlanTrigger),
        posts_to=None,
        form_id="row-form",
        typed={"triggers-what_to_do": "Everyone stops and Eddy goes for a walk"},
        someone_else_saves=a_trigger_added,
        saved=rows(PlanTrigger, what_to_do="Everyone stops and Eddy goes for a walk"),
    ),
    "contact added": SafetyForm(
        page=plan_page,
        posts_to=added("contacts"),
        form_id=None,
        typed={
            "contacts-who_choice": SOMEONE_ELSE,
            "contacts-who_other": "Family helpline",
            "contacts-phone": "01632 960555",
            "contacts-when_to_call": "At night, if no one else answers",
        },
        someone_else_saves=a_trigger_added,
        saved=rows(PlanContact, when_to_call="At night, if no one else answers"),
    ),
    "contact changed": SafetyForm(
        page=row_page("contacts", PlanContact),
        posts_to=None,
        form_id="row-form",
        typed={"contacts-when_to_call": "Whenever the children are frightened"},
        someone_else_saves=a_trigger_added,
        saved=rows(PlanContact, when_to_call="Whenever the children are frightened"),
    ),
    "bottom line added": SafetyForm(
        page=plan_page,
        posts_to=added("bottom-lines"),
        form_id=None,
        typed={"bottom-lines-text": "The children sleep at home every night"},
        someone_else_saves=a_trigger_added,
        saved=rows(BottomLine, text="The children sleep at home every night"),
    ),
    "bottom line changed": SafetyForm(
        page=row_page("bottom-lines", BottomLine),
        posts_to=None,
        form_id="row-form",
        typed={"bottom-lines-text": "Nobody drives the children after a row"},
        someone_else_saves=a_trigger_added,
        saved=rows(BottomLine, text="Nobody drives the children after a row"),
    ),
    "network member changed": SafetyForm(
        page=lambda r: reverse("safety:member-change", args=[r.rose.pk]),
        posts_to=None,
        form_id="member-form",
        typed={"phone": "01632 960999", "relationship_text": "Merinda's oldest friend"},
        someone_else_saves=rose_leaves,
        saved=lambda r: SafetyNetworkMember.objects.filter(pk=r.rose.pk, phone="01632 960999").exists(),
    ),
    "network member leaves": SafetyForm(
        page=lambda r: reverse("safety:member-deactivate", args=[r.rose.pk]),
        posts_to=None,
        form_id="deactivate-form",
        typed={"reason": "Rose has moved to Leeds", **date_typed("inactive_since", YESTERDAY)},
        someone_else_saves=a_member_changed(lambda r: r.rose),
        saved=lambda r: SafetyNetworkMember.objects.filter(pk=r.rose.pk, is_active=False).exists(),
    ),
    "network member rejoins": SafetyForm(
        page=lambda r: reverse("safety:network", args=[r.plan.case_id]),
        posts_to=lambda r: reverse("safety:member-reactivate", args=[r.pat.pk]),
        form_id=None,
        typed={},
        someone_else_saves=a_member_changed(lambda r: r.pat),
        saved=lambda r: SafetyNetworkMember.objects.filter(pk=r.pat.pk, is_active=True).exists(),
    ),
    "trajectory step added": SafetyForm(
        page=trajectory_page,
        posts_to=lambda r: reverse("safety:trajectory-step-add", args=[r.plan.case_id]),
        form_id=None,
        typed={"step-description": "Review conference", **date_typed("step-target_on", NEXT_MONTH)},
        someone_else_saves=a_step_added,
        saved=lambda r: TrajectoryStep.objects.filter(description="Review conference").exists(),
    ),
    "trajectory step done": SafetyForm(
        page=trajectory_page,
        posts_to=lambda r: reverse("safety:trajectory-step-done", args=[r.plan.case_id, r.step.pk]),
        form_id=None,
        typed={},
        someone_else_saves=a_step_added,
        saved=lambda r: TrajectoryStep.objects.filter(pk=r.step.pk, done_on=TODAY).exists(),
    ),
    "how long the goals are kept": SafetyForm(
        page=trajectory_page,
        posts_to=lambda r: reverse("safety:trajectory-sustained", args=[r.plan.case_id]),
        form_id=None,
        typed={"sustained-sustain_for": "6", "sustained-sustain_unit": "months"},
        someone_else_saves=a_step_added,
        saved=lambda r: Trajectory.objects.filter(case_id=r.plan.case_id, sustain_for=6).exists(),
    ),
}


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


@pytest.mark.parametrize("name", list(FORMS))
def test_a_stale_save_keeps_what_was_typed_and_the_form_shown_again_saves(world: World, client_for, name: str) -> None:
    form_on_page = FORMS[name]
    records = make_records(world)
    client: Client = client_for(world.worker)
    page = form_on_page.page(records)
    posts_to = form_on_page.posts_to(records) if form_on_page.posts_to else None
    rendered = rendered_form(client, page, form_on_page.form_id, posts_to=posts_to)

    other_save_kept = form_on_page.someone_else_saves(world, records)
    refused = client.post(posts_to or page, fill_in(rendered, form_on_page.typed), follow=True)

    text = refused.content.decode()
    assert REFUSED in text
    assert not form_on_page.saved(records)
    shown_again = form_in(text, form_id=form_on_page.form_id, posts_to=posts_to)
    for field, value in form_on_page.typed.items():
        # A browser drops the newline Django writes after <textarea>; the parser keeps it.
        kept = [v.removeprefix("\n") for v in shown_again.fields[field]]
        assert kept == ([value] if isinstance(value, str) else value), field

    saved = client.post(posts_to or page, shown_again.fields)

    assert saved.status_code == 302, saved.content.decode()
    assert form_on_page.saved(records)
    assert other_save_kept()
