"""The summary's 汇总 table as one flat table for analysts: csv (UTF-8 with a byte-order mark, so
that Excel and WPS open it as Chinese) or parquet (pandas with pyarrow). The columns are the
model's, headed in Chinese, after a first column 行类别 (单位 / 合计 / 未合并 / 重复 / 跳过). The csv,
opened by people, closes its units with a 合计 row (单位名称 合计, 行类别 合计), its figures from the
model's 合计 rule, its note saying which units' amounts it leaves out; the parquet, read by programs,
has no 合计 row, so that a sum over a column is the county's figure. Both then list every input
that is not in a unit's row (not merged, a duplicate, skipped, or carried from a summary merged
in) with its file and why, and no figures: every input is accounted for in the file itself."""

from __future__ import annotations

from pathlib import Path

from workbooks.display import cell_text
from workbooks.summary.model import STATES, Summary, shown_row, totals


KIND = "行类别"


def frame(summary: Summary, total: bool = True):
    import pandas

    model = summary.table("units")
    rows = [shown_row(r) for r in summary.rows("units")]
    records = [["单位", *(row.get(c.key) for c in model.columns)] for row in rows]
    if total:
        values = totals(model, rows) | {"unit": "合计", "note": summary.total_note()}
        records.append(["合计", *(values.get(c.key) for c in model.columns)])
    records += [[kind, *(values.get(c.key) for c in model.columns)] for kind, values in unplaced(summary)]
    records = [[cell_text(v) for v in record] for record in records]     # a file name not in UTF-8 (GBK) as text
    data = pandas.DataFrame(records, columns=[KIND, *(c.header for c in model.columns)])
    for column in model.columns:                 # one type per column, as parquet needs
        if column.kind in ("text", "grade"):
            data[column.header] = data[column.header].map(lambda v: None if pandas.isna(v) else str(v))
        elif column.kind in ("people", "int"):
            data[column.header] = pandas.to_numeric(data[column.header], errors="coerce").round().astype("Int64")
        else:
            data[column.header] = pandas.to_numeric(data[column.header], errors="coerce")
    return data


def unplaced(summary: Summary):
    """(行类别, values) of every input that is in no unit's row, in the order the 说明 sheet lists them."""
    for p in summary.placements:
        if p.state != "merged":
            yield STATES[p.state], {"files": str(p.path), "note": p.reason}
    for record in summary.carried:
        yield record.get("类别") or STATES["not-merged"], {"region": record.get("地区"), "files": record.get("文件"),
                                                          "note": record.get("原因")}
    for path, reason in summary.skipped:
        yield "跳过", {"files": str(path), "note": reason}


def write_csv(summary: Summary, path: Path) -> None:
    frame(summary).to_csv(path, index=False, encoding="utf-8-sig")


def write_parquet(summary: Summary, path: Path) -> None:
    frame(summary, total=False).to_parquet(path, index=False)
