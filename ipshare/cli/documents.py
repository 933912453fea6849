"""The commands that write documents: report (the agreement annex), plot (PNG/SVG), init (a starter scenario)."""

from __future__ import annotations

from pathlib import Path

import click

from .base import (
    OutputPath,
    cli,
    current_lang,
    lang_option,
    load_scenario,
    output_format,
    output_option,
    scenario_argument,
    write,
)

ANNEX_FORMATS = ("md", "html", "docx", "xlsx", "csv", "pdf")  # -o's extension names one (ipshare.output.EXTENSIONS)


@cli.command()
@scenario_argument
@click.option("-r", "--rule", "rules", multiple=True, metavar="RULE",
              help="Sharing rule (repeatable); default: the agreement's rule, else shapley.")
@click.option("-f", "--format", "fmt", type=click.Choice(ANNEX_FORMATS),
              help="Annex format; default: from the extension of -o, else md. docx, xlsx and pdf need ipshare[annex].")
@click.option("--timestamp", is_flag=True,
              help="State the time of writing (UTC, 2025-01-31T12:00:00Z); without it the same input gives the same "
                   "bytes.")
@click.option("--objective", metavar="OBJECTIVE",
              help="For core-lp: closest:RULE (default closest:shapley), closest:RULE:linf, maxmin or nucleolus.")
@click.option("--solver", type=click.Choice(("highs", "cbc")), default="highs", show_default=True,
              help="LP solver for the clause rule core-lp.")
@lang_option
@output_option
def report(scenario_file, rules, fmt, timestamp, objective, solver, output):
    """Write an agreement annex: parties, patents, revenue, method, clauses and the reconciled allocation."""
    from ..alliance.benefit import scenario_game
    from ..report.annex import build_annex, render_annex, timestamp_now
    from ..solutions import RULES
    from ..solutions import allocate as run_rule

    fmt = output_format(fmt, output, ANNEX_FORMATS, "md", [scenario_file], what="an annex")
    if fmt in ("docx", "xlsx", "pdf") and output is None:
        raise click.UsageError(f"a {fmt} annex is a binary file: name it with -o FILE")
    scenario = load_scenario(scenario_file)
    rules = tuple(dict.fromkeys(rules or (scenario.agreement.rule or "shapley",)))
    options = {"solver": solver}
    if objective is not None:
        if not any("objective" in RULES[rule].options for rule in rules if rule in RULES):
            raise click.UsageError("--objective applies to the rule core-lp; add --rule core-lp")
        options["objective"] = objective
    game = scenario_game(scenario)
    allocations = [run_rule(game, rule, **(RULES[rule].supported(options) if rule in RULES else {})) for rule in rules]
    annex = build_annex(scenario, game, allocations, timestamp=timestamp_now() if timestamp else None, options=options,
                        lang=current_lang())
    write(render_annex(annex, fmt), output, [scenario_file])


@cli.command()
@scenario_argument
@click.option("--kind", type=click.Choice(("allocation", "graph")), default="allocation", show_default=True,
              help="allocation: bars by member and rule; graph: members, contributions, patents and revenue.")
@click.option("-r", "--rule", "rules", multiple=True, metavar="RULE",
              help="Rule to draw (repeatable, --kind allocation); default: the agreement's rule, else shapley.")
@lang_option
@click.option("-o", "--output", required=True, type=OutputPath(),
              help="The image to write: .png or .svg (written whole or not at all). Needs ipshare[plot].")
def plot(scenario_file, kind, rules, output):
    """Draw the allocation by rule, or the alliance's IP graph, as PNG or SVG."""
    from ..output import OutputFormatError

    fmt = output_format(None, output, ("png", "svg"), None, [scenario_file], what="plot")
    if fmt is None:
        raise OutputFormatError(f"cannot tell the image format from {output.name!r}: end it in .png or .svg")
    from ..report import plots

    scenario = load_scenario(scenario_file)
    if kind == "graph":
        if rules:
            raise click.UsageError("--rule applies to --kind allocation")
        image = plots.plot_graph(scenario, fmt=fmt)
    else:
        from ..alliance.benefit import scenario_game
        from ..solutions import allocate as run_rule

        game = scenario_game(scenario)
        rules = tuple(dict.fromkeys(rules or (scenario.agreement.rule or "shapley",)))
        image = plots.plot_allocations([run_rule(game, rule) for rule in rules], fmt=fmt, scenario=scenario)
    write(image, output, [scenario_file])


@cli.command()
@click.argument("path", metavar="[FILE]", default="alliance.yaml", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--no-input", is_flag=True, help="Ask nothing: write the defaults (for scripts).")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def init(path, no_input, force):
    """Start a new alliance: answer a few questions, get a valid, commented scenario file."""
    import re

    from ..model.loading import loads
    from ..model.starter import FIELD_REFERENCE, MemberAnswer, member_id, render_scenario, starter_answers
    from ..model.types import CONTRIBUTION_KINDS, MEMBER_TYPES
    from ..solutions import RULES

    if path.exists() and not force:
        raise click.UsageError(f"{path} exists; choose another name or add --force")
    answers = starter_answers()
    if not no_input:
        def identifier(value):
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", value):
                raise click.BadParameter("start with a letter; use letters, digits, '-' and '_'")
            return value

        def currency(value):
            if not re.fullmatch(r"[A-Z]{3}", value):
                raise click.BadParameter("a three-letter code like CNY, EUR or USD")
            return value

        answers.alliance = click.prompt("Alliance name", default=answers.alliance)
        answers.currency = click.prompt("Currency (ISO code)", default=answers.currency, value_proc=currency)
        answers.discount_rate = click.prompt("Discount rate per year", default=answers.discount_rate,
                                             type=click.FloatRange(0, 1, max_open=True))
        count = click.prompt("How many members", default=len(answers.members), type=click.IntRange(1, 40))
        members, taken = [], set()
        for number in range(count):
            default = answers.members[number] if number < len(answers.members) else MemberAnswer(
                f"M{number + 1}", f"Member {number + 1}", "enterprise", "cash", 1_000_000)
            name = click.prompt(f"Member {number + 1}: name", default=default.name)
            suggested = member_id(name, taken) if name != default.name else default.id
            while True:
                member = click.prompt("  id", default=suggested, value_proc=identifier)
                if member not in taken:
                    break
                click.echo(f"  {member} is taken", err=True)
            taken.add(member)
            kind = click.prompt("  type", default=default.type, type=click.Choice(MEMBER_TYPES))
            contribution = click.prompt("  main contribution", default=default.contribution_kind,
                                        type=click.Choice(CONTRIBUTION_KINDS))
            value = click.prompt("  its value", default=default.contribution_value, type=click.FloatRange(0))
            members.append(MemberAnswer(member, name, kind, contribution, value))
        answers.members = members
        answers.patent_title = click.prompt("The patent you expect to file together", default=answers.patent_title)
        answers.licensee = click.prompt("Who would license it", default=answers.licensee)
        answers.upfront = click.prompt("Upfront licence fee", default=answers.upfront, type=click.FloatRange(0))
        answers.royalty_rate = click.prompt("Royalty rate", default=answers.royalty_rate, type=click.FloatRange(0, 1))
        answers.royalty_base = click.prompt("Royalty base (licensee's sales per year)", default=answers.royalty_base,
                                            type=click.FloatRange(0))
        answers.royalty_years = click.prompt("Royalty years", default=answers.royalty_years,
                                             type=click.IntRange(1, 100))
        answers.probability = click.prompt("Probability the licence happens", default=answers.probability,
                                           type=click.FloatRange(0, 1))
        if any(m.type == "enterprise" for m in members):
            answers.own_use_margin = click.prompt("Yearly profit an enterprise member makes using it itself",
                                                  default=answers.own_use_margin, type=click.FloatRange(0))
        answers.rule = click.prompt("Default sharing rule", default=answers.rule, type=click.Choice(tuple(RULES)))
    text = render_scenario(answers)
    loads(text, name=str(path))  # never write a file ipshare itself would refuse
    write(text, path)
    click.echo(f"wrote {path}; next: ipshare allocate {path} (every field explained: {FIELD_REFERENCE})", err=True)
