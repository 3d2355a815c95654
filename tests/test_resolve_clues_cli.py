"""`koryu resolve` takes the clues a document gives: a country (a constraint), a point
(--near) and a list of cities (--city)."""

import json

from click.testing import CliRunner

from koryu.cli import main


def resolve(*args):
    result = CliRunner().invoke(main, ["resolve", *args, "--format", "json"])
    return result.exit_code, json.loads(result.output) if result.output.startswith("{") else None


def test_a_stated_country_offers_only_its_places():
    code, out = resolve("東海市", "--country", "KR")
    assert code == 0 and out["status"] == "resolved"
    assert [c["id"] for c in out["candidates"]] == ["gn:1892823"]  # Donghae
    assert out["candidates"][0]["names"]["ja"] == "東海市"


def test_near_chooses_the_namesake_and_says_how_far():
    code, out = resolve("Springfield", "--country", "US", "--near", "39.80,-89.64")
    best = out["candidates"][0]
    assert (out["status"], best["id"]) == ("resolved", "gn:4250542")
    assert best["distance_km"] < 1
    assert all(c["distance_km"] <= 30 for c in out["candidates"] if c["distance_km"])


def test_city_reads_a_bare_name_as_the_city():
    assert resolve("Niigata", "--city")[1]["candidates"][0]["id"] == "jp:151009"
    assert resolve("Niigata")[1]["candidates"][0]["id"] == "jp:150002"


def test_a_bad_point_is_refused_clearly():
    result = CliRunner().invoke(main, ["resolve", "Springfield", "--near", "north"])
    assert result.exit_code == 2 and "latitude,longitude" in result.output
    result = CliRunner().invoke(main, ["resolve", "Springfield", "--near", "95,10"])
    assert result.exit_code == 2 and "not a position" in result.output
