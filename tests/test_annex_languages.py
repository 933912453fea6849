"""The annex a legal team signs, in Chinese, English or both (issue 13): read as a reader would, page by page.

The scenario is scenarios/battery-alliance-zh.yaml: battery-alliance.yaml with bilingual names, Chinese by
default, and the agreement named as a document (title, date 2026-03-01, annex 附件二 / Annex 2).
"""

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from ipshare.cli import cli

ROOT = Path(__file__).resolve().parent.parent
CHINESE = ROOT / "scenarios" / "battery-alliance-zh.yaml"
MEMBERS_ZH = ("江海新能源有限公司", "星河大学", "青山科技大学", "先进材料研究所", "瀚州商业银行")
# The Shapley allocation of battery-alliance.yaml (`ipshare allocate scenarios/battery-alliance.yaml`), and JH's
# amount in capitals by the People's Bank of China's rules (ipshare.report.numerals, tests/test_numerals.py).
SHAPLEY_JH = "50,676,279.27"
SHAPLEY_TOTAL = "165,142,916.40"
JH_IN_WORDS = "人民币伍仟零陆拾柒万陆仟贰佰柒拾玖元贰角柒分"

pytest.importorskip("typst", reason="the PDF annex needs the annex extra (typst)")


def report(tmp_path, *args, name="annex.pdf"):
    out = tmp_path / name
    result = CliRunner().invoke(cli, ["report", str(CHINESE), *args, "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out


def pages(pdf: Path) -> list[str]:
    shown = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return shown.stdout.split("\f")[:-1]


@pytest.fixture(scope="module")
def chinese(tmp_path_factory):
    return pages(report(tmp_path_factory.mktemp("zh"), "-r", "shapley", "-r", "nucleolus"))


def test_the_chinese_annex_is_headed_by_the_agreement_and_numbered_page_x_of_y(chinese):
    assert "《固态电池技术创新联盟合作协议》（2026年3月1日签订）附件二" in chinese[0].replace(" ", "")
    for number, page in enumerate(chinese, start=1):
        assert f"第 {number} 页，共 {len(chinese)} 页" in page


def test_the_chinese_annex_states_the_operative_rule_and_the_amounts_in_capitals(chinese):
    whole = "\n".join(chinese)
    assert "本附件以协议约定的分配规则shapley为准；nucleolus仅供比较。" in whole.replace(" ", "")
    assert JH_IN_WORDS in whole.replace(" ", "").replace("\n", "")
    assert all(name in whole for name in MEMBERS_ZH)
    assert "大写" in whole and SHAPLEY_TOTAL in whole


def test_every_amount_stays_whole_on_one_line(chinese):
    for page in chinese:
        for line in page.splitlines():
            # an amount broken at the end of a line would leave "50,676," or ",279.27" at a line's edge
            assert not re.search(r"\d,\s*$", line), line
            assert not re.match(r"^\s*,\d", line), line


def test_every_member_has_a_signature_block(chinese):
    last = "\n".join(chinese[-2:])
    for label, name in zip(("甲方", "乙方", "丙方", "丁方", "戊方"), MEMBERS_ZH, strict=True):
        assert label in last and name in last
    assert last.count("法定代表人或授权代表（签字）") == 5 and last.count("盖章") == 5


def test_the_formula_is_typeset(chinese):
    whole = "\n".join(chinese)
    assert "∑" in whole and "𝑣(𝑆 ∪ {𝑖})" in whole  # math italic from Typst, not the text form


def test_zh_en_shows_chinese_then_english(tmp_path):
    both = "\n".join(pages(report(tmp_path, "--lang", "zh+en")))
    assert both.index("协议各方") < both.index("Parties")
    assert "Jianghai New Energy Co., Ltd." in both and "江海新能源有限公司" in both
    assert "page 1 of" in both and "第 1 页" in both
    assert "where the two texts differ, the Chinese text prevails" in both.replace("\n", " ")


def test_english_annex_of_the_chinese_scenario(tmp_path):
    english = "\n".join(pages(report(tmp_path, "--lang", "en")))
    assert "Annex 2 to the Solid-State Battery Technology Innovation Alliance Agreement dated 2026-03-01" in " ".join(
        english.split()
    )
    assert "江海" not in english and "Party 1" in english and "大写" not in english


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "docx", "xlsx", "pdf"])
@pytest.mark.parametrize("lang", ["en", "zh", "zh+en"])
def test_same_input_same_bytes_in_every_format_and_language(tmp_path, fmt, lang):
    first = report(tmp_path, "--lang", lang, "-f", fmt, name=f"first.{fmt}").read_bytes()
    second = report(tmp_path, "--lang", lang, "-f", fmt, name=f"second.{fmt}").read_bytes()
    assert first == second


def test_a_chinese_annex_refuses_in_one_line_without_a_cjk_font(tmp_path, monkeypatch):
    from ipshare.report import fonts

    def no_font(needed_for):
        raise fonts.MissingCjkFont(f"{needed_for} has Chinese text and no CJK font was found")

    monkeypatch.setattr(fonts, "require_cjk_font", no_font)
    monkeypatch.setattr("ipshare.report.formats.pdf.require_cjk_font", no_font)
    out = tmp_path / "annex.pdf"
    result = CliRunner().invoke(cli, ["report", str(CHINESE), "-o", str(out)])
    assert result.exit_code == 2 and "no CJK font" in result.output and not out.exists()
    assert len(result.output.strip().splitlines()) == 1


def test_the_docx_is_laid_out_for_print(tmp_path):
    import zipfile

    package = zipfile.ZipFile(report(tmp_path, "-r", "shapley", "-r", "nucleolus", name="annex.docx"))
    document = package.read("word/document.xml").decode()
    grids = re.findall(r"<w:tblGrid>(.*?)</w:tblGrid>", document)
    widths = [tuple(int(w) for w in re.findall(r'w:gridCol w:w="(\d+)"', grid)) for grid in grids]
    assert widths and all(len(set(row)) > 1 for row in widths if len(row) > 3)  # from the content, not equal
    assert all(sum(row) <= 9700 for row in widths)  # within 17 cm (A4 less 2 cm margins) in twentieths of a point
    assert document.count("<w:tblHeader") >= 5 and document.count("<w:cantSplit") > 50
    assert "<w:noWrap/>" in document
    footer = package.read("word/footer1.xml").decode()
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer and "第 " in footer
    application = package.read("docProps/app.xml").decode()
    assert "Macintosh" not in application and "<Application>ipshare" in application
    assert "docProps/thumbnail.jpeg" not in package.namelist()
    assert b"thumbnail" not in package.read("_rels/.rels")


@pytest.mark.skipif(subprocess.run(["which", "soffice"], capture_output=True).returncode != 0, reason="no soffice")
def test_the_docx_prints_every_amount_on_one_line(tmp_path):
    docx = report(tmp_path, "-r", "shapley", "-r", "nucleolus", name="annex.docx")
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                   capture_output=True, timeout=300, check=True)
    printed = pages(tmp_path / "annex.pdf")
    whole = "\n".join(printed)
    # `ipshare allocate scenarios/battery-alliance.yaml`: every Shapley amount, whole, on one line
    for amount in (SHAPLEY_JH, "51,227,287.34", "7,437,510.24", "55,201,839.55", "600,000.00", SHAPLEY_TOTAL):
        assert amount in whole


def test_the_html_prints_a4_with_page_x_of_y_and_the_totals_once(tmp_path):
    page = report(tmp_path, "-r", "shapley", name="annex.html").read_text(encoding="utf-8")
    assert "@page { size: A4;" in page and "counter(page)" in page and "counter(pages)" in page
    assert "<tfoot" not in page and page.count('<tr class="total">') >= 4  # Chromium repeats a tfoot per page
    assert '<html lang="zh-CN">' in page
    chromium = next((name for name in ("chromium", "chromium-browser", "google-chrome")
                     if subprocess.run(["which", name], capture_output=True).returncode == 0), None)
    if chromium is None:
        pytest.skip("no chromium to print the page")
    printed = tmp_path / "printed.pdf"
    subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                    f"--print-to-pdf={printed}", (tmp_path / "annex.html").as_uri()], capture_output=True, timeout=300)
    shown = pages(printed)
    assert len(shown) > 2
    for number, text in enumerate(shown, start=1):
        assert f"第 {number} 页，共 {len(shown)} 页" in text
    # every total printed as often as the page states it (a repeated tfoot would add one per page it spans)
    assert "\n".join(shown).count(SHAPLEY_TOTAL) == page.count(SHAPLEY_TOTAL)


def test_the_xlsx_prints_on_a4_fitted_to_width_with_page_x_of_y(tmp_path):
    import openpyxl

    workbook = openpyxl.load_workbook(report(tmp_path, "-r", "shapley", "-r", "nucleolus", name="annex.xlsx"))
    for sheet in workbook.worksheets:
        assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4 == "9"  # A4 in SpreadsheetML
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
        assert sheet.page_setup.fitToHeight == 0
        assert "&P" in sheet.oddFooter.right.text and "&N" in sheet.oddFooter.right.text
        assert "页" in sheet.oddFooter.right.text
    allocation = next(sheet for sheet in workbook.worksheets if "分配结果" in sheet.title)
    assert allocation.print_title_rows  # the table's header row on every printed page
    figures = [cell for row in allocation.iter_rows() for cell in row if isinstance(cell.value, (int, float))
               or type(cell.value).__name__ == "Decimal"]
    assert any(cell.number_format == "#,##0.00" for cell in figures)
    assert any(cell.number_format == "0.00%" and cell.value < 1 for cell in figures)  # percentages as fractions


@pytest.mark.skipif(subprocess.run(["which", "soffice"], capture_output=True).returncode != 0, reason="no soffice")
def test_the_xlsx_method_sheet_in_chinese_prints_inside_the_page(tmp_path):
    """The method's running text wraps inside an A4 page's margins (it ran past the right edge with a column 90
    characters wide): every word box of the printed sheet ends left of the page's right margin, and each wrapped
    Chinese paragraph's row is about 17 pt a line."""
    import openpyxl

    xlsx = report(tmp_path, "-r", "shapley", "-r", "nucleolus", name="annex.xlsx")
    sheet = next(sheet for sheet in openpyxl.load_workbook(xlsx).worksheets if "分配方法" in sheet.title)
    assert sheet.column_dimensions["A"].width <= 64
    heights = [sheet.row_dimensions[cell.row].height for (cell,) in sheet.iter_rows(max_col=1)
               if isinstance(cell.value, str) and "每一成员所得" in cell.value]
    assert heights and heights[0] >= 17 * 2 and heights[0] % 17 == 0
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(xlsx)],
                   capture_output=True, timeout=300, check=True)
    printed = tmp_path / "annex.pdf"
    method = next(number for number, text in enumerate(pages(printed), start=1) if "6. 分配方法" in text)
    boxes = subprocess.run(["pdftotext", "-bbox", "-f", str(method), "-l", str(method), str(printed), "-"],
                           capture_output=True, text=True, check=True).stdout
    width = float(re.search(r'<page width="([\d.]+)"', boxes).group(1))
    right = max(float(x) for x in re.findall(r'<word [^>]*xMax="([\d.]+)"', boxes))
    assert right <= width - 0.6 * 72 * 0.9, (right, width)  # inside the 0.6 in right margin (a tenth to spare)


def test_a_plot_of_chinese_names_uses_a_cjk_font_or_refuses_in_one_line(tmp_path, monkeypatch):
    pytest.importorskip("matplotlib")
    from ipshare.report import fonts

    out = tmp_path / "split.png"
    result = CliRunner().invoke(cli, ["plot", str(CHINESE), "-r", "shapley", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\x89PNG") and "findfont" not in result.output

    def no_font(needed_for, prefer="serif"):
        raise fonts.MissingCjkFont(f"{needed_for} has Chinese text and no CJK font was found")

    monkeypatch.setattr(fonts, "require_cjk_font", no_font)
    refused = tmp_path / "refused.png"
    result = CliRunner().invoke(cli, ["plot", str(CHINESE), "-r", "shapley", "-o", str(refused)])
    assert result.exit_code == 2 and "no CJK font" in result.output and not refused.exists()
