"""What Excel sees: the ribbon actions, the ribbon XML, the VBA source, building the ``.xlam``.

The command line lives here too, as the outermost layer: ``addin`` → ``workbooks`` → ``udfs``.
"""

__version__ = "0.1.0"          # the one place the version is written (pyproject reads it)
