"""Everything about files: template specs as data, building templates, reading submitted
workbooks, the rule engine that checks them, and the merge into a county summary."""
