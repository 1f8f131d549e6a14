"""The first edition as data: complete, translated, cross-checked; broken files name their place."""

from __future__ import annotations

import pytest
import yaml

from gia.documents import load
from gia.errors import GiaInputError
from gia.standard import load_standard
from gia.standard.loader import CATALOGUE_DIR, PROFILE_DIR, check_profile, load_catalogue
from gia.standard.schema import REQUIRED_LANGUAGES, CountryProfile

STANDARD = load_standard()
CATALOGUE = STANDARD.catalogue


def test_first_edition_has_its_themes_criteria_and_levels():
    assert CATALOGUE.header.id == "gia-2026.1"
    assert {t.id: t.weight for t in CATALOGUE.themes} == {
        "EN": 30,
        "CL": 20,
        "CE": 20,
        "LU": 10,
        "MO": 10,
        "GM": 10,
    }
    assert len(CATALOGUE.criteria) == 33
    gates = {c.id for c in CATALOGUE.criteria if c.is_gate}
    assert gates == {"EN-01", "EN-05", "CL-01", "CL-02", "LU-01", "GM-01", "GM-02", "GM-03"}
    levels = {lvl.id: (lvl.min_total, lvl.min_theme) for lvl in CATALOGUE.levels}
    assert levels == {
        "bronze": (0.35, 0),
        "silver": (0.5, 0.35),
        "gold": (0.65, 0.5),
        "platinum": (0.8, 0.65),
    }
    assert [d.id for d in CATALOGUE.distinctions] == ["net_zero_operations"]


def test_every_text_is_in_english_polish_and_german():
    def texts(node):
        if isinstance(node, dict):
            if set(REQUIRED_LANGUAGES) <= set(node):
                yield node
            for value in node.values():
                yield from texts(value)
        elif isinstance(node, list):
            for item in node:
                yield from texts(item)

    data = yaml.safe_load((CATALOGUE_DIR / "gia-2026.1" / "catalogue.yaml").read_text(encoding="utf-8"))
    found = list(texts(data))
    assert len(found) > 100
    for text in found:
        assert all(text[lang].strip() for lang in REQUIRED_LANGUAGES)
        # a word may be the same in two languages ("Bronze"), but not in all three
        assert text["pl"] != text["en"] or text["de"] != text["en"], text


def test_country_profiles_for_the_baltic_sea_countries():
    assert sorted(STANDARD.profiles) == ["DE", "DK", "EE", "FI", "LT", "LV", "PL", "SE"]
    years = {p.id: p.climate_neutrality_year for p in STANDARD.profiles.values()}
    assert years["DE"] == 2045 and years["FI"] == 2035 and years["SE"] == 2045 and years["PL"] == 2050
    for profile in STANDARD.profiles.values():
        for override in profile.threshold_overrides:
            assert override.justification.en


def test_crosswalks_reach_every_target_requirement():
    assert set(STANDARD.crosswalks) == {"g3-mv", "eip-framework"}
    for crosswalk in STANDARD.crosswalks.values():
        targets = {m.target for m in crosswalk.mappings}
        assert targets == {r.id for r in crosswalk.requirements}


def test_broken_catalogue_names_file_path_and_line(tmp_path):
    folder = tmp_path / "gia-2026.1"
    folder.mkdir()
    text = (CATALOGUE_DIR / "gia-2026.1" / "catalogue.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    data["criteria"][2]["kind"] = "optional"
    path = folder / "catalogue.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(GiaInputError) as caught:
        load_catalogue(path)
    assert caught.value.source == str(path)
    assert len(caught.value.problems) == 1
    place, message = caught.value.problems[0]
    assert place.startswith("criteria[2].kind (line ")
    assert "gate" in message


def test_unknown_theme_and_duplicate_ids_are_refused(tmp_path):
    folder = tmp_path / "gia-2026.1"
    folder.mkdir()
    data = yaml.safe_load((CATALOGUE_DIR / "gia-2026.1" / "catalogue.yaml").read_text(encoding="utf-8"))
    data["criteria"][1]["id"] = data["criteria"][0]["id"]
    path = folder / "catalogue.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(GiaInputError, match="appears twice"):
        load_catalogue(path)


def test_profile_overriding_an_unknown_criterion_is_refused(tmp_path):
    data = yaml.safe_load((PROFILE_DIR / "SE.yaml").read_text(encoding="utf-8"))
    data["threshold_overrides"][0]["criterion"] = "EN-99"
    path = tmp_path / "SE.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(GiaInputError) as caught:
        check_profile(load(CountryProfile, path), CATALOGUE, path)
    assert caught.value.problems[0][0] == "threshold_overrides[0].criterion"


def test_override_without_justification_is_refused(tmp_path):
    data = yaml.safe_load((PROFILE_DIR / "SE.yaml").read_text(encoding="utf-8"))
    del data["threshold_overrides"][0]["justification"]
    path = tmp_path / "SE.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(GiaInputError) as caught:
        load(CountryProfile, path)
    assert caught.value.problems[0][0].startswith("threshold_overrides[0].justification")


def test_the_catalogue_cannot_be_changed_by_accident():
    with pytest.raises(Exception, match="frozen"):
        CATALOGUE.criteria[0].weight = 5  # type: ignore[misc]
