"""The in-process prefix index behind every suggestion list (header search box, place field,
gazetteer), and the holder that rebuilds such an index only when what it was built from changed."""

import threading
from bisect import bisect_left


class PrefixIndex:
    """Keys in sorted order, each with a value; finds the values whose key starts with a prefix.

    Built from (key, value) pairs; pairs with equal keys keep the order they were given in.
    """

    __slots__ = ("keys", "values")

    def __init__(self, pairs=()):
        pairs = sorted(pairs, key=lambda pair: pair[0])
        self.keys = tuple(key for key, _value in pairs)
        self.values = tuple(value for _key, value in pairs)

    def __len__(self):
        return len(self.keys)

    def starting_with(self, prefix):
        """The values (a tuple, in key order) whose key starts with `prefix` (a non-empty string)."""
        start = bisect_left(self.keys, prefix)
        end = bisect_left(self.keys, prefix[:-1] + chr(ord(prefix[-1]) + 1), lo=start)
        return self.values[start:end]

    def where(self, keep):
        """A new index with the pairs whose value `keep` accepts (order kept)."""
        index = PrefixIndex()
        pairs = [(key, value) for key, value in zip(self.keys, self.values, strict=True) if keep(value)]
        index.keys = tuple(key for key, _value in pairs)
        index.values = tuple(value for _key, value in pairs)
        return index


class Rebuilt:
    """Built values kept per process and rebuilt when their stamp changes.

    `get(stamp, *args)` returns `build(*args)`, built again only when `stamp` differs from the one
    it was built under; one thread builds while the others wait, and each value is replaced as a
    whole, so readers never see a mix.
    """

    def __init__(self, build):
        self._build = build
        self._held = {}
        self._lock = threading.Lock()

    def get(self, stamp, *args):
        """The value built from `args`, rebuilt if `stamp` moved on since it was built."""
        held = self._held.get(args)
        if held is None or held[0] != stamp:
            with self._lock:
                held = self._held.get(args)
                if held is None or held[0] != stamp:
                    held = self._held[args] = (stamp, self._build(*args))
        return held[1]
