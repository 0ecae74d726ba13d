"""Exports that leave the app: tables as CSV and XLSX (charts and the briefing pack build on this module)."""

from __future__ import annotations

import io

import pandas as pd

from kursk_brief.facts import Brief


def facts_csv(view: pd.DataFrame) -> bytes:
    """UTF-8 with BOM so that spreadsheet programs open the ¶ signs and quotes correctly."""
    return view.to_csv(index=False).encode("utf-8-sig")


def facts_xlsx(view: pd.DataFrame, brief: Brief) -> bytes:
    """The selection plus the sources sheet, so the workbook carries its own provenance."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        view.to_excel(writer, sheet_name="facts", index=False)
        brief.sources.drop(columns="line").to_excel(writer, sheet_name="sources", index=False)
    return buffer.getvalue()
