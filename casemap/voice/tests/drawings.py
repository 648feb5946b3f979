"""Children's drawings for tests, made through the real services: what the drawing pad sends, and a photo."""

import base64
import io

from PIL import Image, PngImagePlugin

from casemap.conftest import World
from casemap.voice.models import ChildDrawing, ChildVoiceRecord
from casemap.voice.services import DrawingDetails, drawing_add_from_pad
from casemap.voice.tests.sessions import TODAY, record


def pad_drawing(*, with_text_chunk: bool = False) -> str:
    """What the pad sends: a PNG of a few strokes on white, as a data URL."""
    image = Image.new("RGB", (120, 90), (255, 255, 255))
    for x in range(10, 110):
        image.putpixel((x, 45), (212, 53, 28))
        image.putpixel((60, min(89, x - 10)), (29, 112, 184))
    info = PngImagePlugin.PngInfo()
    if with_text_chunk:
        info.add_text("Software", "Tablet 3000 at 12 Acacia Avenue")
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def photo_jpeg() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825)[2] = (51.0, 30.0, 0.0)
    out = io.BytesIO()
    Image.new("RGB", (80, 60), (0, 112, 60)).save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def worries(**changes: object) -> DrawingDetails:
    fields: dict[str, object] = {
        "title": "My house of worries with the broken window",
        "drawn_on": TODAY,
        "description": "A house with a red roof and a cracked window.",
        "part_key": "worries",
    }
    fields.update(changes)
    return DrawingDetails(**fields)  # type: ignore[arg-type]


def drawn(world: World, session: ChildVoiceRecord | None = None, **changes: object) -> ChildDrawing:
    return drawing_add_from_pad(
        acting_user=world.worker, record=session or record(world), details=worries(**changes), data_url=pad_drawing()
    )
