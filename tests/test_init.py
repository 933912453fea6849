"""`ipshare init`: the starter scenario loads and allocates; the interactive path is driven through stdin."""

import pytest
from click.testing import CliRunner

import ipshare
from ipshare.cli import cli
from ipshare.model.starter import member_id, render_scenario, starter_answers


def test_no_input_writes_a_valid_scenario_that_allocates(tmp_path):
    path = tmp_path / "alliance.yaml"
    result = CliRunner().invoke(cli, ["init", str(path), "--no-input"])
    assert result.exit_code == 0, result.output
    scenario = ipshare.load(path)
    assert scenario.member_ids == ("ENT", "UNI", "INS")
    allocation = ipshare.allocate(ipshare.benefit_game(scenario), "shapley")
    assert sum(allocation.exact.values()) == ipshare.benefit_game(scenario).exact_grand_value
    # The institute's rig can be rented (substitute_cost), so it is worth less to the others than the partners
    # without whom nothing is made.
    assert allocation.exact["INS"] < allocation.exact["UNI"] == allocation.exact["ENT"]
    assert path.read_text() == render_scenario(starter_answers())  # same answers, same bytes


def test_init_points_to_the_field_reference(tmp_path):
    from pathlib import Path

    path = tmp_path / "alliance.yaml"
    result = CliRunner().invoke(cli, ["init", str(path), "--no-input"])
    assert "docs/scenario.md" in result.stderr and "docs/scenario.md" in path.read_text()
    assert (Path(__file__).resolve().parent.parent / "docs" / "scenario.md").is_file()


def test_interactive_answers(tmp_path):
    path = tmp_path / "solar.yaml"
    answers = "\n".join([
        "Solar: Alliance",  # a colon in a name must survive YAML
        "EUR", "0.05", "2",
        "Sun Power GmbH", "", "enterprise", "cash", "500000",
        "Tech Uni", "TU", "university", "personnel", "200000",
        "PV cell", "OEM", "10000", "0.03", "1e7", "3", "0.5", "100000", "nucleolus",
    ]) + "\n"
    result = CliRunner().invoke(cli, ["init", str(path)], input=answers)
    assert result.exit_code == 0, result.output
    scenario = ipshare.load(path)
    assert scenario.name == "Solar: Alliance"
    assert scenario.member_ids == ("SPG", "TU")
    assert scenario.agreement.rule == "nucleolus"
    assert scenario.revenue[0].royalty.years == 3


def test_bad_answers_are_asked_again(tmp_path):
    path = tmp_path / "x.yaml"
    answers = "\n".join(["X", "euro", "EUR", "", "1", "", "1bad", "OK", "", "", ""] + [""] * 10) + "\n"
    result = CliRunner().invoke(cli, ["init", str(path)], input=answers)
    assert result.exit_code == 0, result.output
    assert ipshare.load(path).member_ids == ("OK",)


def test_existing_file_is_kept(tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("keep me")
    result = CliRunner().invoke(cli, ["init", str(path), "--no-input"])
    assert result.exit_code == 2 and path.read_text() == "keep me"
    assert CliRunner().invoke(cli, ["init", str(path), "--no-input", "--force"]).exit_code == 0


@pytest.mark.parametrize("name, taken, expected", [("Tianjin University", (), "TU"), ("Tianjin University", ("TU",),
                                                    "TU2"), ("3M", (), "M")])
def test_member_ids_from_names(name, taken, expected):
    assert member_id(name, taken) == expected
