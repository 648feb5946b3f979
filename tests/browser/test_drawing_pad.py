"""A child's Three Houses drawn on the drawing pad of a touch screen, saved, listed and downloaded; the same page
without JavaScript (upload only); axe-core on every page on the way, and reflow at 320px."""

import io
from collections.abc import Callable
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import expect

from casemap.access.models import AccessLogEntry
from casemap.conftest import World
from casemap.voice.models import ChildDrawing, MadeWith
from tests.browser.support import AxeAudit, check, check_reflow, sign_in
from tests.browser.test_accessibility import assert_error_links_reach_their_fields
from tests.browser.test_voice_and_network_accessibility import record_three_houses

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Pixels on the pad that are not the white background.
INKED_PIXELS = """() => {
  const canvas = document.querySelector('[data-pad-canvas]');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let inked = 0;
  for (let i = 0; i < data.length; i += 4) if (data[i] < 250 || data[i + 1] < 250 || data[i + 2] < 250) inked++;
  return inked;
}"""

# One stroke through the given points (fractions of the canvas), as a finger on a touch screen sends it.
TOUCH_STROKE = """([points, pointerId]) => {
  const canvas = document.querySelector('[data-pad-canvas]');
  const box = canvas.getBoundingClientRect();
  const at = ([x, y]) => ({clientX: box.left + x * box.width, clientY: box.top + y * box.height});
  const send = (type, point) => canvas.dispatchEvent(new PointerEvent(type, {
    ...at(point), pointerId, pointerType: 'touch', isPrimary: true, bubbles: true, cancelable: true,
    pressure: type === 'pointerup' ? 0 : 0.5, width: 20, height: 20,
  }));
  send('pointerdown', points[0]);
  for (const point of points.slice(1)) send('pointermove', point);
  send('pointerup', points[points.length - 1]);
}"""


def house(left: float, width: float = 0.22) -> list[list[float]]:
    """A house outline: walls, then the roof, in one stroke."""
    right, floor, eaves, ridge = left + width, 0.85, 0.5, 0.25
    return [[left, floor], [left, eaves], [right, eaves], [right, floor], [left, floor], [left, eaves],
            [left + width / 2, ridge], [right, eaves]]  # fmt: skip


@pytest.fixture
def touch_page(new_context: Callable[..., Any]) -> Any:
    """A tablet: a touch screen (and a mouse), landscape."""
    context = new_context(
        bypass_csp=True,  # so axe-core can be injected; test_content_security_policy checks pages under the CSP
        has_touch=True,
        viewport={"width": 1024, "height": 768},
    )
    return context.new_page()


def test_three_houses_drawn_on_a_touch_screen_saved_and_downloaded(
    world: World, touch_page: Any, axe_audit: AxeAudit
) -> None:
    session = record_three_houses(world)
    page = touch_page
    sign_in(page, world.worker)

    page.goto(f"/voice/records/{session.pk}/")
    page.get_by_role("link", name="Add a drawing for the Scary house").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a drawing")
    pad = page.get_by_role("img", name="Drawing pad: draw with a finger, a pen or a mouse")
    expect(pad).to_be_visible()
    expect(page.get_by_label("House of Worries")).to_be_checked()
    assert page.evaluate("getComputedStyle(document.querySelector('[data-pad-canvas]')).touchAction") == "none"
    check(axe_audit, page, "Add a drawing, with the pad")
    assert page.evaluate(INKED_PIXELS) == 0

    # Alkira draws her three houses with a finger: a red one, then blue, then green with the thick pen.
    for index, (colour, left) in enumerate([("Red", 0.06), ("Blue", 0.39), ("Green", 0.72)]):
        button = page.get_by_role("button", name=colour)
        button.click()
        expect(button).to_have_attribute("aria-pressed", "true")
        if colour == "Green":
            page.get_by_role("button", name="Thick").click()
        page.evaluate(TOUCH_STROKE, [house(left), 10 + index])
    after_houses = page.evaluate(INKED_PIXELS)
    assert after_houses > 2000
    expect(page.get_by_role("button", name="Black")).to_have_attribute("aria-pressed", "false")
    expect(page.get_by_role("status")).to_have_text("Line drawn. 3 lines on the pad.")

    # A real tap on the touch screen, and a line drawn with the mouse, land on the pad too.
    pad.scroll_into_view_if_needed()
    box = pad.bounding_box()
    assert box is not None
    page.touchscreen.tap(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.12)
    expect(page.get_by_role("status")).to_have_text("Line drawn. 4 lines on the pad.")
    page.mouse.move(box["x"] + box["width"] * 0.1, box["y"] + box["height"] * 0.95)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.9, box["y"] + box["height"] * 0.95, steps=8)
    page.mouse.up()
    expect(page.get_by_role("status")).to_have_text("Line drawn. 5 lines on the pad.")
    with_ground = page.evaluate(INKED_PIXELS)
    assert with_ground > after_houses
    page.get_by_role("button", name="Undo").click()
    expect(page.get_by_role("status")).to_have_text("Last line taken away. 4 lines on the pad.")
    assert page.evaluate(INKED_PIXELS) < with_ground

    # Saving with nothing typed keeps the drawing on the pad and says what is missing.
    page.get_by_role("button", name="Save the drawing").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what the drawing shows")
    assert_error_links_reach_their_fields(page)
    expect(page.get_by_role("status")).to_have_text("Your drawing is still on the pad.")
    assert page.evaluate(INKED_PIXELS) > 2000
    check(axe_audit, page, "Add a drawing, with errors")

    page.get_by_label("What is the drawing of?").fill("My three houses")
    page.get_by_label("Describe the drawing (optional)").fill("A red house, a blue house and a green house.")
    page.get_by_role("button", name="Save the drawing").click()
    expect(page.get_by_text("Alkira's drawing added")).to_be_visible()

    drawing = ChildDrawing.objects.get()
    assert (drawing.made_with, drawing.part_key, drawing.title) == (MadeWith.PAD, "worries", "My three houses")
    picture = page.get_by_role("img", name="A red house, a blue house and a green house.")
    expect(picture).to_be_visible()
    # Visible is not loaded: wait for the picture itself before reading its size.
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=picture.element_handle())
    assert page.evaluate("img => img.naturalWidth", picture.element_handle()) == 1200
    check(axe_audit, page, "A voice session with a drawing")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download My three houses").click()
    download = download_info.value
    assert download.suggested_filename.startswith("Drawing by Alkira") and download.suggested_filename.endswith(".png")
    with open(download.path(), "rb") as saved:
        content = saved.read()
    image = Image.open(io.BytesIO(content))
    image.load()
    assert (image.format, image.size) == ("PNG", (1200, 900))
    assert image.convert("RGB").getpixel((int(0.06 * 1200), int(0.7 * 900))) == (212, 53, 28)  # the red wall
    assert AccessLogEntry.objects.filter(record_type="child_drawing", action="view", user=world.worker).exists()

    page.goto(f"/voice/children/{world.child.pk}/")
    drawings = page.get_by_role("list", name="Drawings by Alkira")
    expect(drawings.get_by_role("img", name="A red house, a blue house and a green house.")).to_be_visible()
    expect(drawings.get_by_role("link", name="Download My three houses")).to_be_visible()
    check(axe_audit, page, "The child's voice, with a drawing")

    page.goto(f"/voice/drawings/{drawing.pk}/archive/")
    check(axe_audit, page, "Archive a drawing")
    axe_audit.assert_clean()


def test_without_javascript_the_pad_is_hidden_and_a_photo_uploads(world: World, new_page: Any) -> None:
    session = record_three_houses(world)
    page = new_page(javascript=False)
    sign_in(page, world.worker)
    page.goto(f"/voice/records/{session.pk}/drawings/new/")
    expect(page.get_by_role("img", name="Drawing pad: draw with a finger, a pen or a mouse")).to_be_hidden()

    # A web page renamed to .png is refused, saying why, and what was typed stays.
    page.get_by_label("House of Dreams").check()
    page.get_by_label("What is the drawing of?").fill("Going to the beach")
    page.get_by_label("Upload a photo or scan of the drawing").set_input_files(
        {"name": "beach.png", "mimeType": "image/png", "buffer": b"<html><script>alert(1)</script></html>"}
    )
    page.get_by_role("button", name="Save the drawing").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("It looks like a web page (HTML)")
    assert_error_links_reach_their_fields(page)
    expect(page.get_by_label("What is the drawing of?")).to_have_value("Going to the beach")
    expect(page.get_by_label("House of Dreams")).to_be_checked()

    photo = io.BytesIO()
    Image.new("RGB", (64, 48), (255, 221, 0)).save(photo, format="JPEG")
    page.get_by_label("Upload a photo or scan of the drawing").set_input_files(
        {"name": "beach.jpg", "mimeType": "image/jpeg", "buffer": photo.getvalue()}
    )
    page.get_by_role("button", name="Save the drawing").click()
    expect(page.get_by_text("Alkira's drawing added")).to_be_visible()
    expect(page.get_by_role("img", name="Going to the beach")).to_be_visible()
    assert ChildDrawing.objects.get().made_with == MadeWith.PICTURE


def test_drawing_pages_reflow_at_320px(world: World, touch_page: Any, axe_audit: AxeAudit) -> None:
    width = 320
    session = record_three_houses(world)
    page = touch_page
    sign_in(page, world.worker)
    page.set_viewport_size({"width": width, "height": 640})
    page.goto(f"/voice/records/{session.pk}/drawings/new/")
    page.evaluate(TOUCH_STROKE, [house(0.3, 0.4), 1])
    assert page.evaluate(INKED_PIXELS) > 500
    # Clear asks first: saying no keeps the drawing, saying yes empties the pad.
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Clear").click()
    assert page.evaluate(INKED_PIXELS) > 500
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Clear").click()
    expect(page.get_by_role("status")).to_have_text("The drawing is cleared.")
    assert page.evaluate(INKED_PIXELS) == 0
    page.evaluate(TOUCH_STROKE, [house(0.3, 0.4), 2])
    page.get_by_label("What is the drawing of?").fill("A house")
    page.get_by_role("button", name="Save the drawing").click()
    expect(page.get_by_text("Alkira's drawing added")).to_be_visible()
    check_reflow(
        axe_audit,
        page,
        width,
        [
            (f"/voice/records/{session.pk}/drawings/new/", None),
            (f"/voice/records/{session.pk}/drawings/new/", "Save the drawing"),
            (f"/voice/records/{session.pk}/", None),
            (f"/voice/children/{world.child.pk}/", None),
        ],
    )
    page.goto(f"/voice/records/{session.pk}/drawings/new/")
    box = page.locator("[data-pad-canvas]").bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, box


def test_the_pad_works_under_the_strict_csp(world: World, new_context: Callable[..., Any]) -> None:
    """The browser enforces the CSP here, as a tablet's would: the pad's script loads, draws, saves, and a drawing
    shown again after an error comes back onto the pad, with no violations."""
    session = record_three_houses(world)
    page = new_context(has_touch=True).new_page()
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in(page, world.worker)
    page.goto(f"/voice/records/{session.pk}/drawings/new/?part=dreams")
    expect(page.get_by_role("img", name="Drawing pad: draw with a finger, a pen or a mouse")).to_be_visible()
    page.evaluate(TOUCH_STROKE, [house(0.4), 1])
    page.get_by_role("button", name="Save the drawing").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter what the drawing shows")
    expect(page.get_by_role("status")).to_have_text("Your drawing is still on the pad.")
    assert page.evaluate(INKED_PIXELS) > 500
    page.get_by_label("What is the drawing of?").fill("The house of dreams")
    page.get_by_role("button", name="Save the drawing").click()
    expect(page.get_by_role("img", name="The house of dreams")).to_be_visible()
    assert ChildDrawing.objects.get().part_key == "dreams"
    assert not problems, "Console errors or CSP violations:\n" + "\n".join(problems)
