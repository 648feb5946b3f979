"""The caseload's rows, written in Python: each case's family, children, service, worker and visit dates."""

import datetime
import re

from django.urls import reverse

from casemap.cases.models import Case, CaseService
from casemap.cases.selectors import CaseloadRow
from casemap.cases.templatetags.caseload_rows import NO_CASES, caseload_rows
from casemap.conftest import World

TODAY = datetime.date(2026, 12, 1)


def _cells(html: str) -> list[str]:
    return re.findall(r'<td class="govuk-table__cell">(.*?)</td>', html)


def test_a_row_writes_each_column_escaped() -> None:
    case = Case(family_name="O'Neil <Smith>", service=CaseService.CHILD_PROTECTION, opened_on=datetime.date(2026, 3, 4))
    row = CaseloadRow(case, "/cases/7/", [("Ada O'Neil", "/people/1/"), ("Bo <b>", "/people/2/")], TODAY, True)
    assert _cells(caseload_rows([row], team_view=True)) == [
        '<a class="govuk-link" href="/cases/7/">O&#x27;Neil &lt;Smith&gt;</a>',
        '<a class="govuk-link" href="/people/1/">Ada O&#x27;Neil</a><br><a class="govuk-link" href="/people/2/">Bo &lt;b&gt;</a>',
        case.get_service_display(),
        "Unallocated",
        "4 Mar 2026",
        "None yet",
        '<strong class="govuk-tag govuk-tag--red">Overdue</strong> 1 Dec 2026',
    ]
    assert len(_cells(caseload_rows([row], team_view=False))) == 6, "a worker's own caseload has no worker column"


def test_a_closed_case_says_closed_instead_of_the_next_visit() -> None:
    case = Case(
        family_name="Cooper",
        service=CaseService.CHILD_PROTECTION,
        opened_on=datetime.date(2026, 1, 5),
        last_visit_on=datetime.date(2026, 2, 6),
        closed_on=datetime.date(2026, 3, 1),
    )
    cells = _cells(caseload_rows([CaseloadRow(case, "/cases/8/", [], TODAY, False)], team_view=False))
    assert cells[3:] == ["5 Jan 2026", "6 Feb 2026", "Closed"]


def test_no_cases_is_said_in_a_row() -> None:
    assert caseload_rows([], team_view=True) == NO_CASES


def test_the_team_caseload_names_the_worker_and_links_each_child_eldest_first(world: World, client_for) -> None:
    page = client_for(world.manager).get(reverse("cases:team-caseload")).content.decode()
    body = page[page.index('<tbody class="govuk-table__body">') :]
    cells = _cells(body[: body.index("</tr>")])
    assert cells[1] == (
        f'<a class="govuk-link" href="/people/{world.sibling.pk}/">Darel Cooper</a><br>'
        f'<a class="govuk-link" href="/people/{world.child.pk}/">Alkira Cooper</a>'
    )
    assert cells[3] == world.worker.get_full_name()
