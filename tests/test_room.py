"""The negotiation room (``ipshare serve``, docs/room.md) without a browser: ``agreement.negotiable``, the views
against ``ipshare whatif``, hostile values and names, downloads, save-as and the command itself.

Expected figures are not typed in here: each view is checked against the command line's own JSON for the same
``--set`` (``ipshare whatif -f json``), the rounded cents compared as strings, so the room cannot drift from the
CLI. The error lines are likewise the CLI's stderr for the same input.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import warnings
from fractions import Fraction
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from ipshare.cli import cli
from ipshare.errors import ScenarioError
from ipshare.model import loads

pytest.importorskip("starlette")
with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's note on httpx vs httpx2
    from starlette.testclient import TestClient

from ipshare.room.app import create_app  # noqa: E402
from ipshare.room.engine import Room, number_text  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BATTERY = ROOT / "scenarios" / "battery-alliance.yaml"
HOSTILE_VALUES = ["abc", "1e999", "[/]", "=cmd", "<script>alert(1)</script>", "|", "1/0", ".nan", "-.inf", "1.5",
                  "!!python/object/apply:os.system ['echo x']", "{a: 1}", "0x10", "\u0663"]
HOSTILE_NAMES = ["<script>alert(1)</script>", "=cmd|' /C calc'!A0", "[/]", "|", "a & b \"quoted\" 'single'"]


def cli_run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def battery():
    room = Room(BATTERY)
    return room, TestClient(create_app(room))


def _whatif_json(path, overrides, rules):
    args = ["whatif", path]
    for override in overrides:
        args += ["--set", override]
    for rule in rules:
        args += ["-r", rule]
    result = cli_run(*args, "-f", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ---- agreement.negotiable


def _with_negotiable(items, path=BATTERY):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["agreement"]["negotiable"] = items
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True).encode()


def test_negotiable_terms_load_exactly():
    scenario = loads(_with_negotiable([
        {"path": "revenue.L1.probability", "from": 0.2, "to": 0.9, "step": 0.05, "label": "Licence L1 closes"},
        {"path": "agreement.clauses.lead-cap.max_share", "from": "3/10", "to": 0.6},
    ]), "yaml")
    first, second = scenario.agreement.negotiable
    assert (first.path, first.start, first.stop, first.step, first.label) == (
        "revenue.L1.probability", Fraction(1, 5), Fraction(9, 10), Fraction(1, 20), "Licence L1 closes")
    assert (second.start, second.step, second.label) == (Fraction(3, 10), None, None)
    assert loads(BATTERY.read_bytes(), "yaml").agreement.negotiable == ()


@pytest.mark.parametrize(("item", "field", "words"), [
    ({"path": "members.JH.name", "from": 0, "to": 1}, "path", "is a text field"),
    ({"path": "agreement.ownership", "from": 0, "to": 1}, "path", "is not a number"),
    ({"path": "no.such.field", "from": 0, "to": 1}, "path", "is no field of a scenario"),
    ({"path": "revenue.NOPE.probability", "from": 0, "to": 1}, "path", "no item with id 'NOPE' in revenue"),
    ({"path": "revenue.L1.probability", "from": 0.5, "to": 0.5}, "to", ""),
    ({"path": "revenue.L1.probability", "from": 0, "to": 1, "step": 2}, "step", ""),
    ({"path": "revenue.L1.probability", "from": 0, "to": 1, "step": 0}, "step", ""),
    ({"path": "revenue.L1.probability", "from": "x", "to": 1}, "from", ""),
    ({"path": "revenue.L1.probability", "to": 1}, "from", ""),
    ({"path": "revenue.L1.probability", "from": 0, "to": 1, "colour": "red"}, "colour", ""),
])
def test_bad_negotiable_terms_are_one_line_naming_the_field(item, field, words):
    with pytest.raises(ScenarioError) as caught:
        loads(_with_negotiable([item]), "yaml", name="alliance.yaml")
    message = str(caught.value)
    assert "\n" not in message and message.startswith("alliance.yaml:")
    assert "agreement.negotiable[0]" in message and field in message and words in message


def test_a_term_listed_twice_is_refused():
    item = {"path": "revenue.L1.probability", "from": 0, "to": 1}
    with pytest.raises(ScenarioError, match=r"listed twice"):
        loads(_with_negotiable([item, item]), "yaml")


def test_number_text_is_exact():
    assert [number_text(Fraction(n)) for n in ("1/2", "3", "1/3", "-1/8", "0")] == ["0.5", "3", "1/3", "-0.125", "0"]


# ---- views against the command line


@pytest.mark.parametrize(("values", "rules"), [
    ({"revenue.L1.probability": "0.8"}, ("shapley", "nucleolus")),
    ({"revenue.L2.probability": "0.35", "agreement.clauses.lead-cap.max_share": "0.3"}, ("proportional",)),
    ({"revenue.L1.royalty.rate": "1/50"}, ()),
])
def test_a_view_has_the_cents_of_ipshare_whatif(battery, values, rules):
    room, _ = battery
    view = room.view(values, "", rules)
    assert view.error is None and not view.failed
    document = _whatif_json(BATTERY, view.overrides, view.rules)
    assert list(view.overrides) == [f"{path}={text}" for path, text in values.items()]
    for column in view.now.columns:
        assert {m: str(v) for m, v in column.rounded.items()} == document["whatif"]["rounded"][column.rule]
        assert {m: str(v) for m, v in column.percent.items()} == document["whatif"]["percent"][column.rule]
    for rule, change in view_changes(view).items():
        assert change == {m: c["amount"] for m, c in document["change"][rule].items()}
    assert room.command(view.overrides, view.rules).startswith(f"ipshare whatif {BATTERY} --set ")


def view_changes(view):
    return {column.rule: {m: str(a) for m, (a, _) in view.changes(column.rule).items()} for column in view.now.columns}


def test_unchanged_controls_make_no_set_and_free_lines_are_kept(battery):
    room, _ = battery
    values = {"revenue.L1.probability": "0.50", "revenue.L2.probability": "7/10", "revenue.L3.probability": " 0.6 "}
    assert room.overrides(values, "") == ()
    assert room.overrides(values, "revenue.L1.upfront=9000000\n\n  ") == ("revenue.L1.upfront=9000000",)
    assert room.command((), ("shapley",)) == f"ipshare allocate {BATTERY} -r shapley"


def test_the_fragment_shows_the_shares_the_set_list_and_the_command(battery):
    _, client = battery
    answer = client.get("/view", params={"set:revenue.L1.probability": "0.8", "rule": "nucleolus"})
    assert answer.status_code == 200
    text = answer.text
    document = _whatif_json(BATTERY, ["revenue.L1.probability=0.8"], ["shapley", "nucleolus"])
    for rule in ("shapley", "nucleolus"):
        shown = dict(re.findall(rf'data-rule="{rule}" data-member="(\w+)" class="share">([-\d,.]+)<', text))
        assert {m: v.replace(",", "") for m, v in shown.items()} == document["whatif"]["rounded"][rule]
    assert "<code>--set revenue.L1.probability=0.8</code>" in text
    assert f"ipshare whatif {BATTERY} --set revenue.L1.probability=0.8 -r shapley -r nucleolus" in text
    assert "Clauses" in text and "lead-cap" in text


# ---- bad input through the page


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_a_hostile_value_gets_the_cli_line(battery, value):
    _, client = battery
    answer = client.get("/view", params={"set:revenue.L1.probability": value})
    assert answer.status_code == 200
    found = re.search(r'<p class="error" role="alert">(.*?)</p>', answer.text)
    assert found, answer.text[:300]
    result = cli_run("whatif", BATTERY, "--set", f"revenue.L1.probability={value.strip()}")
    assert result.exit_code == 2
    from html import escape, unescape

    assert unescape(found.group(1)) == result.stderr.strip()
    assert escape(value) in answer.text or value.strip() == "" or "<" not in value
    assert "<script>" not in answer.text


@pytest.mark.parametrize("path", ["revenue.NOPE.probability", "nothing.here", "revenue.L1.royalty.rate.deeper", "[/]",
                                  "=cmd", "a|b", "<script>"])
def test_a_path_that_does_not_exist_gets_the_cli_line(battery, path):
    _, client = battery
    answer = client.get("/view", params={f"set:{path}": "0.5"})
    found = re.search(r'<p class="error" role="alert">(.*?)</p>', answer.text)
    result = cli_run("whatif", BATTERY, "--set", f"{path}=0.5")
    from html import unescape

    assert found and unescape(found.group(1)) == result.stderr.strip()
    assert "<script>" not in answer.text


def test_free_lines_without_a_value_get_the_cli_line(battery):
    _, client = battery
    answer = client.get("/view", params={"more": "revenue.L1.probability"})
    result = cli_run("whatif", BATTERY, "--set", "revenue.L1.probability")
    from html import unescape

    assert unescape(re.search(r'role="alert">(.*?)</p>', answer.text).group(1)) == result.stderr.strip()


def test_every_route_survives_hostile_queries(battery):
    _, client = battery
    for route in ("/view", "/plot/split.svg", "/annex.md", "/marks"):
        for value in HOSTILE_VALUES:
            answer = client.get(route, params={"set:revenue.L1.probability": value, "rule": value, "path": value,
                                               "index": value, "lang": value})
            assert answer.status_code in (200, 422), (route, value, answer.text[:200])
            if answer.status_code == 422:  # the one line as plain text, never sniffed as HTML
                assert answer.headers["content-type"].startswith("text/plain")
                assert answer.headers["x-content-type-options"] == "nosniff"
            else:
                assert "<script>" not in answer.text
    assert client.get("/annex.exe").status_code == 404
    assert client.get("/static/../engine.py").status_code == 404


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    data = yaml.safe_load(BATTERY.read_text(encoding="utf-8"))
    for member, name in zip(data["members"].values(), HOSTILE_NAMES, strict=True):
        member["name"] = name
    data["alliance"]["name"] = "<img src=x onerror=alert(1)> =SUM(A1)"
    data["patents"]["P1"]["title"] = "</table><script>alert(2)</script>"
    data["revenue"][0]["licensee"] = "=HYPERLINK(\"http://x\")|[/]"
    path = tmp_path_factory.mktemp("hostile") / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    room = Room(path)
    return room, TestClient(create_app(room))


def test_hostile_names_are_text_on_the_page(hostile):
    _, client = hostile
    text = client.get("/").text
    assert "<script>" not in text and "<img src=x" not in text and "</table><script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "=cmd|&#x27; /C calc&#x27;!A0" in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    view = client.get("/view", params={"set:revenue.L1.probability": "0.8"}).text
    assert "<script>" not in view
    csv = client.get("/annex.csv", params={"set:revenue.L1.probability": "0.8"}).text
    assert "'=cmd" in csv  # the CSV writer neutralises formulas in the annex too
    assert client.get("/plot/split.svg").status_code == 200


# ---- downloads and save-as


def test_the_annex_downloads_in_every_format_for_the_current_terms(battery, tmp_path):
    room, client = battery
    from ipshare.report.annex import ANNEX_FORMATS

    params = {"set:revenue.L1.probability": "0.8", "rule": "nucleolus"}
    for fmt in ANNEX_FORMATS:
        answer = client.get(f"/annex.{fmt}", params=params)
        assert answer.status_code == 200, (fmt, answer.text[:200])
        assert answer.headers["content-disposition"] == f'attachment; filename="battery-alliance-annex.{fmt}"'
        assert answer.content
    # The same annex `ipshare report` writes for the changed scenario (the file's bytes with --set).
    result = cli_run("report", BATTERY, "--set", "revenue.L1.probability=0.8", "-r", "shapley", "-r", "nucleolus",
                     "-f", "md")
    assert client.get("/annex.md", params=params).text == result.stdout
    assert client.get("/annex.md").text != result.stdout


@pytest.mark.parametrize(("path", "lang"), [
    (ROOT / "scenarios" / "battery-alliance-zh.yaml", "zh"),
    (ROOT / "scenarios" / "battery-alliance-zh.yaml", "zh+en"),
    (ROOT / "scenarios" / "battery-alliance-zh.yaml", "en"),
    (BATTERY, "zh"),
])
def test_the_annex_downloads_are_ipshare_report_byte_for_byte_in_the_rooms_language(tmp_path, path, lang):
    """Every format, the PDF among them, is the file ``ipshare report FILE --set … -r … --lang LANG -o x.FMT``
    writes, for the page's language (``?lang=``; the room's --lang when the request names none)."""
    from ipshare.report.annex import ANNEX_FORMATS

    room = Room(path, lang=lang)
    client = TestClient(create_app(room))
    params = {"set:revenue.L1.probability": "0.8", "rule": "nucleolus"}
    for fmt in ANNEX_FORMATS:
        target = tmp_path / f"x-{lang}.{fmt}"
        result = cli_run("report", path, "--set", "revenue.L1.probability=0.8", "-r", room.rule, "-r", "nucleolus",
                         "--lang", lang, "-o", target)
        assert result.exit_code == 0, result.output
        asked = client.get(f"/annex.{fmt}", params={**params, "lang": lang})
        assert asked.status_code == 200 and asked.content == target.read_bytes(), (fmt, lang)
        if fmt in ("md", "pdf"):  # the room's language is the default of a request that names none
            assert client.get(f"/annex.{fmt}", params=params).content == target.read_bytes()
    english = Room(path, lang="en")
    md = TestClient(create_app(english)).get("/annex.md", params={**params, "lang": lang}).text
    assert md == (tmp_path / f"x-{lang}.md").read_text(encoding="utf-8")  # ?lang= over the room's language
    if lang != "en":
        assert md != TestClient(create_app(english)).get("/annex.md", params=params).text


def test_the_plots_and_the_page_follow_the_language(battery):
    pytest.importorskip("matplotlib")
    room = Room(ROOT / "scenarios" / "battery-alliance-zh.yaml", lang="en")
    client = TestClient(create_app(room))
    english = client.get("/plot/split.svg").text
    assert ">rule</text>" in english and ">allocation (CNY million)</text>" in english
    assert not re.search(r"[\u4e00-\u9fff]", english)  # English names, English words
    chinese = client.get("/plot/split.svg", params={"lang": "zh"}).text
    assert ">规则</text>" in chinese and ">分配 (CNY 百万)</text>" in chinese and ">rule</text>" not in chinese
    assert "各规则下的分配" in chinese and room.scenario.members["JH"].name.get("zh") in chinese
    both = client.get("/plot/split.svg", params={"lang": "zh+en"}).text
    assert ">规则 / rule</text>" in both
    sweep = client.get("/plot/sweep.svg", params={"lang": "zh", "path": "revenue.L2.probability"}).text
    assert ">成员</text>" in sweep and "的扫描" in sweep and ">当前</text>" in sweep
    page = client.get("/", params={"lang": "zh"}).text
    assert '<nav class="languages"' in page and 'href="?lang=en"' in page and 'href="?lang=zh%2Ben"' in page
    assert room.scenario.members["JH"].name.get("zh") in page
    assert "lang=zh" in re.search(r'href="(annex\.pdf\?[^"]*)"', page).group(1)
    view = client.get("/view", params={"set:agreement.clauses.lead-cap.max_share": "0.3", "lang": "zh"}).text
    assert "满足" in view and "未满足" in view and "基准：满足" in view and ">holds<" not in view  # the annex's words
    both = client.get("/view", params={"set:agreement.clauses.lead-cap.max_share": "0.3", "lang": "zh+en"}).text
    assert "基准 / baseline: 满足 / satisfied" in both


def test_save_as_writes_a_new_file_and_never_the_scenario(tmp_path):
    scenario = tmp_path / "alliance.yaml"
    scenario.write_bytes(BATTERY.read_bytes())
    (tmp_path / "taken.yaml").write_text("keep me")
    before = scenario.read_bytes()
    room = Room(scenario)
    client = TestClient(create_app(room))
    form = {"set:revenue.L1.probability": "0.8", "more": "revenue.L2.upfront=3500000", "save": "terms-2.yaml"}
    answer = client.post("/save", data=form).json()
    assert answer["ok"], answer
    saved = tmp_path / "terms-2.yaml"
    assert saved.exists() and scenario.read_bytes() == before
    again = Room(saved).view({}, "", ("shapley",))
    now = room.view({"revenue.L1.probability": "0.8"}, "revenue.L2.upfront=3500000", ("shapley",))
    assert again.now.columns[0].rounded == now.now.columns[0].rounded
    as_json = client.post("/save", data={**form, "save": "terms-3.json"}).json()
    assert as_json["ok"] and json.loads((tmp_path / "terms-3.json").read_text())["revenue"][0]["probability"] == "0.8"
    for name, words in [("alliance.yaml", "exists"), ("taken.yaml", "exists"), ("terms-2.yaml", "exists"),
                        ("../out.yaml", "without a folder"), ("sub/out.yaml", "without a folder"), ("", "file name"),
                        (".hidden.yaml", "without a folder"), ("out.exe", "must end in"), ("out.txt", "must end in")]:
        answer = client.post("/save", data={**form, "save": name}).json()
        assert not answer["ok"] and words in answer["message"], (name, answer)
    bad = client.post("/save", data={"set:revenue.L1.probability": "2", "save": "bad.yaml"}).json()
    assert not bad["ok"] and "must be at most 1" in bad["message"] and not (tmp_path / "bad.yaml").exists()
    assert (tmp_path / "taken.yaml").read_text() == "keep me" and scenario.read_bytes() == before


def test_save_as_never_replaces_a_file_created_meanwhile(tmp_path, monkeypatch):
    """The name is free when checked, then another program creates the file before the room writes: the save is
    refused and that file is kept (the room creates its file exclusively, then writes it whole)."""
    import ipshare.model.negotiable as negotiable
    from ipshare.output import OutputError

    scenario = tmp_path / "alliance.yaml"
    scenario.write_bytes(BATTERY.read_bytes())
    room = Room(scenario)
    original = negotiable.scenario_data

    def meanwhile(*args, **kwargs):
        (tmp_path / "terms-2.yaml").write_text("written by someone else")
        return original(*args, **kwargs)

    monkeypatch.setattr(negotiable, "scenario_data", meanwhile)
    with pytest.raises(OutputError, match="exists; the room writes only new files"):
        room.save_as("terms-2.yaml", ("revenue.L1.probability=0.8",))
    assert (tmp_path / "terms-2.yaml").read_text() == "written by someone else"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alliance.yaml", "terms-2.yaml"]


def test_a_failed_save_leaves_no_file(tmp_path, monkeypatch):
    import ipshare.output as output
    from ipshare.output import OutputError

    scenario = tmp_path / "alliance.yaml"
    scenario.write_bytes(BATTERY.read_bytes())
    room = Room(scenario)

    def failing(*args, **kwargs):
        raise OutputError("cannot write: no space left on the device")

    monkeypatch.setattr(output, "write_file", failing)
    with pytest.raises(OutputError, match="no space left"):
        room.save_as("terms-2.yaml", ())
    assert [p.name for p in tmp_path.iterdir()] == ["alliance.yaml"]


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.*")), ids=lambda p: p.name)
def test_save_as_toml_loads_back_with_the_same_figures(tmp_path, path):
    pytest.importorskip("tomli_w")
    if path.suffix not in (".yaml", ".json", ".toml"):
        pytest.skip("not a scenario")
    scenario = tmp_path / path.name
    scenario.write_bytes(path.read_bytes())
    room = Room(scenario)
    changes = tuple(f"{term.path}={number_text(term.start)}" for term in room.terms[:1] if term.ranged)
    saved = room.save_as("copy.toml", changes)
    assert saved.read_text(encoding="utf-8") and saved.suffix == ".toml"
    rules = ("shapley",) if room.scenario.game is None else ()
    again = Room(saved).view({}, "", rules)
    now = room.view({}, "\n".join(changes), rules)
    assert again.error is None and now.error is None
    for before, after in zip(now.now.columns, again.now.columns, strict=True):
        assert before.rounded == after.rounded and before.rule == after.rule


@pytest.mark.parametrize("path", sorted((ROOT / "scenarios").glob("*.*")), ids=lambda p: p.name)
def test_every_bundled_scenario_opens_and_a_change_renders(path):
    """The page and a view with a change, on every bundled scenario (a council voting by a share of the votes
    present, with a quorum, has no fixed quota: its rule is the caption)."""
    if path.suffix not in (".yaml", ".json", ".toml"):
        pytest.skip("not a scenario")
    room = Room(path)
    client = TestClient(create_app(room))
    assert client.get("/").status_code == 200
    moved = next(((p, v) for p, v in room.fields if v), None)
    params = {f"set:{moved[0]}": number_text(moved[1] * Fraction(9, 10))} if moved else {}
    answer = client.get("/view", params=params)
    assert answer.status_code == 200 and "internal error" not in answer.text


# ---- breakpoints, plots, languages


def test_the_marks_are_the_symbolic_sweeps_breakpoints(battery):
    room, client = battery
    from ipshare.analyses.whatif import symbolic_sweep

    sweep = symbolic_sweep(room.source, "revenue.L2.probability", 0, 1, ("shapley",))
    assert sweep.breakpoints  # two rankings change along L2's chance (docs/room.md)
    room.warm()  # what the server does in a thread as it starts
    text = client.get("/marks", params={"path": "revenue.L2.probability", "index": "1"}).text
    for point in sweep.breakpoints:
        at = Fraction(point["at"])
        assert f'<option value="{float(at)}">' in text and f"{at.numerator}/{at.denominator}" in text
    assert '<datalist id="l1">' in text
    assert "not a term on the table" in client.get("/marks", params={"path": "alliance.discount_rate"}).text


def _symbolic_json(path, parameter, start, stop, overrides):
    args = ["sweep", path, "--symbolic", "--param", parameter, "--from", start, "--to", stop, "-f", "json"]
    for override in overrides:
        args += ["--set", override]
    result = cli_run(*args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(("values", "more", "moves"), [
    ({"revenue.L1.probability": "0.8"}, "", False),  # L1's chance moves no ranking crossing along the others
    ({"revenue.L1.probability": "0.3", "revenue.L2.probability": "0.9"}, "revenue.L2.upfront=3500000", True),
    ({"agreement.clauses.lead-cap.max_share": "0.3"}, "", False),
])
def test_the_marks_follow_the_current_changes_as_ipshare_sweep_symbolic(values, more, moves):
    """The breakpoints along each term are recomputed for the other changes on the page, in the background, and
    are those of ``ipshare sweep --symbolic --set …`` with the same other changes (the term's own change left
    out: it is the swept one)."""
    room = Room(BATTERY)
    client = TestClient(create_app(room))
    query = {f"set:{path}": text for path, text in values.items()} | {"more": more}
    assert client.get("/view", params=query).status_code == 200  # starts the background thread
    worker = room.marks_later(room.overrides(values, more))
    worker.join(timeout=120)
    assert not worker.is_alive()
    moved = 0
    for index, term in enumerate(room.terms):
        others = [o for o in room.overrides(values, more) if o.partition("=")[0] != term.path]
        expected = _symbolic_json(BATTERY, term.path, number_text(term.start), number_text(term.stop), others)
        text = client.get("/marks", params={**query, "path": term.path, "index": str(index)}).text
        assert "data-pending" not in text
        got = re.findall(r'<option value="([^"]+)">', text)
        points = [b for b in expected["breakpoints"] if b["rule"] == room.rule]
        assert got == [str(float(Fraction(b["at"]))) for b in points], term.path
        for point in points:
            at = Fraction(point["at"])
            assert (number_text(at) if at.denominator in (1, 2, 4, 5, 10, 20, 25, 50, 100) else
                    f"{at.numerator}/{at.denominator}") in text
        baseline = _symbolic_json(BATTERY, term.path, number_text(term.start), number_text(term.stop), [])
        moved += baseline["breakpoints"] != expected["breakpoints"]
    assert bool(moved) == moves  # with L2's upfront and chances changed, L2's and L3's crossings move


def test_a_view_never_waits_for_the_breakpoints(battery):
    """While the background thread holds the sweeps' lock (a long sweep), views and the marks route answer."""
    room, client = battery
    with room._sweep_lock:
        import threading

        answers = []
        thread = threading.Thread(target=lambda: answers.append(
            (client.get("/view", params={"set:revenue.L1.probability": "0.55"}).status_code,
             client.get("/marks", params={"path": "revenue.L1.probability", "index": "0",
                                          "set:revenue.L2.probability": "0.45"}).text)))
        thread.start()
        thread.join(timeout=30)
        assert not thread.is_alive() and answers[0][0] == 200 and "data-pending" in answers[0][1]


def test_plots_are_svg(battery):
    _, client = battery
    pytest.importorskip("matplotlib")
    for route in ("/plot/graph.svg", "/plot/split.svg?rule=nucleolus",
                  "/plot/sweep.svg?path=revenue.L1.probability&set:revenue.L1.probability=0.7"):
        answer = client.get(route)
        assert answer.status_code == 200 and answer.headers["content-type"] == "image/svg+xml", route
        assert answer.content.lstrip().startswith(b"<?xml") and b"<script" not in answer.content


def test_the_page_in_chinese_and_in_both_languages(battery):
    _, client = battery
    assert "谈判室" in client.get("/", params={"lang": "zh"}).text
    both = client.get("/", params={"lang": "zh+en"}).text
    assert "谈判室 / Negotiation room" in both and '<html lang="zh-Hans">' in both
    assert "Negotiation room" in client.get("/", params={"lang": "xx"}).text


def test_negotiable_terms_come_first_as_sliders_over_their_ranges(tmp_path):
    path = tmp_path / "listed.yaml"
    path.write_bytes(_with_negotiable([
        {"path": "revenue.L1.probability", "from": 0.2, "to": 0.9, "step": 0.05, "label": "Licence <L1> closes"},
        {"path": "revenue.L1.royalty.rate", "from": 0.01, "to": 0.03},
    ]))
    room = Room(path)
    assert [t.path for t in room.terms] == ["revenue.L1.probability", "revenue.L1.royalty.rate"]
    text = TestClient(create_app(room)).get("/").text
    assert 'min="0.2" max="0.9" step="0.05"' in text and "Licence &lt;L1&gt; closes" in text
    assert "agreement.negotiable); these are" not in text
    assert "revenue.L2.probability" in text  # every other numeric field can still be changed


# ---- the command


def test_serve_refuses_a_bad_file_in_one_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("members: [\n")
    result = cli_run("serve", bad, "--no-browser", "--port", "0")
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_serve_listens_prints_the_url_and_warns_off_loopback():
    import httpx

    for host, warned in (("127.0.0.1", False), ("127.0.0.2", True)):
        process = subprocess.Popen(
            [sys.executable, "-m", "ipshare.cli", "serve", str(BATTERY), "--port", "0", "--no-browser", "--host", host],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
            env={**__import__("os").environ, "PYTHONPATH": str(ROOT)})
        try:
            url = process.stdout.readline().strip()
            assert re.fullmatch(rf"http://{re.escape(host)}:\d+/", url), url
            assert "Negotiation room" in httpx.get(url, timeout=30, trust_env=False).text
        finally:
            process.terminate()
            _, errors = process.communicate(timeout=30)
        assert ("warning: listening on" in errors) == warned, errors


def test_serve_opens_the_browser_unless_told_not_to(monkeypatch):
    import webbrowser

    import ipshare.room

    opened, served = [], []
    monkeypatch.setattr(webbrowser, "open", opened.append)
    monkeypatch.setattr(ipshare.room, "serve", lambda room, listener: served.append((room.lang, listener.close())))
    result = cli_run("serve", BATTERY, "--port", "0", "--lang", "zh+en")
    assert result.exit_code == 0, result.output
    assert opened == [result.stdout.strip()] and served == [("zh+en", None)]
    assert cli_run("serve", BATTERY, "--port", "0", "--no-browser").exit_code == 0 and len(opened) == 1
    assert cli_run("serve", BATTERY, "--lang", "fr").exit_code == 2
