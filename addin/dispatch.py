"""What the add-in's VBA calls: ``RunPython "import addin.dispatch; addin.dispatch.run('check')"``."""

from addin.actions import dispatch
from addin.host_xlwings import XlwingsHost


def run(tag: str) -> None:
    host = XlwingsHost()
    message = dispatch(tag, host)
    if message:
        host.message(message)
