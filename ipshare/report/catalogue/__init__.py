"""The message catalogue's texts, one module per language (:mod:`.en`, :mod:`.zh`), read by
:mod:`ipshare.report.messages`. Each maps a key to a template with named placeholders (``{member}``)."""
