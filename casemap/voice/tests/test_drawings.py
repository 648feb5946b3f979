"""A child's drawings: added from the pad or as a file, checked and cleaned, kept with the session, served only to
the people who may see the child, logged, and archived rather than deleted."""

import base64
import datetime
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from casemap.access.models import AccessLogEntry
from casemap.cases.models import ChronologyEntry
from casemap.conftest import REFUSED, SEES, World
from casemap.core.forms import StaleEditError
from casemap.core.models import StoredFile
from casemap.core.tests.rendered_forms import post_changed
from casemap.core.uploads import UploadRefused
from casemap.voice.models import ChildDrawing, MadeWith
from casemap.voice.selectors import child_drawings, get_drawing_for_user, record_drawings
from casemap.voice.services import (
    drawing_add_from_pad,
    drawing_add_upload,
    drawing_archive,
    drawing_change,
    voice_record_archive,
)
from casemap.voice.tests.drawings import drawn, pad_drawing, photo_jpeg, worries
from casemap.voice.tests.sessions import TODAY, record

pytestmark = pytest.mark.django_db


class TestServices:
    def test_a_pad_drawing_is_kept_as_a_png_without_metadata(self, world: World) -> None:
        session = record(world)
        drawing = drawing_add_from_pad(
            acting_user=world.worker,
            record=session,
            details=worries(),
            data_url=pad_drawing(with_text_chunk=True),
        )
        assert (drawing.child, drawing.case, drawing.record) == (world.child, world.case, session)
        assert drawing.made_with == MadeWith.PAD and drawing.part_key == "worries"
        assert drawing.created_by == world.worker and drawing.history.count() == 1
        content = bytes(StoredFile.objects.get(pk=drawing.stored_file_id).content)
        picture = Image.open(io.BytesIO(content))
        assert picture.format == "PNG" and picture.size == (120, 90)
        assert b"Acacia" not in content and b"tEXt" not in content
        assert picture.convert("RGB").getpixel((50, 45)) == (212, 53, 28)

    def test_an_uploaded_photo_loses_its_exif_and_gps(self, world: World) -> None:
        drawing = drawing_add_upload(
            acting_user=world.worker,
            record=record(world),
            details=worries(part_key=""),
            data=photo_jpeg(),
            original_name="../IMG_0001.jpg",
        )
        stored = StoredFile.objects.get(pk=drawing.stored_file_id)
        assert drawing.made_with == MadeWith.PICTURE and drawing.part_key == ""
        assert (stored.content_type, stored.original_name) == ("image/jpeg", "IMG_0001.jpg")
        assert b"PhoneMaker" not in bytes(stored.content)
        assert not Image.open(io.BytesIO(bytes(stored.content))).getexif()

    def test_a_refused_file_keeps_nothing(self, world: World) -> None:
        session = record(world)
        with pytest.raises(UploadRefused, match="It looks like an SVG picture"):
            drawing_add_upload(
                acting_user=world.worker,
                record=session,
                details=worries(),
                data=b"<svg><script>alert(1)</script></svg>",
                original_name="houses.png",
            )
        assert not ChildDrawing.objects.exists() and not StoredFile.objects.exists()

    def test_goes_on_the_timeline_and_in_the_access_log(self, world: World) -> None:
        drawing = drawn(world)
        entry = ChronologyEntry.objects.get(source_type="voice.childdrawing", source_id=drawing.pk)
        assert entry.person == world.child and entry.case == world.case and entry.occurred_on == TODAY
        assert entry.summary == "The child's voice: a drawing by Alkira for the House of Worries (Three Houses)"
        log = AccessLogEntry.objects.filter(record_type="child_drawing", record_id=str(drawing.pk))
        assert [(row.person, row.action, row.user) for row in log] == [(world.child, "create", world.worker)]

    def test_what_it_shows_a_past_date_and_a_real_part_are_needed(self, world: World) -> None:
        session = record(world)
        for changes, field in [
            ({"title": "  "}, "title"),
            ({"drawn_on": TODAY + datetime.timedelta(days=1)}, "drawn_on"),
            ({"part_key": "attic"}, "part_key"),
        ]:
            with pytest.raises(ValidationError) as refused:
                drawn(world, session, **changes)
            assert field in refused.value.message_dict
        assert not StoredFile.objects.exists()

    @pytest.mark.parametrize("persona", ["other_worker", "data_officer", "administrator"])
    def test_only_people_who_may_change_the_childs_record_add_drawings(self, world: World, persona: str) -> None:
        with pytest.raises(PermissionDenied):
            drawing_add_from_pad(
                acting_user=getattr(world, persona), record=record(world), details=worries(), data_url=pad_drawing()
            )
        assert not ChildDrawing.objects.exists()

    def test_archiving_keeps_the_drawing_and_its_file_and_hides_it(self, world: World) -> None:
        drawing = drawn(world)
        with pytest.raises(ValidationError):
            drawing_archive(acting_user=world.worker, drawing=drawing, expected_version=1, reason=" ")
        with pytest.raises(StaleEditError):
            drawing_archive(acting_user=world.worker, drawing=drawing, expected_version=7, reason="Wrong child")
        archived = drawing_archive(acting_user=world.worker, drawing=drawing, expected_version=1, reason="Wrong child")
        assert archived.is_archived and archived.archived_by == world.worker and archived.version == 2
        assert ChildDrawing.objects.filter(pk=drawing.pk).exists() and StoredFile.objects.exists()
        assert not child_drawings(user=world.worker, child=world.child)
        assert AccessLogEntry.objects.filter(record_type="child_drawing", action="archive").count() == 1
        with pytest.raises(ValidationError):
            drawing_archive(acting_user=world.worker, drawing=drawing, expected_version=2, reason="Again")

    def test_what_is_said_about_a_drawing_changes_one_version_up_and_the_picture_stays(self, world: World) -> None:
        drawing = drawn(world)
        picture = drawing.stored_file_id
        changed = drawing_change(
            acting_user=world.teammate,
            drawing=drawing,
            expected_version=1,
            details=worries(title="The broken window", description="", part_key=""),
        )
        assert (changed.title, changed.description, changed.part_key, changed.version) == (
            "The broken window",
            "",
            "",
            2,
        )
        assert changed.stored_file_id == picture and changed.modified_by == world.teammate
        assert AccessLogEntry.objects.filter(record_type="child_drawing", action="change").get().person == world.child
        with pytest.raises(StaleEditError) as stale:
            drawing_change(acting_user=world.worker, drawing=drawing, expected_version=1, details=worries())
        assert stale.value.current_version == 2
        with pytest.raises(ValidationError) as refused:
            drawing_change(
                acting_user=world.worker, drawing=drawing, expected_version=2, details=worries(title=" ", part_key="x")
            )
        assert set(refused.value.message_dict) == {"title", "part_key"}
        with pytest.raises(PermissionDenied):
            drawing_change(acting_user=world.data_officer, drawing=drawing, expected_version=2, details=worries())
        drawing_archive(acting_user=world.worker, drawing=drawing, expected_version=2, reason="Wrong child")
        with pytest.raises(ValidationError, match="already been archived"):
            drawing_change(acting_user=world.worker, drawing=drawing, expected_version=3, details=worries())

    def test_an_archived_session_hides_its_drawings_and_takes_no_more(self, world: World) -> None:
        session = record(world)
        drawn(world, session)
        voice_record_archive(acting_user=world.worker, record=session, expected_version=1, reason="Duplicate")
        session.refresh_from_db()
        assert not child_drawings(user=world.worker, child=world.child)
        with pytest.raises(ValidationError, match="archived"):
            drawn(world, session)

    def test_selectors_group_by_part_and_follow_the_access_policy(self, world: World) -> None:
        session = record(world)
        first = drawn(world, session)
        whole = drawn(world, session, part_key="")
        assert record_drawings(user=world.worker, record=session) == {"worries": [first], "": [whole]}
        assert get_drawing_for_user(world.teammate, first.pk) == first
        assert record_drawings(user=world.other_worker, record=session) == {}
        for persona in REFUSED:
            with pytest.raises(Exception, match="No drawing found"):
                get_drawing_for_user(getattr(world, persona), first.pk)


def add_post(record_pk: int, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "part_key": "worries",
        "drawing": "",
        "title": "Scary house",
        "description": "A house with a red roof",
        "drawn_on_day": str(TODAY.day),
        "drawn_on_month": str(TODAY.month),
        "drawn_on_year": str(TODAY.year),
    }
    data.update(changes)
    return data


def change_post(**changes: str) -> dict[str, str]:
    data = {
        "version": "1",
        "part_key": "worries",
        "title": "My house of worries",
        "description": "",
        "drawn_on_day": str(TODAY.day),
        "drawn_on_month": str(TODAY.month),
        "drawn_on_year": str(TODAY.year),
    }
    data.update(changes)
    return data


class TestPages:
    def pages(self, world: World) -> tuple[ChildDrawing, list[tuple[str, str, dict[str, object]]]]:
        session = record(world)
        drawing = drawn(world, session)
        return drawing, [
            ("get", reverse("voice:drawing-new", args=[session.pk]), {}),
            ("post", reverse("voice:drawing-new", args=[session.pk]), add_post(session.pk, drawing=pad_drawing())),
            ("get", reverse("voice:drawing-file", args=[drawing.pk]), {}),
            ("get", reverse("voice:drawing-edit", args=[drawing.pk]), {}),
            ("post", reverse("voice:drawing-edit", args=[drawing.pk]), change_post(title="A house and a cat")),
            ("get", reverse("voice:drawing-archive", args=[drawing.pk]), {}),
            ("post", reverse("voice:drawing-archive", args=[drawing.pk]), {"version": "2", "reason": "Wrong child"}),
        ]

    @pytest.mark.parametrize("persona", SEES)
    def test_the_case_team_sees_adds_downloads_and_archives(self, world: World, client_for, persona: str) -> None:
        drawing, pages = self.pages(world)
        client = client_for(getattr(world, persona))
        user = getattr(world, persona)
        before = AccessLogEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
        expected = [200, 302, 200, 200, 302, 200, 302]
        for (method, url, data), status in zip(pages, expected, strict=True):
            assert getattr(client, method)(url, data).status_code == status, (method, url)
        assert ChildDrawing.objects.count() == 2
        drawing.refresh_from_db()
        assert drawing.is_archived and drawing.title == "A house and a cat"
        log = AccessLogEntry.objects.filter(user=user, record_type="child_drawing", pk__gt=before)
        assert sorted(log.values_list("action", flat=True)) == ["archive", "change", "create", "view"]

    @pytest.mark.parametrize("persona", REFUSED)
    def test_everyone_else_gets_404_on_every_page_and_post(self, world: World, client_for, persona: str) -> None:
        drawing, pages = self.pages(world)
        client = client_for(getattr(world, persona))
        for method, url, data in pages:
            assert getattr(client, method)(url, data).status_code == 404, (method, url)
        drawing.refresh_from_db()
        assert ChildDrawing.objects.count() == 1 and not drawing.is_archived and drawing.version == 1
        assert not AccessLogEntry.objects.filter(user=getattr(world, persona), record_type="child_drawing").exists()

    def test_the_download_is_a_sandboxed_attachment_and_is_logged(self, world: World, client_for) -> None:
        drawing = drawn(world)
        response = client_for(world.worker).get(reverse("voice:drawing-file", args=[drawing.pk]))
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"].startswith('attachment; filename="Drawing by Alkira, ')
        assert response["Content-Disposition"].endswith('.png"')
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"
        assert "no-store" in response["Cache-Control"]
        assert Image.open(io.BytesIO(response.content)).size == (120, 90)
        log = AccessLogEntry.objects.filter(record_type="child_drawing", action="view").get()
        assert (log.user, log.person, log.detail) == (world.worker, world.child, "file")

    def test_the_pad_drawing_is_saved_from_the_form(self, world: World, client_for) -> None:
        session = record(world)
        client = client_for(world.worker)
        page = client.get(reverse("voice:drawing-new", args=[session.pk]), {"part": "dreams"}).content.decode()
        assert 'enctype="multipart/form-data"' in page and "data-drawing-pad hidden" in page
        assert re.search(r'value="dreams"[^>]* checked', page)
        response = client.post(
            reverse("voice:drawing-new", args=[session.pk]), add_post(session.pk, drawing=pad_drawing())
        )
        drawing = ChildDrawing.objects.get()
        assert response["Location"] == reverse("voice:record", args=[session.pk]) + "#drawings-worries"
        assert drawing.made_with == MadeWith.PAD and drawing.title == "Scary house"
        detail = client.get(response["Location"]).content.decode()
        assert reverse("voice:drawing-file", args=[drawing.pk]) in detail
        assert 'alt="A house with a red roof"' in detail

    def test_an_uploaded_scan_is_saved_from_the_form(self, world: World, client_for) -> None:
        session = record(world)
        upload = SimpleUploadedFile("scan.jpg", photo_jpeg(), content_type="image/jpeg")
        response = client_for(world.worker).post(
            reverse("voice:drawing-new", args=[session.pk]), add_post(session.pk, part_key="all", file=upload)
        )
        assert response.status_code == 302
        drawing = ChildDrawing.objects.get()
        assert drawing.made_with == MadeWith.PICTURE and drawing.part_key == ""
        assert response["Location"].endswith("#drawings-all")

    @pytest.mark.parametrize(
        ("name", "content", "message"),
        [
            ("houses.png", b"<svg onload='alert(1)'></svg>", "It looks like an SVG picture"),
            ("houses.png", b"MZ\x90\x00" + b"\x00" * 60, "It looks like a program (EXE)"),
            ("houses.pdf", b"%PDF-1.4\n<< /OpenAction << /S /JavaScript >> >>\n%%EOF\n", "The PDF contains code"),
        ],
    )
    def test_a_refused_upload_says_why_and_keeps_what_was_typed(
        self, world: World, client_for, name: str, content: bytes, message: str
    ) -> None:
        session = record(world)
        upload = SimpleUploadedFile(name, content, content_type="image/png")
        response = client_for(world.worker).post(
            reverse("voice:drawing-new", args=[session.pk]),
            add_post(
                session.pk, file=upload, title="Me and Biscuit", description="Alkira and her cat", part_key="dreams"
            ),
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert message in page.replace("&#x27;", "'")
        assert 'href="#id_file"' in page and "govuk-file-upload--error" in page
        assert 'value="Me and Biscuit"' in page and "Alkira and her cat</textarea>" in page
        assert re.search(r'value="dreams"[^>]* checked', page)
        assert f'value="{TODAY.year}"' in page
        assert not ChildDrawing.objects.exists() and not StoredFile.objects.exists()

    def test_an_oversized_upload_is_refused_before_it_is_read(self, world: World, client_for, settings) -> None:
        settings.UPLOAD_MAX_BYTES = 1024 * 1024
        session = record(world)
        upload = SimpleUploadedFile("big.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * (3 * 1024 * 1024))
        response = client_for(world.worker).post(
            reverse("voice:drawing-new", args=[session.pk]), add_post(session.pk, file=upload)
        )
        assert "The file is 3 MB. Choose a file smaller than 1 MB." in response.content.decode()
        assert not ChildDrawing.objects.exists()

    def test_nothing_drawn_or_chosen_and_both_at_once_are_refused(self, world: World, client_for) -> None:
        session = record(world)
        client = client_for(world.worker)
        url = reverse("voice:drawing-new", args=[session.pk])
        neither = client.post(url, add_post(session.pk)).content.decode()
        assert "Draw the picture on the pad, or choose a photo or scan of it" in neither
        both = client.post(
            url, add_post(session.pk, drawing=pad_drawing(), file=SimpleUploadedFile("a.jpg", photo_jpeg()))
        ).content.decode()
        assert "Either draw on the pad or choose a file, not both" in both
        assert pad_drawing() in both  # the drawing goes back on the pad
        blank = "data:image/png;base64," + base64.b64encode(self.blank_png()).decode()
        empty = client.post(url, add_post(session.pk, drawing=blank)).content.decode()
        assert "The drawing is empty" in empty and 'name="drawing" value=""' not in empty.replace(blank, "")
        assert not ChildDrawing.objects.exists()

    def blank_png(self) -> bytes:
        out = io.BytesIO()
        Image.new("RGB", (50, 50), (255, 255, 255)).save(out, format="PNG")
        return out.getvalue()

    def test_the_childs_voice_page_lists_the_drawings(self, world: World, client_for) -> None:
        drawing = drawn(world)
        page = client_for(world.worker).get(reverse("voice:child", args=[world.child.pk])).content.decode()
        assert "My house of worries with the broken window" in page
        assert reverse("voice:drawing-file", args=[drawing.pk]) in page
        teammate_page = client_for(world.teammate).get(reverse("voice:record", args=[drawing.record_id]))
        assert reverse("voice:drawing-archive", args=[drawing.pk]) in teammate_page.content.decode()
        assert reverse("voice:drawing-edit", args=[drawing.pk]) in teammate_page.content.decode()

    def test_what_is_said_about_a_drawing_is_changed_from_its_form(self, world: World, client_for) -> None:
        drawing = drawn(world)
        client = client_for(world.worker)
        url = reverse("voice:drawing-edit", args=[drawing.pk])
        response = post_changed(client, url, "drawing-form", part_key="dreams", title="My dream house")
        assert response["Location"] == reverse("voice:record", args=[drawing.record_id]) + "#drawings-dreams"
        drawing.refresh_from_db()
        assert (drawing.part_key, drawing.title, drawing.version) == ("dreams", "My dream house", 2)
        empty = post_changed(client, url, "drawing-form", title="")
        assert "Enter what the drawing shows" in empty.content.decode() and 'href="#id_title"' in empty.content.decode()
