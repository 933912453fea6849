"""Outputs: every result as a document and its formats.

One document model (:mod:`.document`) with its format writers (:mod:`.formats`: terminal, Markdown, HTML, CSV,
DOCX, XLSX) and one escaping function per format (:mod:`.escape`); one rounding of every figure
(:mod:`.figures`); and a builder per output: the allocation table (:mod:`.allocation`), the annex
(:mod:`.annex`), what-ifs, sweeps and comparisons (:mod:`.workflow`), rights (:mod:`.rights`), risk
(:mod:`.risk`), withdrawal (:mod:`.withdrawal`), the alliance's graph (:mod:`.graph_export`) and plots
(:mod:`.plots`). Nothing here prints or writes a file but :func:`ipshare.output.write_file`'s callers.
"""
