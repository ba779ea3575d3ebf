"""The package's API as a user writes it; `mypy --strict` checks it
against the stubs (python/tests)."""

from __future__ import annotations

import pandas as pd

import disclosure_report as dr


def summary(path: str) -> str:
    r: dr.Report = dr.read(path)
    errors = [f for f in r.findings() if f["severity"] == "error"]
    return f"{r.organ} {r.year} ({r.edition}): {len(errors)} error(s)"


def folder(paths: list[str]) -> pd.DataFrame:
    cells: pd.DataFrame = dr.cells(paths, jobs=2)
    findings: pd.DataFrame = dr.findings(paths)
    return cells.merge(findings[["file", "rule"]], on="file", how="left")


def from_bytes(data: bytes) -> str:
    try:
        return dr.read_bytes(data, format="pdf").to_json()
    except dr.ReadError as e:
        return str(e)


def on_dask(paths: list[str]) -> int:
    frame = dr.dask.cells(paths, npartitions=4)
    return int(frame.shape[0].compute())
