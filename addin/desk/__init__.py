"""The collection desk (``jixiao serve``): the bureau opens a 收文 round, every unit uploads its
files through a private link and sees its findings at once, the bureau watches a live board and
downloads the county summary. Everything the desk knows about workbooks comes from
:mod:`addin.desk.library`."""
