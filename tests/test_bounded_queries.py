"""A query made only of operators or quotes is rejected like `*` (issue 14 item 5)."""

from __future__ import annotations

import pytest

from koryu.search.service import search


@pytest.mark.django_db
@pytest.mark.parametrize("q", ['"', "AND", "-", "OR", '""', "AND OR", "*"])
def test_operators_alone_are_rejected_like_a_star(q):
    result = search(q)
    assert result.error and result.error["code"] == "empty_query", (q, result.error)
    assert result.total == 0 and result.results == []


@pytest.mark.django_db
def test_an_empty_query_is_not_an_error():
    assert search("").error is None
