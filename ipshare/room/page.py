"""The negotiation room's HTML: the whole page (:func:`page`) and the part recomputed on each change
(:func:`view_fragment`), server-rendered.

Every text of the scenario (names, titles, ids, paths, values typed on the page, error messages) goes through
:func:`ipshare.report.escape.html` here and nowhere else is written raw; numbers are written as every other output
writes them (:class:`ipshare.report.document.Number`, from the figures :func:`ipshare.report.figures.rule_figures`
rounded). The page fetches nothing from elsewhere: its script and stylesheet are the package's static files.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from urllib.parse import urlencode

from ..errors import IpshareError
from ..report.document import Number
from ..report.escape import html as e
from .engine import SAVE_EXTENSIONS, message_of, number_text
from .labels import label, user_text

__all__ = ["page", "view_fragment", "marks_fragment", "query_of"]

_HUNDRED = Decimal("100.00")
_CENT = Decimal("0.01")


def query_of(view, values, more: str, extra=()) -> str:
    """The query string that asks for ``view`` again (controls, free lines, rules), for links and images."""
    pairs = [(f"set:{path}", text) for path, text in values.items()]
    if more:
        pairs.append(("more", more))
    pairs += [("rule", rule) for rule in view.rules]
    pairs += list(extra)
    return urlencode(pairs)


def _percent(value: Fraction) -> str:
    return Number((Decimal(value.numerator) / Decimal(value.denominator) * 100).quantize(_CENT), "percent").text


def _table(header, rows, *, numeric=(), foot=None, caption=None, cls="") -> str:
    """A table: ``header`` and ``rows`` of already-escaped cells; ``numeric`` the right-aligned columns."""
    def cells(row, tag):
        return "".join(f'<{tag}{" class=num" if i in numeric else ""}>{cell}</{tag}>' for i, cell in enumerate(row))

    out = [f'<table class="{cls}">' if cls else "<table>"]
    if caption:
        out.append(f"<caption>{caption}</caption>")
    out.append(f"<thead><tr>{cells(header, 'th')}</tr></thead><tbody>")
    out += [f"<tr>{cells(row, 'td')}</tr>" for row in rows]
    out.append("</tbody>")
    if foot:
        out.append(f"<tfoot><tr>{cells(foot, 'td')}</tr></tfoot>")
    out.append("</table>")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------------------------
# The whole page


def page(room, lang: str) -> str:
    """The page as first loaded: the controls, the alliance, and the view of the file as it is."""
    view = room.view({}, "", ())
    values = {term.path: number_text(term.value) for term in room.terms}
    values.update({path: number_text(value) for path, value in room.fields})
    scenario = room.scenario
    title = user_text(scenario.name, lang)
    html_lang = {"en": "en", "zh": "zh-Hans", "zh+en": "zh-Hans"}[lang]
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{html_lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(label('room', lang))}: {e(title)}</title>",
        '<link rel="stylesheet" href="static/room.css">',
        '<script src="static/room.js" defer></script>',
        "</head>",
        "<body>",
        f"<header><h1>{e(label('room', lang))}: {e(title)}</h1>",
        f'<p class="subtitle">{e(label("file", lang))}: <code>{e(room.path)}</code> · SHA-256 '
        f"<code>{e(scenario.sha256[:16])}</code></p>{_languages(lang)}</header>",
        '<main><form id="terms" autocomplete="off" onsubmit="return false">',
        f'<input type="hidden" name="lang" value="{e(lang)}">',
        _terms_block(room, lang),
        _rules_block(room, lang),
        "</form>",
        f'<div id="view" aria-live="polite" data-version="0">{view_fragment(room, view, values, "", lang)}</div>',
        _alliance_block(room, lang),
        "</main>",
        "</body>",
        "</html>",
        "",
    ])


def _languages(lang) -> str:
    """The language switch: a link per language to the page in it (the annex, the plots and the page follow)."""
    names = {"en": "English", "zh": "中文", "zh+en": "中文 + English"}
    links = [f"<strong>{e(names[code])}</strong>" if code == lang
             else f'<a href="{e("?" + urlencode({"lang": code}))}" hreflang="{"en" if code == "en" else "zh"}">'
                  f"{e(names[code])}</a>" for code in names]
    return f'<nav class="languages" aria-label="{e(label("lang", lang))}">{" · ".join(links)}</nav>'


def _control(term, index, lang) -> str:
    name = e(f"set:{term.path}")
    shown = e(term.label if term.label else term.path)
    value = e(number_text(term.value))
    parts = [f'<div class="term" data-path="{e(term.path)}">',
             f'<label for="t{index}">{shown}</label>']
    if term.ranged:
        step = term.step if term.step is not None else (term.stop - term.start) / 100
        slider_value = number_text(term.value if term.value is not None else term.start)
        parts.append(
            f'<input type="range" id="r{index}" data-for="t{index}" min="{e(number_text(term.start))}" '
            f'max="{e(number_text(term.stop))}" step="{e(float(step))}" value="{e(slider_value)}" '
            f'list="l{index}" aria-label="{shown}">'
        )
    parts.append(f'<input type="text" inputmode="decimal" id="t{index}" name="{name}" value="{value}" '
                 f'data-file="{value}" size="12">')
    facts = [label("in_file", lang, value=number_text(term.value) or "—")]
    if term.ranged:
        facts.append(label("range", lang, start=number_text(term.start), stop=number_text(term.stop)))
    parts.append(f'<span class="facts">{e("; ".join(facts))}</span>')
    if term.ranged:
        parts.append(f'<span class="marks" id="m{index}" data-marks="{e(term.path)}">'
                     f'<datalist id="l{index}"></datalist></span>')
    parts.append("</div>")
    return "".join(parts)


def _terms_block(room, lang) -> str:
    out = [f"<section><h2>{e(label('terms', lang))}</h2>"]
    if room.terms and (room.scenario.game is not None or not room.scenario.agreement.negotiable):
        out.append(f'<p class="note">{e(label("terms.none", lang))}</p>')
    out += [_control(term, index, lang) for index, term in enumerate(room.terms)]
    others = room.other_fields()
    if others:
        opened = "" if room.terms else " open"  # nothing on the table (a classic game): the fields themselves
        out.append(f"<details{opened}><summary>{e(label('every_field', lang))} ({len(others)})</summary>")
        for index, (path, value) in enumerate(others, start=len(room.terms)):
            text = e(number_text(value))
            out.append(f'<div class="field"><label for="t{index}">{e(path)}</label>'
                       f'<input type="text" inputmode="decimal" id="t{index}" name="{e("set:" + path)}" '
                       f'value="{text}" data-file="{text}" size="14"></div>')
        out.append("</details>")
    out.append(f'<label class="more">{e(label("more", lang))}<br>'
               '<textarea name="more" rows="2" cols="60" spellcheck="false"></textarea></label>')
    out.append("</section>")
    return "\n".join(out)


def _rules_block(room, lang) -> str:
    out = [f"<section><h2>{e(label('rules', lang))}</h2><p class='rules'>"]
    for rule in room.rules_offered():
        first = rule == room.rule
        extra = " checked disabled" if first else ""
        note = f" ({e(label('rule.agreement', lang))})" if first else ""
        out.append(f'<label><input type="checkbox" name="rule" value="{e(rule)}"{extra}> {e(rule)}{note}</label>')
    out.append("</p></section>")
    return "\n".join(out)


def _alliance_block(room, lang) -> str:
    scenario = room.scenario
    out = [f"<section><h2>{e(label('alliance', lang))}</h2>"]
    if scenario.game is not None:
        out.append(f"<p>{e(scenario.game.kind)} game: {e(', '.join(scenario.game.players))}</p></section>")
        return "\n".join(out)
    from ..alliance.ownership import patent_owners
    from ..model.money import revenue_value

    members = [(e(m), e(user_text(member.name, lang)), e(member.type), e(member.role or ""))
               for m, member in scenario.members.items()]
    out.append(_table([e(label(k, lang)) for k in ("member", "name", "type", "role")], members,
                      caption=e(label("members", lang))))
    owners = patent_owners(scenario)
    patents = [(e(p), e(user_text(patent.title, lang)),
                e(", ".join(f"{m} {_percent(share)}%" for m, share in owners.get(p, {}).items())),
                e(", ".join(patent.builds_on)))
               for p, patent in scenario.patents.items()]
    if patents:
        out.append(_table([e(label(k, lang)) for k in ("patents", "title", "owners", "builds_on")], patents,
                          caption=e(label("patents", lang))))
    rounding = room.view_rounding()
    sources = [(e(s.id), e(s.kind), e(user_text(s.licensee or s.exploiter or "", lang)), e(", ".join(s.requires)),
                e(_percent(s.probability)),
                e(Number(rounding.amount(revenue_value(s, scenario.alliance.discount_rate))).text))
               for s in scenario.revenue]
    if sources:
        currency = f" ({scenario.currency})" if scenario.currency else ""
        out.append(_table([e(label(k, lang)) for k in ("sources", "kind", "who", "requires")]
                          + [e(label("probability", lang)) + " %", e(label("worth", lang) + currency)],
                          sources, numeric=(4, 5), caption=e(label("sources", lang))))
    out.append(f'<figure><img src="plot/graph.svg" alt="{e(label("graph", lang))}" class="graph">'
               f"<figcaption>{e(label('graph', lang))}</figcaption></figure>")
    out.append("</section>")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------------------------
# The part each change recomputes


def view_fragment(room, view, values, more: str, lang: str) -> str:
    """The shares, clauses, council, plots, the command that reproduces the view, downloads and save-as."""
    if view.error is not None:
        return (f'<p class="error" role="alert">{e(view.error)}</p>'
                + _reproduce(room, view, lang))
    out = [_shares(view, lang)]
    out += [f'<p class="error">{e(label("rule_failed", lang, rule=rule, message=message))}</p>'
            for rule, message in view.failed.items()]
    out.append(_clauses(room, view, lang))
    out.append(_council(view, lang))
    out.append(_plots(room, view, values, more, lang))
    out.append(_reproduce(room, view, lang))
    out.append(_downloads(room, view, values, more, lang))
    out.append(f'<p class="timing">{e(label("recomputed", lang, seconds=f"{view.seconds:.3f}"))}</p>')
    return "\n".join(part for part in out if part)


def _shares(view, lang) -> str:
    base, now = view.base, view.now
    if not now.columns:
        return ""
    unit = base.currency or "value"
    header = [e(label("member", lang)), e(label("name", lang))]
    numeric = []
    for column in now.columns:
        for title in (f"{column.rule} {label('baseline', lang)} {unit}", "%", f"{column.rule} {label('now', lang)} "
                      f"{unit}", "%", f"{label('change', lang)}", label("pp", lang)):
            numeric.append(len(header))
            header.append(e(title))
    rows = []
    changes = {column.rule: view.changes(column.rule) for column in now.columns}
    for member in base.members:
        name = view.scenario.members[member].name if view.scenario.game is None else ""
        row = [e(member), e(user_text(name, lang))]
        for before, after in zip(base.columns, now.columns, strict=True):
            amount, points = changes[after.rule][member]
            row += [
                Number(before.rounded[member]).text,
                Number(before.percent[member] if before.percent else None, "percent").text,
                f'<span data-rule="{e(after.rule)}" data-member="{e(member)}" class="share">'
                f"{Number(after.rounded[member]).text}</span>",
                Number(after.percent[member] if after.percent else None, "percent").text,
                Number(amount, "signed").text,
                Number(points, "signed-percent").text,
            ]
        rows.append(row)
    foot = ["", e(label("total", lang))]
    for before, after in zip(base.columns, now.columns, strict=True):
        foot += [Number(before.rounded_total).text, Number(_HUNDRED if before.percent else None, "percent").text,
                 Number(after.rounded_total).text, Number(_HUNDRED if after.percent else None, "percent").text,
                 Number(view.total_change(after.rule), "signed").text, ""]
    caption = e(label("shares.caption", lang, rounding=base.rounding.short()))
    return (f"<section><h2>{e(label('shares', lang))}</h2>"
            + '<div class="wide">' + _table(header, rows, numeric=numeric, foot=foot, caption=caption, cls="shares")
            + "</div></section>")


def _clauses(room, view, lang) -> str:
    now, base = view.now, view.base
    checks = {column.rule: now.clauses.get(column.rule, ()) for column in now.columns}
    if not any(checks.values()):
        return ""
    rules = [column.rule for column in now.columns]
    header = [e(label("clause", lang)), e(label("says", lang))] + [e(rule) for rule in rules]
    first = checks[rules[0]]
    worded, was_worded = _worded(view.game, view.now, lang), _worded(room.game, view.base, lang)
    rows = []
    for index, check in enumerate(first):
        row = [e(check.clause), e(check.says)]
        for rule in rules:
            current = checks[rule][index]
            was = base.clauses.get(rule, ())[index].status if index < len(base.clauses.get(rule, ())) else ""
            text = current.status
            if current.broken:
                text += f" by {Number(now.rounding.amount(current.gap)).text}"
            text = worded.get((rule, check.clause), text)
            was_text = was_worded.get((rule, check.clause), was)
            cls = "broken" if current.broken else "holds"
            said = (f"{label('baseline', lang)}: {was_text}" if lang == "zh+en"  # not the status twice over
                    else label("was", lang, status=was_text))
            note = f' <span class="was">({e(said)})</span>' if was != current.status else ""
            row.append(f'<span class="{cls}">{e(text)}</span>{note}')
        rows.append(row)
    return f"<section><h2>{e(label('clauses', lang))}</h2>" + _table(header, rows) + "</section>"


def _worded(game, table, lang) -> dict:
    """(rule, clause) -> the clause's status under the rule in ``lang``, as the annex words it
    (:func:`ipshare.report.annex.clause_statuses`: satisfied, binding, violated by X); English keeps the table's."""
    if lang == "en":
        return {}
    from ..report.annex import clause_statuses

    allocations = [column.allocation for column in table.columns]
    statuses = clause_statuses(game, allocations, table.rounding, table.currency, lang) or []
    return {(allocation.rule, status.id): status.statuses[index]
            for status in statuses for index, allocation in enumerate(allocations)}


def _council(view, lang) -> str:
    power = view.council
    if not power or power.get("refused"):  # the own rule beyond the exact methods' reach: rights says why
        return ""
    total = sum(power["weights"].values(), Fraction(0))
    rows = []
    for member in power["shapley_shubik"]:
        weight = Fraction(power["weights"].get(member, 0))
        rows.append([e(member), e(number_text(weight)), _percent(weight / total if total else Fraction(0)),
                     _percent(power["shapley_shubik"][member]), _percent(power["banzhaf_normalized"][member])])
    header = [e(label("member", lang)), "votes", e(label("votes", lang)), e(label("shapley_shubik", lang)),
              e(label("banzhaf", lang))]
    if power.get("quota") is not None:
        caption = e(label("quota", lang, quota=number_text(Fraction(power["quota"]))))
    else:  # a council deciding by a share of the votes present, with a quorum: its rule in words
        caption = e(str(power.get("rule") or ""))
    return (f"<section><h2>{e(label('council', lang))}</h2>"
            + _table(header, rows, numeric=(1, 2, 3, 4), caption=caption) + "</section>")


def _plots(room, view, values, more, lang) -> str:
    query = query_of(view, values, more, [("lang", lang)])
    out = [f"<section><h2>{e(label('plots', lang))}</h2><div class='plots'>",
           f'<figure><img src="{e("plot/split.svg?" + query)}" alt="{e(label("plot.split", lang))}">'
           f"<figcaption>{e(label('plot.split', lang))}</figcaption></figure>"]
    ranged = [term for term in room.terms if term.ranged]
    if ranged:
        term = ranged[0]
        sweep_query = query_of(view, values, more, [("lang", lang), ("path", term.path)])
        text = label("plot.sweep", lang, path=term.label or term.path)
        out.append(f'<figure><img src="{e("plot/sweep.svg?" + sweep_query)}" alt="{e(text)}">'
                   f"<figcaption>{e(text)}</figcaption></figure>")
    out.append("</div></section>")
    return "\n".join(out)


def _reproduce(room, view, lang) -> str:
    sets = "".join(f"<li><code>--set {e(o)}</code></li>" for o in view.overrides)
    listed = f"<ul class='sets'>{sets}</ul>" if sets else f"<p>{e(label('reproduce.none', lang))}</p>"
    return (f"<section><h2>{e(label('reproduce', lang))}</h2>{listed}"
            f'<pre class="command" id="command">{e(room.command(view.overrides, view.rules))}</pre></section>')


def _downloads(room, view, values, more, lang) -> str:
    from ..report.annex import ANNEX_FORMATS

    query = query_of(view, values, more, [("lang", lang)])
    links = " · ".join(f'<a href="{e(f"annex.{fmt}?{query}")}" download>{e(fmt)}</a>' for fmt in ANNEX_FORMATS)
    return (f"<section><h2>{e(label('downloads', lang))}</h2><p class='downloads'>{links}</p>"
            f"<h2>{e(label('save', lang))}</h2>"
            f'<p><input type="text" id="save-name" name="save" form="terms" placeholder="terms-2{SAVE_EXTENSIONS[0]}" '
            f'size="24"> <button type="button" id="save-button">{e(label("save.button", lang))}</button> '
            f'<span id="save-result"></span></p><p class="note">{e(label("save.note", lang))}</p></section>')


def _approximately(value: Fraction) -> str:
    """An exact breakpoint as people read it: ``0.35``, or ``≈ 0.26832 (269085821/1002854445)``."""
    exact = number_text(value)
    if "/" not in exact and len(exact) <= 12:
        return exact
    return f"≈ {float(value):.5g} ({exact})"


def marks_fragment(room, path: str, index: str, lang: str, values=None, more: str = "") -> str:
    """The breakpoints of a term under the other changes of the request: a ``<datalist>`` of them (ticks on its
    slider) and a line naming them; while the background thread computes them, a line saying so
    (``data-pending``: the script asks again)."""
    safe_index = "".join(c for c in index if c.isdigit())
    try:
        overrides = room.overrides(values or {}, more)
    except IpshareError as error:
        return f'<datalist id="l{safe_index}"></datalist><span class="note">{e(message_of(error))}</span>'
    if not any(term.path == path and term.ranged for term in room.terms):
        marks = room.marks(path)  # the one-line refusal
    else:
        marks = room.ready_marks(path, overrides)
        if marks is None:
            room.marks_later(overrides)
            return (f'<datalist id="l{safe_index}"></datalist>'
                    f'<span class="note" data-pending="1">{e(label("marks.pending", lang))}</span>')
    if isinstance(marks, str):
        return f'<datalist id="l{safe_index}"></datalist><span class="note">{e(marks)}</span>'
    options = "".join(f'<option value="{e(float(at))}"></option>' for at, _, _ in marks)
    if not marks:
        words = label("marks.none", lang)
    else:
        kinds = {"slope": "marks.kind.slope", "ranking": "marks.kind.ranking", "clauses": "marks.kind.clauses"}
        words = label("marks", lang) + " (" + room.rule + "): " + "; ".join(
            f"{_approximately(Fraction(at))} ({label(kinds[kind], lang) if kind in kinds else kind})"
            for at, kind, _ in marks)
    return f'<datalist id="l{safe_index}">{options}</datalist><span class="note marks-text">{e(words)}</span>'
