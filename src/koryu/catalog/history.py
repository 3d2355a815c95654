"""History of every change (django-simple-history): who, when, from which document or edit,
and what changed field by field.

Writers say where a change comes from with ``origin(...)``: the importer with the
document's name, an edit with the signed-in user and a note. Every historical row made
inside that block (one per saved row, or in bulk through ``bulk_create``) carries it, so
the history, the change feed and the API tell a document's update from a person's edit.

Record versions are the record's ``version`` field as each historical row saved it; the
parties of a version are those in force until the next version, so a corrected partner
shows as ``party.N.name`` in the version that made the correction.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connections, router
from django.db.models import NOT_PROVIDED, OuterRef, Subquery
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone
from simple_history.signals import pre_create_historical_record

from koryu.catalog.models import Organization, Party, Record

# Fields that say nothing a reader of the history needs (bookkeeping of the row).
QUIET_FIELDS = {"id", "created_at", "updated_at", "version", "content_hash", "evidence"}
PARTY_FIELDS = ("name", "country", "role", "organization_id", "date_start", "date_end")
TYPES = {"+": "created", "~": "changed", "-": "deleted"}


@dataclass(frozen=True)
class Origin:
    user: Any = None  # the person who made the change (None: a document or a command)
    source: str = ""  # the document it came from ("" for a person's edit)
    reason: str = ""  # "ingest", "edit", "revert to version 3", a reviewer's note...


_ORIGIN: contextvars.ContextVar[Origin | None] = contextvars.ContextVar(
    "koryu_origin", default=None
)


@contextlib.contextmanager
def origin(user=None, source: str = "", reason: str = "") -> Iterator[Origin]:
    """Changes saved inside this block are attributed to ``user``/``source``/``reason``."""
    value = Origin(user if getattr(user, "pk", None) else None, source[:255], reason[:100])
    token = _ORIGIN.set(value)
    try:
        yield value
    finally:
        _ORIGIN.reset(token)


def current() -> Origin | None:
    return _ORIGIN.get()


def _attribute(sender, history_instance, **kwargs) -> None:
    found = _ORIGIN.get()
    if found is None:
        return
    history_instance.history_source = found.source
    if found.reason and not history_instance.history_change_reason:
        history_instance.history_change_reason = found.reason
    if found.user is not None:
        history_instance.history_user = found.user


pre_create_historical_record.connect(_attribute, dispatch_uid="koryu.history.attribute")


# --- writing history in bulk (ingest) ------------------------------------------------
#
# simple-history writes one historical row per save, each through a manager built anew
# for the purpose. An ingest saves tens of thousands of rows: inside ``batched()`` the
# rows are collected as the saves happen (with their time, so the order of events is
# kept) and written in one bulk insert per model when the block ends, in its transaction.

_BATCH: contextvars.ContextVar[list | None] = contextvars.ContextVar(
    "koryu_history_batch", default=None
)
_MARK = "_koryu_history_batched"


def _history_model(model):
    from koryu.catalog import models as m

    return getattr(m, f"Historical{model._meta.concrete_model.__name__}")


def _historical(instance, history_type: str):
    hmodel = _history_model(type(instance))
    found = _ORIGIN.get() or Origin()
    return hmodel(
        history_date=timezone.now(),
        history_type=history_type,
        history_user=found.user,
        history_change_reason=found.reason or None,
        history_source=found.source,
        **{f.attname: getattr(instance, f.attname) for f in hmodel.tracked_fields},
    )


# A document of tens of thousands of records would hold as many historical rows in
# memory: every FLUSH_ROWS they are written (still inside the caller's transaction).
FLUSH_ROWS = 5000


class _Rows(list):
    """The historical rows collected and not written yet; ``flushes`` counts the writes
    made before the block's end (see ``mark``)."""

    flushes = 0


def _write(rows: _Rows) -> None:
    by_model: dict = defaultdict(list)
    for row in rows:
        by_model[type(row)].append(row)
    for hmodel, items in by_model.items():
        insert_rows(hmodel, items)
    rows.clear()
    rows.flushes += 1


def _plain_columns(model) -> list | None:
    """The columns an INSERT of ``model`` names (the auto primary key left to the
    database), or None when a field needs the ORM's own SQL (a placeholder of its own, a
    database default or a generated column)."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    for f in fields:
        if (
            hasattr(f, "get_placeholder_sql")
            or getattr(f, "generated", False)
            or f.db_default is not NOT_PROVIDED
        ):
            return None
    return fields


def insert_rows(model, objs: list) -> None:
    """Insert rows whose primary keys nobody reads back (historical rows): one prepared
    statement run for every row. bulk_create compiled a statement of 500 rows, value by
    value, and was most of an ingest's history time; the values are prepared by the same
    field methods it calls (pre_save, get_db_prep_save)."""
    fields = _plain_columns(model)
    if fields is None:
        model.objects.bulk_create(objs, batch_size=500)
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    # table and column names are the model's own (quoted); every value is a parameter
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608
    params = [
        [f.get_db_prep_save(f.pre_save(obj, True), connection=connection) for f in fields]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(params), 1000):
            cursor.executemany(sql, params[start : start + 1000])


def _collect(batch: list, rows: list) -> None:
    batch.extend(rows)
    if len(batch) >= FLUSH_ROWS:
        _write(batch)


@contextlib.contextmanager
def batched() -> Iterator[None]:
    """Historical rows made inside are written in bulk (nothing on an error: the caller's
    transaction rolls back whatever was written before)."""
    if _BATCH.get() is not None:
        yield
        return
    rows = _Rows()
    token = _BATCH.set(rows)
    try:
        yield
        _write(rows)
    finally:
        _BATCH.reset(token)


@contextlib.contextmanager
def rolled_back_with() -> Iterator[None]:
    """For a savepoint inside ``batched()`` (one document of an ingest batch): if the
    block fails, the rows it collected are dropped with what the rollback undid. Rows it
    had written already (a flush) are in the savepoint and rolled back by the database;
    whatever was collected after such a flush is the block's own."""
    batch = _BATCH.get()
    if batch is None:
        yield
        return
    flushes, size = batch.flushes, len(batch)
    try:
        yield
    except BaseException:
        del batch[size if batch.flushes == flushes else 0 :]
        raise


def bulk_created(objs: list) -> None:
    """History for rows written with ``bulk_create`` (which sends no signals)."""
    if not objs:
        return
    rows = [_historical(obj, "+") for obj in objs]
    batch = _BATCH.get()
    if batch is not None:
        _collect(batch, rows)
    else:
        insert_rows(type(rows[0]), rows)


def _before_save(sender, instance, **kwargs) -> None:
    if _BATCH.get() is not None and not hasattr(instance, "skip_history_when_saving"):
        instance.skip_history_when_saving = True  # simple-history's own handler skips it
        setattr(instance, _MARK, True)


def _after_save(sender, instance, created, raw=False, **kwargs) -> None:
    if not getattr(instance, _MARK, False):
        return
    delattr(instance, _MARK)
    del instance.skip_history_when_saving
    batch = _BATCH.get()
    if batch is not None and not raw:
        _collect(batch, [_historical(instance, "+" if created else "~")])


def track(models_and_proxies) -> None:
    """Saves through a proxy model (Agreement, Membership: the admin's) send their own
    signals: record them in the concrete model's history too; and collect every tracked
    save inside ``batched()``. Runs once, when the app is ready."""
    from koryu.catalog import models as m

    trackers = {t.cls: t for t in m.TRACKERS}
    for concrete, proxies in models_and_proxies:
        tracker = trackers[concrete]
        for proxy in proxies:
            post_save.connect(tracker.post_save, sender=proxy, weak=False)
            post_delete.connect(tracker.post_delete, sender=proxy, weak=False)
        for sender in (concrete, *proxies):
            # after simple-history's own handlers, which see the mark and skip the save
            pre_save.connect(_before_save, sender=sender, weak=False)
            post_save.connect(_after_save, sender=sender, weak=False)


def track_proxies() -> None:
    from koryu.catalog import models as m

    track(
        [
            (Record, (m.Agreement, m.Network, m.Event, m.Delegation, m.Program)),
            (Party, (m.Membership,)),
            (Organization, ()),
            (m.Correction, ()),
        ]
    )


# --- reading the history ----------------------------------------------------------------


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _fields(historical) -> dict[str, Any]:
    return {
        f.attname: _value(getattr(historical, f.attname))
        for f in historical.instance_type._meta.concrete_fields
        if hasattr(historical, f.attname) and f.attname not in QUIET_FIELDS
    }


def _diff(old: dict[str, Any] | None, new: dict[str, Any]) -> dict[str, list]:
    if old is None:
        return {k: [None, v] for k, v in new.items() if v not in (None, "", [], {})}
    changed = {k: [old.get(k), v] for k, v in new.items() if old.get(k) != v}
    # a party removed: its fields are gone from the newer version
    gone = {k: [v, None] for k, v in old.items() if k not in new and v is not None}
    return {**changed, **gone}


def _party_states(record_id: int) -> list[tuple[dt.datetime, dict[int, dict]]]:
    """The record's parties after each party change: [(when, {party id: fields})]."""
    rows = Party.history.filter(record_id=record_id).order_by("history_date", "history_id")
    states, current_state = [], {}
    for h in rows:
        if h.history_type == "-":
            current_state.pop(h.id, None)
        else:
            current_state[h.id] = {f: getattr(h, f) for f in (*PARTY_FIELDS, "position")}
        states.append((h.history_date, dict(current_state)))
    return states


def _parties_at(states, moment: dt.datetime | None) -> dict[str, Any]:
    """The parties in force just before ``moment`` (None: now), as party.N.* fields."""
    chosen: dict[int, dict] = {}
    for when, state in states:
        if moment is not None and when >= moment:
            break
        chosen = state
    flat = {}
    for n, party in enumerate(sorted(chosen.values(), key=lambda p: p["position"]), 1):
        for f in PARTY_FIELDS:
            flat[f"party.{n}.{f}"] = party[f] or None
    return flat


def _membership(fields: dict[str, Any]) -> list[tuple[Any, Any]]:
    """(name, organization) of each party in the flat party.N.* fields, in order."""
    out, n = [], 1
    while f"party.{n}.name" in fields:
        out.append((fields[f"party.{n}.name"], fields.get(f"party.{n}.organization_id")))
        n += 1
    return out


def _with_membership(changes: dict[str, list], old: dict | None, new: dict) -> dict[str, list]:
    """When parties were added or removed (not only renamed), the changes say so at once:
    ``parties``: [old names, new names]."""
    if old is None:
        return changes
    before, after = _membership(old), _membership(new)
    if len(before) == len(after) and [o for _, o in before] == [o for _, o in after]:
        return changes
    return {**changes, "parties": [[n for n, _ in before], [n for n, _ in after]]}


def _who(h) -> str | None:
    return h.history_user.get_username() if h.history_user_id else None


def record_versions(record_id: int) -> list[dict[str, Any]]:
    """Every version of a record, newest first (GET /api/v1/records/{id}/history)."""
    rows = list(
        Record.history.filter(id=record_id)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    states = _party_states(record_id)
    versions, previous = [], None
    for i, h in enumerate(rows):
        following = rows[i + 1].history_date if i + 1 < len(rows) else None
        fields = {**_fields(h), **_parties_at(states, following)}
        versions.append(
            {
                "version": h.version,
                "at": h.history_date.isoformat(),
                "user": _who(h),
                "source": h.history_source or ("edit" if h.history_user_id else None),
                "reason": h.history_change_reason or "",
                "type": TYPES.get(h.history_type, h.history_type),
                "changes": (
                    _with_membership(_diff(previous, fields), previous, fields)
                    if h.history_type != "-"
                    else {}
                ),
                "history_id": h.history_id,
            }
        )
        previous = fields
    return versions[::-1]


def version_fields(record_id: int, version: int) -> dict[str, Any] | None:
    """The record's fields (and party.N.* fields) as they stood at ``version``."""
    rows = list(Record.history.filter(id=record_id).order_by("history_date", "history_id"))
    states = _party_states(record_id)
    for i, h in enumerate(rows):
        if h.version == version and h.history_type != "-":
            following = rows[i + 1].history_date if i + 1 < len(rows) else None
            return {**_fields(h), **_parties_at(states, following)}
    return None


def organization_versions(org_id: int, limit: int = 100) -> list[dict[str, Any]]:
    """Changes to the organization itself, newest first."""
    rows = list(
        Organization.history.filter(id=org_id)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    out, previous = [], None
    for h in rows:
        fields = _fields(h)
        out.append(_entry("organization", h, _diff(previous, fields), f"/organizations/{org_id}"))
        previous = fields
    return out[::-1][:limit]


def organization_record_changes(org_id: int, limit: int = 100) -> list[dict[str, Any]]:
    """Changes to the records the organization is (or was) a party of, newest first."""
    ids = set(Party.history.filter(organization_id=org_id).values_list("record_id", flat=True))
    rows = (
        Record.history.filter(id__in=ids)
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )
    return [_feed_entry("record", h, previous) for h, previous in _with_previous(Record, rows)]


def _with_previous(model, rows) -> list[tuple[Any, Any]]:
    """Each historical row of ``rows`` with the row before it of the same object (None for
    a creation or a deletion), in two queries: simple-history's ``prev_record`` asks
    once per row, which made a page of 50 changes take ~0.4 s of query building."""
    earlier = model.history.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date"))
    rows = list(
        rows.annotate(
            previous_id=Subquery(
                earlier.order_by("-history_date", "-history_id").values("history_id")[:1]
            )
        )
    )
    wanted = [h.previous_id for h in rows if h.history_type == "~" and h.previous_id]
    found = model.history.in_bulk(wanted)
    return [(h, found.get(h.previous_id) if h.history_type == "~" else None) for h in rows]


def _entry(kind: str, h, changes: dict, url: str) -> dict[str, Any]:
    return {
        "object": kind,
        "id": h.id,
        "title": getattr(h, "title", None) or getattr(h, "name", ""),
        "url": url,
        "version": getattr(h, "version", None),
        "at": h.history_date.isoformat(),
        "user": _who(h),
        "source": h.history_source or ("edit" if h.history_user_id else None),
        "reason": h.history_change_reason or "",
        "type": TYPES.get(h.history_type, h.history_type),
        "changes": changes,
    }


def _feed_entry(kind: str, h, previous) -> dict[str, Any]:
    """``previous``: the historical row before ``h`` of the same object (None: none)."""
    changes = (
        {} if h.history_type == "-" else _diff(_fields(previous) if previous else None, _fields(h))
    )
    url = f"/records/{h.id}" if kind == "record" else f"/organizations/{h.id}"
    return _entry(kind, h, changes, url)


def feed(
    limit: int = 50, before: dt.datetime | None = None, edits_only: bool = False
) -> list[dict[str, Any]]:
    """The latest changes to records and organizations, newest first (``/changes``).
    ``before`` pages back; ``edits_only`` leaves out what documents changed."""
    entries = []
    for kind, model in (("record", Record), ("organization", Organization)):
        rows = model.history.select_related("history_user")
        if before is not None:
            rows = rows.filter(history_date__lt=before)
        if edits_only:
            rows = rows.filter(history_source="")
        rows = rows.order_by("-history_date", "-history_id")[:limit]
        entries += [(h.history_date, kind, h, prev) for h, prev in _with_previous(model, rows)]
    entries.sort(key=lambda e: e[0], reverse=True)
    return [_feed_entry(kind, h, previous) for _, kind, h, previous in entries[:limit]]


def changed_fields(entries: list[dict[str, Any]]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for e in entries:
        for f in e["changes"]:
            counts[f] += 1
    return dict(counts)
