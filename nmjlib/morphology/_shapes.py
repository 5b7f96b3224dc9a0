"""Drawing synthetic junctions: the rodent-like pretzel, the human-like nummular endplate
and its sparse nerve terminal.

Private: used by ``nmjlib.morphology._synthetic`` (one junction) and
``nmjlib.morphology._presets`` (populations). Shapes are built in pixels, on boolean
canvases of a given ``shape``; points are (row, column). Shapes are *illustrative*: they
mimic the published descriptions, not any measured junction.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import ndimage

from ._variables import EIGHT as _EIGHT

# --- drawing helpers ----------------------------------------------------------------------


def _draw_polyline(shape: tuple[int, int], points: np.ndarray) -> np.ndarray:
    from skimage.draw import line

    canvas = np.zeros(shape, dtype=bool)
    pts = np.round(points).astype(int)
    for (r0, c0), (r1, c1) in zip(pts[:-1], pts[1:]):
        rr, cc = line(r0, c0, r1, c1)
        ok = (rr >= 0) & (rr < shape[0]) & (cc >= 0) & (cc < shape[1])
        canvas[rr[ok], cc[ok]] = True
    return canvas


def _thicken(lines: np.ndarray, radius_px: float) -> np.ndarray:
    if not lines.any():
        return np.zeros_like(lines)
    return ndimage.distance_transform_edt(~lines) <= radius_px


def _count(mask: np.ndarray) -> int:
    return int(ndimage.label(mask, structure=_EIGHT)[1])


def _unit(angle: float) -> np.ndarray:
    """Unit vector (row, column) at ``angle``; 0 points right, pi/2 down, -pi/2 up."""
    return np.array([math.sin(angle), math.cos(angle)])


def _to_edge(shape: tuple[int, int], start: np.ndarray, direction: np.ndarray) -> np.ndarray:
    """A straight line from ``start`` along ``direction`` to beyond the image edge."""
    return _draw_polyline(shape, np.array([start, start + 2 * max(shape) * direction]))


# --- rodent-like: the pretzel -------------------------------------------------------------


def _pretzel(shape, centre, radius, band, n_frag, n_br, gen, attempts: int = 50):
    """A modulated loop of receptors with side branches, cut into ``n_frag`` pieces.

    Cuts go through the loop only; a layout whose pieces do not number exactly ``n_frag``
    (a cut grazing a branch) is redrawn with a new phase. Returns the receptor mask, the
    centre lines (for the nerve terminal) and the point at the top of the loop where the
    axon joins the terminal.
    """
    theta = np.linspace(0, 2 * np.pi, 720)
    loop_r = radius - band  # the band's outer edge reaches the requested radius
    for _ in range(attempts):
        phase = gen.uniform(0, 2 * np.pi)
        r = loop_r * (1 - 0.15 + 0.15 * np.sin(3 * theta + phase))
        loop = _draw_polyline(shape, centre + np.column_stack((r * np.sin(theta), r * np.cos(theta))))
        branches = np.zeros(shape, bool)
        for angle in np.linspace(0, 2 * np.pi, n_br, endpoint=False) + phase:
            start = centre + loop_r * (1 - 0.15 + 0.15 * np.sin(3 * angle + phase)) * _unit(angle)
            end = centre + 0.3 * radius * _unit(angle + 0.4)
            branches |= _draw_polyline(shape, np.linspace(start, end, 50))
        loop_band, branch_band = _thicken(loop, band), _thicken(branches, band)
        if n_frag > 1:
            for angle in np.linspace(0, 2 * np.pi, n_frag, endpoint=False) + gen.uniform(0, 2 * np.pi):
                direction = _unit(angle)
                cut = _draw_polyline(
                    shape, np.array([centre + 0.4 * radius * direction, centre + 1.3 * radius * direction])
                )
                loop_band &= ~_thicken(cut, band * 1.2)
        achr = loop_band | branch_band
        if _count(achr) == n_frag:
            top = -np.pi / 2
            entry = centre + loop_r * (1 - 0.15 + 0.15 * np.sin(3 * top + phase)) * _unit(top)
            return achr, loop | branches, entry
    raise RuntimeError(
        f"could not lay out a pretzel with {n_frag} fragments in {attempts} attempts; use fewer fragments or a larger image"
    )


# --- human-like: the nummular endplate ----------------------------------------------------


_MIN_COIN_PX = 1.5


def _coin_radius(radius: float, n_frag: int) -> float:
    """Coin radius (pixels) of ``n_frag`` coins in an endplate of ``radius`` pixels: one coin
    fills it; several are as large as the ring allows without touching (spacing 2 pi ring /
    n), at most 30% of the radius."""
    if n_frag == 1:
        return radius / 1.1
    return min(0.3 * radius, 0.45 * np.pi * radius / (n_frag + 0.45 * np.pi * 1.1))


def _max_coins(radius: float, min_coin: float = _MIN_COIN_PX) -> int:
    """The most coins (at least 1) of radius >= ``min_coin`` in an endplate of ``radius``
    pixels."""
    n = max(int(0.45 * np.pi * radius / min_coin - 0.45 * np.pi * 1.1) + 1, 1)
    while n > 1 and _coin_radius(radius, n) < min_coin:
        n -= 1
    return n


def _nummular(shape, centre, radius, n_frag, gen):
    """``n_frag`` coin-shaped clusters in a ring whose outer edge reaches ``radius``.

    Returns the receptor mask, an index image (coin ``i`` is ``i + 1``, background 0), the
    coin centres in ring order, the coin radius, the ring radius and the coins' angles.
    """
    yy, xx = np.mgrid[: shape[0], : shape[1]]
    coin = _coin_radius(radius, n_frag)
    if n_frag == 1:
        ring, angles = 0.0, np.array([gen.uniform(0, 2 * np.pi)])
    else:
        ring = radius - 1.1 * coin  # the coins' outer edges reach the radius
        angles = np.linspace(0, 2 * np.pi, n_frag, endpoint=False) + gen.uniform(0, 2 * np.pi)
    if coin < _MIN_COIN_PX:
        raise ValueError(
            f"n_fragments={n_frag} coins do not fit in an endplate of {2 * radius:.0f} pixels; use fewer fragments or a larger endplate"
        )
    index = np.zeros(shape, np.int32)
    centres = centre + ring * np.column_stack((np.sin(angles), np.cos(angles)))
    for i, c in enumerate(centres):
        stretch = gen.uniform(0.9, 1.1)
        index[((yy - c[0]) / (coin * stretch)) ** 2 + ((xx - c[1]) / (coin / stretch)) ** 2 <= 1] = i + 1
    return index > 0, index, centres, coin, ring, angles


def _arc(centre, radius, start, stop):
    """Points along a circular arc from angle ``start`` to ``stop``, about a pixel apart."""
    n = max(int(math.ceil(abs(stop - start) * radius)), 1) + 1
    angles = np.linspace(start, stop, n)
    return centre + radius * np.column_stack((np.sin(angles), np.cos(angles)))


def _nummular_terminal(shape, centre, index, coin_centres, coin, ring, angles, coverage):
    """A sparse nerve terminal over a nummular endplate.

    The terminal enters at the endplate edge in the gap between the last coin and the first,
    runs inwards to the ring of coin centres and splits there into two arms, which follow
    the ring from coin to coin (one arm each way) and do not meet again: one branch point,
    three branches (a single central coin: one branch, no branch point). Between coins the
    arms are thin segments that stay off the receptors. On each coin the terminal widens
    into a bouton: an ellipse along the ring, of major semi-axis the coin radius, tapering
    into the segments where they enter the coin and rounded where an arm ends; its minor
    semi-axis is chosen, coin by coin, so that the bouton covers ``coverage`` of the coin's
    pixels. A neck along the centre line, as wide as the segments (narrower if that alone
    would exceed the coverage), is always covered, so the bouton stays joined to the
    segments; the coverage is exact to the pixel unless even a one-pixel neck exceeds it (a
    coin a few pixels wide at low coverage). Boutons and arms have no corners, so the
    skeleton has no spurs from them.

    Returns the terminal mask, the entry point at the endplate edge and the outward
    direction of the axon.
    """
    n = len(coin_centres)
    rows, cols = np.nonzero(index)
    coin_of = index[rows, cols] - 1
    segment_radius = max(0.2 * coin, 1.5)
    if n == 1:
        out = _unit(angles[0])  # one central coin, entered from its edge
        entry = coin_centres[0] + 1.1 * coin * out
        paths = [np.array([entry, coin_centres[0]])]
        # Coordinates of each receptor pixel: along the stem (towards the entry) and across it.
        offset = np.column_stack((rows, cols)) - coin_centres[0]
        along = offset @ out
        across = offset[:, 0] * out[1] - offset[:, 1] * out[0]
        neck_before, neck_after = np.array([False]), np.array([True])
    else:
        split_angle = angles[0] - np.pi / n  # the gap between the last coin and the first
        out = _unit(split_angle)
        # The stem reaches the endplate edge, and sticks out a little more from a ring of
        # tiny coins, so that it survives blurring and thresholding as a branch of its own.
        entry = centre + (ring + max(1.1 * coin, 4 * segment_radius)) * out
        half = n // 2 + n % 2  # arm A: coins 0 .. half-1 (angles increasing); arm B: the rest
        paths = [
            np.array([entry, centre + ring * out]),
            _arc(centre, ring, split_angle, angles[half - 1]),
            _arc(centre, ring, split_angle, angles[half] - 2 * np.pi) if half < n else np.empty((0, 2)),
        ]
        # Coordinates of each receptor pixel: arc length along the ring from its coin's
        # centre (positive with increasing angle) and distance across the ring.
        offset = np.column_stack((rows, cols)) - centre
        turn = np.angle(np.exp(1j * (np.arctan2(offset[:, 0], offset[:, 1]) - angles[coin_of])))
        along = ring * turn
        across = np.hypot(offset[:, 0], offset[:, 1]) - ring
        # Which side of each coin the terminal leaves by: arm A enters each coin from the
        # side of smaller angles and goes on to the next; arm B the mirror image.
        i = np.arange(n)
        neck_before = (i < half) | (i > half)  # a neck towards smaller angles
        neck_after = (i >= half) | (i < half - 1)  # a neck towards larger angles
    centre_line = np.zeros(shape, bool)
    for path in paths:
        if len(path) > 1:
            centre_line |= _draw_polyline(shape, path)
    to_line = ndimage.distance_transform_edt(~centre_line)
    segments = (to_line <= segment_radius) & (index == 0)
    # Rank each coin's pixels by the minor semi-axis at which the bouton first includes them:
    # an ellipse (semi-axes `coin` along, b across) on the sides with a neck, a disc of
    # radius b on a side without.
    toward_neck = np.where(along >= 0, neck_after[coin_of], neck_before[coin_of])
    with np.errstate(invalid="ignore", divide="ignore"):
        ellipse = np.where(np.abs(along) < coin, np.abs(across) / np.sqrt(1 - (along / coin) ** 2), np.inf)
    score = np.where(toward_neck, ellipse, np.hypot(along, across))
    # The neck is as wide as the segments unless that alone would exceed some coin's coverage.
    sizes = np.bincount(coin_of, minlength=n)
    target = np.rint(coverage * sizes)
    for neck_radius in (segment_radius, 1.0, 0.0):
        neck = to_line[rows, cols] <= neck_radius
        if np.all(np.bincount(coin_of[neck], minlength=n) <= target):
            break
    order = np.lexsort((np.where(neck, -1.0, score), coin_of))
    first = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size) - first[coin_of[order]]
    keep = (rank < target[coin_of]) | neck
    boutons = np.zeros(shape, bool)
    boutons[rows[keep], cols[keep]] = True
    return segments | boutons, entry, out
