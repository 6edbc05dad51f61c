"""The county summary (县汇总表): merge a bureau's inbox into one table model
(:mod:`~workbooks.summary.model`), whose columns the specs declare
(:mod:`~workbooks.summary.columns`), and write it as xlsx, csv or parquet."""

from workbooks.summary.merge import distinct, earlier_summary, merge
from workbooks.summary.model import Summary
from workbooks.summary.write import FORMATS, format_of, write_summary

__all__ = ["FORMATS", "Summary", "distinct", "earlier_summary", "format_of", "merge", "write_summary"]
