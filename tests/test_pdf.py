"""ipshare.report.formats.pdf: the PDF annex, read back as a reader would read it.

Each PDF is rendered by Typst, then read with poppler's command-line tools (pdftotext page by page with -layout,
pdfinfo for the metadata and page sizes, pdffonts for the embedded fonts). The checks are those of DESIGN.md "The
annex as a document": every amount whole on one line, "page X of Y" on every page, header rows repeated on the
pages a long table runs over, rows that never split across pages, a wide table on a landscape page, Chinese text
present (in an embedded CJK font) when given, user text shown as text whatever markup it holds, honest metadata,
and the same bytes from the same input.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("typst")
if not shutil.which("pdftotext"):  # pragma: no cover - poppler-utils is in .ci/run
    pytest.skip("poppler-utils (pdftotext, pdfinfo, pdffonts) is not installed", allow_module_level=True)

from ipshare.optional import MissingExtra
from ipshare.report import fonts
from ipshare.report.document import Annex, Facts, Heading, Number, Paragraph, Section, Table
from ipshare.report.fonts import MissingCjkFont, find_cjk_font
from ipshare.report.formats import pdf
from ipshare.report.messages import signature_section

ROOT = Path(__file__).resolve().parent.parent
SHA256 = "d067207d2e7b0533675ec3c1f73f460dc5b5854b75026dab07ff4c6d136697ae"
HOSTILE = [
    "#panic(\"boom\")",
    "= not a heading",
    "*not bold* _not emph_ `not raw`",
    "$x^2$ and \\$ and \\",
    "[brackets] <label> @ref // comment /* block */",
    "#set page(paper: \"us-letter\")",
    "#{ 1 + 1 } #import \"x.typ\"",
    '"quotes" \\" backslash-quote',
]
MEMBERS = {
    "JH": {"zh": "江海新能源有限公司", "en": "Jianghai New Energy Co., Ltd."},
    "XU": {"zh": "星河大学", "en": "Xinghe University"},
    "IAM": {"zh": "先进材料研究所", "en": "Institute of Advanced Materials"},
}


def amount(row: int, column: int = 0) -> Number:
    """A distinct amount per cell, with 9 digits before the point (the widest an annex shows is 125,096,335.87)."""
    return Number(Decimal(125_096_335 + 1_000_003 * row + 17 * column) + Decimal("0.87"))


def hand_annex(*, chinese: bool = True, timestamp: str | None = None, rows: int = 90) -> Annex:
    name = "江海新能源有限公司" if chinese else "Jianghai New Energy Co., Ltd."
    long_rows = tuple(
        (
            f"R{row}",
            name if row % 3 == 0 else HOSTILE[row % len(HOSTILE)],
            "first-word " + "a description that runs over several lines in its cell " * (row % 4) + f"last{row}",
            amount(row),
        )
        for row in range(rows)
    )
    long_table = Table(
        "long",
        ("ID", "Name" + (" / 名称" if chinese else ""), "Description", "Amount (CNY)"),
        long_rows,
        footer=("Total", "", "", Number(Decimal("999999999.99"))),
        title="A table over several pages",
        caption=("Caption under the table.",),
    )
    wide_header = ("Member",) + tuple(f"rule{j} (CNY)" for j in range(12))
    wide_rows = tuple((f"W{row}", *(amount(1000 + row, j) for j in range(12))) for row in range(4))
    wide = Table("wide", wide_header, wide_rows, title="Twelve amounts a row")
    identification = Section(
        "identification",
        "Identification" + (" 基本信息" if chinese else ""),
        (
            Paragraph("Body text. " + " ".join(HOSTILE)),
            Facts((("Alliance", name), ("Scenario SHA-256", SHA256))),
            Paragraph("φ_i = Σ_{S ⊆ N∖{i}} |S|!·(n − |S| − 1)!/n! · [v(S ∪ {i}) − v(S)]", "formula"),
            Paragraph("A note in small print.", "note"),
        ),
    )
    members = MEMBERS if chinese else {key: value["en"] for key, value in MEMBERS.items()}
    blocks = (
        identification,
        Section("long", "Long", (Heading("A heading " + HOSTILE[0]), long_table)),
        Section("wide", "Wide", (wide,)),
        signature_section(members, "zh+en" if chinese else "en"),
    )
    return Annex(
        title=("附件二：收益分配 — " if chinese else "Annex 2: allocation — ") + "Solid-State Battery *Alliance* #1",
        subtitle="Computed by ipshare 0.1.0 under shapley.",
        blocks=blocks,
        footer="Battery alliance — ipshare 0.1.0 — scenario SHA-256 d067207d2e7b0533…",
        sha256=SHA256,
        version="0.1.0",
        timestamp=timestamp,
    )


def numbers_in(blocks):
    for block in blocks:
        if isinstance(block, Section):
            yield from numbers_in(block.blocks)
        elif isinstance(block, Table):
            for row in (*block.rows, *([block.footer] if block.footer else [])):
                yield from (cell.text for cell in row if isinstance(cell, Number) and cell.value is not None)


def pages_of(data: bytes, tmp_path: Path, mode: str = "-layout") -> list[str]:
    """The text of each page, as pdftotext -layout lays it out (``mode="-raw"``: in the order it was set)."""
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    count = int(re.search(r"^Pages:\s+(\d+)", pdfinfo(path), re.MULTILINE).group(1))
    return [
        subprocess.run(
            ["pdftotext", mode, "-f", str(page), "-l", str(page), str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for page in range(1, count + 1)
    ]


def pdfinfo(path: Path, *options: str) -> str:
    return subprocess.run(["pdfinfo", *options, str(path)], capture_output=True, text=True, check=True).stdout


def pdffonts(path: Path) -> str:
    return subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def chinese_pdf() -> bytes:
    if find_cjk_font() is None:
        pytest.skip("no CJK font on this machine (apt-get install fonts-noto-cjk)")
    return pdf.render(hand_annex(), lang="zh+en")


@pytest.fixture(scope="module")
def english_pdf() -> bytes:
    return pdf.render(hand_annex(chinese=False))


# ------------------------------------------------------------------------------------------------------------
# Reading the pages


@pytest.mark.parametrize("which", ["chinese_pdf", "english_pdf"])
def test_every_amount_is_whole_on_one_line_exactly_once(which, request, tmp_path):
    data = request.getfixturevalue(which)
    lines = [line for page in pages_of(data, tmp_path) for line in page.splitlines()]
    annex = hand_annex(chinese=which == "chinese_pdf")
    expected = list(numbers_in(annex.blocks))
    assert len(expected) == 90 + 1 + 48
    for text in expected:
        found = sum(len(re.findall(rf"(?<![\d,.]){re.escape(text)}(?![\d,.])", line)) for line in lines)
        assert found == 1, f"{text} shows {found} times whole on a line"


def test_page_x_of_y_on_every_page(chinese_pdf, english_pdf, tmp_path):
    pages = pages_of(english_pdf, tmp_path)
    assert len(pages) >= 4
    for number, page in enumerate(pages, start=1):
        assert f"page {number} of {len(pages)}" in page
    pages = pages_of(chinese_pdf, tmp_path)
    for number, page in enumerate(pages, start=1):
        assert f"第 {number} 页，共 {len(pages)} 页 / page {number} of {len(pages)}" in page


def test_long_table_repeats_its_header_and_never_splits_a_row(english_pdf, tmp_path):
    pages = pages_of(english_pdf, tmp_path)
    holding = [page for page in pages if re.search(r"^\s*R\d+\s", page, re.MULTILINE)]
    assert len(holding) >= 2  # the table runs over pages
    for page in holding:
        header = page.find("Description")
        first_row = re.search(r"^\s*R\d+\s", page, re.MULTILINE).start()
        assert 0 <= header < first_row, "the header row heads every page the table is on"
    for row in range(90):
        where = {i for i, page in enumerate(pages) if re.search(rf"^\s*R{row}\s", page, re.MULTILINE)}
        last = {i for i, page in enumerate(pages) if re.search(rf"\blast{row}\b", page)}
        assert len(where) == 1 and where == last, f"row R{row} is split across pages"
    assert sum(page.count("Total") for page in pages) == 1  # the totals row is printed once


def test_wide_table_is_set_on_a_landscape_page_and_the_others_portrait(english_pdf, tmp_path):
    path = tmp_path / "out.pdf"
    path.write_bytes(english_pdf)
    sizes = re.findall(r"^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+)", pdfinfo(path, "-f", "1", "-l", "99"), re.M)
    pages = pages_of(english_pdf, tmp_path)
    landscape = {int(number) for number, width, height in sizes if float(width) > float(height)}
    assert landscape == {i + 1 for i, page in enumerate(pages) if "W0 " in page}
    assert len(landscape) == 1 and all(round(float(w) + float(h)) == round(595.276 + 841.89) for _, w, h in sizes)


def test_chinese_text_is_present_in_an_embedded_cjk_font(chinese_pdf, tmp_path):
    text = "\n".join(pages_of(chinese_pdf, tmp_path))
    for name in ("江海新能源有限公司", "星河大学", "先进材料研究所", "附件二：收益分配", "法定代表人或授权代表"):
        assert name in text
    path = tmp_path / "out.pdf"
    path.write_bytes(chinese_pdf)
    listed = pdffonts(path)
    family = find_cjk_font().family.replace(" ", "")
    embedded = rf"\+{family}\S*\s.*\byes\s+yes\s+yes\b"  # embedded, subset, with its Unicode map
    assert re.search(embedded, listed, re.IGNORECASE), listed
    assert "LibertinusSerif" in listed


def test_latin_only_text_embeds_no_cjk_font(english_pdf, tmp_path):
    path = tmp_path / "out.pdf"
    path.write_bytes(english_pdf)
    listed = pdffonts(path)
    assert "CJK" not in listed and "LibertinusSerif" in listed
    assert all(line.split()[-5] == "yes" for line in listed.splitlines()[2:])  # every font embedded


def test_user_text_is_text_never_markup(english_pdf, tmp_path):
    text = "\n".join(pages_of(english_pdf, tmp_path))
    flat = " ".join(text.split())
    for hostile in HOSTILE:
        assert " ".join(hostile.split()) in flat, hostile
    assert "Solid-State Battery *Alliance* #1" in flat
    path = tmp_path / "out.pdf"
    path.write_bytes(english_pdf)
    assert "A4" in pdfinfo(path)  # `#set page(paper: "us-letter")` in a cell changed nothing


def test_signature_block_for_every_party(english_pdf, tmp_path):
    last = pages_of(english_pdf, tmp_path)[-1]
    for name in MEMBERS.values():
        assert re.search(rf"^Party \d\s+{re.escape(name['en'])} \(", last, re.M)
    flat = " ".join(last.split())
    assert flat.count("Legal or authorised representative (signature)") == len(MEMBERS)
    assert flat.count("Seal") == len(MEMBERS) and flat.count("Date") == len(MEMBERS)


# ------------------------------------------------------------------------------------------------------------
# Metadata and determinism


def test_metadata_is_honest(english_pdf, tmp_path):
    path = tmp_path / "out.pdf"
    path.write_bytes(english_pdf)
    info = pdfinfo(path)
    assert re.search(r"^Title:\s+Annex 2: allocation — Solid-State Battery \*Alliance\* #1$", info, re.M)
    assert re.search(r"^Author:\s+ipshare 0\.1\.0$", info, re.M)
    assert re.search(r"^Keywords:\s+scenario SHA-256 d067207d2e7b0533", info, re.M)
    assert re.search(r"^Creator:\s+Typst ", info, re.M)
    assert re.search(r"^Page size:\s+595\.276 x 841\.89 pts \(A4\)", info, re.M)
    assert "CreationDate" not in info and "ModDate" not in info  # no date unless one is asked for


def test_a_timestamp_is_the_date_and_makes_it_pdf_a(tmp_path):
    data = pdf.render(hand_annex(chinese=False, timestamp="2026-03-01T08:30:00Z", rows=5))
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    info = pdfinfo(path, "-isodates")
    assert re.search(r"^CreationDate:\s+2026-03-01T08:30:00", info, re.M)
    assert b"pdfaid:part" in data
    assert data == pdf.render(hand_annex(chinese=False, timestamp="2026-03-01T08:30:00Z", rows=5))


def test_author_can_be_given(tmp_path):
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf.render(hand_annex(chinese=False, rows=2), author="Solid-State Battery Alliance"))
    assert re.search(r"^Author:\s+Solid-State Battery Alliance$", pdfinfo(path), re.M)


def test_same_input_same_bytes_in_another_process(chinese_pdf):
    assert pdf.render(hand_annex(), lang="zh+en") == chinese_pdf
    script = (
        "import sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]\n"
        "from test_pdf import hand_annex\n"
        "from ipshare.report.formats import pdf\n"
        "sys.stdout.buffer.write(pdf.render(hand_annex(), lang='zh+en'))\n"
    )
    other = subprocess.run(
        [sys.executable, "-c", script, str(ROOT), str(ROOT / "tests")], capture_output=True, check=True
    ).stdout
    assert other == chinese_pdf


# ------------------------------------------------------------------------------------------------------------
# Refusals


def test_chinese_text_without_a_cjk_font_is_refused_in_one_line(monkeypatch):
    monkeypatch.delenv(fonts.FONT_ENVIRONMENT_VARIABLE, raising=False)
    for search in ("_fontconfig_faces", "_known_path_faces", "_matplotlib_faces"):
        monkeypatch.setattr(fonts, search, lambda: [])
    with pytest.raises(MissingCjkFont) as caught:
        pdf.render(hand_annex(rows=3), lang="zh")
    message = str(caught.value)
    assert "\n" not in message and "apt-get install fonts-noto-cjk" in message and "IPSHARE_CJK_FONT" in message
    assert caught.value.exit_status == 2
    assert pdf.render(hand_annex(chinese=False, rows=3)).startswith(b"%PDF-")  # Latin text needs no CJK font


def test_english_document_with_chinese_page_words_needs_the_font(monkeypatch):
    monkeypatch.delenv(fonts.FONT_ENVIRONMENT_VARIABLE, raising=False)
    for search in ("_fontconfig_faces", "_known_path_faces", "_matplotlib_faces"):
        monkeypatch.setattr(fonts, search, lambda: [])
    with pytest.raises(MissingCjkFont):
        pdf.render(hand_annex(chinese=False, rows=3), lang="zh")  # 第 1 页，共 2 页


def test_without_typst_the_refusal_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "typst", None)
    with pytest.raises(MissingExtra, match=r"A PDF annex needs typst.*pip install 'ipshare\[annex\]'"):
        pdf.render(hand_annex(chinese=False, rows=1))


def test_empty_and_odd_documents_render():
    odd = Annex(
        title="",
        blocks=(
            Table("empty", ("A", "B"), ()),
            Table("no columns", (), ()),
            Facts(()),
            Section("s", "", (Paragraph(""),)),
            Table("long word", ("X",), (("x" * 300,), (Number(None),))),
        ),
    )
    assert pdf.render(odd).startswith(b"%PDF-")


# ------------------------------------------------------------------------------------------------------------
# An annex built from a scenario


@pytest.fixture(scope="module")
def battery_annex():
    import ipshare
    from ipshare.alliance.benefit import scenario_game
    from ipshare.report.annex import build_annex
    from ipshare.solutions import allocate

    scenario = ipshare.load(ROOT / "scenarios" / "battery-alliance.yaml")
    game = scenario_game(scenario)
    rules = ("shapley", "nucleolus", "banzhaf", "proportional", "equal")
    return build_annex(scenario, game, [allocate(game, rule) for rule in rules])


def test_battery_alliance_annex(battery_annex, tmp_path):
    data = pdf.render(battery_annex)
    assert data == pdf.render(battery_annex)
    pages = pages_of(data, tmp_path)
    lines = [line for page in pages for line in page.splitlines()]
    for number, page in enumerate(pages, start=1):
        assert f"page {number} of {len(pages)}" in page
    numbers = list(numbers_in(battery_annex.blocks))
    assert "165,142,916.40" in numbers and len(numbers) > 60
    for text in set(numbers):
        assert any(re.search(rf"(?<![\d,.]){re.escape(text)}(?![\d,.])", line) for line in lines), text
    for section in battery_annex.sections:
        assert any(section.title in line for line in lines)


# ------------------------------------------------------------------------------------------------------------
# Random text with every Typst special, as data in every place a text goes

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

TYPST_SPECIALS = "#[]*_`$<>@\\/=+-~'\"{}()^&%!:;,."
texts = st.text(
    alphabet=st.sampled_from(list(TYPST_SPECIALS) + list("abcXYZ019 ") + list("江海新能源")), min_size=1, max_size=40
).filter(lambda s: s.strip())


@given(title=texts, cell=texts, label=texts, value=texts, paragraph=texts)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_markup_is_shown_as_it_is(tmp_path, title, cell, label, value, paragraph):
    if find_cjk_font() is None:
        pytest.skip("no CJK font on this machine")
    document = Annex(
        title=title,
        blocks=(
            Section("s", title, (Paragraph(paragraph), Facts(((label, value),)), Table("t", (cell,), ((cell,),)))),
        ),
        footer=value,
    )
    # Spaces aside: Typst sets a quarter-em between Chinese and Latin (cjk-latin-spacing), which pdftotext reads
    # as a space, and breaks lines at spaces. Read in the order the text was set (-raw): laid out, a label that
    # wraps beside its value reads interleaved with it ("…新0新" "0" "@" for a label ending "新0新@").
    flat = "".join(" ".join(pages_of(pdf.render(document), tmp_path, "-raw")).split())
    for given_text in (title, cell, label, value, paragraph):
        assert "".join(given_text.split()) in flat


def test_a_very_long_word_wraps_in_its_cell_instead_of_turning_the_page(tmp_path):
    word = "".join(f"segment{i:02d}" for i in range(25))  # 225 characters, no space
    table = Table("t", ("Path", "Amount (CNY)"), ((word, amount(1)),))
    data = pdf.render(Annex(title="Long word", blocks=(table,)))
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    assert re.search(r"^Page size:\s+595\.276 x 841\.89", pdfinfo(path), re.M)  # portrait: it did not need more
    page = pages_of(data, tmp_path)[0]
    assert re.search(rf"\s{re.escape(amount(1).text)}\s", page)  # whole, beside the word's first line
    assert word in "".join(page.replace(amount(1).text, "").split()).replace("\u200b", "")


@pytest.mark.parametrize("lang", ["en", "zh+en"])
def test_a_sha256_stays_inside_the_right_margin_beside_a_long_label(lang, tmp_path):
    """The 64-character hash is set in one line when it fits beside its label, else in two halves of 32: no word
    of it ends past the text area (A4 is 595 pt wide; the margins are well over 30 pt)."""
    if lang != "en" and find_cjk_font() is None:
        pytest.skip("no CJK font on this machine (apt-get install fonts-noto-cjk)")
    label = "Scenario SHA-256" if lang == "en" else "情景文件 SHA-256 / Scenario SHA-256"
    annex = Annex(title="Annex", blocks=(Section("id", "Identification", (Facts(((label, SHA256),)),)),),
                  sha256=SHA256, lang=lang)
    path = tmp_path / "hash.pdf"
    path.write_bytes(pdf.render(annex, lang=lang))
    boxes = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([0-9a-f]{16,})</word>',
                       boxes)
    shown = "".join(word for _, _, word in words if SHA256.startswith(word) or word in SHA256)
    assert SHA256 in shown, words
    assert all(float(x_max) <= 595 - 30 for _, x_max, _ in words), words
    if lang == "en":
        assert any(word == SHA256 for _, _, word in words)  # whole on one line where it fits
