"""What axe-core cannot see on a page at rest: focus states reached by keyboard, and reflow on a narrow screen."""

import pytest
from playwright.sync_api import expect

from casemap.conftest import World
from tests.browser.support import AXE_JS, AxeAudit, describe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUS_STYLE = """el => {
  const style = getComputedStyle(el);
  return {color: style.color, background: style.backgroundColor, outline: style.outlineStyle,
          shadow: style.boxShadow};
}"""


def test_header_and_navigation_show_keyboard_focus_clearly(world: World, new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, world.manager)
    page.goto(f"/cases/{world.case.pk}/")
    page.add_script_tag(path=str(AXE_JS))

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    checked = []
    for _ in range(12):
        page.keyboard.press("Tab")
        focused = page.locator(":focus")
        name = focused.inner_text().strip()
        checked.append(name)
        style = focused.evaluate(FOCUS_STYLE)
        # GOV.UK's focus state: yellow behind dark text, with a dark underline or border.
        assert style["background"] == "rgb(255, 221, 0)", f"{name!r} has no yellow focus background: {style}"
        assert style["color"] == "rgb(11, 12, 12)", f"{name!r} focus text is not dark: {style}"
        result = page.evaluate(
            "() => axe.run(document.activeElement, {runOnly: {type: 'rule', values: ['color-contrast']}})"
        )
        assert not result["violations"], describe_violations(f"{name!r} while focused", result["violations"])
        if name == "New referral":
            break
    # The order on screen, left to right: the service name, then sign out, then the navigation.
    assert checked[:2] == ["Casemap", "Sign out"], checked
    assert "My caseload" in checked and "New referral" in checked


@pytest.mark.parametrize("width", [320])
def test_pages_reflow_without_sideways_scrolling(world: World, new_page, axe_audit: AxeAudit, width: int) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    sign_in(page, world.manager)
    page.set_viewport_size({"width": width, "height": 800})
    too_wide = []
    for path in [
        "/cases/",
        "/cases/team/",
        f"/cases/{world.case.pk}/",
        f"/cases/{world.case.pk}/notes/new/",
        f"/people/{world.child.pk}/",
        f"/people/{world.child.pk}/family/",
        f"/people/{world.child.pk}/episodes/",
        f"/people/{world.child.pk}/timeline/",
        "/cases/referrals/new/",
    ]:
        page.goto(path)
        scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
        if scroll_width > width:
            too_wide.append(f"{path}: {scroll_width}px wide")
        axe_audit.check(page, f"{path} at {width}px")  # a table that scrolls in its box must be reachable
    assert not too_wide, f"Pages scroll sideways at {width}px (WCAG 1.4.10 Reflow):\n" + "\n".join(too_wide)
    axe_audit.assert_clean()

    page.goto("/cases/team/")
    table_box = page.locator(".casemap-table-wrapper").first
    expect(table_box).to_have_attribute("tabindex", "0")
    expect(table_box).to_have_accessible_name("1 case (scrolls sideways)")
