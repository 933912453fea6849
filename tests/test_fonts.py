"""ipshare.report.fonts: finding a font with Chinese glyphs, or refusing in one line.

The searches are patched with canned results (fontconfig's output, fonts written here byte by byte), so the ranking,
the determinism and the refusal are checked on any machine; one test looks at this machine's own fonts where a
CJK font is installed (fonts-noto-cjk on Debian).
"""

from __future__ import annotations

import random
import struct
import subprocess
from pathlib import Path

import pytest

from ipshare.errors import IpshareError
from ipshare.report import fonts
from ipshare.report.fonts import MissingCjkFont, find_cjk_font, needs_cjk, read_font_faces, require_cjk_font

NOTO = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")


# ------------------------------------------------------------------------------------------------------------
# A minimal OpenType font, byte by byte: the 'name', 'OS/2' and 'cmap' tables the reader looks at.


def _name_table(family: str) -> bytes:
    encoded = family.encode("utf-16-be")
    records = struct.pack(">HHHHHH", 3, 1, 0x409, 1, len(encoded), 0)
    return struct.pack(">HHH", 0, 1, 6 + 12) + records + encoded


def _os2_table(weight: int) -> bytes:
    table = bytearray(96)
    struct.pack_into(">H", table, 4, weight)
    return bytes(table)


def _cmap_table(text: str) -> bytes:
    codes = sorted(set(map(ord, text)))
    groups = b"".join(struct.pack(">III", code, code, glyph) for glyph, code in enumerate(codes, start=1))
    subtable = struct.pack(">HHIII", 12, 0, 16 + len(groups), 0, len(codes)) + groups
    return struct.pack(">HH", 0, 1) + struct.pack(">HHI", 3, 10, 12) + subtable


def font_bytes(*faces: tuple[str, str, int]) -> bytes:
    """An OpenType font (one face) or collection (several), each face (family, characters it maps, weight)."""
    directory_size = 12 + 4 * len(faces) if len(faces) > 1 else 0
    out = bytearray(directory_size)
    offsets = []
    for family, text, weight in faces:
        tables = {b"OS/2": _os2_table(weight), b"cmap": _cmap_table(text), b"name": _name_table(family)}
        start = len(out)
        offsets.append(start)
        position = start + 12 + 16 * len(tables)
        records, bodies = b"", b""
        for tag in sorted(tables):
            body = tables[tag]
            records += struct.pack(">4sIII", tag, 0, position + len(bodies), len(body))
            bodies += body + b"\0" * (-len(body) % 4)
        out += b"\x00\x01\x00\x00" + struct.pack(">HHHH", len(tables), 0, 0, 0) + records + bodies
    if len(faces) > 1:
        out[:directory_size] = b"ttcf" + struct.pack(">HHI", 1, 0, len(faces)) + b"".join(
            struct.pack(">I", offset) for offset in offsets
        )
    return bytes(out)


CHINESE = "中国人民币元角分整，。附件协议"


def test_reader_reads_families_weights_and_coverage(tmp_path):
    path = tmp_path / "collection.ttc"
    path.write_bytes(font_bytes(("Test Serif CJK JP", CHINESE, 400), ("Test Latin", "Annex", 700)))
    assert read_font_faces(path) == [
        {"index": 0, "family": "Test Serif CJK JP", "bold": False, "cjk": True},
        {"index": 1, "family": "Test Latin", "bold": True, "cjk": False},
    ]
    (tmp_path / "junk.ttf").write_bytes(b"not a font at all")
    with pytest.raises(ValueError):
        read_font_faces(tmp_path / "junk.ttf")


@pytest.mark.skipif(not NOTO.is_file(), reason="fonts-noto-cjk is not installed")
def test_reader_reads_a_real_collection():
    faces = read_font_faces(NOTO)
    assert [face["family"] for face in faces] == [f"Noto Serif CJK {r}" for r in ("JP", "KR", "SC", "TC", "HK")]
    assert all(face["cjk"] and not face["bold"] for face in faces)


# ------------------------------------------------------------------------------------------------------------
# Which texts need a CJK font


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jianghai New Energy Co., Ltd.", False),
        ("Zürich Ø café — “quoted” €5,080.00 φ_i Σ", False),
        ("江海新能源有限公司", True),
        ("Total（合计）", True),  # full-width parentheses alone need a CJK font
        ("，", True),
        ("日本語のテキスト", True),
        ("한국어", True),
        ("𠀀", True),  # extension B
        ("", False),
    ],
)
def test_needs_cjk(text, expected):
    assert needs_cjk(text) is expected


# ------------------------------------------------------------------------------------------------------------
# Choosing among the fonts found


@pytest.fixture
def no_system_fonts(monkeypatch):
    monkeypatch.delenv(fonts.FONT_ENVIRONMENT_VARIABLE, raising=False)
    for search in ("_fontconfig_faces", "_known_path_faces", "_matplotlib_faces"):
        monkeypatch.setattr(fonts, search, lambda: [])


FC_LINES = [
    "/fonts/NotoSansCJK-Regular.ttc\t2\tNoto Sans CJK SC\t80",
    "/fonts/NotoSansCJK-Regular.ttc\t0\tNoto Sans CJK JP\t80",
    "/fonts/NotoSansCJK-Regular.ttc\t7\tNoto Sans Mono CJK SC\t80",
    "/fonts/NotoSansCJK-Bold.ttc\t2\tNoto Sans CJK SC\t200",
    "/fonts/NotoSerifCJK-Regular.ttc\t2\tNoto Serif CJK SC\t80",
    "/fonts/NotoSerifCJK-Bold.ttc\t2\tNoto Serif CJK SC\t200",
    "/fonts/wqy-zenhei.ttc\t0\t文泉驿正黑,WenQuanYi Zen Hei,文泉驛正黑\t80",
    "/fonts/uming.ttc\t0\tAR PL UMing CN\t80",
]


def _fontconfig(monkeypatch, lines):
    monkeypatch.delenv(fonts.FONT_ENVIRONMENT_VARIABLE, raising=False)
    monkeypatch.setattr(fonts.shutil, "which", lambda name: "/usr/bin/fc-list")

    def run(command, **kwargs):
        assert command[0] == "/usr/bin/fc-list" and command[-1] == ":lang=zh"
        return subprocess.CompletedProcess(command, 0, "\n".join(lines) + "\n", "")

    monkeypatch.setattr(fonts.subprocess, "run", run)


def test_fontconfig_ranking_serif_and_sans(monkeypatch):
    _fontconfig(monkeypatch, FC_LINES)
    serif = find_cjk_font("serif")
    assert (serif.family, serif.path, serif.index) == ("Noto Serif CJK SC", "/fonts/NotoSerifCJK-Regular.ttc", 2)
    assert (serif.bold_path, serif.bold_index, serif.source) == ("/fonts/NotoSerifCJK-Bold.ttc", 2, "fontconfig")
    assert serif.files == ("/fonts/NotoSerifCJK-Regular.ttc", "/fonts/NotoSerifCJK-Bold.ttc")
    sans = find_cjk_font("sans")
    assert (sans.family, sans.path, sans.index) == ("Noto Sans CJK SC", "/fonts/NotoSansCJK-Regular.ttc", 2)


def test_fontconfig_order_does_not_change_the_choice(monkeypatch):
    choices = set()
    for seed in range(10):
        lines = FC_LINES[:]
        random.Random(seed).shuffle(lines)
        _fontconfig(monkeypatch, lines)
        choices.add(find_cjk_font())
    assert len(choices) == 1


@pytest.mark.parametrize(
    ("kept", "family"),
    [
        ([6, 7], "AR PL UMing CN"),  # serif first: Ming before Hei
        ([6], "WenQuanYi Zen Hei"),  # the family's Latin name, whichever fontconfig lists first
        (["/f/odd.ttf\t0\tSome Other Chinese Font\t80"], "Some Other Chinese Font"),  # fontconfig says it has zh
        ([1], "Noto Sans CJK JP"),  # another region's face of a Pan-CJK family: its Han glyphs cover Chinese
        (["/f/x.ttf\tbad line"], None),
    ],
)
def test_fontconfig_lesser_fonts(monkeypatch, kept, family):
    _fontconfig(monkeypatch, [FC_LINES[k] if isinstance(k, int) else k for k in kept])
    monkeypatch.setattr(fonts, "_known_path_faces", lambda: [])
    monkeypatch.setattr(fonts, "_matplotlib_faces", lambda: [])
    found = find_cjk_font()
    assert (found.family if found else None) == family


def test_known_paths_when_there_is_no_fontconfig(monkeypatch, tmp_path):
    monkeypatch.delenv(fonts.FONT_ENVIRONMENT_VARIABLE, raising=False)
    monkeypatch.setattr(fonts.shutil, "which", lambda name: None)
    (tmp_path / "latin.ttf").write_bytes(font_bytes(("Latin Sans", "Annex", 400)))
    (tmp_path / "droid.ttf").write_bytes(font_bytes(("Droid Sans Fallback", CHINESE, 400)))
    (tmp_path / "readme.txt").write_text("not a font")
    monkeypatch.setattr(fonts, "_KNOWN_DIRECTORIES", (str(tmp_path / "missing"), str(tmp_path)))
    found = find_cjk_font()
    assert (found.family, found.source) == ("Droid Sans Fallback", "known path")
    assert found.path == str(tmp_path / "droid.ttf")


# ------------------------------------------------------------------------------------------------------------
# The refusal


def test_refusal_is_one_line_saying_how_to_install_a_font(no_system_fonts):
    assert find_cjk_font() is None
    with pytest.raises(MissingCjkFont) as caught:
        require_cjk_font("the PDF annex")
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith("the PDF annex has Chinese text and no CJK font was found")
    assert "apt-get install fonts-noto-cjk" in message and "IPSHARE_CJK_FONT" in message
    assert isinstance(caught.value, IpshareError) and caught.value.exit_status == 2


def test_environment_variable_names_the_font(no_system_fonts, monkeypatch, tmp_path):
    path = tmp_path / "mine.ttc"
    path.write_bytes(font_bytes(("My Latin", "abc", 400), ("My Song SC", CHINESE, 400)))
    monkeypatch.setenv(fonts.FONT_ENVIRONMENT_VARIABLE, str(path))
    found = require_cjk_font()
    assert (found.family, found.path, found.index, found.source) == ("My Song SC", str(path), 1, "environment")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (None, "no such font file"),
        (b"GIF89a not a font", "not a font file this can read"),
        (font_bytes(("Latin Only", "Annex 5,080.00", 400)), "the font has no Chinese characters"),
    ],
)
def test_environment_variable_naming_an_unusable_file_is_refused(no_system_fonts, monkeypatch, tmp_path, content, says):
    path = tmp_path / "font.ttf"
    if content is not None:
        path.write_bytes(content)
    monkeypatch.setenv(fonts.FONT_ENVIRONMENT_VARIABLE, str(path))
    with pytest.raises(MissingCjkFont) as caught:
        find_cjk_font()
    message = str(caught.value)
    assert message.startswith(f"IPSHARE_CJK_FONT={path}: {says}") and "\n" not in message
    assert "apt-get install fonts-noto-cjk" in message


def test_bad_preference_is_a_programming_error():
    with pytest.raises(ValueError):
        find_cjk_font("gothic")


# ------------------------------------------------------------------------------------------------------------
# This machine


@pytest.mark.skipif(not NOTO.is_file(), reason="fonts-noto-cjk is not installed")
def test_this_machine_finds_noto_cjk_the_same_way_twice(monkeypatch):
    monkeypatch.delenv(fonts.FONT_ENVIRONMENT_VARIABLE, raising=False)
    first, second = find_cjk_font(), find_cjk_font()
    assert first == second
    assert first.family == "Noto Serif CJK SC" and first.bold_path is not None
    assert find_cjk_font("sans").family == "Noto Sans CJK SC"


@pytest.mark.skipif(not NOTO.is_file(), reason="fonts-noto-cjk is not installed")
def test_matplotlib_knows_the_font_by_a_name():
    pytest.importorskip("matplotlib")
    from matplotlib import font_manager

    name = fonts.matplotlib_family(find_cjk_font("sans"))
    assert name.startswith("Noto Sans CJK")
    found = font_manager.findfont(font_manager.FontProperties(family=name), fallback_to_default=False)
    assert found.endswith("NotoSansCJK-Regular.ttc")
