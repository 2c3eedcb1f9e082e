"""Reading real inputs (issue 11): saved pages, collections, split text files, Word and PDF, folder walks."""

from __future__ import annotations

import codecs
import json
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

from classifier.articles import Article
from classifier.errors import ClassifyError
from classifier.readers import ReadFailure, ReadOptions, WalkSummary, read_sources
from classifier.readers.dates import normalise_date
from classifier.readers.language import article_language, detect_language, paragraph_languages
from classifier.readers.records import _array_items, _jsonl_items, read_jsonl_file
from classifier.readers.text import compile_split

DATA = Path(__file__).resolve().parent / "data" / "readers"


def read(*paths, **options) -> list[Article | ReadFailure]:
    return list(read_sources([str(p) for p in paths], ReadOptions(**options)))


def one(path, **options) -> Article:
    out = read(path, **options)
    assert len(out) == 1 and isinstance(out[0], Article), out
    return out[0]


def failure(path, **options) -> str:
    out = read(path, **options)
    assert len(out) == 1 and isinstance(out[0], ReadFailure), out
    return out[0].message


# HTML ---------------------------------------------------------------------------------------------


def test_saved_news_page_keeps_the_article_and_drops_the_page_around_it():
    a = one(DATA / "vna-kaluga.html")
    text = " ".join(a.paragraphs)
    assert a.title == "Le Vietnam et la région russe de Kalouga renforcent leur coopération industrielle"
    assert a.date == "2025-03-14"
    assert a.lang == "fr"
    assert a.url == "https://www.lecourrier.vn/le-vietnam-et-kalouga-renforcent-leur-cooperation/123456.html"
    assert a.paragraphs[0].startswith("Hanoï (VNA) – Le vice-Premier ministre Tran Hong Ha")
    assert len(a.paragraphs) == 4
    for junk in ("Politique", "Articles liés", "Vladivostok", "Commentaires", "Très bonne nouvelle", "Partager", "Tous droits", "Rechercher"):
        assert junk not in text, junk
    # the >> link and the byline are set aside, as in a text article
    assert a.set_aside == (">> Vietnam – Russie : vers 10 milliards de dollars d'échanges commerciaux", "VNA/CVN")


def test_upper_case_extension_lead_paragraph_and_headline_not_repeated():
    a = one(DATA / "vietnamplus-japan.HTM")
    assert a.title == "Japan helps Da Nang build smart traffic control centre"
    assert a.paragraphs[0].startswith("Da Nang (VNA) – The Japan International Cooperation Agency")
    assert a.title not in a.paragraphs
    assert a.date == "2024-11-05" and a.lang == "en"
    assert a.set_aside == ("Photo: VNA",)
    assert not any("Related news" in p or "Most read" in p or "Copyright" in p for p in a.paragraphs)


def test_page_without_article_body_is_one_line_naming_the_file():
    message = failure(DATA / "listing.html")
    assert message == f"{DATA / 'listing.html'}: no article text found in the page (a listing, a menu or an empty page?)"


def test_malformed_html_is_still_read():
    a = one(DATA / "broken.html")
    assert len(a.paragraphs) == 3
    assert a.paragraphs[2].endswith("à Los Palacios.")
    assert a.date == "2021-06"  # a month from the page's metadata stays a month


def test_page_in_windows_1252_is_decoded_by_its_declared_charset(tmp_path):
    page = (DATA / "broken.html").read_text(encoding="utf-8").replace('<meta name="date"', '<meta charset="windows-1252"><meta name="date"')
    p = tmp_path / "cp1252.html"
    p.write_bytes(page.encode("cp1252"))
    assert "coopératives" in one(p).paragraphs[1]


def test_huge_page_is_refused_in_one_line_and_quickly(tmp_path):
    head, _, tail = (DATA / "vna-kaluga.html").read_text(encoding="utf-8").partition('<aside class="related">')
    comment = '<div class="comment"><p>Commentaire : la coopération avec la Russie est très importante pour le pays.</p></div>\n'
    big = tmp_path / "huge.html"
    big.write_text(head + comment * (6 * 2**20 // len(comment)) + tail, encoding="utf-8")
    start = time.perf_counter()
    message = failure(big)
    assert time.perf_counter() - start < 5
    assert message.startswith(f"{big}: the page has 6.") and "save the article alone" in message


def test_big_page_of_inline_images_and_scripts_is_read(tmp_path):
    page = (DATA / "vna-kaluga.html").read_text(encoding="utf-8")
    bulk = ('<img src="data:image/png;base64,' + "iVBORw0KGgo" * 50000 + '"><script>var x="' + "a" * 200000 + '";</script>') * 12
    p = tmp_path / "images.html"
    p.write_text(page.replace('<aside class="related">', bulk + '<aside class="related">'), encoding="utf-8")
    assert p.stat().st_size > 8 * 2**20
    assert len(one(p).paragraphs) == 4


# Collections --------------------------------------------------------------------------------------


def test_jsonl_one_article_per_record_bad_line_reported_with_its_number():
    out = read(DATA / "scraped.jsonl")
    assert [type(o).__name__ for o in out] == ["Article", "Article", "ReadFailure", "Article"]
    assert [o.id for o in out if isinstance(o, Article)] == ["n-1", "n-2", "n-4"]
    assert out[2].source == f"{DATA / 'scraped.jsonl'}:3"
    assert out[2].message.startswith(f"{DATA / 'scraped.jsonl'}:3: not valid JSON")
    first = out[0]
    assert first.title == "Laos and Vietnam open new border gate in Quang Tri"
    assert first.date == "2024-06-02" and first.url == "https://example.vn/n-1" and first.lang == "en"
    assert first.source == f"{DATA / 'scraped.jsonl'}:1"
    assert len(first.paragraphs) == 2
    assert out[1].date == "2024-06" and out[1].lang == "fr"


def test_csv_three_articles_stay_three_with_ids_and_a_bad_row():
    out = read(DATA / "scraped.csv")
    articles = [o for o in out if isinstance(o, Article)]
    assert [a.id for a in articles] == ["vna-101", "vna-102", "vna-104"]
    assert [a.date for a in articles] == ["2023-11-21", "2021-05-12", "2024-03-03"]
    assert len(articles[0].paragraphs) == 2  # a quoted field over several lines keeps its paragraphs
    assert articles[1].set_aside == ("Photo : VNA",)
    bad = [o for o in out if isinstance(o, ReadFailure)]
    assert [b.message for b in bad] == [f"{DATA / 'scraped.csv'}:8: the field `content` is empty"]


def test_csv_without_text_column_lists_the_columns_found():
    message = failure(DATA / "no-text.csv")
    assert message.startswith(f"{DATA / 'no-text.csv'}: no text column (expected one of `text`, `content`, `body`")
    assert "found columns: id, headline, published" in message and "--text-field" in message


def test_field_options_name_the_columns():
    a = one(DATA / "no-text.csv", text_field="headline", id_field="id", date_field="published")
    assert a.paragraphs == ("Un titre",) and a.id == "1" and a.date == "2024-01-01"


def test_empty_collection_is_one_line():
    assert failure(DATA / "empty.csv") == f"{DATA / 'empty.csv'}: no records (an empty collection)"
    p = Path(DATA / "empty.csv").with_name("nothing.jsonl")
    assert not p.exists()


def test_empty_jsonl_and_json_list(tmp_path):
    (tmp_path / "a.jsonl").write_text("\n\n", encoding="utf-8")
    (tmp_path / "b.json").write_text("[ ]", encoding="utf-8")
    assert failure(tmp_path / "a.jsonl") == f"{tmp_path / 'a.jsonl'}: no records (an empty collection)"
    assert failure(tmp_path / "b.json") == f"{tmp_path / 'b.json'}: no records (an empty collection)"


def test_semicolon_csv_and_tsv(tmp_path):
    (tmp_path / "a.csv").write_text("titre;text\nUn;Le Japon et le Vietnam signent un accord sur l'énergie.\n", encoding="utf-8")
    (tmp_path / "b.tsv").write_text("title\ttext\nOne\tJapan and Vietnam sign an energy deal.\n", encoding="utf-8")
    assert one(tmp_path / "a.csv").paragraphs == ("Le Japon et le Vietnam signent un accord sur l'énergie.",)
    assert one(tmp_path / "b.tsv").title == "One"


def test_json_list_with_html_bodies_paragraph_lists_and_other_field_names():
    out = read(DATA / "export.json")
    assert [o.id for o in out] == ["x-1", "x-2"]
    assert [o.source for o in out] == [f"{DATA / 'export.json'}:2", f"{DATA / 'export.json'}:4"]
    assert out[0].title.startswith("L'Inde et le Vietnam") and out[0].date == "2024-06-04"
    assert out[0].paragraphs[1] == "Les ingénieurs vietnamiens partageront leur expérience des opérations de maintien de la paix."
    assert len(out[1].paragraphs) == 2 and out[1].date == "2023-02"


def test_json_object_keeping_its_records_under_a_key(tmp_path):
    p = tmp_path / "export.json"
    p.write_text(json.dumps({"count": 2, "articles": [{"text": "Un."}, {"content": "Deux."}]}), encoding="utf-8")
    assert [a.paragraphs for a in read(p)] == [("Un.",), ("Deux.",)]


def test_json_list_broken_in_the_middle_keeps_what_came_before(tmp_path):
    p = tmp_path / "cut.json"
    p.write_text('[{"text": "Un."},\n{"text": "Deux."},\n{"text" "Trois."}]', encoding="utf-8")
    out = read(p)
    assert [type(o).__name__ for o in out] == ["Article", "Article", "ReadFailure"]
    assert out[2].message.startswith(f"{p}:3: not valid JSON")


def test_records_without_any_text_field_stop_early_with_the_fields_found(tmp_path):
    p = tmp_path / "wrong.jsonl"
    p.write_text("".join(json.dumps({"titre": f"t{i}", "corps": "x"}) + "\n" for i in range(1000)), encoding="utf-8")
    out = read(p)
    assert len(out) == 20  # 19 record failures, then one line for the file
    assert out[-1].message.startswith(f"{p}: the first 20 records have no text field") and "found fields: titre, corps" in out[-1].message


def _write_jsonl(path: Path, n: int, repeat: int = 6) -> None:
    body = "Hanoï (VNA) – Le Vietnam et le Japon ont signé un accord de coopération. " * repeat
    with open(path, "w", encoding="utf-8") as f:
        for i in range(n):
            f.write(json.dumps({"id": i, "title": f"Article {i}", "date": "2024-05-01", "text": body}, ensure_ascii=False) + "\n")


def _peak(items) -> tuple[int, int]:
    """How many items, and the most memory held at once while going through them."""
    tracemalloc.start()
    try:
        count = sum(1 for _ in items)
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


# Splitting each record into paragraphs costs the same whatever the file; memory is the readers' part,
# measured on their record streams (tracemalloc makes the full path too slow for the default suite).


def test_jsonl_is_streamed_with_bounded_memory(tmp_path):
    p = tmp_path / "big.jsonl"
    _write_jsonl(p, 1500, repeat=100)  # 11 MB in records of 7 KB
    count, peak = _peak(_jsonl_items(p, None))
    assert count == 1500
    assert p.stat().st_size > 10 * 2**20 and peak < 1 * 2**20, peak


def test_json_list_is_streamed_with_bounded_memory(tmp_path):
    p = tmp_path / "big.json"
    body = "Vientiane (VNA) – Le Laos et le Vietnam renforcent leur coopération. " * 100
    p.write_text("[\n" + ",\n".join(json.dumps({"id": i, "text": body}) for i in range(1500)) + "\n]", encoding="utf-8")
    with open(p, "rb") as f:
        reader = codecs.getreader("utf-8")(f)
        assert reader.read(2) == "[\n"
        count, peak = _peak(_array_items(reader, p))
    assert count == 1500
    assert p.stat().st_size > 10 * 2**20 and peak < 6 * 2**20, peak  # a read buffer of 1 MB or two, decoded


def test_every_record_of_a_big_collection_is_read(tmp_path):
    p = tmp_path / "many.jsonl"
    _write_jsonl(p, 3000, repeat=1)
    out = read(p)
    assert len(out) == 3000 and out[-1].id == "2999" and out[-1].source == f"{p}:3000"


@pytest.mark.slow
def test_200000_record_jsonl_streams(tmp_path):
    p = tmp_path / "huge.jsonl"
    _write_jsonl(p, 200_000)
    start = time.perf_counter()
    count, peak = _peak(read_jsonl_file(p, ReadOptions()))
    assert count == 200_000 and peak < 2 * 2**20
    assert time.perf_counter() - start < 600


# Text ---------------------------------------------------------------------------------------------


def test_split_cuts_a_text_file_into_articles_with_crlf_and_indented_separators():
    out = read(DATA / "many.txt", split="-{3,}")
    assert [a.id for a in out] == ["1", "2", "3"]
    assert [a.source for a in out] == [f"{DATA / 'many.txt'}#{k}" for k in (1, 2, 3)]
    assert out[1].paragraphs[0] == "Hungary and Vietnam mark 70 years of ties"
    assert [a.lang for a in out] == ["fr", "en", "fr"]


def test_split_pattern_with_a_group_does_not_make_separators_articles():
    assert len(read(DATA / "many.txt", split="(-{3,})")) == 3


def test_split_without_separator_in_file_is_one_article_named_by_its_path():
    a = one(DATA / "ARTICLE.TXT", split="-{3,}")
    assert a.source == str(DATA / "ARTICLE.TXT") and a.id is None


def test_split_pattern_matching_blank_lines_is_a_usage_error():
    with pytest.raises(ClassifyError) as err:
        compile_split("x*")
    assert err.value.exit_code == 2 and "matches a blank line" in str(err.value)


def test_text_header_date_keeps_the_day():
    a = one(DATA / "ARTICLE.TXT")
    assert a.date == "2023-09-15"
    assert a.paragraphs[0] == "Le Vietnam et la Mongolie veulent porter leurs échanges à 100 millions de dollars"
    assert a.lang == "fr"


# Word and PDF -------------------------------------------------------------------------------------


def test_docx_title_date_paragraphs_tables_and_captions():
    a = one(DATA / "jica-haiphong.docx")
    assert a.title == "Le Japon et Hai Phong lancent un projet de traitement des eaux usées"
    assert a.date == "2024-04-12"
    assert a.paragraphs[0].startswith("Hai Phong (VNA) – L'Agence japonaise")
    assert "Financement ; Prêt japonais de 45 millions de dollars sur quarante ans" in a.paragraphs
    assert a.set_aside == ("Photo : VNA",)


def test_pdf_lines_are_joined_into_paragraphs():
    a = one(DATA / "jica-haiphong.pdf")
    assert a.title == "Le Japon et Hai Phong lancent un projet de traitement des eaux usées"
    assert len(a.paragraphs) == 3
    assert a.paragraphs[0].startswith("Hai Phong (VNA)") and a.paragraphs[0].endswith("préférentiel du Japon.")
    assert a.paragraphs[2].endswith("qualité de l'eau.")


def test_scanned_pdf_gets_a_clear_line():
    message = failure(DATA / "scanned.pdf")
    assert message.startswith(f"{DATA / 'scanned.pdf'}: the PDF has no text layer (2 pages of images, a scan?)")
    assert "OCR" in message


def test_missing_docs_extra_is_named(monkeypatch):
    monkeypatch.setitem(sys.modules, "docx", None)  # import docx now raises ImportError
    monkeypatch.setitem(sys.modules, "pypdf", None)
    for name, package in (("jica-haiphong.docx", "python-docx"), ("jica-haiphong.pdf", "pypdf")):
        message = failure(DATA / name)
        assert message.endswith(f"needs the optional package {package}; install it with `pip install 'classify[docs]'`")


def test_damaged_docx_and_pdf(tmp_path):
    (tmp_path / "x.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "y.pdf").write_bytes(b"%PDF-1.4\n garbage")
    assert failure(tmp_path / "x.docx").startswith(f"{tmp_path / 'x.docx'}: not a readable Word .docx file")
    assert failure(tmp_path / "y.pdf").startswith(f"{tmp_path / 'y.pdf'}:")


# Folders ------------------------------------------------------------------------------------------


def test_folder_walk_reads_every_format_and_says_what_it_skipped(tmp_path):
    for name in ("vna-kaluga.html", "vietnamplus-japan.HTM", "scraped.csv", "scraped.jsonl", "ARTICLE.TXT", "jica-haiphong.docx", "jica-haiphong.pdf"):
        (tmp_path / name).write_bytes((DATA / name).read_bytes())
    (tmp_path / "sheet.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / ".hidden.txt").write_text("not an article", encoding="utf-8")
    summary = WalkSummary()
    out = list(read_sources([tmp_path], ReadOptions(), summary))
    articles = [o for o in out if isinstance(o, Article)]
    assert len(articles) == 2 + 3 + 3 + 1 + 1 + 1
    assert dict(summary.read) == {"html": 2, "csv": 1, "jsonl": 1, "txt": 1, "docx": 1, "pdf": 1}
    assert dict(summary.skipped) == {"Excel: save the sheet as .csv": 1, ".jpg: not an article format": 1}
    assert summary.format() == (
        "read 1 csv, 1 docx, 2 html, 1 jsonl, 1 pdf, 1 txt; "
        "skipped 1 (.jpg: not an article format), 1 (Excel: save the sheet as .csv)"
    )


def test_importing_the_readers_loads_no_heavy_package():
    code = "import sys, classifier.readers; print(sorted(m for m in ('trafilatura', 'docx', 'pypdf', 'lxml') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# Dates and languages ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2019-05-12T10:00:00Z", "2019-05-12"),
        ("2019-05", "2019-05"),
        ("12/05/2019", "2019-05-12"),  # day first, as French and Vietnamese sites write it
        ("Tue, 12 May 2019 10:00:00 +0000", "2019-05-12"),
        ("12 mai 2019", "2019-05-12"),
        ("1er août 2020", "2020-08-01"),
        ("May 12, 2019", "2019-05-12"),
        ("mai 2019", "2019-05"),
        (1557655200, "2019-05-12"),
        ("2019-13-01", None),
        ("31/02/2020", None),
        ("hier", None),
    ],
)
def test_dates(value, expected):
    assert normalise_date(value) == expected


def test_languages():
    assert detect_language("Le Vietnam et la Russie ont signé un accord dans le domaine de l'énergie.") == "fr"
    assert detect_language("Vietnam and Russia signed an agreement on energy in Hanoi.") == "en"
    assert detect_language("Việt Nam và Nga đã ký các thỏa thuận trong lĩnh vực năng lượng.") == "vi"
    assert detect_language("Hanoi, 2024") is None
    paragraphs = ["Le Vietnam et le Japon ont signé un accord de coopération dans le domaine de la santé.",
                  "The agreement was signed in Tokyo by the two ministers of health on Monday.",
                  "Les deux parties se sont engagées à renforcer la formation des médecins et des infirmiers."]
    assert article_language(paragraphs) == "fr"
    assert paragraph_languages(paragraphs) == ("fr", "en", "fr")
    assert paragraph_languages(paragraphs[::2]) is None
