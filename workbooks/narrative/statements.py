"""The statements a 自评报告 makes, read with the structure they always have in these reports:

- an amount with its label: ``基本支出313.21万元`` (万元, 亿元, 元);
- a count: ``在职人数8人``, ``编制25个``, ``涉及3个项目``;
- a share: ``占总支出的1.45%`` (of a stated whole, or of the total the sentence opens with);
- a rate: ``预算执行率100%`` (a label ending in 率);
- a score and a grade: ``自查评分为100分``, ``评价结论为“优”``;
- a breakdown: the parts listed after ``其中`` (to the next ``；``), or the list announced by
  ``涉及3个项目``, under the amount or count they divide.

Each statement keeps its sentence and its position. ``quantity`` names what the tables also hold
(基本支出, 项目支出, 支出合计, 人员经费, 公用经费, 三公经费, 编制数, 在职人数, 综合得分, 评价等次, 执行率) when the label says so
unambiguously; ``scope`` is ``项目`` for statements about one project (a project's section of the
report, or a sentence about 该项目), which are not compared with the unit's tables.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from workbooks.narrative.documents import Block

MONEY = {"万元": 1.0, "亿元": 10000.0, "元": 0.0001}        # factor to 万元
PEOPLE = frozenset({"人", "名"})
GRADES = {"优": "优", "优秀": "优", "良": "良", "良好": "良", "中": "中", "中等": "中", "合格": "中", "差": "差", "不合格": "差"}

_WIDTH = str.maketrans("０１２３４５６７８９．％，", "0123456789.%,")
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]?")
_TOKEN = re.compile(r"(?<![\d.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
                    r"(?P<unit>万元|亿元|元(?![/／每])|%|人次|人(?![/／民])|名|个(?!月)|项|家|分(?![值钟之]))")
_DELIMITERS = "，,、：:；;"
_GRADE = re.compile(r"(?:(?P<label>评价结论|评价结果|评价等次|评价等级|自评等级|自评结论|自评结果|评定结果|评定等级|等次|等级)"
                    r"(?:为|是|:|：)?|(?P<verb>评定|评价|评为)(?:为|是|:|：))[“\"'‘]?"
                    r"(?P<grade>不合格|优秀|良好|中等|合格|优|良|中|差)(?=[”\"'’，,。；;)）\s]|$|等次|等级)")
_LISTED = re.compile(r"涉及(?:(?P<a>\d+)个项目|项目(?P<b>\d+)个)")
_LEAD = [re.compile(p) for p in (
    r"^[（(]?(?:\d+|[一二三四五六七八九十]+)[）)、.．]", r"^[（(]+", r"^(?:其中|另外|另|包括|含)", r"^(?:截至|截止)?(?:20\d{2}|19\d{2})年(?:度|末|初|底)?",
    r"^(?:\d{1,2}月(?:底|末)?)", r"^(?:全年|年末|年初|本年度|本年|当年|目前|现)")]
_TRAIL = re.compile(r"(?:为|是|达到|达|共计|约|的|了|：|:)$")
_CHANGE = re.compile(r"减少|增加|下降|增长|上升|降低|节约|相比|较上年|比上年|同比|追加|调整")
_SCORE_LABEL = re.compile(r"评分|得分|总分|平均分")
_QUALIFIER = frozenset({"支出决算", "决算", "支出预算", "预算", "决算数", "预算数", "执行数", "实际支出", "支出决算数", "支出预算数"})
_GENERIC = frozenset({"", "共计", "合计", "总额", "总计", "规模", "金额"})
_PROJECT_SENTENCE = re.compile(r"该项目|本项目|此项目|项目绩效完成情况")
_PROJECT_HEADING = re.compile(r"项目.*(?:报告|自评表|评分表|绩效情况|绩效评价)")
_UNIT_HEADING = re.compile(r"(?:整体支出|部门决算).*(?:报告|自评表|评分表|绩效情况|情况说明)")
_BUDGET = re.compile(r"预算|批复|计划安排")
_YEAR = re.compile(r"^(?:截至|截止)?((?:19|20)\d{2})年")
_NOT_STAFF = re.compile(r"退休|离休|编外|聘用|借调|临聘|合同|遗属")     # listed beside the staff, not among them
_PRIOR = re.compile(r"上年|去年|上一年|同期")
_PUBLIC_BUDGET = re.compile(r"一般公共预算|公共预算|政府性基金预算|国有资本经营预算")
QUANTITY_LABELS: list[tuple[str, str, re.Pattern]] = [      # (quantity, unit family, label pattern)
    ("三公经费", "money", re.compile(r"三公")),
    ("基本支出", "money", re.compile(r"基本支出")),
    ("项目支出", "money", re.compile(r"项目(?:经费)?支出")),
    ("支出合计", "money", re.compile(r"整体支出|支出合计|决算支出|年度资金总额")),
    ("人员经费", "money", re.compile(r"人员经费|人员支出")),
    ("公用经费", "money", re.compile(r"公用经费|公用支出")),
    ("编制数", "people", re.compile(r"^(?:[本我全][\u4e00-\u9fff]{0,3}?)?(?:共有|现有|有|核定)?(?:全额拨款|财政拨款)?"
                                   r"(?:事业|行政|人员|在编)?编制(?:数|人数|总数)?$")),
    ("在职人数", "people", re.compile(r"在职人数|在职人员|实有人数|实际在职")),
    ("综合得分", "score", re.compile(r"综合得分|综合评分|自查评分|自评得分|自评评分|自评总分|评价得分|总得分|自评分|^总分$|^评分$")),
    ("执行率", "rate", re.compile(r"执行率")),
]


@dataclass(frozen=True)
class Statement:
    kind: str                     # amount | count | share | rate | score | grade
    label: str                    # as written, without years, numbering and fillers: “三公”经费预算数
    value: float | str            # in ``unit``; a share or rate in percent; a grade 优/良/中/差
    unit: str                     # 万元 亿元 元 人 个 项 家 % 分 or "" for a grade
    text: str                     # the words read: 基本支出313.21万元
    sentence: str
    paragraph: int
    page: int | None = None
    decimals: int = 0
    quantity: str = ""            # what the tables also hold, see QUANTITY_LABELS
    stage: str = "actual"         # budget when the label says 预算/批复
    scope: str = "单位"           # 项目 for statements about one project
    nested: bool = False          # inside brackets: a detail of the figure before it
    whole: str = ""               # a share: of what, as written (占总支出的 → 总支出)
    year: int | None = None       # the year its label names (2023年决算支出)

    @property
    def where(self) -> str:
        return f"第{self.page}页第{self.paragraph}段" if self.page else f"第{self.paragraph}段"

    @property
    def family(self) -> str:
        if self.unit in MONEY:
            return "money"
        if self.unit in PEOPLE:
            return "people"
        return {"%": "percent", "分": "score", "": "grade"}.get(self.unit, self.unit)

    @property
    def amount(self) -> float:
        """Money in 万元; anything else as stated."""
        return self.value * MONEY[self.unit] if self.unit in MONEY else self.value

    @property
    def precision(self) -> float:
        """One unit of the last digit shown, in the unit of :attr:`amount`; a stated 0 万元 or 0 人 is exact."""
        exact = self.value == 0 and self.kind in ("amount", "count")
        return 0.0 if exact else 10.0 ** -self.decimals * MONEY.get(self.unit, 1.0)


@dataclass(frozen=True)
class Breakdown:
    total: Statement
    parts: tuple[Statement, ...]
    marker: str                   # 其中 or 涉及3个项目
    complete: bool                # a list announced with its count must add up; 其中 may not cover all


@dataclass(frozen=True)
class Share:
    share: Statement
    part: Statement | None        # the figure the share is of the whole of
    whole: Statement | None       # the whole, when stated


@dataclass
class Reading:
    """What a report states."""
    statements: list[Statement] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    shares: list[Share] = field(default_factory=list)

    def labelled(self, *quantities: str) -> list[Statement]:
        return [s for s in self.statements if s.quantity in quantities]


def read_statements(blocks: list[Block]) -> Reading:
    reading = Reading()
    scope = "单位"
    prior = ""
    for block in blocks:
        scope = _scope(block.text, scope)
        for sentence in _SENTENCE.findall(block.text):
            if sentence.strip():
                _sentence(reading, sentence.strip(), block, scope, prior)
                prior = sentence.strip()
    return reading


def _scope(text: str, scope: str) -> str:
    """A short block naming a project's report or table opens a project section; one naming the
    整体支出 (or 部门决算) report or table opens the unit's."""
    plain = "".join(text.split())
    if len(plain) > 40:
        return scope
    if _UNIT_HEADING.search(plain):
        return "单位"
    if _PROJECT_HEADING.search(plain):
        return "项目"
    return scope


def _plain(sentence: str) -> tuple[str, list[int]]:
    """The sentence without spaces, full-width digits folded, and the bracket depth of each character."""
    text = "".join(sentence.translate(_WIDTH).split())
    depth, depths = 0, []
    for char in text:
        if char in "（(":
            depth += 1
        depths.append(depth)
        if char in "）)" and depth:
            depth -= 1
    return text, depths


def clean_label(raw: str) -> str:
    label = raw
    for _ in range(4):
        before = label
        for pattern in _LEAD:
            label = pattern.sub("", label)
        label = _TRAIL.sub("", label)
        if label == before:
            break
    label = label.strip("（()）\"'‘’")
    return label if label.count("“") == label.count("”") else label.replace("“", "").replace("”", "")


def quantity_of(label: str, family: str) -> str:
    """The quantity a label names; none but 项目支出 when it speaks of a project (项目执行率)."""
    plain = re.sub(r"[“”\"'‘’]", "", label)
    for quantity, wanted, pattern in QUANTITY_LABELS:
        if wanted == family and pattern.search(plain) and (quantity == "项目支出" or "项目" not in plain):
            return quantity
    return ""


def _stage(label: str) -> str:
    """prior for last year's figure, budget when the label says 预算/批复, else actual."""
    if _PRIOR.search(label):
        return "prior"
    return "budget" if _BUDGET.search(_PUBLIC_BUDGET.sub("", label)) else "actual"


def _decimals(number: str) -> int:
    return len(number.split(".")[1]) if "." in number else 0


def _sentence(reading: Reading, sentence: str, block: Block, scope: str, prior: str) -> None:
    text, depths = _plain(sentence)
    if _PROJECT_SENTENCE.search(text):
        scope = "项目"
    found: list[tuple[int, int, Statement]] = []            # (start, end, statement) in this sentence
    shares: list[tuple[Statement, Statement | None]] = []
    last_end = 0
    for match in _TOKEN.finditer(text):
        start = _clause_start(text, match.start(), last_end)
        if depths[match.start()]:                                # inside brackets: the label starts there
            start = max(start, text.rfind("（", 0, match.start()) + 1, text.rfind("(", 0, match.start()) + 1)
        raw = text[start:match.start()]
        if not clean_label(raw) and start > last_end and text[start - 1] in "：:":     # 人员编制：164人 (a table row)
            raw = text[_clause_start(text, start - 1, last_end):start - 1]
        last_end = match.end()
        number, unit = match["num"], match["unit"]
        value = float(number.replace(",", ""))
        year = _YEAR.match(raw)
        common = dict(text=text[start:match.end()], sentence=sentence, paragraph=block.paragraph, page=block.page,
                      decimals=_decimals(number), scope=scope, nested=depths[match.start()] > 0,
                      year=int(year[1]) if year else None)
        before = found[-1][2] if found else None
        if unit == "%":
            if "占" in raw:
                whole = clean_label(re.sub(r"^.*?占(?:比)?", "", raw))
                share = Statement("share", "占" + whole if whole else "占比", value, "%", whole=whole, **common)
                adjacent = before if before and found[-1][1] == start - 1 and before.kind in ("amount", "count") else None
                found.append((start, match.end(), share))
                shares.append((share, adjacent))
            elif clean_label(raw).endswith("率"):
                label = clean_label(raw)
                found.append((start, match.end(), Statement("rate", label, value, "%", quantity=quantity_of(label, "rate"),
                                                            **common)))
            continue
        label = clean_label(raw)
        if _CHANGE.search(label):
            continue
        if unit == "分":
            if _SCORE_LABEL.search(label) and "项目" not in label:
                found.append((start, match.end(), Statement("score", label, value, "分", quantity=quantity_of(label, "score"),
                                                            **common)))
            continue
        kind = "amount" if unit in MONEY else "count"
        family = "money" if unit in MONEY else ("people" if unit in PEOPLE else unit)
        quantity = quantity_of(label, family) or (quantity_of(label, "people") if unit == "个" else "")
        if not quantity and label in _QUALIFIER and before is not None and before.family == family:
            quantity = before.quantity
        if not quantity and label in _GENERIC:
            subject = _subject(text, start, prior)
            quantity = quantity_of(subject, family)
            label = subject if quantity else label
        found.append((start, match.end(), Statement(kind, label, value, unit, quantity=quantity,
                                                    stage=_stage(label), **common)))
    for grade in _GRADE.finditer(text):
        found.append((grade.start(), grade.end(), Statement(
            "grade", grade["label"] or grade["verb"], GRADES[grade["grade"]], "", grade[0], sentence, block.paragraph, block.page,
            quantity="评价等次", scope=scope)))
    found.sort(key=lambda item: item[0])
    _split_establishment(found)
    prior_statements = list(reading.statements)
    breakdowns = _breakdowns(text, found)
    statements = [_with_total_quantity(s, breakdowns) for _, _, s in found]
    renamed = dict(zip((id(s) for _, _, s in found), statements))
    reading.statements.extend(statements)
    reading.breakdowns.extend(Breakdown(renamed[id(b.total)], tuple(renamed[id(p)] for p in b.parts), b.marker, b.complete)
                              for b in breakdowns)
    for share, part in shares:
        share = renamed[id(share)]
        part = renamed[id(part)] if part is not None else None
        before = prior_statements + [s for s in statements if statements.index(s) < statements.index(share)]
        reading.shares.append(Share(share, part, _whole(before, text, share, part, found, breakdowns, renamed)))


def _split_establishment(found: list[tuple[int, int, Statement]]) -> None:
    """``行政编制5人，事业编制15人``: parts of the 编制数, not it."""
    establishment = [i for i, (_, _, s) in enumerate(found) if s.quantity == "编制数"]
    if len(establishment) > 1:
        for i in establishment:
            start, end, s = found[i]
            if re.search(r"行政|事业", s.label):
                found[i] = (start, end, replace(s, quantity=""))


def _clause_start(text: str, end: int, floor: int) -> int:
    return max(floor, *(text.rfind(d, 0, end) + 1 for d in _DELIMITERS))


def _subject(text: str, start: int, prior: str) -> str:
    """What a bare ``共计``/``总额`` is of: the words the sentence opens with (``项目支出由…组成``), or
    a short heading just before (``1、基本支出。总额2768.2万元``)."""
    opening = re.split(r"[由为是，,：:]", text[:start], maxsplit=1)[0]
    if opening and not re.search(r"\d", opening):
        return clean_label(opening)
    heading = clean_label("".join(prior.split()).rstrip("。：:"))
    return heading if len(heading) <= 12 and not re.search(r"\d", heading) else ""


def _breakdowns(text: str, found: list[tuple[int, int, Statement]]) -> list[Breakdown]:
    result = []
    for marker in re.finditer(r"其中", text):
        at = marker.start()
        end = min([i for i in (text.find(c, at) for c in "；;") if i >= 0] + [len(text)])
        following = [m.start() for m in re.finditer(r"其中", text) if m.start() > at]
        end = min([end] + following)
        segment = max(text.rfind(c, 0, at) for c in "；;")
        figures = [s for _, _, s in found if s.kind in ("amount", "count") and not s.nested and "目标" not in s.label]
        parts = [s for _, stop, s in found if at < stop <= end and s in figures]
        for family in dict.fromkeys(p.family for p in parts):
            totals = [s for _, stop, s in found if segment < stop <= at and s in figures and s.family == family]
            mine = [p for p in parts if p.family == family and not (totals and _beside(p, totals[-1]))]
            if totals and all(_stage_of(p, totals[-1]) == totals[-1].stage for p in mine):   # else not a split of it
                result.append(Breakdown(totals[-1], tuple(mine), "其中", _complete(tuple(mine))))
    for listed in _LISTED.finditer(text):
        count = int(listed["a"] or listed["b"])
        parts = [s for _, stop, s in found if stop > listed.end() and s.kind == "amount" and not s.nested]
        totals = [s for _, stop, s in found if stop <= listed.start() and s.kind == "amount"]
        if totals and len(parts) == count:
            result.append(Breakdown(totals[-1], tuple(parts), listed[0], True))
    return [b for b in result if b.parts]


def _beside(part: Statement, total: Statement) -> bool:
    """Retirees or contract staff listed under the staff are beside them, not among them."""
    return part.family == "people" and bool(_NOT_STAFF.search(part.label)) and not _NOT_STAFF.search(total.label)


def _complete(parts: tuple[Statement, ...]) -> bool:
    """Parts listed under 其中 that must cover their total: 基本支出 with 项目支出, 人员经费 with 公用经费; the three parts of
    三公经费; or three parts or more whose list shows it is whole (an item at 0, an item 其他…)."""
    labels = "".join(p.label for p in parts)
    quantities = {p.quantity for p in parts}
    return ({"基本支出", "项目支出"} <= quantities or {"人员经费", "公用经费"} <= quantities
            or all(word in labels for word in ("接待", "出国", "车"))
            or (len(parts) >= 3 and any(p.value == 0 or p.label.startswith("其他") for p in parts)))


def _stage_of(part: Statement, total: Statement) -> str:
    """A part says 预算 itself, or is of the total's stage."""
    return "budget" if _BUDGET.search(_PUBLIC_BUDGET.sub("", part.label)) else total.stage


def _with_total_quantity(statement: Statement, breakdowns: list[Breakdown]) -> Statement:
    """A total whose parts are 基本支出 and 项目支出 is the unit's 支出合计, whatever its label
    (``2021年支出1387.53万元，其中基本支出…，项目支出…``); a part takes its total's stage."""
    for b in breakdowns:
        if b.total is statement and not statement.quantity and statement.kind == "amount" \
                and {"基本支出", "项目支出"} <= {p.quantity for p in b.parts}:
            return replace(statement, quantity="支出合计")
        if statement in b.parts and b.total.stage == "budget":
            return replace(statement, stage="budget")
    return statement


def _whole(before: list[Statement], text: str, share: Statement, part: Statement | None,
           found: list[tuple[int, int, Statement]], breakdowns: list[Breakdown], renamed: dict) -> Statement | None:
    """The whole a share is of: the statement its words name (the nearest before it), else the
    total of the breakdown its figure is part of, else the figure the sentence opens with, else the
    quantity the sentence opens with (``“三公”经费财政拨款支出决算中，…占24.4%``)."""
    if share.whole:
        return _named(before, share, share.whole)
    if part is not None:
        for b in breakdowns:
            if any(renamed[id(p)] == part for p in b.parts):
                return renamed[id(b.total)]
    lead = re.match(r"^([^，,]*?)中[，,]", text)
    if lead:
        return _named(before, share, clean_label(lead[1]))
    figures = [renamed[id(s)] for _, _, s in found if s.kind == "amount"]
    if figures and part is not None and figures[0] != part:
        return figures[0]
    return None


def _named(before: list[Statement], share: Statement, name: str) -> Statement | None:
    plain = re.sub(r"[“”\"'‘’]", "", name)
    quantity = quantity_of(plain, "money")
    stage = _stage(plain)
    candidates = [s for s in before if s.kind == "amount"]
    for test in (lambda s: re.sub(r"[“”\"'‘’]", "", s.label) == plain,
                 lambda s: bool(quantity) and s.quantity == quantity and s.stage == stage and s.scope == share.scope):
        matching = [s for s in candidates if test(s)]
        if matching:
            return matching[-1]
    return None
