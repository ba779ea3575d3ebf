"""The tidy export as a pandas user loads it: a folder of real reports in
every form (page, Word, PDF, WPS PDF, layout text), pivoted to one row per
report with no duplicate entries.

Run by CI after the command is built:
    DISCLOSURE_REPORT=target/debug/disclosure-report python3 -m pytest tests/pandas
"""

import os
import pathlib
import subprocess

import pandas as pd
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "data" / "fixtures"
COMMAND = os.environ.get("DISCLOSURE_REPORT", str(ROOT / "target" / "debug" / "disclosure-report"))
REPORT_FILES = sorted(
    p for p in FIXTURES.rglob("*") if p.suffix in {".html", ".docx", ".pdf", ".txt"}
)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("export") / "cells.csv"
    subprocess.run([COMMAND, "export", str(FIXTURES), "--to", "csv", "-o", str(out)], check=True)
    return out


@pytest.fixture(scope="module")
def export(exported):
    cells = pd.read_csv(exported, dtype={"value": str, "value_wan": str, "text": str}, keep_default_na=False)
    findings = pd.read_csv(exported.with_name("cells.findings.csv"), keep_default_na=False)
    return cells, findings


@pytest.fixture(scope="module")
def indicators(exported):
    return pd.read_csv(
        exported.with_name("cells.indicators.csv"),
        dtype={"value": str, "numerator": str, "denominator": str},
        keep_default_na=False,
    )


def test_every_form_is_there():
    forms = {p.suffix for p in REPORT_FILES}
    assert forms == {".html", ".docx", ".pdf", ".txt"}
    assert any("wps" in p.name for p in REPORT_FILES)


def test_pivots_to_one_row_per_file(export):
    cells, _ = export
    # Two files of one organ and year (the page and its PDF) are two rows,
    # told apart by the file: pivot raises on a duplicate entry.
    wide = cells.pivot(
        index=["file", "report_in_file"],
        columns=["section_key", "row_key", "column_key"],
        values="value",
    )
    assert len(wide) == len(REPORT_FILES)
    assert cells.groupby(["organ_key", "year"]).file.nunique().max() > 1
    # One organ's key under all its printed spellings.
    assert (cells.groupby("organ").organ_key.nunique() == 1).all()
    # Every file of 平潭 2022 gives the same 新收 of natural persons.
    natural = wide[("requests", "new_requests", "natural_person")]
    pingtan_2022 = [f for f, _ in wide.index if "pingtan-2022" in f]
    assert len(pingtan_2022) >= 5
    assert len({natural.loc[(f, 1)] for f in pingtan_2022}) == 1


def test_status_and_units_say_what_was_printed(export):
    cells, _ = export
    assert set(cells.status) <= {"number", "blank", "not_applicable", "not_a_number", "too_large", "absent"}
    # A value is there exactly where a number was printed.
    assert ((cells.value != "") == (cells.status == "number")).all()
    money = cells[cells.unit != ""]
    assert set(money.unit) <= {"元", "万元"}
    assert (money.value_wan != "").all()
    assert (cells[cells.unit == ""].value_wan == "").all()
    assert set(cells.section_key) == {"proactive", "requests", "review"}


def test_findings_trace_back_to_their_files(export):
    cells, findings = export
    assert set(findings.file) <= set(cells.file)
    order = {"error": 0, "warning": 1, "notice": 2}
    for _, rows in findings.groupby(["file", "report_in_file"], sort=False):
        ranks = [order[s] for s in rows.severity]
        assert ranks == sorted(ranks), "most severe first"


def test_indicators_pivot_to_one_row_per_report(indicators):
    wide = indicators.pivot(index=["file", "report_in_file"], columns="indicator", values="value")
    assert len(wide) == len(REPORT_FILES)
    # Every file of 平潭 2022 gives the same 实质公开率: (21 + 9) / 75.
    pingtan_2022 = [f for f, _ in wide.index if "pingtan-2022" in f]
    assert {wide.loc[(f, 1), "substantive_disclosure_rate"] for f in pingtan_2022} == {"0.4"}
    # No value is NaN or infinite: where there is none, the status says why.
    assert set(indicators.status) <= {"value", "zero_denominator", "not_printed", "not_a_number", "overflow"}
    assert ((indicators.value != "") == (indicators.status == "value")).all()
    rates = indicators[(indicators.value != "") & (indicators.indicator != "review_cases_per_hundred")]
    assert rates.value.astype(float).between(0, 1).all()
