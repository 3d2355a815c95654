import json
import sys

import click

from koryu.cli.options import db_option

LANGS = ("ja", "en", "ru", "zh", "ko")


def candidate_to_dict(gazetteer, c) -> dict:
    """The JSON contract of `koryu resolve` (docs/cli.md)."""
    successor = gazetteer.entry(c.successor_id) if getattr(c, "successor_id", None) else None
    names = getattr(c, "names", None) or {}
    return {
        "id": c.id,
        "name": c.name,
        "names": {lang: names.get(lang) for lang in LANGS},
        "country": c.country,
        "level": getattr(c, "level", None),
        "code": c.code if c.country == "JP" and (c.code or "").isdigit() else None,
        "parent": getattr(c, "parent_name", None),
        "parent_id": getattr(c, "parent_id", None),
        "lat": c.lat,
        "lon": c.lon,
        "valid_from": c.valid_from,
        "valid_to": c.valid_to,
        "successor": successor.name if successor else None,
        "successor_id": successor.id if successor else None,
        "successor_code": successor.code if successor and successor.country == "JP" else None,
        "confidence": round(float(c.confidence), 3),
        "reason": c.reason,
        "distance_km": getattr(c, "distance_km", None),
    }


@click.command()
@click.argument("name")
@click.option("--country", metavar="CC", help="ISO 3166-1 alpha-2 country of the mention.")
@click.option("--date", "date", metavar="YYYY-MM-DD", help="When the mention was written.")
@click.option(
    "--format", "format_", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option("--limit", default=10, show_default=True, help="Most candidates to show.")
@click.option(
    "--near",
    metavar="LAT,LON",
    help="Where the document places it: chooses between namesakes, rejects those > 30 km away.",
)
@click.option("--city", "settlement", is_flag=True, help="The name comes from a list of cities.")
@db_option
def command(name, country, date, format_, limit, near, settlement, db):
    """Look a place or body up in the gazetteer (any language or spelling). The gazetteer
    needs no database: --db is accepted, as by every command, and not opened."""
    from koryu.gazetteer.index import get_gazetteer
    from koryu.gazetteer.resolver import Context, Resolver

    if country and (len(country) != 2 or not country.isalpha()):
        raise click.BadParameter(
            "use a two-letter ISO 3166-1 code, e.g. JP", param_hint="--country"
        )
    lat = lon = None
    if near:
        try:
            lat, lon = (float(x) for x in near.split(","))
        except ValueError:
            raise click.BadParameter(
                "use latitude,longitude in degrees, e.g. 37.52,129.11", param_hint="--near"
            ) from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise click.BadParameter("not a position on Earth", param_hint="--near")
    gazetteer = get_gazetteer()
    context = Context(
        country=country.upper() if country else None,
        date=date,
        other_country=None,
        parent_hint=None,
        language=None,
        lat=lat,
        lon=lon,
        settlement=settlement,
    )
    resolution = Resolver(gazetteer).resolve(name, context)
    candidates = [candidate_to_dict(gazetteer, c) for c in resolution.candidates[:limit]]
    if format_ == "json":
        click.echo(
            json.dumps(
                {"query": name, "status": resolution.status, "candidates": candidates},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        click.echo(f"{name}: {resolution.status}")
        for c in candidates:
            where = " / ".join(x for x in (c["parent"], c["country"]) if x)
            extra = f" → {c['successor']} ({c['successor_code']})" if c["successor"] else ""
            if c["distance_km"] is not None:
                extra += f" {c['distance_km']:.1f} km"
            click.echo(
                f"  {c['confidence']:.2f} {c['reason']:<15} {c['id']:<14} {c['name']} "
                f"[{where}]{' ' + c['code'] if c['code'] else ''}{extra}"
            )
    if resolution.status == "unresolved":
        sys.exit(1)
