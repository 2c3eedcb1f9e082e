"""Partners and places (issue 11): who an article's cooperation is with, found by name."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from classifier.articles import Article
from classifier.partners import detect, detect_article, gazetteer

ROOT = Path(__file__).resolve().parent.parent


def found(text: str) -> list[str]:
    return gazetteer().find(text)


def ids(paragraphs, title=None) -> list[str]:
    return [p.id for p in detect(paragraphs, title).partners]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("La Russie et le Japon", ["RU", "JP"]),
        ("les entreprises russes et nippones, la partie lao", ["RU", "JP", "LA"]),
        ("la coopération franco-vietnamienne et sino-vietnamienne", ["FR", "VN", "CN", "VN"]),
        ("Vietnamese-Lao friendship", ["VN", "LA"]),
        ("Corée du Nord, Corée du Sud, République de Corée", ["KP", "KR", "KR"]),
        ("Etats-Unis, ÉTATS-UNIS, the US, the U.S.", ["US", "US", "US", "US"]),
        ("l'UE, l'Union européenne, the EU, EVFTA", ["EU", "EU", "EU", "EU"]),
        ("l'ASEAN, l'ANASE, la Banque mondiale, la BAsD, le PNUD, l'OMS", ["ASEAN", "ASEAN", "WB", "ADB", "UNDP", "WHO"]),
        ("JICA, KOICA, AFD, USAID", ["JP", "KR", "FR", "US"]),
    ],
)
def test_names_demonyms_compounds_organisations_and_agencies(text, expected):
    assert found(text) == expected


def test_localities_carry_their_country():
    names = gazetteer()
    targets = found("Vientiane, Kalouga, Kaluga, l'Île-de-France, Ile-de-France, Oulan-Bator")
    assert [names.places[t[6:]]["country"] for t in targets] == ["LA", "RU", "RU", "FR", "FR", "MN"]


def test_vietnamese_provinces_before_and_after_the_merger():
    names = gazetteer()
    current = [p for p, v in names.places.items() if v["country"] == "VN" and "merged_into" not in v and "province" not in v]
    former = [p for p, v in names.places.items() if "merged_into" in v]
    assert len(current) == 34
    assert len(current) - 1 + len(former) == 63  # Huế was Thừa Thiên Huế
    assert found("Bình Dương, Binh Duong, Thừa Thiên Huế") == ["place:vn:binhduong"] * 2 + ["place:vn:thuathienhue"]
    assert names.places["vn:binhduong"]["merged_into"] == "vn:hochiminh"


def test_a_province_is_not_a_country_that_shares_a_word():
    # Lao Cai and Thai Nguyen are provinces; Nguyen Thai Lai is a person.
    assert found("Lao Cai et Thai Nguyen, Thai Binh") == ["place:vn:laocai", "place:vn:thainguyen", "place:vn:thaibinh"]
    assert found("le vice-ministre Nguyen Thai Lai") == []
    assert found("the Thai side and the Lao side") == ["TH", "LA"]


def test_phrases_that_name_no_partner():
    assert found("en mer de Chine méridionale, dans l'Indo-Pacifique, en Amérique latine") == []
    assert found("films sous-titrés en espagnol, dubbed into Spanish, cours de langue française") == []
    assert found("la Convention des Nations unies sur le droit de la mer et l'Accord de Paris") == []
    assert found("le Président Hô Chi Minh") == []
    assert found("Hô Chi Minh-Ville") == ["place:vn:hochiminh"]


def test_case_keeps_words_from_being_countries():
    assert found("un accord, let us go, la chine de porcelaine") == []
    assert found("un accord avec l'ONU et le UN") == ["UN", "UN"]


def test_vietnam_is_never_a_partner_but_its_provinces_are_places():
    d = detect(["Le Vietnam et Việt Nam : Hanoï et Hô Chi Minh-Ville signent un accord."])
    assert d.partners == () and d.main is None
    assert [p.id for p in d.places] == ["vn:hanoi", "vn:hochiminh"]


def test_main_partner_is_the_one_the_headline_names():
    paragraphs = [
        "Le Japon finance une station d'épuration à Hai Phong",
        "Hai Phong (VNA) – Le projet, financé par un prêt japonais, sera construit par une entreprise chinoise.",
        "Des matériaux chinois et coréens seront utilisés, selon les autorités chinoises.",
    ]
    d = detect(paragraphs)
    assert d.main == "JP" and d.partners[0].id == "JP" and d.partners[0].name == "Japan"
    # a title given apart weighs the same as a headline line
    assert detect(paragraphs[1:], title=paragraphs[0]).main == "JP"


def test_a_partner_named_once_in_passing_is_not_listed():
    paragraphs = [
        "Le Vietnam et la Hongrie célèbrent 70 ans d'amitié",
        "Budapest (VNA) – Une cérémonie a eu lieu à Budapest.",
        "Les deux pays ont renforcé leur coopération universitaire.",
        "Le Vietnam exporte aussi vers l'Allemagne et la Pologne.",
    ]
    assert ids(paragraphs) == ["HU"]


def test_an_organisation_named_as_the_venue_is_not_a_partner():
    paragraphs = [
        "Manille (VNA) – En marge de la Semaine des dirigeants de l'APEC, le Président vietnamien et le Président philippin "
        "ont signé une déclaration établissant le partenariat stratégique entre le Vietnam et les Philippines."
    ]
    assert ids(paragraphs) == ["PH"]


def test_foreign_place_makes_its_country_a_partner():
    d = detect(["Hai Phong et Vladivostok célèbrent dix ans de jumelage"])
    assert d.main == "RU" and [p.id for p in d.places] == ["vn:haiphong", "ru:vladivostok"]


def test_detect_article_uses_title_and_paragraphs():
    a = Article(paragraphs=("The two sides agreed to expand trade.",), title="Australia and Vietnam upgrade ties")
    assert detect_article(a).main == "AU"


def test_lookup_turns_label_names_into_ids():
    names = gazetteer()
    assert [names.lookup(n) for n in ("Japan", "EU", "European Union", "World Bank", "Czech Republic", "Timor-Leste",
                                      "Mekong-Lancang Cooperation", "Francophonie", "Turkey")] == [
        "JP", "EU", "EU", "WB", "CZ", "TL", "MLC", "OIF", "TR"]


def test_detection_is_linear_and_fast():
    text = "Le Vietnam et la Russie renforcent leur coopération dans l'énergie à Moscou et à Kalouga. " * 12000  # ~1 MB
    start = time.perf_counter()
    d = detect([text])
    assert time.perf_counter() - start < 2
    assert d.main == "RU" and d.partners[0].mentions == 12000 * 3


def test_shipped_data_file_and_no_babel_at_run_time():
    data = json.loads((ROOT / "classifier" / "partners.json").read_text(encoding="utf-8"))
    countries = [k for k, v in data["partners"].items() if v["kind"] == "country"]
    assert len(countries) > 240 and all(len(k) == 2 and k.isupper() for k in countries)
    assert data["partners"]["FR"] == {"kind": "country", "en": "France", "fr": "France"}
    code = "import sys, classifier.partners as p; p.gazetteer(); print(sorted(m for m in ('babel', 'pycountry') if m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"


@pytest.mark.skipif(importlib.util.find_spec("babel") is None or importlib.util.find_spec("pycountry") is None,
                    reason="the generator needs babel and pycountry (development only)")
def test_generator_reproduces_the_shipped_file():
    spec = importlib.util.spec_from_file_location("make_partners_data", ROOT / "tools" / "make_partners_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    shipped = json.loads((ROOT / "classifier" / "partners.json").read_text(encoding="utf-8"))
    assert module.build() == shipped


def test_benchmark_meets_the_targets():
    spec = importlib.util.spec_from_file_location("partners_benchmark", ROOT / "benchmarks" / "partners.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.run()
    assert result["main"] >= 0.90 and result["among"] >= 0.97
    assert result["checked"] == 50 and result["precision"] >= 0.95


def test_tagging_fills_partners_places_and_main_partner():
    import classifier
    from classifier.tagging import tag_article

    article = Article(
        paragraphs=("Vientiane (VNA) – Le Vietnam et le Laos ont signé un accord sur l'électricité à Vientiane.",),
        title="Le Laos vendra 5.000 MW d'électricité au Vietnam",
    )
    tags = tag_article(classifier.load(), article)
    assert tags.main_partner == "LA"
    assert [(p.id, p.name, p.kind) for p in tags.partners] == [("LA", "Laos", "country")]
    assert [(p.id, p.country) for p in tags.places] == [("la:vientiane", "LA")]
    d = tags.to_dict()
    assert d["partners"][0]["id"] == "LA" and d["places"][0]["name"] == "Vientiane"
