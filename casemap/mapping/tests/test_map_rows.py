"""The map's item rows, its scores and the caseload's overdue next steps are written in Python for speed: they must
read exactly as the templates wrote them."""

import datetime
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.test import SimpleTestCase
from django.utils.text import Truncator

from casemap.mapping.templatetags.map_rows import first_words

# The template the rows replaced, kept here as the reference.
REFERENCE = """{% load govuk %}{% for item in items %}
    <li class="casemap-map-item">
      <p class="govuk-body govuk-!-margin-bottom-1">{{ item.text|linebreaksbr }}</p>
      <p class="govuk-body-s govuk-!-margin-bottom-1">{% if item.said_by %}Said or seen by: {{ item.said_by }}{% endif %}{% if item.noted_on %}, {{ item.noted_on|iso_date }}{% endif %}{% if item.disputed_by %} · <strong>Disputed by {{ item.disputed_by }}</strong>{% endif %}</p>
      {% if item.evidence %}<p class="govuk-body-s govuk-!-margin-bottom-1">Evidence: {{ item.evidence }}</p>{% endif %}
      {% if editable %}
      <div class="govuk-body-s casemap-no-print casemap-map-item__actions">
        <a class="govuk-link" href="{{ item_edit_urls|get_item:item.id }}">Change<span class="govuk-visually-hidden"> “{{ item.text|truncatewords:6 }}”</span></a>
        <form method="post" action="{{ item_remove_urls|get_item:item.id }}" class="casemap-inline-form">{% csrf_token %}<input type="hidden" name="version" value="{{ map.version }}"><button type="submit" class="casemap-link-button">Remove<span class="govuk-visually-hidden"> “{{ item.text|truncatewords:6 }}”</span></button></form>
      </div>
      {% endif %}
    </li>
    {% endfor %}"""

ITEMS = [
    {
        "id": 7,
        "text": "Dad shouts <at> Mum when he has been drinking,\nand the children hide upstairs & wait",
        "said_by": "Alkira, 7, in her Three Houses",
        "noted_on": "2026-11-02",
        "disputed_by": "Eddy",
        "evidence": "Police log 14 & school's note",
    },
    {"id": 8, "text": "Nan walks them to school", "said_by": "", "noted_on": "", "disputed_by": "", "evidence": ""},
    {"id": 9, "text": "Seen by the GP", "said_by": "", "noted_on": "2026-10-01", "disputed_by": "", "evidence": ""},
]


def render_both(*, editable: bool, csrf_token: str = "t0ken") -> tuple[str, str]:  # noqa: S107
    values = {
        "items": ITEMS,
        "editable": editable,
        "map": SimpleNamespace(version=12),
        "item_edit_urls": {7: "/maps/3/item/7/", 8: "/maps/3/item/8/", 9: "/maps/3/item/9/"},
        "item_remove_urls": {7: "/maps/3/item/7/remove/", 8: "/maps/3/item/8/remove/", 9: "/maps/3/item/9/remove/"},
        "csrf_token": csrf_token,
    }
    reference = Template(REFERENCE).render(Context(values))
    written = Template("{% load map_rows %}{% map_item_rows items %}").render(Context(values))
    return reference, written


@pytest.mark.parametrize("editable", [True, False])
def test_the_rows_read_as_the_template_wrote_them(editable: bool) -> None:
    reference, written = render_both(editable=editable)
    SimpleTestCase().assertHTMLEqual(written, reference)
    assert ("Remove" in written) is editable
    assert "&lt;at&gt;" in written and "<at>" not in written  # what was typed is escaped


def test_without_a_csrf_token_the_rows_write_none() -> None:
    reference, written = render_both(editable=True, csrf_token="NOTPROVIDED")
    SimpleTestCase().assertHTMLEqual(written, reference)
    assert "csrfmiddlewaretoken" not in written


# The score rows the tag replaced, kept here as the reference.
JUDGEMENT_REFERENCE = """{% load govuk %}{% for judgement in judgements %}
    <tr class="govuk-table__row">
      <td class="govuk-table__cell">{{ judgement.rater_name }} <span class="govuk-hint govuk-!-margin-0">{{ judgement.rater_role_label }}</span></td>
      <td class="govuk-table__cell govuk-table__cell--numeric"><strong>{{ judgement.score }}</strong></td>
      <td class="govuk-table__cell">{{ judgement.reason }}</td><td class="govuk-table__cell">{{ judgement.one_point_higher }}</td>
      {% if editable %}<td class="govuk-table__cell"><form method="post" action="{{ judgement_remove_urls|get_item:judgement.id }}">{% csrf_token %}<input type="hidden" name="version" value="{{ map.version }}"><button type="submit" class="casemap-link-button">Remove<span class="govuk-visually-hidden"> {{ judgement.rater_name }}'s score</span></button></form></td>{% endif %}
    </tr>
  {% endfor %}"""

JUDGEMENTS = [
    {"id": 4, "rater_name": "Merinda <Mum>", "rater_role_label": "Parent", "score": 3,
     "reason": "Dad still drinks & shouts", "one_point_higher": "If Nan stayed over on Fridays"},
    {"id": 5, "rater_name": "Sally O'Neill", "rater_role_label": "Social worker", "score": 0, "reason": "",
     "one_point_higher": ""},
]  # fmt: skip


@pytest.mark.parametrize("editable", [True, False])
def test_the_score_rows_read_as_the_template_wrote_them(editable: bool) -> None:
    values = {
        "judgements": JUDGEMENTS,
        "editable": editable,
        "map": SimpleNamespace(version=12),
        "judgement_remove_urls": {4: "/maps/3/judgement/4/remove/", 5: "/maps/3/judgement/5/remove/"},
        "csrf_token": "t0ken",
    }
    reference = Template(JUDGEMENT_REFERENCE).render(Context(values))
    written = Template("{% load map_rows %}{% judgement_rows judgements %}").render(Context(values))
    SimpleTestCase().assertHTMLEqual(written, reference)
    assert ("Remove" in written) is editable
    assert "&lt;Mum&gt;" in written and "<Mum>" not in written  # what was typed is escaped


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Ring the school",
        "one two three four five six",
        "one two three four five six seven",
        "  Dad shouts\nwhen he   has been drinking, and the children hide upstairs ",
        "one two three four five …",
        "one two three four five … seven",
        "a b c d e f g h i j k",
    ],
)
def test_first_words_are_what_truncatewords_writes(text: str) -> None:
    assert first_words(text) == Truncator(text).words(6, truncate=" …")


# The overdue next steps' rows the tag replaced, kept here as the reference.
OVERDUE_REFERENCE = """{% load govuk %}{% for step in overdue_next_steps %}
    <tr class="govuk-table__row"><td class="govuk-table__cell">{{ step.action }}</td><td class="govuk-table__cell"><a class="govuk-link" href="{% url 'mapping:map' step.map_id %}#next_steps">{{ step.map.case.family_name }}, map {{ step.map.number }}</a></td>
      <td class="govuk-table__cell"><strong class="govuk-tag govuk-tag--red">Overdue</strong> {{ step.due_on|short_date }}</td>
      <td class="govuk-table__cell"><form method="post" action="{% url 'mapping:next-step-done' step.map_id step.pk %}">{% csrf_token %}<input type="hidden" name="version" value="{{ step.version }}"><input type="hidden" name="back" value="{% url 'cases:my-caseload' %}"><button type="submit" class="casemap-link-button">Mark as done<span class="govuk-visually-hidden">: {{ step.action|truncatewords:6 }}</span></button></form></td></tr>
  {% endfor %}"""


def test_the_overdue_next_steps_read_as_the_template_wrote_them() -> None:
    steps = [
        SimpleNamespace(
            pk=pk,
            map_id=map_id,
            version=version,
            action=action,
            due_on=datetime.date(2026, 11, day),
            map=SimpleNamespace(number=number, case=SimpleNamespace(family_name=family)),
        )
        for pk, map_id, version, action, day, number, family in [
            (31, 4, 2, "Ring the school <today> & ask about Alkira's attendance last term", 3, 2, "O'Neil"),
            (32, 9, 1, "Visit Nan", 20, 1, "Cooper"),
        ]
    ]
    values = {"overdue_next_steps": steps, "csrf_token": "t0ken"}
    reference = Template(OVERDUE_REFERENCE).render(Context(values))
    written = Template("{% load map_rows %}{% overdue_next_step_rows overdue_next_steps %}").render(Context(values))
    SimpleTestCase().assertHTMLEqual(written, reference)
    assert "&lt;today&gt;" in written and "<today>" not in written  # what was typed is escaped
    assert 'action="/maps/4/next-steps/31/done/"' in written
