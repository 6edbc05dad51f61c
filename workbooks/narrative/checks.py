"""The checks of a 自评报告: within itself (breakdowns, shares, the same figure stated twice, the
grade of a stated score) and against its unit's tables. Figures agree when they are equal at the
precision the report shows (``1.53亿元`` is 15,300 万元 give or take 100; ``0万元`` is exactly 0)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from udfs.scores import grade
from workbooks.checks.findings import Finding, finding
from workbooks.narrative.statements import MONEY, Breakdown, Reading, Share, Statement
from workbooks.narrative.tables import TABLE_FIELDS, Fact

_QUOTE = 150                     # characters of a sentence quoted in a finding
_EPSILON = 1e-9


def figure(value: float, unit: str, decimals: int = 2) -> str:
    return f"{value:.{decimals}f}{unit}"


def shown(statement: Statement) -> str:
    if statement.kind == "grade":
        return str(statement.value)
    return figure(statement.value, statement.unit, statement.decimals)


def quote(statement: Statement) -> str:
    text = statement.sentence if len(statement.sentence) <= _QUOTE else statement.sentence[:_QUOTE] + "……"
    return f"{statement.where}：“{text}”"


def agrees(value: float, statement: Statement) -> bool:
    """``value`` (in the unit of :attr:`Statement.amount`) shows as the statement does: rounded or
    cut to its digits. A stated 0 means none at all."""
    half = statement.precision / 2
    return -half - _EPSILON <= value - statement.amount <= max(statement.precision - _EPSILON, _EPSILON)


def same(a: Statement, b: Statement) -> bool:
    coarse, fine = (a, b) if a.precision >= b.precision else (b, a)
    return agrees(fine.amount, coarse)


class Checker:
    """Findings about one report, positioned at the report's file."""

    def __init__(self, file: str):
        self.file = file

    def finding(self, type_: str, statement: Statement, *, label: str, expected: str, actual: str,
                message: str = "") -> Finding:
        return finding(type_, label=label, expected=expected, actual=actual,
                       message=message or quote(statement), file=self.file, template="报告", cell=statement.where)

    # ------------------------------------------------------------ within the report

    def within(self, reading: Reading) -> Iterator[Finding]:
        for b in reading.breakdowns:
            yield from self._breakdown(b)
        for share in reading.shares:
            yield from self._share(share)
        yield from self._shares_total(reading)
        yield from self._stated_twice(reading.statements)
        yield from self._grades(reading.statements)

    def _breakdown(self, b: Breakdown) -> Iterator[Finding]:
        total = b.total
        parts = sum(p.amount for p in b.parts)
        tolerance = total.precision + sum(p.precision for p in b.parts) / 2 + _EPSILON
        factor = MONEY.get(total.unit, 1.0)
        decimals = max([total.decimals] + [p.decimals for p in b.parts if p.unit == total.unit])
        stated = figure(parts / factor, total.unit, decimals)
        if parts - total.amount > tolerance:
            yield self.finding("report-part-exceeds", total, label=total.label, expected=shown(total), actual=stated)
        elif b.complete and total.amount - parts > tolerance:
            yield self.finding("report-part-misses", total, label=total.label, expected=shown(total), actual=stated,
                               message=f"{b.marker}，{quote(total)}")

    def _share(self, share: Share) -> Iterator[Finding]:
        part, whole, stated = share.part, share.whole, share.share
        if part is None or whole is None or whole is part or whole.amount == 0 or part.family != whole.family:
            return
        low = (part.amount - part.precision / 2) / (whole.amount + whole.precision / 2) * 100
        high = (part.amount + part.precision / 2) / (whole.amount - whole.precision / 2) * 100
        half = stated.precision / 2
        if low - half - _EPSILON <= stated.value <= high + half + _EPSILON:
            return
        computed = part.amount / whole.amount * 100
        yield self.finding("report-share-mismatch", stated, label=f"{part.label}{stated.label}",
                           expected=figure(computed, "%", stated.decimals), actual=shown(stated),
                           message=f"{part.label} {shown(part)}，{whole.label or '总数'} {shown(whole)}；{quote(stated)}")

    def _shares_total(self, reading: Reading) -> Iterator[Finding]:
        """Shares of one whole add up to at most 100%, and to 100% when their figures add up to
        the whole. Shares of one stated whole are taken sentence by sentence; shares of a whole
        the report names but never states (``占总支出的1.45%``) across the report, and when they
        add up to 100% each must follow from the whole their figures imply. A share of a part of a
        figure that has its own share is left out."""
        groups: dict[tuple, list[Share]] = {}
        for share in reading.shares:
            s = share.share
            key = ((s.paragraph, s.sentence, id(share.whole)) if share.whole or not s.whole
                   else ("named", s.scope, s.whole))
            groups.setdefault(key, []).append(share)
        for key, shares in groups.items():
            with_share = {id(s.part) for s in shares if s.part is not None}
            nested = {id(p) for b in reading.breakdowns if id(b.total) in with_share for p in b.parts}
            kept = [s for s in shares if s.part is None or id(s.part) not in nested]
            if len(kept) < 2:
                continue
            total = sum(s.share.value for s in kept)
            tolerance = sum(s.share.precision for s in kept) / 2 + _EPSILON
            whole = kept[0].whole
            parts = [s.part for s in kept if s.part is not None]
            covered = whole is not None and len(parts) == len(kept) and \
                abs(sum(p.amount for p in parts) - whole.amount) <= whole.precision / 2 + _EPSILON
            first = kept[0].share
            if total > 100 + tolerance or (covered and total < 100 - tolerance):
                decimals = max(s.share.decimals for s in kept)
                yield self.finding("report-shares-total", first, label=f"“{first.whole or '同一总数'}”",
                                   expected="100%", actual=figure(total, "%", decimals))
            elif key[0] == "named" and len(parts) == len(kept) and abs(total - 100) <= tolerance:
                implied = Statement("amount", first.whole, sum(p.amount for p in parts), "万元", "", "", 0,
                                    decimals=max(p.decimals for p in parts) if parts[0].unit == "万元" else 4)
                for share in kept:
                    yield from self._share(Share(share.share, share.part, implied))

    def _stated_twice(self, statements: list[Statement]) -> Iterator[Finding]:
        first: dict[tuple[str, str], Statement] = {}
        told: set[tuple] = set()
        for s in statements:
            if not s.quantity or s.scope != "单位":
                continue
            key = (s.quantity, s.stage)
            earlier = first.setdefault(key, s)
            if earlier is s or _equal(earlier, s) or (key, s.value) in told or _other_year(earlier.year, s.year):
                continue
            told.add((key, s.value))
            yield self.finding("report-stated-twice", s, label=s.quantity, expected=shown(earlier), actual=shown(s),
                               message=f"{quote(earlier)}；{quote(s)}")

    def _grades(self, statements: list[Statement]) -> Iterator[Finding]:
        """A grade follows from the 综合得分 stated in its paragraph or the two before."""
        for s in statements:
            if s.kind != "grade":
                continue
            scores = [t for t in statements if t.quantity == "综合得分" and t.scope == s.scope
                      and s.paragraph - 2 <= t.paragraph <= s.paragraph]
            if scores:
                expected = grade(scores[-1].value)
                if expected != s.value:
                    yield self.finding("report-grade-mismatch", s, label="评价等次", expected=expected, actual=s.value,
                                       message=f"得分 {shown(scores[-1])}；{quote(s)}")

    # ------------------------------------------------------------ against the unit's tables

    def against(self, statements: Iterable[Statement], facts: list[Fact]) -> Iterator[Finding]:
        """A statement of the unit's against the same quantity in its tables: one finding for each
        value the tables hold that the statement does not show, naming every cell that holds it,
        and once only for the same figure stated again."""
        told: set[tuple] = set()
        for s in statements:
            if s.scope != "单位" or (s.quantity, s.stage) not in TABLE_FIELDS:
                continue
            wrong: dict[object, list[Fact]] = {}
            for fact in facts:
                if (fact.quantity, fact.stage) == (s.quantity, s.stage) and not _fact_agrees(fact, s) \
                        and not _other_year(fact.year, s.year):
                    wrong.setdefault(fact.value, []).append(fact)
            for value, cells in wrong.items():
                key = (s.quantity, s.stage, s.value, value)
                if key not in told:
                    told.add(key)
                    yield self.finding("report-table-mismatch", s, label=s.label or s.quantity, actual=shown(s),
                                       expected=_fact_shown(cells[0], s),
                                       message=f"{'、'.join(f.where for f in cells)}；{quote(s)}")


def _other_year(a: int | None, b: int | None) -> bool:
    return a is not None and b is not None and a != b


def _equal(a: Statement, b: Statement) -> bool:
    if a.kind == "grade" or b.kind == "grade":
        return a.value == b.value
    return same(a, b)


def _fact_agrees(fact: Fact, statement: Statement) -> bool:
    if statement.kind == "grade":
        return fact.value == statement.value
    return isinstance(fact.value, int | float) and agrees(float(fact.value), statement)


def _fact_shown(fact: Fact, statement: Statement) -> str:
    if isinstance(fact.value, str):
        return fact.value
    unit = "万元" if statement.unit in MONEY else statement.unit
    decimals = 2 if statement.unit in MONEY or statement.kind == "rate" else 0
    value = float(fact.value)
    return figure(value, unit, decimals if not value.is_integer() or decimals else 0)
