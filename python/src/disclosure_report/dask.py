"""The same tables on Dask: one task per group of files, on whatever
scheduler is active — threads, a ``LocalCluster``, or a cluster of many
machines (``distributed.Client("tcp://scheduler:8786")``) whose workers
have this package installed and see the same paths.

>>> import disclosure_report as dr
>>> frame = dr.dask.cells(["/data/reports/"], npartitions=64)   # doctest: +SKIP
>>> frame.groupby("organ_key").value.count().compute()          # doctest: +SKIP

The file list is walked here, once; each task reads its files with the
crate (one thread a task: Dask runs the tasks in parallel).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Iterable, Optional, Union

import pandas as pd

import disclosure_report as _dr

if TYPE_CHECKING:
    import dask.dataframe as dd

__all__ = ["cells", "findings", "indicators"]

PathLike = Union[str, "os.PathLike[str]"]


def _groups(files: list[str], npartitions: Optional[int]) -> list[list[str]]:
    """The files in `npartitions` groups of consecutive files (by default,
    about 100 files a group)."""
    if not files:
        return [[]]
    n = npartitions or max(1, len(files) // 100)
    n = max(1, min(n, len(files)))
    size, extra = divmod(len(files), n)
    groups, start = [], 0
    for i in range(n):
        end = start + size + (1 if i < extra else 0)
        groups.append(files[start:end])
        start = end
    return groups


def _read_group(table: str, group: list[str]) -> pd.DataFrame:
    """One task: the table of a group of files, read on one thread."""
    if not group:
        return _dr._empty(table)
    return _dr._table(table, group, 1)


def _frame(table: str, paths: Union[PathLike, Iterable[PathLike]], npartitions: Optional[int]) -> "dd.DataFrame":
    import dask
    import dask.dataframe as dd

    files = _dr.files(paths)
    parts = [dask.delayed(_read_group)(table, group) for group in _groups(files, npartitions)]
    # The figures are `decimal.Decimal` objects: Dask's conversion of object
    # columns to strings would make them text, so it is off for these frames.
    with dask.config.set({"dataframe.convert-string": False}):
        return dd.from_delayed(parts, meta=_dr._empty(table), verify_meta=False)


def cells(paths: Union[PathLike, Iterable[PathLike]], npartitions: Optional[int] = None) -> "dd.DataFrame":
    """A ``dask.dataframe.DataFrame`` of the rows :func:`disclosure_report.cells`
    gives, one partition per group of files."""
    return _frame("cells", paths, npartitions)


def findings(paths: Union[PathLike, Iterable[PathLike]], npartitions: Optional[int] = None) -> "dd.DataFrame":
    """A ``dask.dataframe.DataFrame`` of the rows :func:`disclosure_report.findings` gives."""
    return _frame("findings", paths, npartitions)


def indicators(paths: Union[PathLike, Iterable[PathLike]], npartitions: Optional[int] = None) -> "dd.DataFrame":
    """A ``dask.dataframe.DataFrame`` of the rows :func:`disclosure_report.indicators` gives."""
    return _frame("indicators", paths, npartitions)
