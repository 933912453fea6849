"""Finding a font with Chinese glyphs, for every output that draws text itself (the PDF annex, the plots).

Chinese text never shows as empty boxes: an output that needs CJK glyphs (:func:`needs_cjk`) asks
:func:`require_cjk_font`, which returns a font that has them or raises :class:`MissingCjkFont`, a one-line refusal
saying how to install one. Where the font comes from, in order:

1. the file named by the environment variable ``IPSHARE_CJK_FONT`` (a ``.ttf``, ``.otf`` or ``.ttc``), when it is
   set: it must exist and have Chinese characters, or the refusal says what is wrong with it;
2. fontconfig (``fc-list :lang=zh``), where ``fc-list`` exists (Linux, and macOS with Homebrew);
3. the paths where the common CJK fonts are installed on Debian/Ubuntu, Fedora, Arch, macOS and Windows;
4. matplotlib's font list, when matplotlib is installed.

Among the fonts found, the choice is fixed by a ranking (Noto CJK SC, then Source Han SC/CN, AR PL, WenQuanYi and
Droid Sans Fallback; serif or sans first as asked), then by family name, file path and face index, so the same
machine always gives the same font, and so the same bytes.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import IpshareError

__all__ = [
    "FONT_ENVIRONMENT_VARIABLE",
    "INSTALL_HINT",
    "CjkFont",
    "MissingCjkFont",
    "find_cjk_font",
    "matplotlib_family",
    "needs_cjk",
    "read_font_faces",
    "require_cjk_font",
]

FONT_ENVIRONMENT_VARIABLE = "IPSHARE_CJK_FONT"
INSTALL_HINT = (
    f"install one (Debian/Ubuntu: apt-get install fonts-noto-cjk) or name a font file in {FONT_ENVIRONMENT_VARIABLE}"
)

# Han ideographs and their extensions, CJK punctuation and symbols, kana, hangul, bopomofo, full-width forms,
# radicals and strokes: what a Latin font (Libertinus, DejaVu) lacks and a CJK font has.
_CJK = re.compile(
    "["
    "\u1100-\u11ff"  # Hangul Jamo
    "\u2e80-\u2fdf"  # CJK and Kangxi radicals
    "\u2ff0-\u30ff"  # ideographic description, CJK symbols and punctuation, hiragana, katakana
    "\u3100-\u31ef"  # bopomofo, Hangul compatibility jamo, kanbun, CJK strokes
    "\u3200-\u4dbf"  # enclosed CJK, CJK compatibility, extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\ua960-\ua97f\uac00-\ud7ff"  # Hangul
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\ufe30-\ufe4f"  # CJK compatibility forms
    "\uff00-\uffef"  # half-width and full-width forms (，。：（）)
    "\U00020000-\U0003ffff"  # extensions B to H
    "]"
)


def needs_cjk(*texts: str) -> bool:
    """True when any of ``texts`` has a character that needs a CJK font (Han, kana, hangul, CJK punctuation,
    full-width forms).

    >>> needs_cjk("Jianghai New Energy"), needs_cjk("江海新能源"), needs_cjk("Total", "（注）")
    (False, True, True)
    """
    return any(_CJK.search(text) for text in texts if text)


class MissingCjkFont(IpshareError):
    """Text needs CJK glyphs and no font that has them was found (or ``IPSHARE_CJK_FONT`` names an unusable one)."""


@dataclass(frozen=True)
class CjkFont:
    """A font with Chinese glyphs: its ``family`` name, the ``path`` of its regular face and the face's ``index``
    in a collection (``.ttc``), the same family's bold face (``bold_path``, ``bold_index``) when there is one, and
    where it was found (``source``: ``environment``, ``fontconfig``, ``known path`` or ``matplotlib``)."""

    family: str
    path: str
    index: int = 0
    bold_path: str | None = None
    bold_index: int = 0
    source: str = ""

    @property
    def files(self) -> tuple[str, ...]:
        """The font files of this family (regular, then bold when it is another file)."""
        return (self.path,) + ((self.bold_path,) if self.bold_path and self.bold_path != self.path else ())


@dataclass(frozen=True)
class _Face:
    path: str
    index: int
    families: tuple[str, ...]
    bold: bool
    source: str


# Families in order of preference, each (serif?, exact names, case-insensitive). Simplified Chinese faces first.
_RANKED = (
    (True, ("noto serif cjk sc", "source han serif sc", "source han serif cn", "noto serif sc")),
    (False, ("noto sans cjk sc", "source han sans sc", "source han sans cn", "noto sans sc")),
    (True, ("ar pl uming cn", "ar pl new sung", "ar pl sungti gb")),
    (False, ("wenquanyi zen hei", "wenquanyi micro hei", "文泉驿正黑", "文泉驿微米黑")),
    (True, ("ar pl ukai cn", "ar pl kaitim gb")),
    (False, ("droid sans fallback", "pingfang sc", "hiragino sans gb", "microsoft yahei", "simhei")),
    (True, ("songti sc", "stsong", "simsun", "nsimsun")),
)
# Then other regions' faces of the same Pan-CJK families (their Han glyphs cover Chinese text).
_OTHER = (
    (True, re.compile(r"^(noto serif cjk|source han serif|ar pl )", re.IGNORECASE)),
    (False, re.compile(r"^(noto sans cjk|source han sans)", re.IGNORECASE)),
)

_KNOWN_DIRECTORIES = (
    "/usr/share/fonts/opentype/noto",  # Debian, Ubuntu: fonts-noto-cjk
    "/usr/share/fonts/noto-cjk",  # Arch: noto-fonts-cjk
    "/usr/share/fonts/google-noto-cjk",  # Fedora
    "/usr/share/fonts/google-noto-serif-cjk-fonts",
    "/usr/share/fonts/google-noto-sans-cjk-fonts",
    "/usr/share/fonts/adobe-source-han-serif",
    "/usr/share/fonts/adobe-source-han-sans",
    "/usr/share/fonts/truetype/arphic",  # fonts-arphic-uming, fonts-arphic-ukai
    "/usr/share/fonts/truetype/wqy",  # fonts-wqy-zenhei, fonts-wqy-microhei
    "/usr/share/fonts/wenquanyi",
    "/usr/share/fonts/truetype/droid",  # fonts-droid-fallback
    "/System/Library/Fonts",  # macOS: PingFang, Songti
    "/Library/Fonts",
    "C:/Windows/Fonts",  # SimSun, Microsoft YaHei
)
_FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")


def find_cjk_font(prefer: str = "serif") -> CjkFont | None:
    """A font with Chinese glyphs, or None when there is none (see the module's docstring for where it looks).

    ``prefer``: ``serif`` (Song/Ming faces first: the body of a contract) or ``sans`` (Hei faces first: plots).

    Raises
    ------
    MissingCjkFont
        when ``IPSHARE_CJK_FONT`` is set to a file that is missing, is not a font or has no Chinese characters.
    """
    if prefer not in ("serif", "sans"):
        raise ValueError(f"prefer must be 'serif' or 'sans', not {prefer!r}")
    named = os.environ.get(FONT_ENVIRONMENT_VARIABLE, "").strip()
    if named:
        return _environment_font(named)
    for search in (_fontconfig_faces, _known_path_faces, _matplotlib_faces):
        font = _best(search(), prefer)
        if font is not None:
            return font
    return None


def require_cjk_font(needed_for: str = "text in Chinese", prefer: str = "serif") -> CjkFont:
    """:func:`find_cjk_font`, or :class:`MissingCjkFont` saying how to install one.

    ``needed_for`` names what needs it (``"the PDF annex"``), for the message.
    """
    font = find_cjk_font(prefer)
    if font is None:
        raise MissingCjkFont(f"{needed_for} has Chinese text and no CJK font was found; {INSTALL_HINT}")
    return font


def matplotlib_family(font: CjkFont) -> str:
    """Register ``font`` with matplotlib and return the family name matplotlib knows it by (for ``rcParams``).

    For a collection (``.ttc``) matplotlib reads the first face; the Noto CJK and Source Han collections hold
    every Han glyph in each face, so Chinese text renders whichever face that is.
    """
    from matplotlib import font_manager

    font_manager.fontManager.addfont(font.path)
    return font_manager.FontProperties(fname=font.path).get_name()


# --------------------------------------------------------------------------------------------------------------
# Where fonts are found


def _environment_font(named: str) -> CjkFont:
    where = f"{FONT_ENVIRONMENT_VARIABLE}={named}"
    path = Path(named)
    if not path.is_file():
        raise MissingCjkFont(f"{where}: no such font file; {INSTALL_HINT}")
    try:
        faces = read_font_faces(path)
    except (OSError, ValueError) as error:
        raise MissingCjkFont(f"{where}: not a font file this can read ({error}); {INSTALL_HINT}") from None
    chinese = [face for face in faces if face["cjk"]]
    if not chinese:
        raise MissingCjkFont(f"{where}: the font has no Chinese characters; {INSTALL_HINT}")
    faces = [_Face(str(path), face["index"], (face["family"],), face["bold"], "environment") for face in chinese]
    return _best(faces, "serif")


def _fontconfig_faces() -> list[_Face]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    try:
        result = subprocess.run(
            [fc_list, "--format", r"%{file}\t%{index}\t%{family}\t%{weight}\n", ":lang=zh"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return []
    if result.returncode != 0:
        return []
    faces = []
    for line in result.stdout.splitlines():
        parts = line.split("\t")
        if len(parts) != 4 or not parts[1].isdigit():
            continue
        path, index, families, weight = parts
        bold = _number(weight) >= 180  # fontconfig: 80 regular, 200 bold
        names = tuple(name.strip() for name in families.split(",") if name.strip())
        faces.append(_Face(path, int(index), names, bold, "fontconfig"))
    return faces


def _known_path_faces() -> list[_Face]:
    faces = []
    for directory in _KNOWN_DIRECTORIES:
        folder = Path(directory)
        if not folder.is_dir():
            continue
        for path in sorted(folder.iterdir()):
            if path.suffix.lower() not in _FONT_SUFFIXES or not path.is_file():
                continue
            try:
                found = read_font_faces(path)
            except (OSError, ValueError):
                continue
            faces.extend(
                _Face(str(path), face["index"], (face["family"],), face["bold"], "known path")
                for face in found
                if face["cjk"]
            )
    return faces


def _matplotlib_faces() -> list[_Face]:
    try:
        from matplotlib import font_manager
    except ImportError:
        return []
    return [
        _Face(entry.fname, 0, (entry.name,), _number(entry.weight) >= 600, "matplotlib")
        for entry in font_manager.fontManager.ttflist
    ]


def _number(text) -> float:
    try:
        return float(text)
    except (TypeError, ValueError):
        return {"bold": 700.0, "heavy": 900.0, "black": 900.0}.get(str(text).lower(), 400.0)


def _rank(face: _Face, prefer: str) -> tuple[int, str] | None:
    """The face's place in the ranking (smaller is better) and its family name, or None when it is not a CJK face.

    The name is the face's first ASCII family name where it has several (fontconfig lists 文泉驿正黑 and
    WenQuanYi Zen Hei for one face): the name a typesetter or matplotlib looks the family up by."""
    serif_first = prefer == "serif"
    names = {name.lower() for name in face.families}
    latin = [name for name in face.families if name.isascii()]
    family = (latin or list(face.families) or [""])[0]
    ranked = sorted(_RANKED, key=lambda entry: entry[0] != serif_first)
    for place, (_, families) in enumerate(ranked):
        matched = [families.index(name) for name in names if name in families]
        if matched:
            return place * 10 + min(matched), family
    for place, (_, pattern) in enumerate(sorted(_OTHER, key=lambda entry: entry[0] != serif_first)):
        if any(pattern.search(name) and "mono" not in name.lower() for name in face.families):
            return 1000 + place, family
    if face.source in ("fontconfig", "known path", "environment"):  # any other face fontconfig says covers zh
        return 2000, family
    return None


def _best(faces: list[_Face], prefer: str) -> CjkFont | None:
    ranked = []
    for face in faces:
        rank = _rank(face, prefer)
        if rank is not None and rank[1]:
            ranked.append((rank[0], rank[1], face.bold, face.path, face.index, face))
    regular = sorted(entry for entry in ranked if not entry[2])
    if not regular:
        return None
    _, family, _, path, index, face = regular[0]
    bold = sorted(entry for entry in ranked if entry[2] and entry[1] == family)
    bold_path, bold_index = (bold[0][3], bold[0][4]) if bold else (None, 0)
    return CjkFont(family, path, index, bold_path, bold_index, face.source)


# --------------------------------------------------------------------------------------------------------------
# Reading a font file's names (the OpenType 'name' and 'OS/2' tables), with the standard library only


def read_font_faces(path) -> list[dict]:
    """The faces of an OpenType/TrueType font or collection: per face, ``index``, ``family`` (the typographic
    family, name ID 16, else name ID 1), ``bold`` (OS/2 weight ≥ 600) and ``cjk`` (whether its character map has
    glyphs for common Chinese characters and punctuation: 中国人民币元角分整，。).

    Raises ``ValueError`` for a file that is not such a font.
    """
    data = Path(path).read_bytes()
    if data[:4] == b"ttcf":
        count = _unpack(">I", data, 8)
        offsets = [_unpack(">I", data, 12 + 4 * i) for i in range(count)]
    else:
        offsets = [0]
    faces = []
    for index, offset in enumerate(offsets):
        tables = _tables(data, offset)
        family = _family(data, tables.get(b"name"))
        weight = _weight(data, tables.get(b"OS/2"))
        cjk = _covers(data, tables.get(b"cmap"), _CHINESE_SAMPLE)
        if family:
            faces.append({"index": index, "family": family, "bold": weight >= 600, "cjk": cjk})
    if not faces:
        raise ValueError("no named face")
    return faces


def _unpack(layout: str, data: bytes, offset: int):
    try:
        values = struct.unpack_from(layout, data, offset)
    except struct.error:
        raise ValueError("truncated font file") from None
    return values[0] if len(values) == 1 else values


def _tables(data: bytes, offset: int) -> dict[bytes, tuple[int, int]]:
    version = data[offset : offset + 4]
    if version not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
        raise ValueError("not an OpenType or TrueType font")
    count = _unpack(">H", data, offset + 4)
    tables = {}
    for i in range(count):
        tag, _, table_offset, length = _unpack(">4sIII", data, offset + 12 + 16 * i)
        tables[tag] = (table_offset, length)
    return tables


def _family(data: bytes, table) -> str:
    if table is None:
        return ""
    start, _ = table
    _, count, strings = _unpack(">HHH", data, start)
    found = {}
    for i in range(count):
        platform, encoding, language, name_id, length, offset = _unpack(">HHHHHH", data, start + 6 + 12 * i)
        if name_id not in (1, 16):
            continue
        raw = data[start + strings + offset : start + strings + offset + length]
        if platform == 3 or platform == 0:
            text = raw.decode("utf-16-be", errors="replace")
            score = 0 if (platform, language) == (3, 0x409) else 1
        elif platform == 1 and encoding == 0:
            text, score = raw.decode("latin-1"), 2
        else:
            continue
        key = (0 if name_id == 16 else 1, score)
        found.setdefault(key, text.strip())
    return found[min(found)] if found else ""


def _weight(data: bytes, table) -> int:
    return 400 if table is None else _unpack(">H", data, table[0] + 4)


_CHINESE_SAMPLE = tuple(map(ord, "中国人民币元角分整，。"))


def _covers(data: bytes, table, codepoints) -> bool:
    """Whether the font's character map ('cmap', format 4 or 12) maps every one of ``codepoints`` to a glyph."""
    if table is None:
        return False
    start, _ = table
    count = _unpack(">H", data, start + 2)
    subtables = {}
    for i in range(count):
        platform, encoding, offset = _unpack(">HHI", data, start + 4 + 8 * i)
        subtables.setdefault((platform, encoding), start + offset)
    for key in ((3, 10), (0, 6), (0, 4), (3, 1), (0, 3)):
        if key in subtables:
            mapped = _cmap_lookup(data, subtables[key])
            if mapped is not None:
                return all(mapped(codepoint) for codepoint in codepoints)
    return False


def _cmap_lookup(data: bytes, offset: int):
    """A function telling whether a code point has a glyph in the cmap subtable at ``offset``, or None for a
    format this does not read."""
    layout = _unpack(">H", data, offset)
    if layout == 12:
        groups = [_unpack(">III", data, offset + 16 + 12 * i) for i in range(_unpack(">I", data, offset + 12))]
        return lambda codepoint: any(first <= codepoint <= last for first, last, _ in groups)
    if layout == 4:
        segments = _unpack(">H", data, offset + 6) // 2
        ends = offset + 14
        starts = ends + 2 * segments + 2
        deltas = starts + 2 * segments
        range_offsets = deltas + 2 * segments

        def mapped(codepoint: int) -> bool:
            for i in range(segments):
                end = _unpack(">H", data, ends + 2 * i)
                if codepoint > end:
                    continue
                first = _unpack(">H", data, starts + 2 * i)
                if codepoint < first:
                    return False
                delta = _unpack(">h", data, deltas + 2 * i)
                range_offset = _unpack(">H", data, range_offsets + 2 * i)
                if range_offset == 0:
                    return (codepoint + delta) & 0xFFFF != 0
                glyph = _unpack(">H", data, range_offsets + 2 * i + range_offset + 2 * (codepoint - first))
                return glyph != 0
            return False

        return mapped
    return None
