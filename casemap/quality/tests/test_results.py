"""The audit results page: counts by criterion, team and quarter, every one through the suppression; small teams not
shown as teams; learning with no names; who may read it; the filter form as the page renders it."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from casemap.accounts.models import Team
from casemap.conftest import TeamFactory, UserFactory, World
from casemap.core.tests.rendered_forms import rendered_form
from casemap.quality.models import AuditTool
from casemap.quality.redaction import NAME_REMOVED
from casemap.quality.reports import previous_quarter, quarter_start
from casemap.quality.tests.results_data import CLOSURE_AUDIT, SIGNS_OF_SAFETY_CASE_AUDIT, audits

pytestmark = pytest.mark.django_db

ROW = re.compile(r'<tr class="govuk-table__row"><th scope="row" class="govuk-table__header">([^<]*)</th>(.*?)</tr>')
TD = re.compile(r"<td [^>]*>([^<]*)</td>")


def table(page: str, caption: str) -> dict[str, list[str]]:
    """A table of the page by its caption: row label -> the cells as shown (the total row last)."""
    found = page.split(f">{caption}</caption>", 1)
    assert len(found) == 2, f"no table {caption!r}"
    body = found[1].split("</table>", 1)[0]
    return {label: TD.findall(cells) for label, cells in ROW.findall(body)}


def get(client, **filters: object):  # type: ignore[no-untyped-def]
    return client.get(reverse("quality:results"), filters or None)


def page_for(client, **filters: object) -> str:  # type: ignore[no-untyped-def]
    response = get(client, **filters)
    assert response.status_code == 200
    return response.content.decode()


def tool(name: str = SIGNS_OF_SAFETY_CASE_AUDIT) -> AuditTool:
    return AuditTool.objects.get(name=name)


def audited(world: World, team: Team, count: int, **fields: object) -> None:
    audits(count, case=world.case, team=team, auditor=world.practice_lead, practitioner=world.worker, **fields)


def test_a_team_with_four_audits_shows_c_everywhere_and_is_not_listed(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    audited(world, world.team, 4, scores=[7, 7, 3, 8, 9, 1, 6, 6], overall=6, learning="Plans need dates.")
    page = page_for(client_for(world.practice_lead), tool=tool().pk)
    shown = re.findall(r'<td class="govuk-table__cell govuk-table__cell--numeric">([^<]*)</td>', page)
    assert shown, "the tables are on the page"
    assert set(shown) <= {"c", "0", ""}, shown
    teams = table(page, "Completed audits by team and quarter")
    assert world.team.name not in teams and "Other teams" in teams
    assert "Completed audits: c" in page
    assert "Plans need dates." not in page and "only for 6 or more" in page
    criteria = table(page, "Scores by criterion")
    assert all(cells[-1] == "c" for label, cells in criteria.items() if label != "All criteria (scores)")


def test_no_line_of_a_table_has_a_single_hidden_value(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    """Totals minus the shown cells of a line never give away one hidden value: every line hides none or two."""
    now = timezone.now()
    last_quarter = timezone.make_aware(
        datetime.datetime.combine(previous_quarter(quarter_start(timezone.localdate())), datetime.time(12))
    )
    third = TeamFactory(name="Assessment east")
    audited(world, world.team, 9, scores=[8, 6, 2, 5], completed_at=now)
    audited(world, world.team, 3, scores=[8, 6, 2, 5], completed_at=last_quarter)
    audited(world, world.other_team, 7, scores=[9, 9, 9, 9], completed_at=now)
    audited(world, world.other_team, 2, scores=[9, 9, 9, 9], completed_at=last_quarter)
    audited(world, third, 4, scores=[1, 1, 1, 1], completed_at=now)
    page = page_for(client_for(world.practice_lead), tool=tool().pk)
    grid = list(table(page, "Completed audits by team and quarter").values())
    body, totals = grid[:-1], grid[-1]
    lines = [*body, totals, *[list(column) for column in zip(*body, totals, strict=True)]]
    # The scores by criterion have no column totals (each audit is in every row): each row with its total.
    lines += [cells[:-1] for cells in table(page, "Scores by criterion").values()]
    for line in lines:
        assert sum(value == "c" for value in line) != 1, line
    teams = table(page, "Completed audits by team and quarter")
    assert world.team.name in teams and world.other_team.name in teams
    assert third.name not in teams, "a team with fewer than 6 audits is not shown as a team"
    assert teams[world.team.name][-1] == "12"


def test_scores_are_counted_in_bands_with_the_median(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    for first in (0, 2, 4, 6, 7, 8, 9, 10):
        audited(world, world.team, 1, scores=[first], overall=first)
    audited(world, world.team, 7, scores=[9], overall=9)
    page = page_for(client_for(world.service_manager), tool=tool().pk, team=world.team.pk)
    criteria = table(page, "Scores by criterion")
    # 0, 2 | 4 | 6, 7 | 8, 9, 10 and seven 9s: 2, 1, 2, 10 (primary and secondary suppression), 15, median 9
    assert criteria["The child&#x27;s voice"] == ["c", "c", "c", "10", "15", "9"]
    assert "Median score by criterion, out of 10" in page and ">9</text>" in page, "the chart shows the table's median"
    overall = table(page, "Overall judgement")
    assert overall["Overall judgement"] == ["c", "c", "c", "10", "15", "9"]


def test_an_ofsted_tool_is_counted_in_its_four_grades(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    audited(world, world.team, 6, scores=[3, 2], tool_name=CLOSURE_AUDIT)
    audited(world, world.team, 6, scores=[4, 2], tool_name=CLOSURE_AUDIT)
    page = page_for(client_for(world.practice_lead), tool=tool(CLOSURE_AUDIT).pk)
    criteria = table(page, "Scores by criterion")
    assert criteria["Reasons for closing"] == ["0", "0", "6", "6", "12", "Between Good and Outstanding"]
    assert criteria["Safety after closing"] == ["0", "12", "0", "0", "12", "Requires improvement to be good"]


def test_learning_never_names_a_member_of_staff(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    UserFactory(first_name="Harriet", last_name="Okafor")
    said = "Sally Worker's plan was clear; SALLY listened. Harriet okafor checked. The Sallyport visit helped."
    audited(world, world.team, 6, scores=[6], learning=said)
    page = page_for(client_for(world.manager), tool=tool().pk)
    learning = page.split("Learning from these audits", 1)[1]
    assert "Sally" not in learning.replace("Sallyport", "") and "SALLY" not in learning
    assert "Harriet" not in learning and "okafor" not in learning.lower()
    assert NAME_REMOVED in learning and "Sallyport" in learning, "whole words only"
    for person in (world.worker, world.practice_lead):  # the practitioner and the auditor
        assert person.get_full_name() not in learning


def test_the_chosen_quarter_counts_only_its_audits(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    last = previous_quarter(quarter_start(timezone.localdate()))
    audited(world, world.team, 6, scores=[5], completed_at=timezone.now())
    audited(
        world,
        world.team,
        7,
        scores=[5],
        completed_at=timezone.make_aware(datetime.datetime.combine(last, datetime.time(9))),
    )
    page = page_for(client_for(world.practice_lead), tool=tool().pk, quarter=last.isoformat())
    assert "Completed audits: 7" in page


@pytest.mark.parametrize("persona", ["worker", "other_worker", "chair", "data_officer", "administrator"])
def test_the_results_are_not_found_for_others(client_for, world: World, persona: str) -> None:  # type: ignore[no-untyped-def]
    audited(world, world.team, 6, scores=[5])
    assert get(client_for(getattr(world, persona))).status_code == 404
    assert get(client_for(getattr(world, persona)), tool=tool().pk).status_code == 404


@pytest.mark.parametrize("persona", ["practice_lead", "service_manager"])
def test_practice_leads_and_service_managers_see_every_team(client_for, world: World, persona: str) -> None:  # type: ignore[no-untyped-def]
    audited(world, world.team, 6, scores=[5])
    audited(world, world.other_team, 6, scores=[5])
    teams = table(page_for(client_for(getattr(world, persona))), "Completed audits by team and quarter")
    assert world.team.name in teams and world.other_team.name in teams and "Other teams" not in teams


def test_a_team_manager_sees_their_own_team_and_the_totals(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    audited(world, world.team, 6, scores=[5])
    audited(world, world.other_team, 8, scores=[9])
    client = client_for(world.manager)
    page = page_for(client)
    teams = table(page, "Completed audits by team and quarter")
    assert teams[world.team.name][-1] == "6"
    assert world.other_team.name not in teams and teams["Other teams"][-1] == "8"
    assert "Completed audits: 14" in page, "the authority's totals"
    form = rendered_form(client, reverse("quality:results"), "audit-results-filter")
    assert set(form.options["team"]) == {"", str(world.team.pk)}, "only their own team is offered"
    refused = page_for(client, tool=tool().pk, team=world.other_team.pk)
    assert "Choose one of the teams" in refused and "Completed audits:" not in refused


def test_the_filter_form_as_the_page_renders_it(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    audited(world, world.team, 6, scores=[5])
    client = client_for(world.service_manager)
    url = reverse("quality:results")
    form = rendered_form(client, url, "audit-results-filter")
    assert set(form.fields) == {"tool", "version", "service", "team", "quarter"}
    sent = {name: values[0] for name, values in form.fields.items()}
    assert sent["tool"] == str(tool().pk), "the case audit is chosen first"
    page = page_for(client, **sent)
    assert "Completed audits: 6" in page
    for team in form.options["team"]:
        for quarter in form.options["quarter"][:2]:
            chosen = page_for(client, **dict(sent, team=team, quarter=quarter))
            assert "Completed audits:" in chosen or "fewer than 6" in chosen


def test_the_page_costs_the_same_queries_on_more_audits(client_for, world: World) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.practice_lead)
    audited(world, world.team, 6, scores=[5, 6], learning="Dates in plans.")
    page_for(client, tool=tool().pk)

    def counted() -> int:
        with CaptureQueriesContext(connection) as queries:
            page_for(client, tool=tool().pk)
        return len(queries)

    small = counted()
    audited(world, world.other_team, 12, scores=[5, 6, 7, 8], learning="More network.")
    audited(world, TeamFactory(), 7, scores=[1, 2], learning="Quicker visits.")
    assert counted() == small


ODD = st.one_of(
    st.text(max_size=20), st.sampled_from(["", "0", "-1", "\x00", "9" * 30, "2026-13-01", "2026-02-30", "1e9"])
)


@settings(max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.fixed_dictionaries({}, optional=dict.fromkeys(["tool", "version", "service", "team", "quarter"], ODD)))
def test_any_query_string_is_answered_without_a_server_error(client_for, world: World, query: dict) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.practice_lead)
    for url in (reverse("quality:results"), reverse("quality:results-agreement")):
        assert client.get(url, query).status_code < 500, query
