"""The checks of a 自评报告 as rules: (type, Chinese title, message template, severity), the fields
of :class:`workbooks.checks.findings.ErrorType`; findings.py registers them. Templates take
``{label}``, ``{expected}``, ``{actual}``, ``{message}``; ``{message}`` says where the statement
stands and quotes its sentence (and, for a table, names the file, sheet and cell)."""

ERROR, WARNING = "error", "warning"

NARRATIVE_TYPES: list[tuple[str, str, str, str]] = [
    # reading
    ("report-needs-conversion", "报告需转换格式",
     "{message}：本机未安装 LibreOffice，无法读取。请用 Word 或 WPS 打开，“另存为”Word 文档（.docx）后重新提交；"
     "或安装 LibreOffice（soffice）后重试", ERROR),
    ("report-no-text", "报告无文字层",
     "{message}：无法读取其中的文字。请提供 Word 文档（.docx）或由 Word/WPS 直接导出的 PDF", ERROR),
    ("report-no-statements", "报告未读到数据", "报告中没有读到金额、人数、得分或等次等可核对的表述", WARNING),
    # within the report
    ("report-part-exceeds", "报告其中项超过总数",
     "报告中“{label}”为 {expected}，其中所列各项之和为 {actual}，超过总数（{message}）", WARNING),
    ("report-part-misses", "报告所列各项与总数不符",
     "报告中“{label}”为 {expected}，所列各项之和为 {actual}，与总数不符（{message}）", WARNING),
    ("report-share-mismatch", "报告占比与金额不符",
     "报告中“{label}”为 {actual}，按所述金额计算应为 {expected}（{message}）", WARNING),
    ("report-shares-total", "报告各项占比之和不为100%",
     "报告中{label}各项占比之和为 {actual}，应为 {expected}（{message}）", WARNING),
    ("report-stated-twice", "报告同一数据前后不一",
     "报告中“{label}”前后两处不同：{expected} 与 {actual}（{message}）", WARNING),
    ("report-grade-mismatch", "报告等次与得分不符",
     "报告中评价等次为“{actual}”，按报告所述得分应为“{expected}”（{message}）", WARNING),
    # against the unit's tables
    ("report-table-mismatch", "报告与表格不一致",
     "报告中“{label}”为 {actual}，表格中为 {expected}（{message}）", WARNING),
]
