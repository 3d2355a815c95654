"""What the map draws for one view: every placed pair, individually or gathered per cell.

A view is a zoom level and a box. When few enough pairs touch the box they are drawn one
line each; otherwise the organizations are gathered into the cells of a grid that gets
finer as one zooms in (a cell is about ``CELL_PIXELS`` wide on the screen), and the pairs
into one bundle per pair of cells, plus a count of the pairs inside each cell. Nothing is
dropped: the pairs drawn, the bundles' pairs and the pairs inside the cells add up to the
pairs that touch the box.

Pure Python (no Django): the catalogue hands in its placed pairs and organizations.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# Longitudes west of this are drawn 360 degrees further east (the map is centred on the
# Pacific, as web/static/web/map.js draws it): cells are counted in that frame, so a cell
# never straddles the seam of the drawn map.
WEST_EDGE = -25.0
CELL_PIXELS = 80
TILE_PIXELS = 256
MAX_ZOOM = 18
MERCATOR_EDGE = 85.0

# (pair reference, kind, organization a, organization b, ties)
PairRow = tuple[object, str, int, int, int]
# organization id -> (id, name, country, lat, lon)
Places = dict[int, tuple]


class InvalidViewport(ValueError):
    """A bbox or zoom that cannot be understood."""


def shift_lon(lon: float) -> float:
    return lon + 360.0 if lon < WEST_EDGE else lon


@dataclass(frozen=True)
class Viewport:
    """A zoom level and a box (west, south, east, north) in degrees. The box may run
    past 180 east (a map centred on the Pacific sends east = 300); a place is inside when
    its longitude, or that longitude 360 degrees east or west, falls in it."""

    zoom: int
    west: float = -180.0
    south: float = -90.0
    east: float = 180.0
    north: float = 90.0

    @classmethod
    def parse(cls, zoom: int, bbox: str | None) -> Viewport:
        if not 0 <= zoom <= MAX_ZOOM:
            raise InvalidViewport(f"zoom must be between 0 and {MAX_ZOOM}")
        if not bbox:
            return cls(zoom)
        try:
            west, south, east, north = (float(part) for part in bbox.split(","))
        except ValueError:
            raise InvalidViewport("bbox must be four numbers: west,south,east,north") from None
        if not all(math.isfinite(v) for v in (west, south, east, north)):
            raise InvalidViewport("bbox must be four finite numbers")
        if south > north or west > east:
            raise InvalidViewport("bbox needs west <= east and south <= north")
        if east - west >= 360:
            west, east = -180.0, 180.0
        # Web Mercator ends at about 85 degrees: a box reaching it reaches the pole.
        south = -90.0 if south <= -MERCATOR_EDGE else south
        north = 90.0 if north >= MERCATOR_EDGE else north
        return cls(zoom, west, south, east, north)

    @property
    def whole_world(self) -> bool:
        return self.east - self.west >= 360 and self.south <= -90 and self.north >= 90

    @property
    def cell_degrees(self) -> float:
        return CELL_PIXELS * 360.0 / (TILE_PIXELS * 2**self.zoom)

    def contains(self, lat: float, lon: float) -> bool:
        if self.whole_world:
            return True
        if not self.south <= lat <= self.north:
            return False
        return any(self.west <= lon + turn <= self.east for turn in (0.0, 360.0, -360.0))

    def cell(self, lat: float, lon: float) -> tuple[int, int]:
        size = self.cell_degrees
        return (math.floor(shift_lon(lon) / size), math.floor((lat + 90.0) / size))

    def as_list(self) -> list[float]:
        return [self.west, self.south, self.east, self.north]


@dataclass
class Cell:
    organizations: set[int] = field(default_factory=set)
    lat_sum: float = 0.0
    lon_sum: float = 0.0
    pairs_within: int = 0
    ties_within: int = 0
    pairs_touching: int = 0

    def add(self, oid: int, lat: float, lon: float) -> None:
        if oid not in self.organizations:
            self.organizations.add(oid)
            self.lat_sum += lat
            self.lon_sum += shift_lon(lon)

    def centre(self) -> tuple[float, float]:
        n = len(self.organizations)
        lon = self.lon_sum / n
        return self.lat_sum / n, lon - 360.0 if lon > 180.0 else lon


@dataclass
class View:
    """The pairs drawn one by one (``mode == "pairs"``) or the cells and bundles
    (``mode == "cells"``); ``in_view`` counts the pairs touching the box."""

    mode: str
    in_view: int
    pairs: list[PairRow]
    features: list[dict]


def pairs_in_view(rows: Iterable[PairRow], places: Places, viewport: Viewport) -> list[PairRow]:
    if viewport.whole_world:
        return list(rows)
    # each place tested once, not once per pair it is an end of
    inside = {oid for oid, place in places.items() if viewport.contains(place[3], place[4])}
    return [row for row in rows if row[2] in inside or row[3] in inside]


def view(rows: Sequence[PairRow], places: Places, viewport: Viewport, line_limit: int) -> View:
    """The view of ``rows`` (pairs whose two organizations are in ``places``)."""
    visible = pairs_in_view(rows, places, viewport)
    if len(visible) <= line_limit:
        return View("pairs", len(visible), visible, [])
    return View("cells", len(visible), [], cell_features(visible, places, viewport))


def cell_features(rows: Sequence[PairRow], places: Places, viewport: Viewport) -> list[dict]:
    """GeoJSON features: a Point ``cluster`` per cell holding an end of a pair, a
    LineString ``bundle`` per pair of cells that pairs join (busiest first)."""
    cells: dict[tuple[int, int], Cell] = {}
    bundles: dict[tuple[tuple[int, int], tuple[int, int]], list] = {}
    cell_of: dict[int, tuple[int, int]] = {}  # each place put in its cell once

    def end(oid: int) -> tuple[int, int]:
        key = cell_of.get(oid)
        if key is None:
            place = places[oid]
            key = cell_of[oid] = viewport.cell(place[3], place[4])
            cell = cells.get(key)
            if cell is None:
                cell = cells[key] = Cell()
            cell.add(oid, place[3], place[4])
        return key

    for _ref, kind, a, b, ties in rows:
        ca, cb = end(a), end(b)
        if ca == cb:
            cells[ca].pairs_within += 1
            cells[ca].ties_within += ties
            cells[ca].pairs_touching += 1
            continue
        cells[ca].pairs_touching += 1
        cells[cb].pairs_touching += 1
        key = (ca, cb) if ca < cb else (cb, ca)
        bundle = bundles.get(key)
        if bundle is None:
            bundle = bundles[key] = [0, 0, Counter()]
        bundle[0] += 1
        bundle[1] += ties
        bundle[2][kind] += 1
    centres = {key: cell.centre() for key, cell in cells.items()}
    features = []
    for (ca, cb), (pairs, ties, kinds) in sorted(
        bundles.items(), key=lambda item: (-item[1][0], item[0])
    ):
        (lat_a, lon_a), (lat_b, lon_b) = centres[ca], centres[cb]
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "LineString",
                    "coordinates": [
                        [round(lon_a, 5), round(lat_a, 5)],
                        [round(lon_b, 5), round(lat_b, 5)],
                    ],
                },
                "properties": {
                    "feature": "bundle",
                    "kind": kinds.most_common(1)[0][0],
                    "kinds": dict(sorted(kinds.items())),
                    "pairs": pairs,
                    "count": ties,
                    "cells": [_cell_id(ca), _cell_id(cb)],
                },
            }
        )
    for key in sorted(cells):
        cell = cells[key]
        lat, lon = centres[key]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [round(lon, 5), round(lat, 5)]},
                "properties": {
                    "feature": "cluster",
                    "cell": _cell_id(key),
                    "organizations": len(cell.organizations),
                    "pairs": cell.pairs_touching,
                    "pairs_within": cell.pairs_within,
                    "count": cell.ties_within,
                },
            }
        )
    return features


def _cell_id(key: tuple[int, int]) -> str:
    return f"{key[0]}:{key[1]}"
