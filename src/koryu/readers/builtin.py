"""The readers that ship with Koryu, registered like any plugin's.

The order settles ties between two equally confident sniffers: the earlier one wins.
"""

from __future__ import annotations

from koryu.readers import (
    association,
    case_cards,
    generic,
    multilateral,
    network_page,
    seminar_series,
    twin_cities,
)
from koryu.readers.hookspecs import hookimpl


@hookimpl
def koryu_readers():
    return [
        case_cards,
        multilateral,
        seminar_series,
        association,
        network_page,
        twin_cities,
        generic,
    ]
