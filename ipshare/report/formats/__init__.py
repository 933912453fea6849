"""Format writers: each turns a :class:`~ipshare.report.document.Document` into one format.

``terminal`` (rich text that fits the terminal), ``markdown``, ``html``, ``csv``, ``docx`` and ``xlsx``. Each
depends on the document model and on :mod:`ipshare.report.escape` only, never on another writer, and escapes
every text cell for its own format as it writes it.
"""
