"""The agreement's other questions: rights (ownership, access, council power), risk (costs and their risk), withdraw
(a member leaves)."""

from __future__ import annotations

import click

from .base import (
    DATE,
    FiniteRange,
    at_date,
    at_option,
    cli,
    current_lang,
    format_help,
    lang_option,
    load_scenario,
    output_format,
    output_option,
    scenario_argument,
    terminal_width,
    write,
)

TABLE_FORMATS = ("table", "json", "csv", "markdown")  # rights, risk, withdraw


@cli.command()
@scenario_argument
@click.option("-r", "--rule", "rule", metavar="RULE",
              help="Benefit rule shown beside council power; default: the agreement's rule, else shapley.")
@click.option("-f", "--format", "fmt", type=click.Choice(TABLE_FORMATS), help=format_help("table"))
@at_option()
@lang_option
@output_option
def rights(scenario_file, rule, fmt, output, at=None):
    """Who owns each patent, who may use it for research, own use or licensing, on which terms; council power."""
    from ..analyses.rights import rights_report
    from ..report.rights import render_rights

    fmt = output_format(fmt, output, TABLE_FORMATS, "table", [scenario_file])
    width = terminal_width() if output is None else None
    scenario = at_date(load_scenario(scenario_file), at)
    lang = current_lang() or getattr(getattr(scenario, "alliance", None), "language", None) or "en"
    write(render_rights(rights_report(scenario, rule), fmt, width, lang), output, [scenario_file])


@cli.command()
@scenario_argument
@click.option("-r", "--rule", "rule", metavar="RULE",
              help="Risk rule (see docs/risk.md): agreed, proportional-benefit, proportional-contribution, shapley, "
                   "nucleolus, scrb, aca, ensc; default: agreement.risk.rule, else agreed.")
@click.option("--measure", type=click.Choice(("expected-loss", "std", "cvar")),
              help="Risk measure of the loss; default: agreement.risk.measure, else expected-loss.")
@click.option("--level", type=FiniteRange(0, 1, min_open=True, max_open=True),
              help="CVaR level; default: agreement.risk.level, else 0.95.")
@click.option("--samples", type=click.IntRange(min=100),
              help="Simulate this many outcomes (Monte Carlo) instead of enumerating them exactly.")
@click.option("--seed", type=click.IntRange(min=0),
              help="Seed of the simulation; default: agreement.risk.seed, else 0.")
@click.option("--benefit-rule", metavar="RULE", help="Benefit rule for the net position; default: the agreement's.")
@click.option("--no-caps", is_flag=True, help="Ignore the agreement's liability caps.")
@click.option("-f", "--format", "fmt", type=click.Choice(TABLE_FORMATS), help=format_help("table"))
@at_option()
@lang_option
@output_option
def risk(scenario_file, rule, measure, level, samples, seed, benefit_rule, no_caps, fmt, output, at=None):
    """Each member's expected cost, risk contribution and net position (benefit - expected cost)."""
    from fractions import Fraction

    from ..analyses.risk import risk_allocation
    from ..report.risk import render_risk

    fmt = output_format(fmt, output, TABLE_FORMATS, "table", [scenario_file])
    scenario = at_date(load_scenario(scenario_file), at)
    lang = current_lang() or getattr(getattr(scenario, "alliance", None), "language", None) or "en"
    result = risk_allocation(
        scenario,
        rule,
        measure=measure,
        level=None if level is None else Fraction(str(level)),
        samples=samples,
        seed=seed,
        benefit_rule=benefit_rule,
        caps=None if no_caps else "agreement",
    )
    write(render_risk(result, fmt, terminal_width() if output is None else None, lang), output, [scenario_file])


@cli.command()
@scenario_argument
@click.option("-m", "--member", required=True, metavar="MEMBER", help="The member who leaves.")
@click.option("--mode", type=click.Choice(("voluntary", "expelled")), default="voluntary", show_default=True,
              help="voluntary: bought out at fair value; expelled: contributions forfeited, grants repaid.")
@click.option("-r", "--rule", "rule", metavar="RULE", help="Sharing rule; default: the agreement's, else shapley.")
@click.option("--at", "at", type=DATE, metavar="DATE",
              help="Leave on this date (YYYY-MM-DD): the alliance as it stands then; licences signed before go on "
                   "paying the leaver.")
@click.option("--successor", metavar="MEMBER", help="The member who takes over as lead (so that the lead can leave).")
@click.option("-f", "--format", "fmt", type=click.Choice(TABLE_FORMATS), help=format_help("table"))
@lang_option
@output_option
def withdraw(scenario_file, member, mode, rule, at, successor, fmt, output):
    """The alliance without MEMBER: its settlement, and everyone else's allocation before and after."""
    from ..analyses.withdrawal import withdraw as run_withdrawal
    from ..report.withdrawal import render_withdrawal

    fmt = output_format(fmt, output, TABLE_FORMATS, "table", [scenario_file])
    scenario = load_scenario(scenario_file)
    lang = current_lang() or getattr(getattr(scenario, "alliance", None), "language", None) or "en"
    result = run_withdrawal(scenario, member, mode, rule, at=at, successor=successor)
    write(render_withdrawal(result, fmt,
                             terminal_width() if output is None else None, lang), output, [scenario_file])
