"""The links at the top of every signed-in page: what each role is offered, and which one is the page shown."""

import re

import pytest

from casemap.conftest import World

EVERYONE = ["My caseload", "Good practice", "Feedback", "Find a person", "New referral"]


def _menu(html: str) -> list[tuple[str, str, bool]]:
    """Each link of the menu: its text, its address, and whether it says it is the current page."""
    menu = html[html.index('<ul class="govuk-service-navigation__list"') : html.index("</ul>")]
    return [
        (text, address, bool(current))
        for address, current, text in re.findall(
            r'<a class="govuk-service-navigation__link" href="([^"]+)"( aria-current="page")?>([^<]+)</a>', menu
        )
    ]


@pytest.mark.parametrize(
    ("persona", "offered"),
    [
        (
            "worker",
            ["My caseload", "Supervision", "Audit", "Good practice", "Feedback", "Find a person", "New referral"],
        ),
        (
            "manager",
            ["My caseload", "Team caseload", "Waiting for you", "Supervision", "Audit", *EVERYONE[1:]],
        ),
        ("service_manager", ["My caseload", "Team caseload", "Waiting for you", "Supervision", "Audit", *EVERYONE[1:]]),
        ("chair", ["My caseload", "Supervision", "Audit", *EVERYONE[1:]]),
        ("data_officer", [*EVERYONE, "Statutory returns"]),
        ("administrator", EVERYONE),
    ],
)
def test_each_role_is_offered_its_own_links(world: World, client_for, persona: str, offered: list[str]) -> None:  # type: ignore[no-untyped-def]
    page = client_for(getattr(world, persona)).get("/people/search/").content.decode()
    assert [text for text, _, _ in _menu(page)] == offered


def test_the_page_shown_is_marked_current_and_no_other(world: World, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for(world.manager)
    for address in ("/people/search/", "/cases/team/"):
        menu = _menu(client.get(address).content.decode())
        assert [text for text, link, current in menu if current] == [text for text, link, _ in menu if link == address]
        assert sum(current for _, _, current in menu) == 1
    page = client.get(f"/people/{world.child.pk}/").content.decode()
    assert not any(current for _, _, current in _menu(page)), "a child's record is none of the menu's pages"


def test_the_menu_is_not_shown_before_signing_in(client) -> None:  # type: ignore[no-untyped-def]
    page = client.get("/sign-in/").content.decode()
    assert "govuk-service-navigation__link" not in page
