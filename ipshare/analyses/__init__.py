"""Analyses that combine the alliance, its games and the rules: comparing rules (:mod:`.compare`), what-ifs and
sweeps (:mod:`.whatif`), a member's withdrawal (:mod:`.withdrawal`), the sharing of costs and risk (:mod:`.risk`)
and the rights report with council power (:mod:`.rights`)."""
