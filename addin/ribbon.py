"""The ribbon tab 绩效工具, generated from the action table (customUI14: Office 2010 and later)."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from addin.actions import ACTIONS, Action

NAMESPACE = "http://schemas.microsoft.com/office/2009/07/customui"
RELATIONSHIP = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
PART = "customUI/customUI14.xml"
RIBBON_MODULE = "RibbonJixiao"           # the VBA module of the ribbon's callback
ON_ACTION = f"{RIBBON_MODULE}.RunMain"


def _button(action: Action) -> str:
    return (f"<button id={quoteattr('jx_' + action.tag)} label={quoteattr(action.label)} size=\"large\" "
            f"imageMso={quoteattr(action.image)} tag={quoteattr(action.tag)} onAction={quoteattr(ON_ACTION)} "
            f"screentip={quoteattr(action.label)} supertip={quoteattr(action.tip)}/>")


def ribbon_xml(actions: tuple[Action, ...] = ACTIONS) -> str:
    buttons = "\n        ".join(_button(a) for a in actions)
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<customUI xmlns="{NAMESPACE}">
  <ribbon>
    <tabs>
      <tab id="jixiaoTab" label="绩效工具">
        <group id="jixiaoGroup" label="预算绩效自评">
        {buttons}
        </group>
      </tab>
    </tabs>
  </ribbon>
</customUI>
"""
