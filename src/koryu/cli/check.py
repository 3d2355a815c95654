import json
from collections import Counter

import click

from koryu.cli.options import db_option, open_database


@click.command()
@db_option
@click.option(
    "--format", "format_", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@click.option("--code", "codes", multiple=True, help="Only findings with this code (repeatable).")
def command(db, format_, codes):
    """List data-quality findings across the corpus, each with its sources."""
    open_database(db)
    from koryu.catalog.quality import find_issues

    issues = [i for i in find_issues() if not codes or i.code in codes]
    if format_ == "json":
        click.echo(
            json.dumps(
                {
                    "issues": [i.to_dict() for i in issues],
                    "counts": dict(Counter(i.code for i in issues)),
                },
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    for issue in issues:
        where = "; ".join(
            f"{s['document']}:{s['line_start']}"
            + (f"-{s['line_end']}" if s["line_end"] != s["line_start"] else "")
            for s in issue.sources[:5]
        )
        click.echo(f"[{issue.severity}] {issue.code}: {issue.message}\n    {where}")
    counts = Counter(i.code for i in issues)
    click.echo(
        f"{len(issues)} findings"
        + (": " + ", ".join(f"{n} {c}" for c, n in counts.most_common()) if counts else "")
    )
