"""Write the Word and PDF test files (run once; the files are kept in the repository).

    python tests/data/readers/make_documents.py

The PDF is written by hand (one font, text drawn line by line, as a word
processor prints it) so that no PDF-writing package is needed.
"""

from __future__ import annotations

import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent

TITLE = "Le Japon et Hai Phong lancent un projet de traitement des eaux usées"
PARAGRAPHS = [
    "Hai Phong (VNA) – L'Agence japonaise de coopération internationale (JICA) et le Comité populaire de la ville de Hai Phong "
    "ont lancé le 12 avril un projet de traitement des eaux usées d'un montant de 45 millions de dollars, financé par un prêt "
    "préférentiel du Japon.",
    "La future station traitera 36.000 mètres cubes d'eaux usées par jour pour les quartiers centraux et permettra de réduire "
    "la pollution du fleuve Cam, selon le vice-président du Comité populaire municipal.",
    "Des ingénieurs de la ville de Kitakyushu, jumelée avec Hai Phong depuis 2014, formeront le personnel vietnamien à "
    "l'exploitation de la station et au contrôle de la qualité de l'eau.",
]


def write_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    document.core_properties.title = TITLE
    document.add_heading(TITLE, level=1)
    document.add_paragraph("date 2024-04-12")
    for p in PARAGRAPHS:
        document.add_paragraph(p)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Financement"
    table.cell(0, 1).text = "Prêt japonais de 45 millions de dollars sur quarante ans"
    table.cell(1, 0).text = "Durée"
    table.cell(1, 1).text = "2024-2028"
    document.add_paragraph("Photo : VNA")
    document.save(path)


def _wrap(text: str, width: int = 88) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line] if line else lines


def _pdf(pages: list[bytes], title: str | None) -> bytes:
    """A minimal PDF: Helvetica with WinAnsi encoding, one content stream per page."""
    objects: list[bytes] = []
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(len(pages)))
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(pages)} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for i, content in enumerate(pages):
        stream = zlib.compress(content)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {5 + 2 * i} 0 R >>".encode()
        )
        objects.append(f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode() + stream + b"\nendstream")
    info = None
    if title:
        objects.append(b"<< /Title (" + _escape(title) + b") /Producer (classify tests) >>")
        info = len(objects)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    trailer = f"<< /Size {len(objects) + 1} /Root 1 0 R" + (f" /Info {info} 0 R" if info else "") + " >>"
    out += f"trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _escape(text: str) -> bytes:
    raw = text.replace("’", "'").encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _page(lines: list[str]) -> bytes:
    ops = [b"BT /F1 10 Tf 14 TL 56 790 Td"]
    for line in lines:
        ops.append(b"(" + _escape(line) + b") Tj T*" if line else b"T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def write_pdf(path: Path) -> None:
    lines = [TITLE, ""]
    for p in PARAGRAPHS:
        lines += _wrap(p) + [""]
    lines += ["1"]  # a page number
    path.write_bytes(_pdf([_page(lines)], TITLE))


def write_scanned_pdf(path: Path) -> None:
    """Two pages holding only a grey image, as a scanner writes them: no text layer."""
    image = b"q 483 0 0 700 56 70 cm 0.8 g 0 0 1 1 re f Q"
    path.write_bytes(_pdf([image, image], None))


if __name__ == "__main__":
    write_docx(HERE / "jica-haiphong.docx")
    write_pdf(HERE / "jica-haiphong.pdf")
    write_scanned_pdf(HERE / "scanned.pdf")
    print("wrote jica-haiphong.docx, jica-haiphong.pdf, scanned.pdf")
