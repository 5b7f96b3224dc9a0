"""nmjlib.plotting.disorder_map: markers at the right structures, readable boxes, bad input."""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import pytest

from nmjlib import plotting

SITES = {
    "axon/motor neuron": ["amyotrophic lateral sclerosis", "spinal muscular atrophy"],
    "terminal": ["Lambert-Eaton syndrome", "botulism", "presynaptic congenital myasthenic syndromes"],
    "cleft": ["AChE deficiency (COLQ)"],
    "postsynaptic membrane": ["AChR myasthenia gravis", "slow-channel", "fast-channel", "CHRNE"],
    "signalling": ["MuSK myasthenia gravis", "LRP4", "agrin", "DOK7", "rapsyn"],
}

# Where nmj_schematic draws each structure (default 4 folds): y ranges of the structure.
TERMINAL_Y, LAMINA_Y, SURFACE_Y, FOLD_BOTTOM, CAP_TOP = (3.0, 5.0), 2.8, 2.6, 0.5, 5.6


def _by_gid(ax, prefix):
    found = {}
    for artist in [*ax.collections, *ax.texts]:
        gid = artist.get_gid() or ""
        if gid.startswith(prefix):
            found[gid.split(":", 1)[1]] = artist
    return found


@pytest.fixture
def ax():
    axes = plotting.disorder_map(SITES)
    yield axes
    plt.close(axes.figure)


def test_every_site_gets_one_marker_on_its_structure(ax):
    markers = {site: tuple(m.get_offsets()[0]) for site, m in _by_gid(ax, "site-marker").items()}
    assert set(markers) == set(SITES) == set(plotting.DISORDER_SITE_NAMES)
    assert markers["axon/motor neuron"][1] > CAP_TOP
    assert TERMINAL_Y[0] < markers["terminal"][1] < TERMINAL_Y[1]
    assert markers["cleft"][1] == pytest.approx(LAMINA_Y)
    assert markers["postsynaptic membrane"][1] == pytest.approx(SURFACE_Y, abs=0.1)
    assert FOLD_BOTTOM < markers["signalling"][1] < SURFACE_Y - 0.3  # inside the muscle, under the membrane
    # within the drawing (x from 0 to 10), and top to bottom in the order of the sites
    assert all(0 < x < 10 for x, _ in markers.values())
    ys = [markers[s][1] for s in plotting.DISORDER_SITE_NAMES]
    assert ys == sorted(ys, reverse=True)


def test_each_box_lists_its_disorders_points_at_its_marker_and_is_numbered(ax):
    texts = _by_gid(ax, "site-text")
    markers = _by_gid(ax, "site-marker")
    for number, site in enumerate(plotting.DISORDER_SITE_NAMES, start=1):
        text = texts[site].get_text()
        assert text.startswith(f"{number}  {plotting.DISORDER_SITE_NAMES[site]}")
        flat = " ".join(text.split())
        assert all(name in flat for name in SITES[site]), (site, flat)
        assert tuple(texts[site].xy) == pytest.approx(tuple(markers[site].get_offsets()[0]))
        assert texts[site].get_position()[0] > 10  # boxes sit right of the drawing
    numbers = [t.get_text() for t in ax.texts if t.get_text() in {"1", "2", "3", "4", "5"}]
    assert sorted(numbers) == ["1", "2", "3", "4", "5"]


def test_the_boxes_do_not_overlap_and_stay_inside_the_axes(ax):
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = {site: t.get_bbox_patch().get_window_extent(renderer) for site, t in _by_gid(ax, "site-text").items()}
    for (a, box_a), (b, box_b) in itertools.combinations(boxes.items(), 2):
        assert not box_a.overlaps(box_b), f"the boxes of {a} and {b} overlap"
    frame = ax.get_window_extent(renderer)
    for site, box in boxes.items():
        assert frame.y0 - 1 <= box.y0 and box.y1 <= frame.y1 + 1, f"{site} box leaves the axes"


def test_the_colours_are_from_the_colour_blind_safe_palette(ax):
    palette = {c.lower() for c in plotting.OKABE_ITO.values()}
    for marker in _by_gid(ax, "site-marker").values():
        edge = marker.get_edgecolor()[0]
        hexed = "#{:02x}{:02x}{:02x}".format(*(round(255 * c) for c in edge[:3]))
        assert hexed in palette
    assert len({tuple(m.get_edgecolor()[0]) for m in _by_gid(ax, "site-marker").values()}) == 5


def test_a_subset_is_numbered_from_one_and_many_names_still_fit():
    long = {"signalling": [f"disorder number {k}" for k in range(12)], "terminal": ["botulism"]}
    ax = plotting.disorder_map(long)
    texts = _by_gid(ax, "site-text")
    assert set(texts) == {"terminal", "signalling"}
    assert texts["terminal"].get_text().startswith("1 ") and texts["signalling"].get_text().startswith("2 ")
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    box = texts["signalling"].get_bbox_patch().get_window_extent(renderer)
    assert box.y0 >= ax.get_window_extent(renderer).y0 - 1
    plt.close(ax.figure)


def test_it_draws_on_given_axes():
    fig, given = plt.subplots()
    assert plotting.disorder_map({"cleft": ["COLQ"]}, ax=given) is given
    plt.close(fig)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="unknown site 'synapse'; known sites: 'axon/motor neuron', 'terminal'"):
        plotting.disorder_map({"synapse": ["MG"]})
    with pytest.raises(ValueError, match="at least one site; known sites: 'axon/motor neuron'"):
        plotting.disorder_map({})
    with pytest.raises(TypeError, match="must be a sequence of disorder names"):
        plotting.disorder_map({"cleft": "COLQ"})
    with pytest.raises(ValueError, match=r"sites\['cleft'\] must hold at least one"):
        plotting.disorder_map({"cleft": []})
    with pytest.raises(TypeError, match="sites must be a mapping"):
        plotting.disorder_map([("cleft", ["COLQ"])])
    plt.close("all")
