"""`koryu review`: the review queue from the command line (list, show, accept, reject,
correct). The `/review` page calls the same functions (koryu.catalog.review)."""

import json

import click

from koryu.cli.options import db_option, open_database

FORMAT = click.option(
    "--format", "format_", type=click.Choice(["table", "json"]), default="table", show_default=True
)
AS_USER = click.option(
    "--as",
    "as_user",
    metavar="USER",
    default=None,
    help="Record the decision as this user's (who must be a reviewer).",
)
NOTE = click.option("--note", default="", help="Why (kept with the decision).")


def _fail(exc) -> None:
    raise click.ClickException(str(exc)) from exc


def _reviewer(name, record=None):
    """The user named by --as, checked against the permission rules (accounts.roles)."""
    if not name:
        return None
    from koryu.accounts.grants import AccountError, get_user
    from koryu.accounts.roles import can_review

    try:
        user = get_user(name)
    except AccountError as exc:
        _fail(exc)
    if not can_review(user, record):
        what = f"record {record.pk}" if record is not None else "records"
        raise click.ClickException(f"{name} may not review {what} (needs the reviewer role)")
    return user


def _records(ids):
    from koryu.catalog.review import ReviewError, get_record

    try:
        return [get_record(i) for i in ids]
    except ReviewError as exc:
        _fail(exc)


def _summary(row) -> dict:
    return {
        "id": row.pk,
        "kind": row.kind,
        "title": row.title,
        "review": row.review,
        "confidence": row.confidence,
        "source": row.source.name,
        "line_start": row.line_start,
        "line_end": row.line_end,
    }


@click.group()
def command():
    """The review queue: records a generic reader proposed, waiting for a person."""


@command.command("list")
@db_option
@FORMAT
@click.option("--source", default=None, metavar="NAME", help="Only records of this document.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most N records.")
def list_(db, format_, source, limit):
    """Proposed records, oldest first: id, kind, title, confidence, source and lines."""
    open_database(db)
    from koryu.catalog.review import queue

    qs = queue(source)
    total = qs.count()
    rows = list(qs[:limit] if limit else qs)
    if format_ == "json":
        out = {"total": total, "records": [_summary(r) for r in rows]}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    for r in rows:
        confidence = "   -" if r.confidence is None else f"{r.confidence:.2f}"
        click.echo(
            f"{r.pk:>7}  {r.kind:<10} {confidence}  {r.source.name}:{r.line_start}-{r.line_end}"
            f"  {r.title}"
        )
    click.echo(
        f"{total} record{'s' * (total != 1)} in review"
        + (f" (shown {len(rows)})" if len(rows) < total else "")
    )


def _show_text(detail: dict, lines, evidence) -> None:
    confidence = "" if detail["confidence"] is None else f", confidence {detail['confidence']:.2f}"
    source = detail["source"]
    click.echo(f"#{detail['id']} {detail['kind']}: {detail['title']}")
    click.echo(
        f"  {detail['review']}{confidence}; {source['document']} lines "
        f"{source['line_start']}-{source['line_end']}"
    )
    for name in ("date", "date_start", "date_end", "date_raw", "fiscal_year", "agreement_type",
                 "participants_count", "status", "place"):  # fmt: skip
        if detail.get(name) not in (None, ""):
            click.echo(f"  {name}: {detail[name]}")
    for i, p in enumerate(detail["parties"], 1):
        click.echo(f"  party.{i}: {p['name']} ({p['country'] or '?'}, {p['role']})")
    if evidence:
        click.echo("evidence:")
        for name, ev in evidence:
            conf = ev.get("confidence")
            conf = f", confidence {conf:.2f}" if isinstance(conf, int | float) else ""
            click.echo(f"  {name}: {ev.get('text')!r} line {ev.get('line')}{conf}")
    for f in detail["findings"]:
        click.echo(f"finding {f.get('code')}: {f.get('message')}")
    if lines:
        click.echo("source (evidence marked [[text]]{field}):")
    for line in lines:
        text = "".join(
            f"[[{piece}]]{{{', '.join(fields)}}}" if fields else piece
            for piece, fields in line.segments()
        )
        mark = ">" if line.in_record else " "
        where = f" ({line.location})" if line.location else ""
        click.echo(f"{mark}{line.number:>6}{where} | {text}")


@command.command("show")
@click.argument("record_id")
@db_option
@FORMAT
def show(record_id, db, format_):
    """A record, the evidence of each field, and its source lines with the evidence marked."""
    open_database(db)
    from koryu.catalog.queries import record_detail
    from koryu.catalog.review import evidence_items, history, source_lines

    (row,) = _records([record_id])
    detail = record_detail(row.pk, unpublished=True)
    lines = source_lines(row)
    if format_ == "json":
        detail["evidence"] = row.evidence
        detail["lines"] = [line.to_dict() for line in lines]
        detail["corrections"] = history(row)
        click.echo(json.dumps(detail, ensure_ascii=False, indent=2))
        return
    _show_text(detail, lines, evidence_items(row.evidence))


@command.command("accept")
@click.argument("record_ids", nargs=-1, required=True)
@db_option
@AS_USER
@NOTE
def accept_(record_ids, db, as_user, note):
    """Publish records; re-ingesting their document keeps them published."""
    open_database(db)
    from koryu.catalog.review import accept

    for row in _records(record_ids):
        accept(row, _reviewer(as_user, row), note)
        click.echo(f"published  {row.pk}  {row.title}")


@command.command("reject")
@click.argument("record_ids", nargs=-1, required=True)
@db_option
@AS_USER
@NOTE
def reject_(record_ids, db, as_user, note):
    """Hide records everywhere; re-ingesting their document does not propose them again."""
    open_database(db)
    from koryu.catalog.review import reject

    for row in _records(record_ids):
        reject(row, _reviewer(as_user, row), note)
        click.echo(f"rejected   {row.pk}  {row.title}")


@command.command("correct")
@click.argument("record_id")
@click.argument("assignments", nargs=-1, required=True, metavar="FIELD=VALUE...")
@db_option
@AS_USER
@NOTE
def correct_(record_id, assignments, db, as_user, note):
    """Set fields over what the document says (kept when it is ingested again):
    title, date, date_start, date_end, fiscal_year, agreement_type, participants_count,
    status, place, party.N.name, party.N.country. Dates in any calendar the readers know
    (1959-04-01, 昭和34年4月1日, S34.4.1, 1 апреля 1959 г.)."""
    open_database(db)
    from koryu.catalog.corrections import ReviewError, parse_value
    from koryu.catalog.review import correct

    (row,) = _records([record_id])
    user = _reviewer(as_user, row)
    values = {}
    for assignment in assignments:
        name, sep, text = assignment.partition("=")
        if not sep:
            raise click.UsageError(f"expected FIELD=VALUE, got {assignment!r}")
        try:
            values[name.strip()] = parse_value(name.strip(), text)
        except ReviewError as exc:
            _fail(exc)
    try:
        correct(row, values, user, note)
    except ReviewError as exc:
        _fail(exc)
    for name, value in values.items():
        click.echo(f"corrected  {row.pk}  {name} = {value if value is not None else '(empty)'}")
