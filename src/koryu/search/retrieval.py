"""The SQL around a match, written once for both databases: filters, pages, counts, facets.

Every statement is bounded: pages read the primary key in order with a LIMIT, counting
stops at COUNT_CAP, facets look at the FACET_SCAN newest matches at most. Values are always bound
parameters; the only names put into SQL are this package's table and column names.
"""

from __future__ import annotations

from dataclasses import dataclass

from koryu.search.backends import Backend
from koryu.search.backends.base import UNDATED_FROM
from koryu.search.expression import Node
from koryu.search.facets import FACET_SCAN
from koryu.search.filters import Filter

COUNT_CAP = 10_000  # counting stops here: the total is then a floor (total_exact false)


@dataclass(frozen=True)
class Step:
    """One pass of the ranking: documents matching ``positive`` and not ``negative``,
    newest or oldest first, the dated ones, the undated ones or (None) all; ``extra``
    filters narrow it, ``only`` keeps just these documents, ``skip`` leaves these out
    (the place stages of a place-name query, see service.place_steps)."""

    positive: Node | None
    negative: Node | None
    score: int
    newest_first: bool = True
    dated: bool | None = None
    extra: tuple[Filter, ...] = ()
    only: tuple[int, ...] = ()
    skip: tuple[int, ...] = ()


class Retrieval:
    def __init__(self, backend: Backend, filters: list[Filter], org_ids: dict[str, list[int]]):
        self.backend = backend
        self.filters = filters
        self.org_ids = org_ids

    def _select(
        self,
        positive: Node | None,
        negative: Node | None,
        extra: tuple[Filter, ...] = (),
        columns: str = "",
    ) -> tuple[str, str, list]:
        source, id_column, params = self.backend.select(
            positive, negative, [*self.filters, *extra], self.org_ids
        )
        return f"SELECT {id_column} AS doc_id{columns} FROM {source}", id_column, params  # noqa: S608 -- backend names

    def page(self, cursor, step: Step, after: int | None, limit: int | None) -> list[int]:
        """A step's ids after ``after``: ``limit`` of them, or all (an export's read)."""
        sql, id_column, params = self._select(step.positive, step.negative, step.extra)
        for ids, op in ((step.only, "IN"), (step.skip, "NOT IN")):
            if ids:
                sql += f" AND {id_column} {op} ({','.join(['%s'] * len(ids))})"
                params.extend(ids)
        bounds = []  # ids ascend from the newest document (see backends.base)
        if step.dated is not None:
            bounds.append(("<" if step.dated else ">=", UNDATED_FROM))
        if after is not None:
            bounds.append((">" if step.newest_first else "<", after))
        rows = self.backend.fetch_ordered(
            cursor, sql, id_column, params, bounds, step.newest_first, limit
        )
        return [row[0] for row in rows]

    def matches(
        self, cursor, positive: Node | None, negative: Node | None, facets: bool = True
    ) -> tuple[int, list[str]]:
        """(the number of matching documents, up to COUNT_CAP + 1; the packed facets of
        the FACET_SCAN newest of them, when ``facets``)."""
        sql, id_column, params = self._select(positive, negative)
        if self.backend.counts_apart:
            # The FACET_SCAN newest with their facets, in order; only when there are that
            # many is the rest counted, in no order (the backend counts matches as it
            # finds them).
            if facets:
                ordered, ordered_id, ordered_params = self._select(
                    positive, negative, columns=", search_document.facets"
                )
                rows = self.backend.fetch_ordered(
                    cursor, ordered, ordered_id, ordered_params, [], True, FACET_SCAN
                )
                packed = [p for _, p in rows]
                if len(rows) < FACET_SCAN:
                    return len(rows), packed
                read = [doc_id for doc_id, _ in rows]
                return self.backend.count(cursor, sql, params, COUNT_CAP + 1, read), packed
            return self.backend.count(cursor, sql, params, COUNT_CAP + 1), []
        # One ordered read of the ids: counted, and the first FACET_SCAN looked up by id.
        rows = self.backend.fetch_ordered(cursor, sql, id_column, params, [], True, COUNT_CAP + 1)
        doc_ids = [row[0] for row in rows[:FACET_SCAN]]
        if not facets or not doc_ids:
            return len(rows), []
        marks = ",".join(["%s"] * len(doc_ids))
        cursor.execute(
            f"SELECT facets FROM search_document WHERE doc_id IN ({marks})",  # noqa: S608 -- placeholders only
            doc_ids,
        )
        return len(rows), [packed for (packed,) in cursor.fetchall()]


def date_steps(positive: Node | None, negative: Node | None, ascending: bool) -> list[Step]:
    """Ordered by date; undated documents last either way."""
    if ascending:
        return [
            Step(positive, negative, 0, newest_first=False, dated=True),
            Step(positive, negative, 0, newest_first=False, dated=False),
        ]
    return [Step(positive, negative, 0, newest_first=True)]
