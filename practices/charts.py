"""Where practices come from, drawn on the server as inline SVG: a tile grid of Europe.

Each European country is a square tile in roughly its place (a cartogram: every
country the same size, so small countries are as readable as large ones), shaded by
its number of published practices and linking to the catalogue filtered on it. No
map service and no map tiles are used. Countries off the grid are listed beside it.
"""

import math
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# (column, row) of each country's tile.
TILES = {
    "IS": (0, 0), "NO": (4, 0), "SE": (5, 0), "FI": (6, 0),
    "IE": (0, 1), "GB": (1, 1), "DK": (4, 1), "EE": (6, 1),
    "NL": (2, 2), "DE": (3, 2), "PL": (4, 2), "LT": (5, 2), "LV": (6, 2), "RU": (7, 2),
    "BE": (1, 3), "LU": (2, 3), "LI": (3, 3), "CZ": (4, 3), "SK": (5, 3), "BY": (6, 3),
    "AD": (0, 4), "FR": (1, 4), "CH": (2, 4), "AT": (3, 4), "HU": (4, 4), "RO": (5, 4),
    "UA": (6, 4), "MD": (7, 4),
    "PT": (0, 5), "ES": (1, 5), "IT": (2, 5), "SI": (3, 5), "HR": (4, 5), "RS": (5, 5),
    "BG": (6, 5), "GE": (8, 5),
    "MC": (1, 6), "MT": (2, 6), "SM": (3, 6), "BA": (4, 6), "ME": (5, 6), "MK": (6, 6),
    "AM": (8, 6), "AZ": (9, 6),
    "VA": (3, 7), "AL": (5, 7), "GR": (6, 7), "TR": (7, 7), "CY": (8, 7),
}  # fmt: skip
COLUMNS, ROWS = 10, 8
TILE, GAP = 48, 4
# Light to dark blue; the two darkest carry white text (contrast above 4.5:1).
SHADES = [
    ("#c6dbef", "#1b1f23"),
    ("#6baed6", "#1b1f23"),
    ("#2171b5", "#ffffff"),
    ("#08306b", "#ffffff"),
]
EMPTY = ("#eef1f4", "#4d5560")


@dataclass(frozen=True)
class Shade:
    low: int
    high: int
    fill: str
    ink: str


def shades(most):
    """Up to four classes of counts from 1 to ``most``, on a geometric scale (counts
    per country are usually skewed: a few countries have most practices)."""
    if most < 1:
        return []
    bounds = sorted({1, *(math.ceil(most ** (step / 4)) for step in (1, 2, 3))})
    bounds = [bound for bound in bounds if bound <= most]
    highs = [bound - 1 for bound in bounds[1:]] + [most]
    offset = len(SHADES) - len(bounds)
    return [
        Shade(low, high, *SHADES[offset + index])
        for index, (low, high) in enumerate(zip(bounds, highs, strict=True))
    ]


def _shade_of(count, classes):
    for shade in classes:
        if shade.low <= count <= shade.high:
            return shade.fill, shade.ink
    return EMPTY


def country_tile_map(counts, *, classes):
    """The SVG tile map (safe markup) of ``counts``, a list of
    :class:`~practices.selectors.CountryCount`, shaded by ``classes`` (:func:`shades`)."""
    by_code = {entry.country.code: entry for entry in counts}
    catalogue = reverse("practices:practice_list")
    parts = []
    for code, (column, row) in TILES.items():
        entry = by_code.get(code)
        count = entry.count if entry else 0
        fill, ink = _shade_of(count, classes)
        x, y = column * (TILE + GAP), row * (TILE + GAP)
        tile = format_html(
            '<rect x="{x}" y="{y}" width="{size}" height="{size}" rx="4" fill="{fill}"/>'
            '<text x="{cx}" y="{code_y}" text-anchor="middle" fill="{ink}" '
            'class="tile-code">{code}</text>',
            x=x,
            y=y,
            size=TILE,
            fill=fill,
            cx=x + TILE / 2,
            code_y=y + 20,
            ink=ink,
            code=code,
        )
        if not count:
            parts.append(format_html('<g class="tile tile-empty">{}</g>', tile))
            continue
        label = ngettext(
            "{country}: {count} practice", "{country}: {count} practices", count
        ).format(country=entry.country.name, count=count)
        parts.append(
            format_html(
                '<a href="{href}" class="tile" aria-label="{label}"><title>{label}</title>{tile}'
                '<text x="{cx}" y="{count_y}" text-anchor="middle" fill="{ink}" '
                'class="tile-count">{count}</text></a>',
                href=f"{catalogue}?country={code}",
                label=label,
                tile=tile,
                cx=x + TILE / 2,
                count_y=y + 38,
                ink=ink,
                count=count,
            )
        )
    width, height = COLUMNS * (TILE + GAP) - GAP, ROWS * (TILE + GAP) - GAP
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="country-map" viewBox="0 0 {w} {h}" '
        'width="{w}" height="{h}" aria-labelledby="country-map-title" role="group" '
        'font-family="DejaVu Sans, Arial, sans-serif"><title id="country-map-title">{title}'
        "</title>{body}</svg>",
        w=width,
        h=height,
        title=_("Published practices per European country"),
        body=mark_safe("".join(parts)),  # every part went through format_html
    )
