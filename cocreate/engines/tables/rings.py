"""Small finite rings for the modular designs: Z_g, the fields GF(p^m), and products of fields.

Elements are the integers ``0 .. g-1``; each ring is two lookup tables. The designs only need
that the differences of the labels they use multiply to non-zero elements, which a field always
gives and which the other rings give for small enough label sets.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product

import numpy as np
from numpy.typing import NDArray

IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class Ring:
    name: str
    order: int
    add: IntArray  # add[a, b]
    mul: IntArray  # mul[a, b]
    labels: tuple[int, ...]  # elements whose pairwise differences are units, in a good order


def prime_factors(n: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    d = 2
    while d * d <= n:
        if n % d == 0:
            e = 0
            while n % d == 0:
                n //= d
                e += 1
            out.append((d, e))
        d += 1
    if n > 1:
        out.append((n, 1))
    return out


def cyclic(g: int) -> Ring:
    a = np.arange(g, dtype=np.int64)
    return Ring(f"Z_{g}", g, (a[:, None] + a[None, :]) % g, (a[:, None] * a[None, :]) % g, tuple(range(g)))


def _poly_mulmod(x: list[int], y: list[int], modulus: list[int], p: int) -> list[int]:
    m = len(modulus) - 1
    res = [0] * (2 * m)
    for i, xi in enumerate(x):
        if xi:
            for j, yj in enumerate(y):
                res[i + j] = (res[i + j] + xi * yj) % p
    for deg in range(len(res) - 1, m - 1, -1):
        c = res[deg]
        if c:
            for k in range(m + 1):
                res[deg - m + k] = (res[deg - m + k] - c * modulus[k]) % p
    return res[:m]


def _irreducible(p: int, m: int) -> list[int]:
    """A monic irreducible polynomial of degree m over GF(p), lowest coefficient first."""
    for coeffs in product(range(p), repeat=m):
        poly = [*coeffs, 1]
        if poly[0] == 0:
            continue
        # no root is enough for m <= 3; for larger m check every monic factor of degree <= m/2
        if _has_no_factor(poly, p, m):
            return poly
    raise ValueError(f"no irreducible polynomial of degree {m} over GF({p})")


def _has_no_factor(poly: list[int], p: int, m: int) -> bool:
    for d in range(1, m // 2 + 1):
        for coeffs in product(range(p), repeat=d):
            if _poly_rem_zero(poly, [*coeffs, 1], p):
                return False
    return True


def _poly_rem_zero(num: list[int], den: list[int], p: int) -> bool:
    r = list(num)
    dd = len(den) - 1
    for deg in range(len(r) - 1, dd - 1, -1):
        c = r[deg]
        if c:
            for k in range(dd + 1):
                r[deg - dd + k] = (r[deg - dd + k] - c * den[k]) % p
    return not any(r[:dd])


def galois_field(p: int, m: int) -> Ring:
    q = p**m
    digits = [[(e // p**i) % p for i in range(m)] for e in range(q)]

    def encode(ds: list[int]) -> int:
        return sum(d * p**i for i, d in enumerate(ds))

    add = np.array(
        [[encode([(a + b) % p for a, b in zip(x, y, strict=True)]) for y in digits] for x in digits],
        dtype=np.int64,
    )
    if m == 1:
        mul = np.array([[(x * y) % p for y in range(q)] for x in range(q)], dtype=np.int64)
    else:
        modulus = _irreducible(p, m)
        mul = np.array(
            [[encode(_poly_mulmod(x, y, modulus, p)) for y in digits] for x in digits], dtype=np.int64
        )
    return Ring(f"GF({q})", q, add, mul, tuple(range(q)))


def field_product(parts: list[Ring]) -> Ring:
    """Direct product (MacNeish): element e has component (e // radix_i) % q_i in part i."""
    order = 1
    radices = []
    for r in parts:
        radices.append(order)
        order *= r.order
    comps = [[(e // rad) % r.order for r, rad in zip(parts, radices, strict=True)] for e in range(order)]

    def table(op: str) -> IntArray:
        out = np.zeros((order, order), dtype=np.int64)
        for a in range(order):
            for b in range(order):
                out[a, b] = sum(
                    int(getattr(r, op)[ca, cb]) * rad
                    for r, rad, ca, cb in zip(parts, radices, comps[a], comps[b], strict=True)
                )
        return out

    smallest = min(r.order for r in parts)
    labels = tuple(sum(k * rad for rad in radices) for k in range(smallest))
    name = " x ".join(r.name for r in parts)
    return Ring(name, order, table("add"), table("mul"), labels)


def rings_for(g: int) -> list[Ring]:
    """Candidate rings of order g, the most useful first."""
    factors = prime_factors(g)
    out: list[Ring] = []
    if len(factors) == 1:
        p, m = factors[0]
        if m == 1:
            return [cyclic(g)]
        if g <= 256:
            out.append(galois_field(p, m))
    elif g <= 128:
        out.append(field_product([galois_field(p, e) for p, e in factors]))
    out.append(cyclic(g))
    return out
