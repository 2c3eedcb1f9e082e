import pytest

from classifier.articles import classify_line, decode, load_article, split_article
from classifier.errors import ClassifyError
from conftest import SEEDS


def test_hanoi_moscow_seed_date_caption_and_trailing_byline():
    a = load_article(SEEDS / "hanoi-moscow-2019.txt")
    assert a.date == "2019-05"
    assert len(a.paragraphs) == 9
    assert a.set_aside[0].startswith("Le président du Comité populaire de Hanoï, Nguyen Duc Chung (gauche)")
    assert a.paragraphs[0].startswith("Moscou (VNA) – En marge de la visite officielle")
    assert a.paragraphs[-1].endswith("avec Hanoï.")  # " -VNA" removed


def test_links_credits_and_bylines_are_set_aside():
    a = load_article(SEEDS / "vietnam-russia-friendship-2024.txt")
    assert a.date == "2024-05"
    assert a.paragraphs[0] == "Approfondissement de la coopération Vietnam - Russie"
    assert sum(s.startswith(">>") for s in a.set_aside) == 3
    assert "Photo : VNA/CVN" in a.set_aside and "VNA/CVN" in a.set_aside
    assert not any(p.startswith(">>") or p == "VNA/CVN" for p in a.paragraphs)
    assert len(a.paragraphs) == 8


def test_repeated_caption_is_set_aside_once_and_no_date_is_none():
    a = load_article(SEEDS / "hanoi-vientiane.txt")
    assert a.date is None
    assert len(a.set_aside) == 1 and "(à gauche)" in a.set_aside[0]
    assert len(a.paragraphs) == 8
    assert a.paragraphs[1].startswith("Dans le cadre de sa visite officielle au Laos")


def test_every_seed_keeps_its_headline_and_subheadings():
    a = load_article(SEEDS / "tolam-mishustin.txt")
    assert a.paragraphs[0] == "Entrevue entre le chef du Parti et le Premier ministre russe"
    assert "Coopération dans plusieurs domaines" in a.paragraphs
    assert a.set_aside == ()


@pytest.mark.parametrize(
    "line, kind",
    [
        (">> Le Vietnam et la Russie promeuvent leur coopération", "link"),
        ("VNA/CVN", "byline"),
        ("-VNA", "byline"),
        ("Photo : VNA/CVN", "credit"),
        ("Le ministre (à droite) et l'ambassadeur lors de la rencontre. Photo : VNA", "caption"),
        ("Deputy PM Tran Luu Quang (right) and the Lao minister. Photo: VNA", "caption"),
        ("Les deux parties ont signé un mémorandum de coopération pour 2019-2021.", "paragraph"),
        # a credit closing a longer caption, in brackets or after the last sentence
        ("Workers hired by a Vietnamese recruitment firm for jobs in Saudi Arabia (Photo: Thuan An company)", "caption"),
        ("The Thai Nguyen People's Committee awards certificates of merit to 12 collectives and individuals. (Source: VNA)", "caption"),
        ("Au supermarché AEON Mall Binh Tân, à Hô Chi Minh-Ville, le 3 mai dernier. Photo : Hoàng Hai/VNA/CVN", "caption"),
        # a region of Vietnam in brackets is no photo position
        ("L'AFD accordera 20,5 millions d'euros aux fonds de développement urbain de Da Nang (Centre) et de Can Tho (Sud).", "paragraph"),
        ("Le ministre (au centre) pose avec les étudiants lauréats des bourses.", "caption"),
    ],
)
def test_line_kinds(line, kind):
    assert classify_line(line) == kind


def test_encodings_and_binary():
    text = "date 2020-01 Titre\n\nCoopération énergétique."
    assert decode(b"\xef\xbb\xbf" + text.encode(), "f") == text
    assert decode(text.encode("utf-16"), "f") == text
    with pytest.raises(ClassifyError, match=r"f: not UTF-8 text \(invalid byte at offset 24\); .* `--encoding cp1252`"):
        decode(text.encode("cp1252"), "f")
    assert decode(text.encode("cp1252"), "f", "cp1252") == text
    assert decode(text.encode("latin-1"), "f", "latin-1") == text
    with pytest.raises(ClassifyError, match="f: not valid utf-8 text"):
        decode(text.encode("latin-1"), "f", "utf-8")
    with pytest.raises(ClassifyError, match="looks like a binary file"):
        decode(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "f")
    with pytest.raises(ClassifyError, match="looks like a binary file"):
        decode(b"\x89PNG\r\n\x1a\n\x00\x00", "f")


def test_control_characters_and_crlf():
    a = split_article("date 2021-07 Titre\x07 un\r\n\r\nLe\x00 pétrole et le gaz.\r\n")
    assert a.date == "2021-07"
    assert a.paragraphs == ("Titre un", "Le pétrole et le gaz.")


def test_missing_empty_and_folder_paths(tmp_path):
    with pytest.raises(ClassifyError, match="no such file"):
        load_article(tmp_path / "nope.txt")
    (tmp_path / "blank.txt").write_text("  \n\n \t\n", encoding="utf-8")
    with pytest.raises(ClassifyError, match="blank.txt: file is empty"):
        load_article(tmp_path / "blank.txt")
    with pytest.raises(ClassifyError, match="is a folder"):
        load_article(tmp_path)
