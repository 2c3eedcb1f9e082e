import re
from pathlib import Path

from classifier.scheme import load_scheme

GUIDE_IDS = (
    "diplomacy economy energy education transport tourism defense health science_technology "
    "agriculture industry culture environment governance migration_labour"
).split()


def test_scheme_has_the_guides_fifteen_ids_in_order():
    scheme = load_scheme()
    assert scheme.ids == tuple(GUIDE_IDS)
    assert scheme.get("energy").name_fr == "Énergie"
    assert scheme.get("economy").dac_codes == ("240", "250", "331")
    assert all(s.description and s.name_en for s in scheme.sectors)


def test_labelling_readme_names_every_sector():
    readme = (Path(__file__).resolve().parent.parent / "labels" / "README.md").read_text(encoding="utf-8")
    for sid in GUIDE_IDS:
        assert re.search(rf"`{sid}`", readme), sid
