"""A draft's pages: added, changed, removed and put in order, while no parent's view is recorded on it."""

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.http import HttpRequest

from casemap.access.models import AccessAction
from casemap.accounts.models import User
from casemap.core.files import stored_file_create
from casemap.core.uploads import JPEG, PNG, CleanUpload
from casemap.voice.models import ChildDrawing, MadeWith
from casemap.words.models import BookletPage, WordsAndPicturesBooklet
from casemap.words.services.common import booklet_change, check_text


def _page_of(booklet: WordsAndPicturesBooklet, page: BookletPage) -> BookletPage:
    found = booklet.pages.filter(pk=page.pk).first()
    if found is None:
        raise ValidationError("That page is not in this booklet")
    return found


def _keep_picture(
    page: BookletPage,
    picture: CleanUpload | None,
    drawing: ChildDrawing | None,
    name: str,
    description: str,
    acting_user: User,
) -> None:
    """A new picture replaces the old one on the page; the old file stays for the page's history and any earlier
    version that shows it. A child's drawing is shared, not copied: a stored file never changes."""
    if picture is not None:
        page.picture = stored_file_create(upload=picture, original_name=name, acting_user=acting_user)
    elif drawing is not None:
        page.picture = drawing.stored_file
        description = description.strip() or drawing.description or drawing.title
    page.picture_description = description.strip()[:200] if page.picture_id else ""


def _check_picture(booklet: WordsAndPicturesBooklet, picture: CleanUpload | None, drawing: ChildDrawing | None) -> None:
    if picture is not None and drawing is not None:
        raise ValidationError({"drawing": "Choose one of the child's drawings or upload a picture, not both"})
    if picture is not None and picture.content_type not in {PNG, JPEG}:
        raise ValidationError({"picture": "The picture must be a PNG or JPEG"})
    if drawing is not None and (
        drawing.is_archived
        or drawing.made_with == MadeWith.PDF
        or not booklet.children.filter(pk=drawing.child_id).exists()
    ):
        raise ValidationError({"drawing": "Choose a picture drawn by a child the booklet is for"})


def page_add(
    *,
    acting_user: User,
    booklet: WordsAndPicturesBooklet,
    expected_version: int | None,
    heading: str,
    text: str,
    picture: CleanUpload | None = None,
    drawing: ChildDrawing | None = None,
    picture_name: str = "",
    picture_description: str = "",
    request: HttpRequest | None = None,
) -> BookletPage:
    """Add a page at the end. `picture` is an upload already checked by `casemap.core.uploads.upload_clean`;
    `drawing` is one of the children's drawings from their voice records, shown instead."""
    check_text(heading, text)
    _check_picture(booklet, picture, drawing)
    with booklet_change(
        booklet,
        acting_user=acting_user,
        expected_version=expected_version,
        action=AccessAction.CHANGE,
        detail="page added",
        request=request,
        wording=True,
    ) as current:
        position = (current.pages.aggregate(last=Max("position"))["last"] or 0) + 1
        page = BookletPage(booklet=current, position=position, heading=heading.strip(), text=text.strip())
        _keep_picture(page, picture, drawing, picture_name, picture_description, acting_user)
        page.save()
    return page


def page_change(
    *,
    acting_user: User,
    page: BookletPage,
    expected_version: int | None,
    heading: str,
    text: str,
    picture: CleanUpload | None = None,
    drawing: ChildDrawing | None = None,
    picture_name: str = "",
    picture_description: str = "",
    remove_picture: bool = False,
    request: HttpRequest | None = None,
) -> BookletPage:
    """Change a page's words; a new picture or drawing replaces the old, or `remove_picture` takes it off."""
    check_text(heading, text)
    _check_picture(page.booklet, picture, drawing)
    with booklet_change(
        page.booklet,
        acting_user=acting_user,
        expected_version=expected_version,
        action=AccessAction.CHANGE,
        detail=f"page {page.pk} changed",
        request=request,
        wording=True,
    ) as current:
        page = _page_of(current, page)
        page.heading = heading.strip()
        page.text = text.strip()
        if remove_picture and picture is None and drawing is None:
            page.picture = None
        _keep_picture(page, picture, drawing, picture_name, picture_description, acting_user)
        page.save()
    return page


def page_remove(
    *,
    acting_user: User,
    page: BookletPage,
    expected_version: int | None,
    request: HttpRequest | None = None,
) -> WordsAndPicturesBooklet:
    """A draft's page is taken out (its history keeps what it said); the pages after it move up."""
    with booklet_change(
        page.booklet,
        acting_user=acting_user,
        expected_version=expected_version,
        action=AccessAction.CHANGE,
        detail=f"page {page.pk} removed",
        request=request,
        wording=True,
    ) as current:
        _page_of(current, page).delete()
        for position, remaining in enumerate(current.pages.order_by("position", "pk"), start=1):
            if remaining.position != position:
                remaining.position = position
                remaining.save(update_fields=["position"])
    return current


def page_move(
    *,
    acting_user: User,
    page: BookletPage,
    expected_version: int | None,
    direction: str,
    request: HttpRequest | None = None,
) -> BookletPage:
    """Swap a page with the one before ("up") or after ("down"); at either end nothing moves."""
    if direction not in {"up", "down"}:
        raise ValidationError("Choose to move the page up or down")
    with booklet_change(
        page.booklet,
        acting_user=acting_user,
        expected_version=expected_version,
        action=AccessAction.CHANGE,
        detail=f"page {page.pk} moved {direction}",
        request=request,
        wording=True,
    ) as current:
        pages = list(current.pages.order_by("position", "pk"))
        index = next(i for i, p in enumerate(pages) if p.pk == _page_of(current, page).pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(pages):
            pages[index], pages[other] = pages[other], pages[index]
        for position, each in enumerate(pages, start=1):
            if each.position != position:
                each.position = position
                each.save(update_fields=["position"])
    return BookletPage.objects.get(pk=page.pk)
