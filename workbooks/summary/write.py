"""Write a summary in the format asked for, atomically: xlsx (the county summary workbook), csv or
parquet (the 汇总 table for analysts)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from workbooks.atomic import atomic_path
from workbooks.summary.model import Summary

FORMATS = ("xlsx", "csv", "parquet")


def format_of(path: Path | str) -> str | None:
    """The format a file name asks for by its suffix, None when it names none of ours."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


def region_of(summary: Summary, region: str) -> str:
    """The region a summary is titled and signed for: the one given, else the one every unit's name
    starts with (nothing when they share none)."""
    return region or shared_region([str(r.get("unit") or "") for r in summary.units.values()])


def title_of(summary: Summary, region: str) -> str:
    years = sorted({str(r.get("year")) for r in summary.units.values() if r.get("year")})
    return f"{region_of(summary, region)}{'、'.join(years) + '年度' if years else ''}预算绩效自评汇总表"


def bureau_of(region: str) -> str:
    """The finance bureau that sends a region's summary: 甲县 → 甲县财政局, 某市/甲县 → 甲县财政局, a
    province's or an autonomous region's 财政厅; nothing for no region (the line is filled by hand)."""
    place = region.rpartition("/")[2].strip()
    if not place:
        return ""
    return place + ("财政厅" if place.endswith(("省", "自治区")) else "财政局")


def shared_region(units: list[str]) -> str:
    """The county (or city) every unit's name starts with, for a title given no ``--region``:
    示例县交通运输局 and 示例县教育局 → 示例县; nothing when the names share none."""
    prefix = os.path.commonprefix([u for u in units if u])
    end = max(prefix.rfind(word) for word in "省市州盟县区旗")
    return prefix[:end + 1] if end > 0 else ""


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def write_summary(summary: Summary, path: Path | str, region: str = "", inputs: list[str] | None = None,
                  format: str | None = None, bureau: str | None = None) -> Path:
    """``bureau`` names the 填报单位 of the xlsx's 汇总 (default: the region's finance bureau, see
    :func:`bureau_of`; "" leaves the line blank to fill by hand)."""
    path = Path(path)
    format = format or format_of(path) or "xlsx"
    with atomic_path(path) as temporary:
        if format == "xlsx":
            from workbooks.summary.xlsx import write_xlsx

            bureau = bureau_of(region_of(summary, region)) if bureau is None else bureau.strip()
            write_xlsx(summary, temporary, title_of(summary, region), region, inputs or [], now(), bureau)
        elif format == "csv":
            from workbooks.summary.flat import write_csv

            write_csv(summary, temporary)
        elif format == "parquet":
            from workbooks.summary.flat import write_parquet

            write_parquet(summary, temporary)
        else:
            raise ValueError(f"未知的汇总表格式“{format}”，可用：{'、'.join(FORMATS)}")
    return path
