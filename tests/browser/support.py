"""Helpers for the browser tests: a real sign-in with a TOTP code, and axe-core checks with readable failures."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from casemap.accounts.models import User
from casemap.conftest import TEST_PASSWORD

AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def give_authenticator(user: User, *, confirmed: bool = True) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=confirmed)


def current_code(device: TOTPDevice) -> str:
    """The code the user's authenticator app would show now."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


def enter_password(page: Any, user: User) -> None:
    page.goto("/sign-in/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def enter_code(page: Any, device: TOTPDevice) -> None:
    page.get_by_label("Security code").fill(current_code(device))
    page.get_by_role("button", name="Continue").click()


def sign_in(page: Any, user: User, *, on_two_factor: Callable[[Any], None] | None = None) -> None:
    """Sign in for real: username and password, then the code from the user's confirmed authenticator.

    django-otp refuses a code already used, so sign a user in at most once per 30-second step."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or give_authenticator(user)
    enter_password(page, user)
    page.wait_for_url("**/two-factor/**")
    if on_two_factor is not None:
        on_two_factor(page)
    enter_code(page, device)
    page.wait_for_url("**/cases/")


def axe_violations(page: Any) -> list[dict[str, Any]]:
    assert AXE_JS.exists(), f"axe-core is missing at {AXE_JS}: run `npm ci`"
    # A page still arriving after a click has no document to add the script to yet.
    page.wait_for_load_state("load")
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    return result["violations"]


def describe_violations(where: str, violations: list[dict[str, Any]]) -> str:
    lines = [f"{where}:"]
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']} ({violation['helpUrl']})")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"      {target}  -- {summary}")
    return "\n".join(lines)


class AxeAudit:
    """Checks pages as a journey passes them and reports every violation at the end, not just the first page's."""

    def __init__(self) -> None:
        self.failures: list[str] = []
        self.checked: list[str] = []

    def check(self, page: Any, name: str) -> None:
        violations = axe_violations(page)
        self.checked.append(name)
        if violations:
            self.failures.append(describe_violations(f"{name} ({page.url})", violations))

    def assert_clean(self) -> None:
        assert not self.failures, "axe-core found accessibility violations:\n" + "\n".join(self.failures)


# axe-core only marks a hint or error link to a missing id as "needs review", so look for those here.
BROKEN_REFERENCES = """() => [...document.querySelectorAll('[aria-describedby], [aria-labelledby]')].flatMap(el =>
  ['aria-describedby', 'aria-labelledby'].flatMap(name => (el.getAttribute(name) || '').split(/\\s+/)
    .filter(id => id && !document.getElementById(id))
    .map(id => `${el.tagName.toLowerCase()}#${el.id} ${name} -> missing #${id}`)))"""
UNSTYLED_FIELDS = """() => [...document.querySelectorAll('main input:not([type=hidden]), main textarea, main select')]
  .filter(el => !/govuk-(input|textarea|select|radios__input|checkboxes__input|file-upload)/.test(el.className))
  .map(el => `${el.tagName.toLowerCase()}#${el.id}`)"""


def check(audit: AxeAudit, page: Any, name: str) -> None:
    """axe-core, and what it leaves for review: links to hints and errors that go nowhere, fields without GOV.UK styles."""
    audit.check(page, name)
    broken = page.evaluate(BROKEN_REFERENCES)
    if broken:
        audit.failures.append(f"{name} ({page.url}): references to missing ids: {broken}")
    unstyled = page.evaluate(UNSTYLED_FIELDS)
    if unstyled:
        audit.failures.append(f"{name} ({page.url}): fields without GOV.UK classes: {unstyled}")


def check_reflow(
    audit: AxeAudit,
    page: Any,
    width: int,
    pages: list[tuple[str, str | None]],
    *,
    before_submit: Callable[[Any], None] | None = None,
) -> None:
    """Each page at `width` (and, where a button is named, the page it shows with errors after pressing it):
    no sideways scrolling (WCAG 1.4.10 Reflow), and the page check above. Asserts once every page is seen."""
    too_wide = []
    for path, submit in pages:
        page.goto(path)
        name = path
        if submit:
            if before_submit is not None:
                before_submit(page)
            page.get_by_role("button", name=submit).click()
            expect(page.locator(".govuk-error-summary")).to_be_visible()
            name = f"{path} (with errors)"
        scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
        if scroll_width > width:
            too_wide.append(f"{name}: {scroll_width}px wide")
        check(audit, page, f"{name} at {width}px")
    assert not too_wide, f"Pages scroll sideways at {width}px (WCAG 1.4.10 Reflow):\n" + "\n".join(too_wide)
    audit.assert_clean()
