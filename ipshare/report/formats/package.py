"""Office packages (DOCX, XLSX) made reproducible: same input, same bytes."""

from __future__ import annotations

import io
import re
import zipfile

__all__ = ["pin_package"]


_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_CORE_DATE = re.compile(r"<dcterms:(created|modified)\b[^>]*?(?:/>|>[^<]*</dcterms:\1>)")
_CORE_PATH = "docProps/core.xml"


def pin_package(data: bytes, timestamp: str | None = None) -> bytes:
    """Rewrite an Office package (a ZIP) so that it depends on nothing but its content.

    Every entry gets the same date (1980-01-01, the ZIP epoch) and is compressed the same way, in the same order;
    the created and modified dates of ``docProps/core.xml`` are removed, or set to ``timestamp`` when one is given.
    """
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            content = source.read(entry.filename)
            if entry.filename == _CORE_PATH:
                content = _pin_core(content.decode("utf-8"), timestamp).encode("utf-8")
            info = zipfile.ZipInfo(entry.filename, date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            target.writestr(info, content)
    return out.getvalue()


def _pin_core(xml: str, timestamp: str | None) -> str:
    xml = _CORE_DATE.sub("", xml)
    if timestamp is None:
        return xml
    if "xmlns:xsi=" not in xml:
        xml = xml.replace(
            "<cp:coreProperties ", '<cp:coreProperties xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ', 1
        )
    if "xmlns:dcterms=" not in xml:
        xml = xml.replace("<cp:coreProperties ", '<cp:coreProperties xmlns:dcterms="http://purl.org/dc/terms/" ', 1)
    dates = "".join(
        f'<dcterms:{name} xsi:type="dcterms:W3CDTF">{timestamp}</dcterms:{name}>' for name in ("created", "modified")
    )
    return xml.replace("</cp:coreProperties>", dates + "</cp:coreProperties>", 1)
