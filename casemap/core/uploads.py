"""Checking and cleaning a file someone uploads: a child's drawing, a scan, a photo of a picture.

Only PNG and JPEG pictures and (where allowed) PDFs are accepted. The type is read from the file's first bytes,
never from its name or what the browser says it is. Pictures are checked for size before they are decoded (so a
small file that claims to be enormous is refused), decoded once, and saved again from their pixels alone, which
drops EXIF (including GPS), XMP, ICC profiles and text chunks. A PDF is refused if it holds JavaScript, actions
that run or open things, or embedded files, and is rewritten from its pages without its document information.

Every refusal is an `UploadRefused` whose message says, in plain words, what was wrong and what is allowed.
"""

import base64
import binascii
import io
import re
import warnings
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

PNG = "image/png"
JPEG = "image/jpeg"
PDF = "application/pdf"
EXTENSIONS = {PNG: "png", JPEG: "jpg", PDF: "pdf"}
DATA_URL_PREFIX = "data:image/png;base64,"


@dataclass(frozen=True)
class CleanUpload:
    content: bytes  # re-encoded, metadata stripped
    content_type: str  # "image/png" | "image/jpeg" | "application/pdf"
    extension: str  # "png" | "jpg" | "pdf"
    width: int | None
    height: int | None


class UploadRefused(ValidationError):
    """A file Casemap will not keep. The message says what was wrong and what is allowed."""

    def __init__(self, message: str, code: str = "upload_refused") -> None:
        super().__init__(message, code=code)


def max_upload_bytes() -> int:
    return int(settings.UPLOAD_MAX_BYTES)


def max_upload_pixels() -> int:
    return int(settings.UPLOAD_MAX_PIXELS)


def _megabytes(size: int) -> str:
    """10 MB, 10.4 MB (so a file just over the limit does not read as the limit), 300 KB."""
    megabytes = size / (1024 * 1024)
    if megabytes < 1:
        return f"{max(1, round(size / 1024))} KB"
    return f"{megabytes:.1f}".removesuffix(".0") + " MB"


def _allowed(allow_pdf: bool) -> str:
    return "a PNG or JPEG picture, or a PDF" if allow_pdf else "a PNG or JPEG picture"


# What a file that is not allowed looks like, by its first bytes, and why it is refused.
_REFUSED_SIGNATURES: list[tuple[bytes, str]] = [
    (b"GIF87a", "a GIF picture"),
    (b"GIF89a", "a GIF picture"),
    (b"BM", "a BMP picture"),
    (b"II*\x00", "a TIFF picture"),
    (b"MM\x00*", "a TIFF picture"),
    (b"\x00\x00\x01\x00", "an icon file"),
    (b"MZ", "a program (EXE), which could harm a computer"),
    (b"\x7fELF", "a program, which could harm a computer"),
    (b"PK\x03\x04", "a ZIP file or an Office document"),
    (b"\xd0\xcf\x11\xe0", "an older Office document"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
]
_MARKUP = re.compile(rb"<\s*(svg|!doctype\s+html|html|head|body|script|iframe|object|\?xml)", re.IGNORECASE)


def _sniff(data: bytes) -> str:
    """The content type by the file's first bytes, or raise saying what it looks like."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG
    if data.startswith(b"%PDF-"):
        return PDF
    return ""


def _looks_like(data: bytes) -> str:
    head = data[:4096]
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "a WebP picture"
    if head[4:8] == b"ftyp":
        return "a HEIC picture or a video" if head[8:12] in {b"heic", b"heix", b"mif1", b"avif"} else "a video"
    for signature, description in _REFUSED_SIGNATURES:
        if head.startswith(signature):
            return description
    text = head.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    markup = _MARKUP.search(text[:2048]) or _MARKUP.search(head.replace(b"\x00", b""))
    if markup:
        if b"svg" in head.lower().replace(b"\x00", b""):
            return "an SVG picture, which Casemap does not accept because it can contain code"
        return "a web page (HTML), which Casemap does not accept because it can contain code"
    return ""


def _refuse_type(data: bytes, allow_pdf: bool) -> UploadRefused:
    kinds = "a PNG, JPEG or PDF" if allow_pdf else "a PNG or JPEG picture"
    looks = _looks_like(data)
    why = f" It looks like {looks}." if looks else ""
    return UploadRefused(
        f"The file is not {kinds}.{why} Choose {_allowed(allow_pdf)}.",
        code="wrong_type",
    )


def _check_size(size: int) -> None:
    limit = max_upload_bytes()
    if size == 0:
        raise UploadRefused("The file is empty. Choose a file with the picture in it.", code="empty")
    if size > limit:
        raise UploadRefused(
            f"The file is {_megabytes(size)}. Choose a file smaller than {_megabytes(limit)}.", code="too_big"
        )


def _refuse_bomb(width: int = 0, height: int = 0) -> UploadRefused:
    megapixels = max_upload_pixels() // 1_000_000
    size = f" ({width} by {height} pixels)" if width and height else ""
    return UploadRefused(
        f"The picture is too large{size}. Choose a picture of no more than "
        f"{megapixels} million pixels, for example by taking a smaller photo or scanning at a lower resolution.",
        code="too_many_pixels",
    )


_DAMAGED = "The picture could not be opened: the file may be damaged or only partly copied. Choose the file again."


def _clean_image(data: bytes, content_type: str) -> CleanUpload:
    pillow_format = "PNG" if content_type == PNG else "JPEG"
    width = height = 0
    with warnings.catch_warnings():
        # Pillow warns (and past twice its own limit, refuses) on images big enough to exhaust memory.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data), formats=[pillow_format]) as probe:
                width, height = probe.size  # read from the header: nothing is decoded yet
                if width * height > max_upload_pixels():
                    raise _refuse_bomb(width, height)
                if getattr(probe, "n_frames", 1) > 1 or getattr(probe, "is_animated", False):
                    raise UploadRefused("The picture is animated. Choose a still PNG or JPEG picture.", code="animated")
                probe.verify()
            with Image.open(io.BytesIO(data), formats=[pillow_format]) as image:
                image.load()
                return _reencode(ImageOps.exif_transpose(image), content_type)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _refuse_bomb(width, height) from None
        except UploadRefused:
            raise
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, zlib.error, IndexError):
            raise UploadRefused(_DAMAGED, code="damaged") from None


def _reencode(image: Image.Image, content_type: str) -> CleanUpload:
    """Save the picture again from its pixels alone, so nothing but the picture is kept."""
    has_alpha = image.mode in {"RGBA", "LA", "PA"} or (image.mode == "P" and "transparency" in image.info)
    if content_type == JPEG:
        mode = "L" if image.mode in {"1", "L"} else "RGB"
    elif image.mode in {"1", "L"}:
        mode = "L"
    else:
        mode = "RGBA" if has_alpha else "RGB"
    pixels = image.convert(mode)
    bare = Image.frombytes(mode, pixels.size, pixels.tobytes())  # a new image: no info, EXIF, ICC or text
    out = io.BytesIO()
    if content_type == PNG:
        bare.save(out, format="PNG", optimize=True)
    else:
        bare.save(out, format="JPEG", quality=90, optimize=True)
    return CleanUpload(
        content=out.getvalue(),
        content_type=content_type,
        extension=EXTENSIONS[content_type],
        width=bare.width,
        height=bare.height,
    )


# PDF names that run code, open other files or programs, submit forms, or carry files inside the PDF.
_PDF_DANGEROUS_NAMES = {
    b"JavaScript",
    b"JS",
    b"Launch",
    b"EmbeddedFile",
    b"EmbeddedFiles",
    b"AA",
    b"RichMedia",
    b"XFA",
    b"SubmitForm",
    b"ImportData",
    b"GoToE",
    b"GoToR",
    b"Sound",
    b"Movie",
}
_PDF_NAME = re.compile(rb"/([^\s/<>\[\]()%{}]*)")
_PDF_HEX = re.compile(rb"#([0-9A-Fa-f]{2})")
_PDF_STREAM = re.compile(rb"stream\r?\n(.*?)endstream", re.DOTALL)
_PDF_INFLATE_LIMIT = 50 * 1024 * 1024  # bytes inflated from all streams, so a compressed bomb cannot run away


def _pdf_names(data: bytes) -> set[bytes]:
    return {_PDF_HEX.sub(lambda hexed: bytes([int(hexed.group(1), 16)]), name) for name in _PDF_NAME.findall(data)}


def _pdf_inflated_streams(data: bytes) -> list[bytes]:
    """The compressed streams of a PDF, inflated, so names hidden in object streams are seen too."""
    inflated: list[bytes] = []
    budget = _PDF_INFLATE_LIMIT
    for match in _PDF_STREAM.finditer(data):
        if budget <= 0:
            raise UploadRefused(
                "The PDF could not be checked because it unpacks to far more than its size. "
                "Choose a PNG or JPEG picture instead, or print it to a new PDF.",
                code="pdf_bomb",
            )
        try:
            chunk = zlib.decompressobj().decompress(match.group(1), budget)
        except zlib.error:
            continue  # not a Flate stream (a JPEG inside the PDF, for example)
        budget -= len(chunk)
        inflated.append(chunk)
    return inflated


def _check_pdf_safe(data: bytes) -> None:
    found = _pdf_names(data)
    for chunk in _pdf_inflated_streams(data):
        found |= _pdf_names(chunk)
    if found & _PDF_DANGEROUS_NAMES:
        raise UploadRefused(
            "The PDF contains code, actions or files inside it, which Casemap does not accept because they could "
            "harm a computer. Print or save it as a new PDF without them, or choose a PNG or JPEG picture.",
            code="pdf_active_content",
        )


def _clean_pdf(data: bytes) -> CleanUpload:
    if b"%%EOF" not in data[-2048:]:
        raise UploadRefused(
            "The PDF is not complete: the file may be damaged or only partly copied. Choose the file again.",
            code="damaged",
        )
    _check_pdf_safe(data)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise UploadRefused(
                "The PDF is protected with a password. Save a copy without a password and choose that.",
                code="pdf_encrypted",
            )
        writer = PdfWriter()
        for page in reader.pages:
            writer.add_page(page)
        writer.metadata = None  # drop the document information (author, software, dates)
        out = io.BytesIO()
        writer.write(out)
    except UploadRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError, zlib.error):
        raise UploadRefused(
            "The PDF could not be opened: the file may be damaged. Choose the file again, or a PNG or JPEG picture.",
            code="damaged",
        ) from None
    content = out.getvalue()
    _check_pdf_safe(content)
    _check_size(len(content))
    return CleanUpload(content=content, content_type=PDF, extension="pdf", width=None, height=None)


def upload_read(file: UploadedFile) -> bytes:
    """The bytes of an uploaded file, refusing one over the limit before reading it into memory."""
    _check_size(file.size or 0)
    return file.read()


def upload_clean(*, data: bytes, original_name: str = "", allow_pdf: bool = True) -> CleanUpload:
    """Check an uploaded file and return it cleaned, or raise UploadRefused saying why.

    `original_name` is not used to decide the type (a renamed file is what its bytes say it is).
    """
    _check_size(len(data))
    content_type = _sniff(data)
    if not content_type or (content_type == PDF and not allow_pdf):
        raise _refuse_type(data, allow_pdf)
    if content_type == PDF:
        return _clean_pdf(data)
    return _clean_image(data, content_type)


def upload_clean_data_url(*, data_url: str) -> CleanUpload:
    """A drawing from the drawing pad, sent as "data:image/png;base64,...": checked like any upload, and refused
    if it is not a PNG or nothing was drawn."""
    could_not_read = UploadRefused(
        "The drawing could not be read. Draw it again and save, or choose a PNG or JPEG picture.", code="bad_data_url"
    )
    if not data_url.lower().startswith(DATA_URL_PREFIX):
        raise could_not_read
    encoded = data_url[len(DATA_URL_PREFIX) :].strip()
    if len(encoded) > (max_upload_bytes() * 4) // 3 + 4:
        raise UploadRefused(
            f"The drawing is too large to save. Save a drawing smaller than {_megabytes(max_upload_bytes())}.",
            code="too_big",
        )
    try:
        data = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise could_not_read from None
    if _sniff(data) != PNG:
        raise could_not_read
    clean = upload_clean(data=data, allow_pdf=False)
    with Image.open(io.BytesIO(clean.content)) as image:
        extrema = image.convert("RGBA").getextrema()
    if all(low == high for low, high in extrema):  # type: ignore[misc]
        raise UploadRefused("The drawing is empty. Draw something on the pad, or choose a file.", code="blank")
    return clean
