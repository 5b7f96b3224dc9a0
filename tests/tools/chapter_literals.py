"""Find the numeric literals that a chapter's code passes to nmjlib.

A biological number in a chapter must come from the registry (``nmjlib.params``), so that
its unit, status and source travel with it. This module reads a chapter's code (executed
cells and the ``python`` blocks of solutions), finds every call of an nmjlib function, binds
its arguments to the function's parameter names, and collects the numeric literals that
reach each argument, following names back to their assignments, loop variables and
``**dict(...)`` settings. ``tests/test_chapter_numbers.py`` then requires each literal to
be a registry value or to be listed, with a reason, in ``tests/data/allowed_literals.csv``.

Not followed: literals inside lambdas (a statistic's formula), slice bounds and indices
(sample sizes taken from an array), and the arguments of other nmjlib calls (checked in
their own right). Parameters that describe the experiment's design rather than biology
(sample sizes, seeds, bins, image geometry) are skipped by name: see ``DESIGN_PARAMETERS``.

Usage: ``python chapter_literals.py chapters/02-quantal.md`` prints what it finds.
"""

from __future__ import annotations

import ast
import inspect
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nmjlib

NMJLIB_MODULES = {
    "anatomy",
    "cells",
    "morphology",
    "motor_units",
    "nested",
    "params",
    "plasticity",
    "plotting",
    "quantal",
    "rns",
}

# Parameters that set the size or look of a simulated experiment, not a property of a
# synapse: how many trials, fibres, experiments or junctions are drawn, the random seed,
# histogram bins, the axes, and the imaging of synthetic micrographs (pixel size, image size,
# camera noise and blur, in image units).
DESIGN_PARAMETERS = {
    "rng",
    "n_trials",
    "n_stimuli",
    "n_discharges",
    "n_events",
    "n_fibres",
    "n_animals",
    "nmjs_per_animal",
    "n_resamples",
    "bins",
    "ax",
    "figsize",
    "labels",
    "colors",
    "hatches",
    "color",
    "max_peaks",
    "density_curve",
    "size_px",
    "pixel_size_um",
    "noise_sd",
    "blur_sigma_px",
    "confidence",
    "statistic",
    "species",
    "name",
    "kind",
    "n_experiments",
    "bin_width_mV",
    "min_expected",
    "n_fitted",
    "n_sims",
    "n_individuals",
    "n_per_individual",
    "n_a",
    "n_b",
    "alpha",
}

_PASS_THROUGH = {
    "range",
    "enumerate",
    "zip",
    "dict",
    "list",
    "tuple",
    "float",
    "int",
    "min",
    "max",
    "round",
    "abs",
    "sorted",
    "sum",
}
_PASS_THROUGH_METHODS = {"items", "values", "keys", "copy", "astype"}

_FENCE = re.compile(
    r"^(`{3,})\{code-cell\}[^\n]*\n(?:---\n.*?\n---\n)?(.*?)^\1\s*$|^(`{3,})python\n(.*?)^\3\s*$", re.S | re.M
)


@dataclass(frozen=True)
class Literal:
    """A numeric literal that reaches an argument of an nmjlib function."""

    chapter: str
    function: str  # e.g. "quantal.simulate_epps"
    parameter: str
    value: float
    line: int  # line in the chapter file


def code_blocks(text: str) -> list[tuple[int, str]]:
    """(first line number, code) of every code cell and python block, in order."""
    blocks = []
    for match in _FENCE.finditer(text):
        code = match.group(2) if match.group(2) is not None else match.group(4)
        start = match.start(2) if match.group(2) is not None else match.start(4)
        blocks.append((text.count("\n", 0, start) + 1, code))
    return blocks


def _nmjlib_function(node: ast.AST):
    """The nmjlib function a call node calls, as (label, function), or None."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return None
    base = node.func.value
    if not (isinstance(base, ast.Name) and base.id in NMJLIB_MODULES):
        return None
    function = getattr(getattr(nmjlib, base.id), node.func.attr, None)
    if not callable(function):
        return None
    return f"{base.id}.{node.func.attr}", function


class _Chapter:
    def __init__(self, name: str, blocks: list[tuple[int, str]]):
        self.name = name
        self.trees = []
        for first_line, code in blocks:
            # IPython magics and shell escapes are not Python.
            clean = "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in code.splitlines())
            tree = ast.parse(clean)
            for node in ast.walk(tree):
                if hasattr(node, "lineno"):
                    node.chapter_line = first_line + node.lineno - 1
            self.trees.append(tree)
        self.bindings: dict[str, list[ast.AST]] = {}
        for tree in self.trees:
            for node in ast.walk(tree):
                if isinstance(node, ast.Assign):
                    for target in node.targets:
                        self._bind(target, node.value)
                elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
                    self._bind(node.target, node.value)
                elif isinstance(node, (ast.For, ast.comprehension)):
                    self._bind(node.target, node.iter, whole=True)

    def _bind(self, target: ast.AST, value: ast.AST, whole: bool = False) -> None:
        if isinstance(target, ast.Name):
            self.bindings.setdefault(target.id, []).append(value)
        elif isinstance(target, (ast.Tuple, ast.List)):
            parts = (
                value.elts
                if (not whole and isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts))
                else None
            )
            for i, element in enumerate(target.elts):
                self._bind(element, parts[i] if parts else value, whole=whole)

    def constants(self, node: ast.AST, seen: frozenset = frozenset()) -> list[float]:
        """Numeric literals that flow into ``node``."""
        if isinstance(node, ast.Constant):
            ok = isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
            return [float(node.value)] if ok else []
        if isinstance(node, (ast.Lambda, ast.Slice, ast.JoinedStr)):
            return []
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
            return self.constants(node.elt, seen)  # loop variables are followed as names
        if isinstance(node, ast.DictComp):
            return self.constants(node.value, seen)
        if isinstance(node, ast.Subscript):
            return self.constants(node.value, seen)
        if isinstance(node, ast.Name):
            if node.id in seen:
                return []
            return [c for bound in self.bindings.get(node.id, []) for c in self.constants(bound, seen | {node.id})]
        if _nmjlib_function(node) is not None:
            return []  # checked as a call of its own
        if isinstance(node, ast.Call):
            return self._call_constants(node, seen)
        if isinstance(node, ast.Attribute):
            return []  # a field of a result or module: its numbers were checked where it was made
        return [c for child in ast.iter_child_nodes(node) for c in self.constants(child, seen)]

    def _call_constants(self, node: ast.Call, seen: frozenset) -> list[float]:
        """Follow calls that pass numbers through (numpy, builtins, ``.items()``); stop at
        any other call, such as a figure's ``plt.subplots(...)`` or a registry look-up."""
        func = node.func
        passes = (isinstance(func, ast.Name) and func.id in _PASS_THROUGH) or (
            isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in {"np", "numpy"}
        )
        parts = list(node.args) + [k.value for k in node.keywords] if passes else []
        if isinstance(func, ast.Attribute) and func.attr in _PASS_THROUGH_METHODS:
            parts.append(func.value)
        return [c for part in parts for c in self.constants(part, seen)]

    def _keyword_settings(self, node: ast.AST) -> list[ast.keyword]:
        """The keywords of a ``**settings`` argument bound to ``dict(...)`` or ``{...}``."""
        sources = self.bindings.get(node.id, []) if isinstance(node, ast.Name) else [node]
        keywords = []
        for source in sources:
            if isinstance(source, ast.Call) and isinstance(source.func, ast.Name) and source.func.id == "dict":
                keywords.extend(source.keywords)
            elif isinstance(source, ast.Dict):
                keywords.extend(
                    ast.keyword(arg=k.value, value=v)
                    for k, v in zip(source.keys, source.values)
                    if isinstance(k, ast.Constant)
                )
        return keywords

    def literals(self) -> list[Literal]:
        found = []
        for tree in self.trees:
            for node in ast.walk(tree):
                resolved = _nmjlib_function(node)
                if resolved is None:
                    continue
                label, function = resolved
                names = list(inspect.signature(function).parameters)
                arguments = list(zip(names, node.args))
                for keyword in node.keywords:
                    if keyword.arg is None:
                        arguments.extend((k.arg, k.value) for k in self._keyword_settings(keyword.value))
                    else:
                        arguments.append((keyword.arg, keyword.value))
                for parameter, expr in arguments:
                    if parameter in DESIGN_PARAMETERS:
                        continue
                    for value in self.constants(expr):
                        found.append(Literal(self.name, label, parameter, value, node.chapter_line))
        return sorted(set(found), key=lambda lit: (lit.line, lit.function, lit.parameter, lit.value))


def chapter_literals(path: Path) -> list[Literal]:
    """Every numeric literal the chapter at ``path`` passes to an nmjlib function."""
    return _Chapter(path.stem, code_blocks(path.read_text(encoding="utf-8"))).literals()


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        for lit in chapter_literals(Path(arg)):
            print(f"{lit.chapter}:{lit.line} {lit.function}({lit.parameter}=...) {lit.value:g}")
