"""The Python package over the crate: every fixture form read as its
transcription says, the frames equal to the command's export row for row,
the same on a Dask cluster, and a damaged file never stopping the others.

Run after `pip install ./python`:
    DISCLOSURE_REPORT=target/debug/disclosure-report python3 -m pytest python/tests
"""

import csv
import os
import pathlib
import shutil
import subprocess

import pandas as pd
import pytest

import disclosure_report as dr

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "data" / "fixtures"
COMMAND = os.environ.get("DISCLOSURE_REPORT", str(ROOT / "target" / "debug" / "disclosure-report"))
FORMS = sorted(p for p in FIXTURES.rglob("*") if p.suffix in {".html", ".docx", ".pdf", ".txt"})


def transcription(stem):
    """`(section numeral, row label, column label) -> text` of a fixture."""
    with open(FIXTURES / f"{stem}.cells.tsv", encoding="utf-8") as f:
        rows = list(csv.reader(f, delimiter="\t"))[1:]
    return {(s, "" if (s == "四" and r == "数值") else r, c): t for s, r, c, t in rows}


@pytest.mark.parametrize("path", FORMS, ids=lambda p: p.name)
def test_read_gives_the_fixtures_organ_year_and_cells(path):
    stem = path.name.split(".")[0]
    r = dr.read(path)
    expected = {
        "pingtan-2019": ("平潭综合实验区", 2019),
        "pingtan-2022": ("平潭综合实验区", 2022),
        "hongze-2024": ("淮安市洪泽区人民政府", 2024),
    }
    assert (r.organ, r.year) == expected[stem]
    assert r.edition == ("V2019" if r.year < 2021 else "V2021")
    cells = r.cells()
    printed = cells[cells.status != "absent"]
    got = {(s, rl, cl): t for s, rl, cl, t in zip(printed.section, printed.row_label, printed.column_label, printed.text)}
    assert got == transcription(stem)


def test_findings_are_dicts_located_to_their_cells():
    r = dr.read(ROOT / "tests" / "data" / "made" / "pingtan-2022-held-out-errors.txt")
    findings = r.findings()
    assert findings[0]["severity"] == "error", "most severe first"
    located = [c for f in findings for c in f["cells"]]
    assert located and {"section", "row_key", "column_key", "row_label", "column_label", "text", "place"} <= set(located[0])
    assert any(c["place"] for c in located)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "cells.csv"
    subprocess.run([COMMAND, "export", str(FIXTURES), "--to", "csv", "-o", str(out)], check=True)
    return out


@pytest.fixture(scope="module")
def folder_cells():
    """The fixtures' folder read once, on two threads."""
    return dr.cells(FIXTURES, jobs=2)


def rows_of(path):
    """The rows of a CSV the command wrote, without its header."""
    return path.read_text(encoding="utf-8").split("\n", 1)[1]


def test_cells_equal_the_commands_export_row_for_row(exported, folder_cells):
    frame = folder_cells
    pd.testing.assert_frame_equal(frame, dr._frame("cells", rows_of(exported)))
    assert len(frame) > 0 and (frame.status != "error").all()
    findings = dr.findings(FIXTURES)
    pd.testing.assert_frame_equal(findings, dr._frame("findings", rows_of(exported.with_name("cells.findings.csv"))))
    indicators = dr.indicators([FIXTURES])
    pd.testing.assert_frame_equal(indicators, dr._frame("indicators", rows_of(exported.with_name("cells.indicators.csv"))))


def test_one_thread_and_two_give_the_same_rows(folder_cells):
    pd.testing.assert_frame_equal(dr.cells(FIXTURES, jobs=1), folder_cells)


def test_a_damaged_file_gives_its_error_row_and_the_others_their_cells(tmp_path):
    shutil.copy(FIXTURES / "html" / "pingtan-2022.html", tmp_path / "a.html")
    (tmp_path / "b.pdf").write_bytes(b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")
    shutil.copy(FIXTURES / "html" / "pingtan-2019.html", tmp_path / "c.html")
    frame = dr.cells(tmp_path)
    errors = frame[frame.status == "error"]
    assert list(errors.file) == [str(tmp_path / "b.pdf")]
    assert errors.text.iloc[0] != ""
    assert set(frame[frame.status != "error"].file) == {str(tmp_path / "a.html"), str(tmp_path / "c.html")}
    findings = dr.findings(tmp_path)
    assert (findings[findings.file == str(tmp_path / "b.pdf")].rule == "read.error").all()
    with pytest.raises(dr.ReadError) as raised:
        dr.read(tmp_path / "b.pdf")
    assert isinstance(raised.value, ValueError) and "b.pdf" in str(raised.value)


@pytest.mark.parametrize("path,format", [
    ("tests/data/miaotai_2020.txt", "text"),
    ("tests/data/fixtures/html/pingtan-2022.html", "html"),
    ("tests/data/fixtures/docx/pingtan-2022.docx", "docx"),
    ("tests/data/fixtures/pdf/pingtan-2022.lo.pdf", "pdf"),
])
def test_read_bytes_on_each_format(path, format):
    data = (ROOT / path).read_bytes()
    named = dr.read_bytes(data, format)
    sniffed = dr.read_bytes(data)
    assert (named.organ, named.year) == (sniffed.organ, sniffed.year)
    assert named.file == "<bytes>"
    again = dr.read_bytes(named.to_json().encode(), "json")
    assert again.cells().text.tolist() == named.cells().text.tolist()
    with pytest.raises(ValueError):
        dr.read_bytes(data, "xls")


def test_figures_are_exact_and_typed():
    cells = dr.read(FIXTURES / "html" / "pingtan-2022.html").cells()
    assert str(cells.year.dtype) == "Int64" and str(cells.report_in_file.dtype) == "Int64"
    money = cells[cells.unit != ""]
    assert len(money) > 0
    from decimal import Decimal
    assert all(isinstance(v, Decimal) for v in money.value_wan)
    absent = cells[cells.status == "absent"]
    assert absent.value.isna().all()


def test_dask_on_a_two_worker_cluster_gives_the_same_rows(folder_cells):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster):
            frame = dr.dask.cells(FIXTURES, npartitions=3)
            assert frame.npartitions == 3
            got = frame.compute().reset_index(drop=True)
    expected = folder_cells
    # Dask may hold text in its own string dtype (`dataframe.convert-string`):
    # the same text, compared as the frame's own dtype.
    got = got.astype({c: expected[c].dtype for c in expected.columns if got[c].dtype != expected[c].dtype})
    pd.testing.assert_frame_equal(got, expected)


def test_the_stubs_pass_mypy_strict():
    mypy = pytest.importorskip("mypy.api")
    out, err, status = mypy.run(["--strict", str(ROOT / "python" / "examples" / "usage.py")])
    assert status == 0, out + err
