"""Curves through keys: the interpolation a parameter uses between its keyframes, and a
KEY value operation between its (source value, value) pairs.

A curve is its keys' x positions (frames, ascending), their values, and for each key the
kind of the stretch that starts at it: ``SPLINE`` (Poser's default), ``LINEAR`` or
``CONSTANT`` (step: the key's value holds until the next key). Spline stretches are cubic
Hermite curves through the keys; a key's slope is that of its two neighbours (Catmull-Rom),
except at the curve's ends, at a spline break and next to a non-spline stretch, where it is
the slope of the stretch itself (so a spline through two keys is a straight line). Before
the first key the curve holds the first value, after the last the last value.
"""

from bisect import bisect_right

SPLINE, LINEAR, CONSTANT = "spline", "linear", "constant"


def evaluate(xs, values, kinds, x, breaks=()):
    """The curve's value at ``x``. ``xs`` ascending, ``values`` and ``kinds`` one per key,
    ``breaks`` the indices of keys where a spline breaks (may be a set). At least one key."""
    last = len(xs) - 1
    if x <= xs[0]:
        return values[0]
    if x >= xs[last]:
        return values[last]
    i = bisect_right(xs, x) - 1
    kind = kinds[i]
    x0, x1 = xs[i], xs[i + 1]
    p0, p1 = values[i], values[i + 1]
    if kind == CONSTANT:
        return p0
    t = (x - x0) / float(x1 - x0)
    if kind == LINEAR:
        return p0 + (p1 - p0) * t
    dx = float(x1 - x0)
    chord = (p1 - p0) / dx
    if i == 0 or i in breaks or kinds[i - 1] != SPLINE:
        m0 = chord
    else:
        m0 = (p1 - values[i - 1]) / float(x1 - xs[i - 1])
    if i + 1 == last or (i + 1) in breaks or kinds[i + 1] != SPLINE:
        m1 = chord
    else:
        m1 = (values[i + 2] - p0) / float(xs[i + 2] - x0)
    t2 = t * t
    t3 = t2 * t
    return ((2 * t3 - 3 * t2 + 1) * p0 + (t3 - 2 * t2 + t) * dx * m0
            + (3 * t2 - 2 * t3) * p1 + (t3 - t2) * dx * m1)


def kind_at(xs, kinds, x, default=SPLINE):
    """The kind of the stretch ``x`` lies in (the last key's kind after the last key, the
    first key's before the first); ``default`` when there are no keys."""
    if not xs:
        return default
    i = bisect_right(xs, x) - 1
    return kinds[max(i, 0)]
