"""Places users import into the gazetteer: GeoNames dumps, CSVs of places, ACLED exports."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from fogwatch import read
from fogwatch.cli import app
from fogwatch.geo import gazetteer as gz
from fogwatch.geo import user

# an invented village, in a district of Lower Juba that cities500 gives no such town
NOTE = ("On 9 May 2024, militants attacked soldiers in Qorax-Dheere village "
        "(Kismaayo, Lower Juba), killing two.")


def _geonames_row(gid, name, lat, lon, fclass="P", country="SO", pop="0"):
    cells = [str(gid), name, name, "", str(lat), str(lon), fclass, "PPL", country, "", "08",
             "", "", "", pop, "", "12", "Africa/Mogadishu", "2024-01-01"]
    return "\t".join(cells) + "\n"


@pytest.fixture
def store(tmp_path, monkeypatch):
    path = tmp_path / "gazetteer.json"
    monkeypatch.setenv(user.ENV, str(path))
    gz.reset()
    yield path
    gz.reset()


def _read():
    gz.reset()
    return read(NOTE, published="2024-05-09")


def test_an_imported_village_places_the_event_and_removing_it_restores_the_reading(
        store, tmp_path):
    before = _read()
    assert before.events[0].location != "Qorax-Dheere"
    dump = tmp_path / "SO.txt"
    dump.write_text(_geonames_row(99000001, "Qorax-Dheere", -0.301, 42.502)
                    + _geonames_row(99000002, "Some Hill", -0.5, 42.6, fclass="T"))
    result = user.import_file(dump)
    assert (result.format, result.places, result.bad) == ("geonames", 1, [])

    after = _read()
    event = after.events[0]
    assert (event.location, event.geo_precision) == ("Qorax-Dheere", 1)
    assert (event.latitude, event.longitude) == (-0.301, 42.502)
    assert event.admin1 == "Lower Juba"
    assert after.reader_version.endswith(f"+gazetteer.{user.fingerprint()}")

    assert user.remove(result.id) == 1
    restored = _read()
    assert restored.model_dump_json() == before.model_dump_json()


def test_csv_bad_rows_are_reported_with_their_line_and_the_rest_imported(store, tmp_path):
    csv_file = tmp_path / "places.csv"
    csv_file.write_text(
        "name,country,admin1,admin2,latitude,longitude,alternate_names\n"
        "Qorax-Dheere,Somalia,Lower Juba,,-0.301,42.502,Qoraxdheere|Qorah Dhere\n"
        "Nowhere,Somalia,Lower Juba,,north,42.5,\n"
        "Elsewhere,Atlantis,,,1.0,2.0,\n"
    )
    result = user.import_file(csv_file)
    assert result.places == 1
    assert result.bad == [
        f"{csv_file}:3: latitude/longitude not numbers ('north', '42.5')",
        f"{csv_file}:4: unknown country 'Atlantis'",
    ]
    gz.reset()
    found = gz.lookup("Qorah Dhere")
    assert found and found[0].name == "Qorax-Dheere" and found[0].admin1 == "Lower Juba"


def test_an_acled_export_gives_its_locations_once(store, tmp_path):
    export = tmp_path / "acled.csv"
    export.write_text(
        "event_id_cnty,event_date,country,admin1,admin2,location,latitude,longitude\n"
        "SOM1,2024-05-01,Somalia,Lower Juba,Kismayo,Qorax-Dheere,-0.301,42.502\n"
        "SOM2,2024-05-02,Somalia,Lower Juba,Kismayo,Qorax-Dheere,-0.301,42.502\n"
    )
    result = user.import_file(export)
    assert (result.format, result.places) == ("acled", 1)


def test_an_unknown_layout_is_refused_and_earlier_imports_are_kept(store, tmp_path):
    good = tmp_path / "places.csv"
    good.write_text("name,country,latitude,longitude\nQorax-Dheere,SO,-0.301,42.502\n")
    first = user.import_file(good)
    bad = tmp_path / "notes.txt"
    bad.write_text("just some words\nand more\n")
    with pytest.raises(user.GazetteerFileError, match=r"notes.txt:1: unknown layout"):
        user.import_file(bad)
    assert [i["id"] for i in user.list_imports()] == [first.id]


def test_the_commands_import_list_and_remove(store, tmp_path):
    good = tmp_path / "places.csv"
    good.write_text("name,country,latitude,longitude\nQorax-Dheere,SO,-0.301,42.502\n"
                    "Broken,SO,,\n")
    runner = CliRunner()
    out = runner.invoke(app, ["gazetteer", "import", str(good)])
    assert out.exit_code == 0, out.output
    assert "1 places imported" in out.output and f"bad row: {good}:3:" in out.output
    listed = runner.invoke(app, ["gazetteer", "list"])
    import_id = listed.output.split("\t", 1)[0]
    assert import_id.startswith("places-")
    assert runner.invoke(app, ["gazetteer", "remove", import_id]).exit_code == 0
    assert "no places imported" in runner.invoke(app, ["gazetteer", "list"]).output
    missing = runner.invoke(app, ["gazetteer", "remove", "nope"])
    assert missing.exit_code == 2
