"""Upload attacks and clean-up: the type comes from the bytes, sizes are limited before decoding, metadata goes,
and anything that can carry code is refused with a plain message."""

import base64
import io
import struct
import zlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image, PngImagePlugin
from pypdf import PdfReader, PdfWriter
from pypdf.actions import JavaScript

from casemap.conftest import World
from casemap.core.files import safe_filename, stored_file_create, stored_file_response
from casemap.core.models import StoredFile
from casemap.core.uploads import UploadRefused, upload_clean, upload_clean_data_url
from config.settings import base


def png(width: int = 40, height: int = 30, colour: tuple[int, ...] = (200, 30, 30), **save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG", **save)
    return out.getvalue()


def jpeg(**save: object) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), (10, 120, 200)).save(out, format="JPEG", **save)
    return out.getvalue()


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def png_declaring(width: int, height: int) -> bytes:
    """A few hundred bytes that claim to be a picture of width by height pixels (an image bomb)."""
    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
    rows = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def pdf(*, javascript: bool = False, attachment: bool = False, author: str = "") -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if author:
        writer.add_metadata({"/Author": author, "/Title": "Alkira's houses"})
    if javascript:
        writer.add_open_action(JavaScript("app.alert('hello');"))
    if attachment:
        writer.add_attachment("run-me.exe", b"MZ")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def refusal(**kwargs: object) -> str:
    with pytest.raises(UploadRefused) as refused:
        upload_clean(**kwargs)  # type: ignore[arg-type]
    return refused.value.message  # type: ignore[return-value]


class TestTypeComesFromTheBytes:
    def test_a_png_is_kept_as_a_png(self) -> None:
        clean = upload_clean(data=png(), original_name="houses.png")
        assert (clean.content_type, clean.extension, clean.width, clean.height) == ("image/png", "png", 40, 30)
        assert Image.open(io.BytesIO(clean.content)).format == "PNG"

    def test_a_jpeg_named_png_is_a_jpeg(self) -> None:
        clean = upload_clean(data=jpeg(), original_name="drawing.png")
        assert (clean.content_type, clean.extension) == ("image/jpeg", "jpg")

    @pytest.mark.parametrize(
        ("data", "looks_like"),
        [
            (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "an SVG picture"),
            (b'<?xml version="1.0"?>\n<svg onload="alert(1)"/>', "an SVG picture"),
            (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "a web page (HTML)"),
            (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "a program (EXE)"),
            (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "a GIF picture"),
            (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "a WebP picture"),
            (b"II*\x00\x08\x00\x00\x00", "a TIFF picture"),
        ],
    )
    def test_a_file_renamed_to_png_is_refused_for_what_it_is(self, data: bytes, looks_like: str) -> None:
        message = refusal(data=data, original_name="drawing.png")
        assert message.startswith("The file is not a PNG, JPEG or PDF.")
        assert f"It looks like {looks_like}" in message
        assert "Choose a PNG or JPEG picture, or a PDF." in message

    def test_an_svg_with_a_script_is_refused_whatever_its_name_says(self) -> None:
        message = refusal(data=b"\n\n  <svg><script>fetch('/')</script></svg>", original_name="picture.jpg")
        assert "SVG picture, which Casemap does not accept because it can contain code" in message

    def test_unknown_bytes_say_what_is_allowed(self) -> None:
        assert (
            refusal(data=b"just some words")
            == "The file is not a PNG, JPEG or PDF. Choose a PNG or JPEG picture, or a PDF."
        )

    def test_a_pdf_is_refused_where_only_pictures_are_allowed(self) -> None:
        message = refusal(data=pdf(), allow_pdf=False)
        assert message == "The file is not a PNG or JPEG picture. Choose a PNG or JPEG picture."


class TestSizeLimits:
    def test_an_oversized_file_is_refused_with_its_size_and_the_limit(self, settings) -> None:
        settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
        message = refusal(data=b"\x89PNG\r\n\x1a\n" + b"\x00" * (14 * 1024 * 1024))
        assert message == "The file is 14 MB. Choose a file smaller than 10 MB."

    def test_a_file_just_over_the_limit_does_not_read_as_the_limit(self, settings) -> None:
        settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
        message = refusal(data=b"\x89PNG\r\n\x1a\n" + b"\x00" * int(10.4 * 1024 * 1024))
        assert message == "The file is 10.4 MB. Choose a file smaller than 10 MB."

    def test_an_empty_file_is_refused(self) -> None:
        assert refusal(data=b"").startswith("The file is empty.")

    def test_an_image_bomb_is_refused_before_it_is_decoded(self) -> None:
        bomb = png_declaring(50_000, 50_000)
        assert len(bomb) < 1000
        message = refusal(data=bomb)
        assert message.startswith("The picture is too large")
        assert "no more than 40 million pixels" in message

    def test_a_picture_over_the_pixel_setting_is_refused_with_its_size(self, settings) -> None:
        settings.UPLOAD_MAX_PIXELS = 1000
        assert refusal(data=png(40, 30)).startswith("The picture is too large (40 by 30 pixels).")

    def test_a_truncated_picture_is_refused_as_damaged(self) -> None:
        whole = png(300, 300, colour=(1, 2, 3))
        assert refusal(data=whole[: len(whole) // 2]).startswith("The picture could not be opened")
        assert refusal(data=jpeg()[:200]).startswith("The picture could not be opened")


class TestAnimationsAreRefused:
    def test_an_animated_png(self) -> None:
        out = io.BytesIO()
        frames = [Image.new("RGB", (20, 20), colour) for colour in ((255, 0, 0), (0, 255, 0))]
        frames[0].save(out, format="PNG", save_all=True, append_images=frames[1:], duration=100, loop=0)
        assert refusal(data=out.getvalue()) == "The picture is animated. Choose a still PNG or JPEG picture."

    def test_an_animated_gif(self) -> None:
        out = io.BytesIO()
        frames = [Image.new("P", (20, 20), colour) for colour in (1, 2)]
        frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
        assert "It looks like a GIF picture" in refusal(data=out.getvalue(), original_name="drawing.png")


class TestMetadataIsStripped:
    def test_jpeg_exif_with_gps_goes(self) -> None:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        exif[0x0112] = 6  # Orientation: rotate
        gps = exif.get_ifd(0x8825)
        gps[2] = (51.0, 30.0, 0.0)  # GPSLatitude
        gps[4] = (0.0, 7.0, 0.0)  # GPSLongitude
        original = jpeg(exif=exif.tobytes())
        assert b"PhoneMaker" in original
        clean = upload_clean(data=original)
        picture = Image.open(io.BytesIO(clean.content))
        assert not picture.getexif()
        assert "exif" not in picture.info
        assert b"PhoneMaker" not in clean.content
        # The orientation was applied to the pixels before the tag went: 60x40 turned on its side.
        assert (clean.width, clean.height) == (40, 60)

    def test_png_text_chunks_and_icc_profiles_go(self) -> None:
        info = PngImagePlugin.PngInfo()
        info.add_text("Author", "Merinda Cooper")
        info.add_itxt("Comment", "home address", zip=True)
        original = png(pnginfo=info, icc_profile=b"not-a-real-profile")
        assert b"Merinda" in original
        clean = upload_clean(data=original)
        picture = Image.open(io.BytesIO(clean.content))
        assert picture.info.keys() <= {"dpi", "gamma"}
        for marker in (b"tEXt", b"iTXt", b"zTXt", b"iCCP", b"eXIf", b"Merinda"):
            assert marker not in clean.content
        assert picture.convert("RGB").getpixel((0, 0)) == (200, 30, 30)

    def test_pdf_document_information_goes(self) -> None:
        original = pdf(author="Sally Worker")
        assert b"Sally Worker" in original
        clean = upload_clean(data=original)
        assert (clean.content_type, clean.extension, clean.width) == ("application/pdf", "pdf", None)
        assert b"Sally Worker" not in clean.content
        reader = PdfReader(io.BytesIO(clean.content))
        assert len(reader.pages) == 1
        assert not reader.metadata


class TestPdfs:
    def test_a_pdf_with_javascript_is_refused(self) -> None:
        message = refusal(data=pdf(javascript=True))
        assert message.startswith("The PDF contains code, actions or files inside it")

    def test_a_pdf_with_a_file_inside_is_refused(self) -> None:
        assert refusal(data=pdf(attachment=True)).startswith("The PDF contains code, actions or files inside it")

    @pytest.mark.parametrize("name", [b"/JavaScript", b"/J#61vaScript", b"/Launch", b"/EmbeddedFile", b"/AA"])
    def test_hand_written_active_content_is_refused_however_it_is_spelled(self, name: bytes) -> None:
        body = (
            b"%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction << /S " + name + b" /F (calc.exe) >> >> endobj\n"
            b"trailer << /Root 1 0 R >>\n%%EOF\n"
        )
        assert refusal(data=body).startswith("The PDF contains code")

    def test_javascript_hidden_in_a_compressed_object_stream_is_found(self) -> None:
        hidden = zlib.compress(b"<< /S /JavaScript /JS (app.alert(1)) >>")
        body = (
            b"%PDF-1.5\n1 0 obj << /Type /ObjStm /Filter /FlateDecode /Length "
            + str(len(hidden)).encode()
            + b" >>\nstream\n"
            + hidden
            + b"\nendstream\nendobj\n%%EOF\n"
        )
        assert refusal(data=body).startswith("The PDF contains code")

    def test_a_pdf_without_its_end_is_refused(self) -> None:
        whole = pdf()
        assert refusal(data=whole[: len(whole) - 40]).startswith("The PDF is not complete")


class TestDrawingPadDataUrls:
    def drawing(self) -> str:
        image = Image.new("RGBA", (100, 80), (255, 255, 255, 0))
        for x in range(10, 90):
            image.putpixel((x, 40), (20, 20, 200, 255))
        out = io.BytesIO()
        image.save(out, format="PNG")
        return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()

    def test_a_drawing_is_kept_as_a_png(self) -> None:
        clean = upload_clean_data_url(data_url=self.drawing())
        assert (clean.content_type, clean.width, clean.height) == ("image/png", 100, 80)
        assert Image.open(io.BytesIO(clean.content)).getpixel((50, 40)) == (20, 20, 200, 255)

    @pytest.mark.parametrize(
        "prefix",
        ["data:image/svg+xml;base64,", "data:text/html;base64,", "data:image/png,", "javascript:", "image/png;base64,"],
    )
    def test_anything_but_a_png_data_url_is_refused(self, prefix: str) -> None:
        data_url = prefix + self.drawing().split(",", 1)[1]
        with pytest.raises(UploadRefused, match="The drawing could not be read"):
            upload_clean_data_url(data_url=data_url)

    def test_a_jpeg_or_svg_claiming_to_be_a_png_is_refused(self) -> None:
        for data in (jpeg(), b"<svg><script>alert(1)</script></svg>"):
            with pytest.raises(UploadRefused, match="The drawing could not be read"):
                upload_clean_data_url(data_url="data:image/png;base64," + base64.b64encode(data).decode())

    def test_broken_base64_is_refused(self) -> None:
        with pytest.raises(UploadRefused, match="The drawing could not be read"):
            upload_clean_data_url(data_url="data:image/png;base64,not*base64")

    def test_an_empty_pad_is_refused(self) -> None:
        blank = base64.b64encode(png(colour=(255, 255, 255))).decode()
        with pytest.raises(UploadRefused, match="The drawing is empty"):
            upload_clean_data_url(data_url=f"data:image/png;base64,{blank}")


class TestStoredFiles:
    def test_safe_filenames(self) -> None:
        assert safe_filename("../../etc/passwd") == "passwd"
        assert safe_filename("C:\\Users\\me\\Alkira's drawing.png") == "Alkira-s drawing.png"
        assert safe_filename('a"\r\nb<script>.png') == "a-b-script-.png"
        assert safe_filename("...") == ""

    @pytest.mark.django_db
    def test_kept_in_the_database_and_lists_do_not_load_the_bytes(self, world: World) -> None:
        clean = upload_clean(data=png())
        stored = stored_file_create(upload=clean, original_name="../Alkira's houses.png", acting_user=world.worker)
        assert stored.original_name == "Alkira-s houses.png"
        assert stored.size == len(clean.content)
        assert len(stored.sha256) == 64
        with CaptureQueriesContext(connection) as queries:
            listed = list(StoredFile.objects.all())
        assert listed == [stored]
        assert '"content"' not in queries.captured_queries[0]["sql"].replace('"content_type"', "")
        assert bytes(listed[0].content) == clean.content  # fetched when read

    @pytest.mark.django_db
    def test_served_only_as_a_sandboxed_attachment(self, world: World) -> None:
        stored = stored_file_create(upload=upload_clean(data=png()), original_name="x.png", acting_user=world.worker)
        response = stored_file_response(StoredFile.objects.get(pk=stored.pk), filename='Three "Houses"\r\n.svg')
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"] == 'attachment; filename="Three -Houses-.png"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
        assert "no-store" in response["Cache-Control"]
        assert Image.open(io.BytesIO(response.content)).size == (40, 30)


def test_an_accepted_upload_never_touches_the_servers_disk_and_a_pad_drawing_fits_a_form() -> None:
    assert base.FILE_UPLOAD_MAX_MEMORY_SIZE >= base.UPLOAD_MAX_BYTES
    assert base.DATA_UPLOAD_MAX_MEMORY_SIZE > base.UPLOAD_MAX_BYTES * 4 // 3
