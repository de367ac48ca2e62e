"""The one way out for tables: every CSV and XLSX download in Cocreate is written here.

* Cells that a spreadsheet would run as a formula — text starting with ``=``, ``+``, ``-``, ``@``, a
  tab or a carriage return — get a leading apostrophe, as OWASP's "CSV injection" page recommends.
  Numbers stay numbers (a vote of -1 is a number, not a formula).
* The columns are exactly the ones given, in that order: exports that promise Polis's open-data
  layout keep it.
* CSV streams row by row (a large export never sits in memory as one string); XLSX is written by
  openpyxl in write-only mode to a temporary file and streamed from there.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence, Sized
from typing import Any

from django.http import FileResponse, HttpResponse, StreamingHttpResponse

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
STREAM_FROM = 5000  # rows
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralise(value: Any) -> Any:
    """A cell value a spreadsheet shows as text, never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, int | float):  # bool included
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


class _Echo:
    """A file-like object whose write() hands the line back, for streaming csv.writer output."""

    def write(self, value: str) -> str:
        return value


def _csv_lines(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow([neutralise(h) for h in header])
    for row in rows:
        yield writer.writerow([neutralise(v) for v in row])


def dict_rows(
    records: Iterable[Mapping[str, Any]], columns: Sequence[str]
) -> list[list[Any]] | Iterator[list[Any]]:
    """Records as rows in the given column order; missing keys are empty cells. A list stays a list
    (so a small export is answered at once), anything else stays lazy (so a large one streams)."""
    rows = ([record.get(c, "") for c in columns] for record in records)
    return list(rows) if isinstance(records, Sized) else rows


def csv_response(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, filename: str
) -> HttpResponse | StreamingHttpResponse:
    """Rows in a list up to STREAM_FROM are answered in one piece; more rows, or a lazy iterable
    (a queryset iterator), are streamed line by line."""
    response: HttpResponse | StreamingHttpResponse
    if isinstance(rows, Sized) and len(rows) < STREAM_FROM:
        response = HttpResponse("".join(_csv_lines(header, rows)), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(_csv_lines(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_text(value: Any) -> Any:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = neutralise(value)
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def xlsx_response(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, filename: str, sheet: str = "data"
) -> FileResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=sheet[:31])
    worksheet.append([_xlsx_text(h) for h in header])
    for row in rows:
        worksheet.append([_xlsx_text(v) for v in row])
    # Spooled: small workbooks stay in memory, large ones go to disk; streamed, then deleted.
    out = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 -- FileResponse closes it
    workbook.save(out)
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


def table_response(
    fmt: str, header: Sequence[str], rows: Iterable[Sequence[Any]], *, name: str
) -> HttpResponse | StreamingHttpResponse | FileResponse:
    """``name.csv`` or ``name.xlsx``; ``fmt`` must be one of FORMATS (the caller answers 404 otherwise)."""
    if fmt == "xlsx":
        return xlsx_response(header, rows, filename=f"{name}.xlsx")
    return csv_response(header, rows, filename=f"{name}.csv")
