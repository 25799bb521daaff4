"""4x4 matrices as lists of rows, row-major, points as row vectors as in Poser: p' = p * M.

``LocalMatrix()``/``WorldMatrix()`` answer them as tuples of tuples (``as_tuple``).
"""

import math


def identity():
    return [[1.0 if r == c else 0.0 for c in range(4)] for r in range(4)]


def multiply(a, b):
    return [[sum(a[r][k] * b[k][c] for k in range(4)) for c in range(4)] for r in range(4)]


def rotation(axis, degrees):
    """The rotation about ``axis`` ("x", "y" or "z") by ``degrees``."""
    radians = math.radians(degrees)
    c, s = math.cos(radians), math.sin(radians)
    m = identity()
    if axis == "x":
        m[1][1], m[1][2], m[2][1], m[2][2] = c, s, -s, c
    elif axis == "y":
        m[0][0], m[0][2], m[2][0], m[2][2] = c, -s, s, c
    else:
        m[0][0], m[0][1], m[1][0], m[1][1] = c, s, -s, c
    return m


def transform_point(m, p):
    x, y, z = p
    return tuple(x * m[0][c] + y * m[1][c] + z * m[2][c] + m[3][c] for c in range(3))


def as_tuple(m):
    return tuple(tuple(row) for row in m)
