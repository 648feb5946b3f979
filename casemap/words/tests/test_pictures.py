"""Pictures on pages: checked and cleaned on upload, shown only to those who may see the children, embedded in
the PDF, shared with a new version; a refused picture keeps the words that were typed."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from casemap.access.models import AccessAction, AccessLogEntry
from casemap.conftest import REFUSED, SEES, World
from casemap.core.tests.pdf_checks import no_weasyprint_complaints
from casemap.core.uploads import upload_clean
from casemap.voice.models import ChildDrawing
from casemap.voice.services import DrawingDetails, drawing_add_upload
from casemap.words import services
from casemap.words.document import booklet_document_pdf
from casemap.words.models import WordsAndPicturesBooklet
from casemap.words.tests.booklets import TODAY, booklet

pytestmark = pytest.mark.django_db


def png(colour: str = "orange") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def with_picture(world: World) -> WordsAndPicturesBooklet:
    made = booklet(world, pages=0)
    services.page_add(
        acting_user=world.worker,
        booklet=made,
        expected_version=None,
        heading="Alkira's cat",
        text="This is Biscuit.",
        picture=upload_clean(data=png(), allow_pdf=False),
        picture_name="cat.png",
        picture_description="Alkira's drawing of her cat",
    )
    made.refresh_from_db()
    return made


def test_a_picture_uploaded_with_a_page_is_kept_and_shown_on_the_booklet(world: World, client_for) -> None:
    made = booklet(world, pages=0)
    client = client_for(world.worker)
    response = client.post(
        reverse("words:page-new", args=[made.pk]),
        {
            "version": made.version,
            "text": "This is Biscuit.",
            "picture_description": "Alkira's cat",
            "picture": SimpleUploadedFile("cat.png", png(), content_type="image/png"),
        },
    )
    assert response.status_code == 302
    page = made.pages.get()
    assert page.picture is not None and page.picture.content_type == "image/png"
    body = client.get(reverse("words:booklet", args=[made.pk])).content.decode()
    assert reverse("words:picture", args=[page.pk]) in body and 'alt="Alkira&#x27;s cat"' in body


def test_a_refused_picture_keeps_the_typed_words_and_saves_nothing(world: World, client_for) -> None:
    made = booklet(world, pages=0)
    response = client_for(world.worker).post(
        reverse("words:page-new", args=[made.pk]),
        {
            "version": made.version,
            "heading": "The plan",
            "text": "Mum and dad will talk calmly.",
            "picture": SimpleUploadedFile("notes.png", b"GIF89a not really a picture", content_type="image/png"),
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_picture"' in body and "GIF" in body
    assert "Mum and dad will talk calmly." in body and 'value="The plan"' in body
    assert made.pages.count() == 0


def test_a_pdf_is_not_accepted_as_a_picture(world: World, client_for) -> None:
    made = booklet(world, pages=0)
    response = client_for(world.worker).post(
        reverse("words:page-new", args=[made.pk]),
        {
            "version": made.version,
            "text": "Words",
            "picture": SimpleUploadedFile("a.pdf", booklet_document_pdf(made), content_type="application/pdf"),
        },
    )
    assert "PNG or JPEG" in response.content.decode() and made.pages.count() == 0


@pytest.mark.parametrize("persona", SEES)
def test_the_case_team_sees_the_picture_and_it_is_logged(world: World, client_for, persona: str) -> None:
    made = with_picture(world)
    page = made.pages.get()
    user = getattr(world, persona)
    response = client_for(user).get(reverse("words:picture", args=[page.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert bytes(response.content).startswith(b"\x89PNG")
    rows = AccessLogEntry.objects.filter(user=user, record_type="words_booklet_picture", action=AccessAction.VIEW)
    assert {row.person_id for row in rows} == {world.child.pk, world.sibling.pk}


@pytest.mark.parametrize("persona", REFUSED)
def test_everyone_else_gets_404_for_the_picture(world: World, client_for, persona: str) -> None:
    page = with_picture(world).pages.get()
    assert client_for(getattr(world, persona)).get(reverse("words:picture", args=[page.pk])).status_code == 404


def test_the_pdf_embeds_the_picture_without_fetching_it(world: World, caplog: pytest.LogCaptureFixture) -> None:
    made = with_picture(world)
    with no_weasyprint_complaints(caplog):  # a picture WeasyPrint could not load or was refused would be logged
        pdf = booklet_document_pdf(made)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 2
    assert len(reader.pages[1].images) == 1 and "This is Biscuit." in reader.pages[1].extract_text()


def test_a_new_version_shares_the_picture_and_a_change_can_take_it_off(world: World) -> None:
    made = with_picture(world)
    successor = services.booklet_new_version(acting_user=world.worker, booklet=made, expected_version=None)
    old_page, new_page = made.pages.get(), successor.pages.get()
    assert new_page.picture_id == old_page.picture_id and new_page.picture_description == "Alkira's drawing of her cat"
    services.page_change(
        acting_user=world.worker,
        page=new_page,
        expected_version=None,
        heading="",
        text="This is Biscuit.",
        remove_picture=True,
    )
    new_page.refresh_from_db()
    old_page.refresh_from_db()
    assert (new_page.picture_id, new_page.picture_description) == (None, "")
    assert old_page.picture_id is not None


def alkiras_drawing(world: World) -> ChildDrawing:
    from casemap.voice.tests.sessions import record

    return drawing_add_upload(
        acting_user=world.worker,
        record=record(world),
        details=DrawingDetails(title="My cat Biscuit", drawn_on=TODAY, description="An orange cat with a long tail"),
        data=png("orange"),
        original_name="cat.png",
    )


def test_a_page_can_show_a_drawing_the_child_made_in_their_voice_work(world: World, client_for) -> None:
    drawing = alkiras_drawing(world)
    made = booklet(world, pages=0)
    client = client_for(world.worker)
    form = client.get(reverse("words:page-new", args=[made.pk])).content.decode()
    assert "Alkira: My cat Biscuit" in form
    response = client.post(
        reverse("words:page-new", args=[made.pk]),
        {"version": made.version, "text": "This is Biscuit.", "drawing": str(drawing.pk)},
    )
    assert response.status_code == 302
    page = made.pages.get()
    assert page.picture_id == drawing.stored_file_id and page.picture_description == "An orange cat with a long tail"
    assert client.get(reverse("words:picture", args=[page.pk])).status_code == 200


def test_a_drawing_and_an_upload_together_are_refused_and_the_words_kept(world: World, client_for) -> None:
    drawing = alkiras_drawing(world)
    made = booklet(world, pages=0)
    response = client_for(world.worker).post(
        reverse("words:page-new", args=[made.pk]),
        {
            "version": made.version,
            "text": "This is Biscuit.",
            "drawing": str(drawing.pk),
            "picture": SimpleUploadedFile("cat.png", png(), content_type="image/png"),
        },
    )
    body = response.content.decode()
    assert "not both" in body and 'href="#id_drawing_0"' in body and "This is Biscuit." in body
    assert made.pages.count() == 0


def test_the_service_refuses_a_drawing_by_a_child_the_booklet_is_not_for(world: World) -> None:
    drawing = alkiras_drawing(world)
    made = services.booklet_create(acting_user=world.worker, case=world.case, children=[world.sibling], title="Darel")
    with pytest.raises(ValidationError) as refused:
        services.page_add(
            acting_user=world.worker, booklet=made, expected_version=None, heading="", text="x", drawing=drawing
        )
    assert "drawing" in refused.value.message_dict
