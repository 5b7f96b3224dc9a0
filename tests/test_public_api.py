"""The public API as CONTRIBUTING.md describes it: every public module is listed in
``nmjlib.__all__`` and has its own ``__all__``; every public function and method carries type
hints and a numpydoc docstring; every ``rng`` parameter takes the same seed types; no module
is longer than the limit that keeps one concept per file."""

from __future__ import annotations

import inspect
import pkgutil
from pathlib import Path

import pytest

import nmjlib

MODULES = [name for name in nmjlib.__all__ if inspect.ismodule(getattr(nmjlib, name))]
MAX_MODULE_LINES = 450  # CONTRIBUTING.md: "no module over about 400 lines"


def _public_callables():
    for module_name in MODULES:
        module = getattr(nmjlib, module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                yield f"{module_name}.{name}", obj
            elif inspect.isclass(obj):
                for attr, member in vars(obj).items():
                    if attr.startswith("_"):
                        continue
                    function = getattr(member, "__func__", member)
                    if inspect.isfunction(function):
                        yield f"{module_name}.{name}.{attr}", function


CALLABLES = dict(_public_callables())


def test_every_public_subpackage_and_module_is_listed():
    found = {info.name for info in pkgutil.iter_modules(nmjlib.__path__) if not info.name.startswith("_")}
    assert found == set(MODULES)


@pytest.mark.parametrize("module_name", MODULES)
def test_public_modules_declare_their_api(module_name):
    module = getattr(nmjlib, module_name)
    assert module.__doc__ and module.__doc__.strip()
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert not missing, f"nmjlib.{module_name}.__all__ names missing objects: {missing}"


def test_the_api_is_not_empty():
    # A guard for the tests below: they would pass vacuously on an empty API.
    assert len(CALLABLES) > 60


@pytest.mark.parametrize("qualified_name", sorted(CALLABLES))
def test_public_callables_have_type_hints_and_docstrings(qualified_name):
    function = CALLABLES[qualified_name]
    signature = inspect.signature(function)
    unannotated = [
        name
        for name, parameter in signature.parameters.items()
        if name not in ("self", "cls")
        and parameter.kind not in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD)
        and parameter.annotation is inspect.Parameter.empty
    ]
    assert not unannotated, f"{qualified_name}: parameters without type hints: {unannotated}"
    assert signature.return_annotation is not inspect.Signature.empty, f"{qualified_name}: no return type"
    assert function.__doc__ and function.__doc__.strip(), f"{qualified_name}: no docstring"


def test_every_rng_parameter_takes_a_seed_a_generator_or_none():
    with_rng = {name: f for name, f in CALLABLES.items() if "rng" in inspect.signature(f).parameters}
    assert len(with_rng) >= 8
    annotations = {name: str(inspect.signature(f).parameters["rng"].annotation) for name, f in with_rng.items()}
    accepted = {"SeedLike", "int | np.random.Generator | None"}
    assert {name: a for name, a in annotations.items() if a not in accepted} == {}


def test_modules_stay_small():
    root = Path(nmjlib.__file__).parent
    sizes = {str(p.relative_to(root)): len(p.read_text().splitlines()) for p in root.rglob("*.py")}
    assert {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES} == {}
