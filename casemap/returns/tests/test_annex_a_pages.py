"""Annex A on the data officer's returns page: only data officers, the form posted as it is rendered, plain words
for a period that will not do, and the export's page with the period and each list's rows."""

import datetime
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casemap.access.models import AccessAction, AccessLogEntry
from casemap.conftest import NOT_DATA_OFFICERS, World
from casemap.core.tests.rendered_forms import post_changed, post_rendered, rendered_form
from casemap.returns.annex_a.period import END_BEFORE_START, END_IN_FUTURE, TOO_LONG, default_period
from casemap.returns.models import JobKind, ReturnExport, ReturnJob, ReturnKind
from casemap.returns.tests.annex_workbook import assert_meets_schema, open_workbook, sheet_rows

INDEX = reverse("returns:index")
ANNEX_A = reverse("returns:annex-a")


@pytest.fixture(autouse=True)
def returns_dir(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.RETURNS_DIR = tmp_path / "returns"
    return settings.RETURNS_DIR


def date_boxes(field: str, day: datetime.date) -> dict[str, str]:
    return {f"{field}_day": str(day.day), f"{field}_month": str(day.month), f"{field}_year": str(day.year)}


def test_a_data_officer_exports_the_lists_for_the_period_offered(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.data_officer)
    period = default_period(timezone.localdate())
    form = rendered_form(client, INDEX, posts_to=ANNEX_A)
    assert {name: values[0] for name, values in form.fields.items() if name != "csrfmiddlewaretoken"} == {
        **date_boxes("period_start", period.start),
        **date_boxes("period_end", period.end),
    }
    response = post_rendered(client, ANNEX_A, form)  # the period as offered
    job = ReturnJob.objects.get()
    assert response.status_code == 302
    assert (job.kind, response.url) == (JobKind.EXPORT_ANNEX_A, reverse("returns:job", args=[job.pk]))
    response = client.get(response.url)  # in tests the job ran as it was enqueued
    export = ReturnExport.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("returns:export", args=[export.pk])
    assert (export.kind, export.year, export.children) == (ReturnKind.ANNEX_A, None, 2)
    assert (export.period_start, export.period_end) == (period.start, period.end)
    assert export.list_rows[0] == {"sheet_name": "List 1", "title": "Contacts", "rows": 2}

    page = client.get(reverse("returns:export", args=[export.pk])).content.decode()
    assert period.label in page
    assert "Ofsted publishes no rules to check these lists against" in page
    assert "DfE" not in page
    assert '<th scope="row" class="govuk-table__header">List 11</th><td class="govuk-table__cell">Adopters</td>' in page
    assert world.child.first_name not in page
    listed = client.get(INDEX).content.decode()
    assert period.label in listed and "No rules published" in listed

    response = client.get(reverse("returns:download", args=[export.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="annex-a-')
    workbook = open_workbook(b"".join(response.streaming_content))
    assert_meets_schema(workbook)
    assert len(sheet_rows(workbook, "List 1")) == 2
    exported = AccessLogEntry.objects.filter(action=AccessAction.EXPORT, record_id=str(export.reference))
    assert {entry.person_id for entry in exported} == {world.child.pk, world.sibling.pk, None}
    assert exported.filter(person=None, detail="file downloaded", record_type="Annex A").count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"period_end_day": "", "period_end_month": "", "period_end_year": ""}, "Enter the date the period ends"),
        ({"period_start_day": ""}, "Start of the period must include a day"),
        ({"period_start_month": "13"}, "Start of the period must be a real date"),
        ({"period_end_year": "26"}, "Year must include 4 numbers"),
        ({"period_end_day": "first"}, "End of the period must be a real date, written in numbers"),
        ({"period_end_day": "9" * 500}, "End of the period must be a real date"),
        ({"period_end_year": "9" * 500}, "Year must include 4 numbers"),
        ({"period_start_month": "1\x00"}, "Null characters are not allowed"),
    ],
)
def test_a_date_typed_wrongly_is_refused_in_plain_words(  # type: ignore[no-untyped-def]
    world: World, client_for, changes: dict[str, str], message: str
) -> None:
    client = client_for(world.data_officer)
    response = post_changed(client, INDEX, posts_to=ANNEX_A, **changes)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert 'id="census-form"' in page  # the rest of the page is as it was
    assert not ReturnExport.objects.exists()
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()


def test_a_period_that_will_not_do_is_refused_and_kept_as_typed(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.data_officer)
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    for start, end, message in (
        (today, today - datetime.timedelta(days=1), END_BEFORE_START),
        (today, tomorrow, END_IN_FUTURE),
        (today.replace(year=today.year - 4), today, TOO_LONG),
    ):
        response = post_changed(
            client, INDEX, posts_to=ANNEX_A, **date_boxes("period_start", start), **date_boxes("period_end", end)
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert message.replace("'", "&#x27;") in page
        assert f'<a href="#id_period_{"end" if message != TOO_LONG else "start"}_0">' in page  # the summary links it
        again = rendered_form(client, INDEX, posts_to=ANNEX_A)  # a fresh page offers the default again
        assert again.fields["period_end_year"] == [str(today.year)]
        assert f'value="{end.year}"' in page and f'value="{start.year}"' in page
    assert not ReturnExport.objects.exists()


@pytest.mark.parametrize("persona", NOT_DATA_OFFICERS)
def test_only_data_officers_find_annex_a(world: World, client_for, persona: str) -> None:  # type: ignore[no-untyped-def]
    form = rendered_form(client_for(world.data_officer), INDEX, posts_to=ANNEX_A)
    user = getattr(world, persona)
    client = client_for(user)
    assert client.get(ANNEX_A).status_code == 404
    assert post_rendered(client, ANNEX_A, form).status_code == 404
    assert not ReturnExport.objects.exists()
    assert not AccessLogEntry.objects.filter(action=AccessAction.EXPORT).exists()
    assert AccessLogEntry.objects.filter(user=user, action=AccessAction.DENIED).count() == 2


def test_the_export_url_sends_a_data_officer_to_the_page(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    client: Client = client_for(world.data_officer)
    response = client.get(ANNEX_A)
    assert response.status_code == 302
    assert response.url == INDEX
