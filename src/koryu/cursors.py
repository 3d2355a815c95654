"""Page cursors: an opaque, URL-safe token holding a page's position (plain Python).

Every paged list uses these two functions: the catalogue's keyset lists (a list of
values: the last id, or the last name and id) and the search (its step, the last
document and the query's fingerprint). A token that cannot be read raises BadCursor.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any


class BadCursor(ValueError):
    """A token that is not one of ours (or was cut)."""


def encode(position: Any) -> str:
    raw = json.dumps(position, separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(token: str) -> Any:
    try:
        raw = base64.urlsafe_b64decode(token.encode("ascii") + b"=" * (-len(token) % 4))
        return json.loads(raw)
    except (binascii.Error, ValueError, UnicodeError, AttributeError) as exc:
        raise BadCursor("invalid cursor") from exc
