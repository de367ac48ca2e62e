"""The one way in for files: every upload and import in Cocreate passes through here.

Each reader checks the size before reading, refuses quickly (well under a second) and says what is
wrong and what the limit is, as a ``ValidationError`` a form shows next to its field:

* ``clean_image``: decoded and re-encoded by Pillow (JPEG, PNG, WebP only), with a pixel limit checked
  from the header before any decoding; the result carries no EXIF, GPS or other metadata.
* ``read_upload``: the bytes of an upload, refused by its size before anything is read.
* ``table_from_bytes``: CSV or XLSX as a list of rows of strings. An XLSX is a zip: the declared
  uncompressed size is checked before openpyxl sees it (zipfile never inflates a member past its
  declared size), then it is read in read-only mode with a limit on rows and cells.
* ``decode_text``: UTF-8 with or without BOM, UTF-16 (BOM or not), Windows-1250 — or a refusal
  naming the encodings that work.
* ``clean_document``: evidence files and attachments: an allowed type whose content matches its
  extension, under a random name; images among them go through ``clean_image``.

Stored files always get a random name (``random_name``): a file's URL says nothing about its owner
and cannot be guessed.
"""

from __future__ import annotations

import codecs
import csv
import io
import uuid
import warnings
import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MB = 1024 * 1024
MAX_IMAGE_BYTES = 8 * MB
# 40 megapixels: more than a phone camera's photo, far less than a decompression bomb.
MAX_IMAGE_PIXELS = 40_000_000
# Photos are stored at most this wide or high; a harvest photo needs no more.
MAX_IMAGE_SIDE = 4096
MAX_TABLE_BYTES = 10 * MB
MAX_XLSX_UNCOMPRESSED = 50 * MB
MAX_XLSX_MEMBERS = 200
MAX_TABLE_ROWS = 50_000
MAX_TABLE_CELLS = 2_000_000

# Pillow format name -> (file extension, encoder options). Nothing else is decoded at all.
IMAGE_FORMATS: dict[str, tuple[str, dict[str, Any]]] = {
    "JPEG": ("jpg", {"quality": 88}),
    "PNG": ("png", {}),
    "WEBP": ("webp", {"quality": 88}),
}
_SAVE_MODES = {"JPEG": {"RGB", "L"}, "PNG": {"RGB", "RGBA", "L", "LA", "P"}, "WEBP": {"RGB", "RGBA"}}
TEXT_ENCODINGS = "UTF-8, UTF-16, Windows-1250"


def random_name(extension: str) -> str:
    return f"{uuid.uuid4().hex}.{extension.lower().lstrip('.')}"


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def read_upload(upload: Any, *, limit: int) -> bytes:
    """The bytes of an upload, refused before reading when it is over ``limit``."""
    size = getattr(upload, "size", None)
    if size is None or size > limit:
        raise _refuse(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size or 0), "limit": filesizeformat(limit)},
            "too_large",
        )
    upload.seek(0)
    data: bytes = upload.read(limit + 1)
    if len(data) > limit:  # a stream that lied about its size
        raise _refuse(_("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}, "too_large")
    return data


def extension_of(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


# ---------------------------------------------------------------------------------------------
# images


def clean_image(upload: Any, *, limit: int = MAX_IMAGE_BYTES) -> ContentFile[bytes]:
    """A re-encoded copy of an uploaded photo under a random name, without any metadata."""
    data = read_upload(upload, limit=limit)
    not_a_photo = _refuse(_("The file is not a JPEG, PNG or WebP photo."), "not_an_image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=list(IMAGE_FORMATS)) as image:
                fmt = image.format or ""
                # Checked from the header, before a single pixel is decoded.
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    raise _refuse(
                        _("The photo is %(w)s × %(h)s pixels; the limit is %(limit)s megapixels.")
                        % {"w": image.width, "h": image.height, "limit": MAX_IMAGE_PIXELS // 1_000_000},
                        "too_many_pixels",
                    )
                image.load()
                upright = ImageOps.exif_transpose(image)  # keep the orientation the EXIF carried
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _refuse(
            _("The photo is too large when decoded; the limit is %(limit)s megapixels.")
            % {"limit": MAX_IMAGE_PIXELS // 1_000_000},
            "too_many_pixels",
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise not_a_photo from None
    if fmt not in IMAGE_FORMATS:
        raise not_a_photo
    extension, options = IMAGE_FORMATS[fmt]
    if upright.mode not in _SAVE_MODES[fmt]:
        has_alpha = "A" in upright.getbands() or "transparency" in upright.info
        upright = upright.convert("RGBA" if has_alpha and fmt != "JPEG" else "RGB")
    upright.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
    # A fresh image holds the pixels only: no EXIF, GPS, XMP, comments or text chunks survive.
    clean = Image.new(upright.mode, upright.size)
    if upright.mode == "P":
        clean.putpalette(upright.getpalette() or [])
    clean.paste(upright)
    out = io.BytesIO()
    clean.save(out, format=fmt, **options)
    return ContentFile(out.getvalue(), name=random_name(extension))


# ---------------------------------------------------------------------------------------------
# text and tables


def decode_text(data: bytes) -> str:
    """Text in UTF-8 (with or without BOM), UTF-16 (with BOM, or without but plainly so) or
    Windows-1250; anything else is refused with the list of encodings that work."""
    refusal = _refuse(
        _("The file is not text in an encoding we read. Save it as CSV in one of: %(encodings)s.")
        % {"encodings": TEXT_ENCODINGS},
        "encoding",
    )
    candidates: list[str]
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        head = data[:4000]
        zeros_even, zeros_odd = head[0::2].count(0), head[1::2].count(0)
        if head and zeros_odd > len(head) // 4 and zeros_even == 0:
            candidates = ["utf-16-le"]
        elif head and zeros_even > len(head) // 4 and zeros_odd == 0:
            candidates = ["utf-16-be"]
        else:
            candidates = ["utf-8", "cp1250"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # Control characters other than tab and line ends mean a binary file, whatever decoded.
        if any(ord(c) < 32 and c not in "\t\r\n" for c in text[:100_000]):
            raise refusal
        return text
    raise refusal


def _too_many_rows(limit: int) -> ValidationError:
    return _refuse(
        _("The file has more than %(limit)s rows; split it.") % {"limit": f"{limit:,}"}, "too_many_rows"
    )


def _too_many_cells(limit: int) -> ValidationError:
    return _refuse(
        _("The file has more than %(limit)s cells; split it.") % {"limit": f"{limit:,}"}, "too_many_cells"
    )


def read_csv(
    data: bytes, *, max_rows: int = MAX_TABLE_ROWS, max_cells: int = MAX_TABLE_CELLS
) -> list[list[str]]:
    text = decode_text(data)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows: list[list[str]] = []
    cells = 0
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            if len(rows) >= max_rows:
                raise _too_many_rows(max_rows)
            cells += len(row)
            if cells > max_cells:
                raise _too_many_cells(max_cells)
            rows.append([c.strip() for c in row])
    except csv.Error as error:
        raise _refuse(
            _("Row %(n)s of the CSV file cannot be read: %(problem)s.")
            % {"n": len(rows) + 1, "problem": error},
            "broken_csv",
        ) from None
    return rows


def read_xlsx(
    data: bytes, *, max_rows: int = MAX_TABLE_ROWS, max_cells: int = MAX_TABLE_CELLS
) -> list[list[str]]:
    """The first sheet of a workbook, guarded against zip bombs and huge sheets."""
    broken = _refuse(
        _("The file is not a readable XLSX workbook. Open it in a spreadsheet and save it as XLSX or CSV."),
        "broken_xlsx",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise broken from None
    # zipfile never inflates a member past its declared size (it stops and fails the CRC), so the
    # declared sizes bound what openpyxl can ever read.
    expanded = sum(m.file_size for m in members)
    if len(members) > MAX_XLSX_MEMBERS or expanded > MAX_XLSX_UNCOMPRESSED:
        raise _refuse(
            _("The workbook unpacks to %(size)s; the limit is %(limit)s. Save it as CSV or split it.")
            % {"size": filesizeformat(expanded), "limit": filesizeformat(MAX_XLSX_UNCOMPRESSED)},
            "xlsx_too_large",
        )
    from openpyxl import load_workbook

    rows: list[list[str]] = []
    cells = 0
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheet = workbook.active
            if sheet is None:
                return []
            # The stored dimensions may lie (A1:XFD1048576); read only the cells that are there.
            sheet.reset_dimensions()  # type: ignore[union-attr]
            for row in sheet.iter_rows(values_only=True):
                if len(rows) >= max_rows:
                    raise _too_many_rows(max_rows)
                cells += len(row)
                if cells > max_cells:
                    raise _too_many_cells(max_cells)
                rows.append(["" if c is None else str(c).strip() for c in row])
        finally:
            workbook.close()
    except ValidationError:
        raise
    except Exception:  # openpyxl raises anything from KeyError to ParseError on a corrupt file
        raise broken from None
    return rows


def table_from_bytes(
    name: str, data: bytes, *, max_rows: int = MAX_TABLE_ROWS, max_cells: int = MAX_TABLE_CELLS
) -> list[list[str]]:
    if extension_of(name) == "xlsx" or data.startswith(b"PK\x03\x04"):
        return read_xlsx(data, max_rows=max_rows, max_cells=max_cells)
    if extension_of(name) == "xls":
        raise _refuse(_("Old .xls workbooks are not read; save the file as XLSX or CSV."), "xls")
    return read_csv(data, max_rows=max_rows, max_cells=max_cells)


def read_text(upload: Any, *, limit: int) -> str:
    """An uploaded text file (CSV, .dxi …) decoded with ``decode_text``."""
    return decode_text(read_upload(upload, limit=limit))


# ---------------------------------------------------------------------------------------------
# documents (evidence, attachments)

_IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "webp"}
_ZIP_DOCUMENTS = {"docx", "xlsx", "pptx", "odt", "ods", "odp"}
_TEXT_DOCUMENTS = {"txt", "csv", "md"}


def clean_document(upload: Any, *, extensions: list[str], limit: int) -> ContentFile[bytes]:
    """An attachment whose content matches its allowed extension, under a random name; photos
    among them are re-encoded without metadata."""
    extension = extension_of(getattr(upload, "name", "") or "")
    if extension not in extensions:
        raise _refuse(
            _("Files of this type are not accepted. Accepted: %(types)s.") % {"types": ", ".join(extensions)},
            "file_type",
        )
    if extension in _IMAGE_EXTENSIONS:
        return clean_image(upload, limit=limit)
    data = read_upload(upload, limit=limit)
    mismatch = _refuse(
        _("The file's content is not a .%(ext)s file. Save it again as .%(ext)s.") % {"ext": extension},
        "content_mismatch",
    )
    if extension == "pdf" and not data.startswith(b"%PDF-"):
        raise mismatch
    if extension in _ZIP_DOCUMENTS:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise mismatch from None
    if extension in _TEXT_DOCUMENTS:
        decode_text(data)
    return ContentFile(data, name=random_name(extension))
