"""nmjlib.results: estimates that behave as floats and carry their method, and one table."""

from __future__ import annotations

import math
import pickle
import warnings

import numpy as np
import pytest

from nmjlib import quantal
from nmjlib.results import Estimate, to_frame


def test_estimators_return_estimates_with_their_method_and_interval():
    e = quantal.quantal_content_failures(50, 10)
    assert isinstance(e, Estimate) and e == pytest.approx(math.log(5)) and e.method == "failures" and e.n == 50
    assert e.ci == pytest.approx(quantal.failures_ci(50, 10))
    d = quantal.quantal_content_direct(8.75, 0.5, driving_force_mV=70.0)
    assert d == pytest.approx(20.0) and "non-linear summation" in d.method
    c = quantal.quantal_content_cv(np.array([1.0, 2.0, 3.0, 2.0]), quantal_cv=0.3)
    assert "quantal CV" in c.method and c.n == 4


def test_estimates_are_immutable_floats_that_pickle():
    e = Estimate(1.5, method="direct", se=0.1)
    assert 2 * e == 3.0 and type(2 * e) is float and round(e, 0) == 2.0
    with pytest.raises(AttributeError, match="immutable"):
        e.method = "other"
    back = pickle.loads(pickle.dumps(e))
    assert back == e and back.method == "direct" and back.se == 0.1
    with pytest.raises(TypeError, match="method"):
        Estimate(1.0, method="")


def test_to_frame_tabulates_any_result_with_as_row():
    epp = [
        quantal.simulate_epps(3000, n=40, p=p, quantal_size_mV=0.5, quantal_cv=0.1, rng=i)
        for i, p in enumerate([0.2, 0.5, 0.8])
    ]
    fits = [
        quantal.variance_mean_fit(epp),
        quantal.chi_square_histogram([10, 20, 30], [12, 19, 29]),
        quantal.quantal_content_failures(100, 30),
    ]
    frame = to_frame(fits, labels=["vm", "chi2", "failures"])
    assert list(frame["label"]) == ["vm", "chi2", "failures"] and frame.shape[0] == 3
    with pytest.raises(TypeError, match="as_row"):
        to_frame([1.0])
    with pytest.raises(ValueError, match="one entry per result"):
        to_frame(fits, labels=["a"])


def test_new_diagnoses_for_input_that_used_to_confuse():
    # Variance rising faster than the mean: said "look Poisson" before; now says what it is.
    runs = [
        quantal.simulate_epps(3000, m=m, quantal_size_mV=0.3 * (1 + k), quantal_cv=0.1, rng=k)
        for k, m in enumerate([1, 3, 6, 10])
    ]
    with pytest.raises(ValueError, match="bends ABOVE a straight line"):
        quantal.variance_mean_fit(runs)
    # Pure noise: a degenerate histogram fit now warns.
    noise = np.random.default_rng(1).normal(0.0, 0.05, 500)
    with pytest.warns(RuntimeWarning, match="degenerate"):
        quantal.fit_epp_amplitudes(noise, noise_sd_mV=0.05)
    # A good fit does not warn.
    epp = quantal.simulate_epps(3000, m=1.5, quantal_size_mV=0.5, quantal_cv=0.2, noise_sd_mV=0.05, rng=8)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        quantal.fit_epp_amplitudes(epp, noise_sd_mV=0.05)
    # Scalars are reported without "at index ()".
    with pytest.raises(ValueError, match=r"got 1\.2$"):
        quantal.fraction_blocked(1.2, [2.0])
    # Memory: a trillion trials is refused before numpy tries.
    with pytest.raises(ValueError, match="GiB"):
        quantal.simulate_release(10**12, m=2)
    # Martin's correction: the bound is explained.
    with pytest.raises(ValueError, match="driving_force_mV"):
        quantal.quantal_content_direct(1.2, 0.4, driving_force_mV=1.0)
