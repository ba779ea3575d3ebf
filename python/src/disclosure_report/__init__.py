"""PRC government information disclosure annual reports (政府信息公开工作年度报告).

Reports are read from web pages, Word files, PDFs, text extracted from PDFs
and JSON, checked against the national format's rules, and given as pandas
frames — the same rows and columns as the ``disclosure-report export``
command writes. Everything is computed by the Rust crate
``disclosure-report``; this package turns its tables into frames.

>>> import disclosure_report as dr
>>> r = dr.read("report.pdf")                    # doctest: +SKIP
>>> r.organ, r.year, r.edition                   # doctest: +SKIP
>>> cells = dr.cells(["reports/"], jobs=4)       # doctest: +SKIP

Figures are exact: ``value`` and ``value_wan`` hold ``decimal.Decimal``
(counts are whole decimals; money in the unit printed, and in 万元); for a
float view, ``cells.value.astype("Float64")``. ``year`` and
``report_in_file`` are ``Int64``. A file that cannot be read gives one row
with ``status == "error"`` and the reason in ``text`` (in the findings,
``rule == "read.error"``); the others are read all the same.
"""

from __future__ import annotations

import functools
import io
import os
from decimal import Decimal
from typing import Any, Iterable, Optional, Sequence, Union

import pandas as pd

from . import _native
from ._native import ReadError

__all__ = ["Report", "ReadError", "read", "read_bytes", "cells", "findings", "indicators", "files", "dask"]

PathLike = Union[str, "os.PathLike[str]"]

#: The figures' columns of each table, read as exact decimals.
_DECIMALS = {
    "cells": ("value", "value_wan"),
    "findings": ("expected", "actual"),
    "indicators": ("value", "numerator", "denominator"),
}
#: The integer columns of every table.
_INTEGERS = ("report_in_file", "year")


@functools.lru_cache(maxsize=None)
def _header(table: str) -> str:
    """A table's header line, as the crate writes it."""
    return str(_native.header(table))


def _engine() -> str:
    """pandas' fastest CSV reader here: pyarrow's (several times faster on
    large tables) where it is installed, else pandas' own."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return "c"
    return "pyarrow"


def _integers(column: pd.Series) -> pd.Series:
    """Decimal digits as ``Int64``, empty as null."""
    empty = column == ""
    whole = column.where(~empty, "0").astype("int64").astype("Int64")
    return whole.mask(empty, pd.NA)


def _decimals(column: pd.Series) -> pd.Series:
    """Decimal text as exact ``decimal.Decimal`` objects, empty as ``None``."""
    return pd.Series([Decimal(v) if v != "" else None for v in column], index=column.index, dtype=object)


def _frame(table: str, rows: str) -> pd.DataFrame:
    """A table of the crate's CSV rows (no header) as a typed frame."""
    text = (_header(table) + rows).encode("utf-8")
    frame = pd.read_csv(io.BytesIO(text), dtype=str, keep_default_na=False, engine=_engine())
    for column in _INTEGERS:
        if column in frame:
            frame[column] = _integers(frame[column])
    for column in _DECIMALS[table]:
        if column in frame:
            frame[column] = _decimals(frame[column])
    if "inconsistent" in frame:
        frame["inconsistent"] = frame["inconsistent"] == "true"
    return frame


def _error_rows(table: str, failed: Sequence[tuple[str, str]]) -> str:
    """A row per file that could not be read: its name and why."""
    if not failed:
        return ""
    columns = _header(table).strip().split(",")
    out = io.StringIO()
    rows = []
    for file, why in failed:
        row = dict.fromkeys(columns, "")
        row["file"] = file
        row["report_in_file"] = "0"
        if table == "cells":
            row.update(status="error", text=why)
        elif table == "findings":
            row.update(rule="read.error", severity="error", message_zh=why, message_en=why)
        else:
            row.update(status="error", shown=why)
        rows.append(row)
    pd.DataFrame(rows, columns=columns).to_csv(out, header=False, index=False)
    return out.getvalue()


class Report:
    """One report, as read from its file: metadata, findings, cells, JSON."""

    def __init__(self, native: Any) -> None:
        self._native = native

    @property
    def organ(self) -> str:
        """The organ, as printed."""
        return str(self._native.organ)

    @property
    def organ_key(self) -> str:
        """The organ's key: one organ's spellings share it."""
        return str(self._native.organ_key)

    @property
    def year(self) -> int:
        """The report year."""
        return int(self._native.year)

    @property
    def edition(self) -> str:
        """``"V2019"`` or ``"V2021"``."""
        return str(self._native.edition)

    @property
    def file(self) -> str:
        """The file it was read from (``"<bytes>"`` from bytes)."""
        return str(self._native.file)

    def findings(self) -> list[dict[str, Any]]:
        """Every finding, most severe first: dicts of ``rule``, ``severity``,
        ``message_zh``, ``message_en``, ``place`` and ``cells`` (each with
        ``section``, ``row_key``, ``column_key``, ``row_label``,
        ``column_label``, ``text``, ``year`` and ``place``)."""
        return list(self._native.findings())

    def cells(self) -> pd.DataFrame:
        """Every cell, as ``export --to csv`` writes this file's rows."""
        return _frame("cells", self._native.cells_csv().split("\n", 1)[1])

    def indicators(self) -> pd.DataFrame:
        """The indicators (实质公开率, 办结率, …), one row each, exact."""
        return _frame("indicators", self._native.indicators_csv().split("\n", 1)[1])

    def to_json(self) -> str:
        """The published JSON, as ``render --to json`` writes it."""
        return str(self._native.to_json())

    def __repr__(self) -> str:
        return str(self._native.__repr__())


def read(path: PathLike) -> Report:
    """Reads the first report of a file — a page, a Word file, a PDF, text
    or JSON, by its extension or else its content.

    Raises :class:`ReadError` (a ``ValueError``) with the reason."""
    return Report(_native.read(os.fspath(path)))


def read_bytes(data: bytes, format: Optional[str] = None) -> Report:
    """Reads a report from bytes. ``format``: ``"text"``, ``"html"``,
    ``"docx"``, ``"pdf"``, ``"json"``, or ``None`` to tell it from the
    content. Raises :class:`ReadError` with the reason."""
    return Report(_native.read_bytes(data, format))


def _paths(paths: Union[PathLike, Iterable[PathLike]]) -> list[str]:
    if isinstance(paths, (str, os.PathLike)):
        return [os.fspath(paths)]
    return [os.fspath(p) for p in paths]


def files(paths: Union[PathLike, Iterable[PathLike]]) -> list[str]:
    """The report files under the paths, as the command walks them (folders
    in name order, no link followed, each file once)."""
    found, _problems = _native.walk(_paths(paths))
    return list(found)


def _table(table: str, paths: Union[PathLike, Iterable[PathLike]], jobs: Optional[int]) -> pd.DataFrame:
    index = {"cells": 0, "findings": 1, "indicators": 2}[table]
    tables, failed = _native.export(_paths(paths), jobs)
    return _frame(table, tables[index] + _error_rows(table, failed))


def cells(paths: Union[PathLike, Iterable[PathLike]], jobs: Optional[int] = None) -> pd.DataFrame:
    """Every cell of every report under the paths: the rows ``export --to
    csv`` writes, in the same order, and a row per file that could not be
    read (``status == "error"``). ``jobs`` threads read at once (every core
    by default)."""
    return _table("cells", paths, jobs)


def findings(paths: Union[PathLike, Iterable[PathLike]], jobs: Optional[int] = None) -> pd.DataFrame:
    """Every finding of every report under the paths: the rows of the
    export's findings file, and a ``read.error`` row per file that could not
    be read."""
    return _table("findings", paths, jobs)


def indicators(paths: Union[PathLike, Iterable[PathLike]], jobs: Optional[int] = None) -> pd.DataFrame:
    """Every indicator of every report under the paths: the rows of the
    export's indicators file."""
    return _table("indicators", paths, jobs)


def _empty(table: str) -> pd.DataFrame:
    """A frame of no rows with the table's columns and dtypes."""
    return _frame(table, "")


from . import dask  # noqa: E402  (the Dask helpers use the functions above)
