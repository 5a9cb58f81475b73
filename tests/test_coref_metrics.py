"""Coreference metrics against hand-computed values: the example of Pradhan et al. (2014,
"Scoring Coreference Partitions of Predicted Mentions", ACL, Fig. 1) and the test cases of the
CoNLL reference scorer (``reference-coreference-scorers/test/TestCases.README``, v8.01; the
MUC and B³ examples there come from Vilain et al. 1995 and Bagga & Baldwin 1998)."""

from __future__ import annotations

import itertools
import random
from fractions import Fraction as F

import pytest

from eventwire.evaluation.coref import (
    _hungarian_max,
    b_cubed,
    ceaf_e,
    conll_scores,
    muc,
)


def parse(spec: str) -> list[set[str]]:
    """'{abc} {de}' → [{'a','b','c'}, {'d','e'}] (one letter per mention)."""
    return [set(part.strip("{}")) for part in spec.split()]


def approx(x: F | float) -> object:
    return pytest.approx(float(x), abs=1e-12)


# -- Pradhan et al. 2014, Figure 1 ------------------------------------------------------------

KEY = parse("{abc} {defg}")
RESPONSE = parse("{ab} {cd} {fghi}")


def test_pradhan_2014_muc() -> None:
    s = muc(KEY, RESPONSE)
    # recall: (3 − 2) + (4 − 3) over (3 − 1) + (4 − 1); precision: (1 + 0 + 1) over (1 + 1 + 3)
    assert s.recall == approx(F(2, 5)) and s.precision == approx(F(2, 5))
    assert s.f1 == approx(F(2, 5))


def test_pradhan_2014_b_cubed() -> None:
    s = b_cubed(KEY, RESPONSE)
    # recall: (2²/3 + 1²/3 + 1²/4 + 2²/4) / 7 = 35/84; precision: (2²/2 + (1+1)/2 + 2²/4) / 8
    assert s.recall == approx(F(35, 84)) and s.precision == approx(F(1, 2))


def test_pradhan_2014_ceaf_e() -> None:
    s = ceaf_e(KEY, RESPONSE)
    # best alignment {abc}-{ab} (φ4 = 4/5) and {defg}-{fghi} (φ4 = 4/8): Φ = 1.3
    assert s.recall == approx(F(13, 20)) and s.precision == approx(F(13, 30))
    assert s.f1 == approx(F(13, 25))


def test_pradhan_2014_conll() -> None:
    scores = conll_scores(KEY, RESPONSE)
    expected = (F(2, 5) + 2 * F(35, 84) * F(1, 2) / (F(35, 84) + F(1, 2)) + F(13, 25)) / 3
    assert scores["conll_f1"] == approx(expected)
    assert set(scores) == {f"{m}_{x}" for m in ("muc", "b3", "ceafe") for x in ("r", "p", "f1")
                           } | {"conll_f1"}


# -- the reference scorer's test cases --------------------------------------------------------

TC_A_KEY = "{a} {bc} {def}"
# id: (response, MUC (r, p), B³ (r, p), CEAF-e (r, p) or None)
TC_A = {
    "A-1": ("{a} {bc} {def}", (1, 1), (1, 1), (1, 1)),
    "A-2": ("{a} {de}", (F(1, 3), 1), (F(7, 18), 1), (F(3, 5), F(9, 10))),
    "A-3": ("{a} {bcx} {defy} {z}", (1, F(3, 5)), (1, F(55, 108)),
            ((1 + F(4, 5) + F(6, 7)) / 3, (1 + F(4, 5) + F(6, 7)) / 4)),
    "A-4": ("{a} {bcx} {dy} {z}", (F(1, 3), F(1, 3)), (F(5, 9), F(17, 42)),
            ((1 + F(4, 5) + F(2, 5)) / 3, (1 + F(4, 5) + F(2, 5)) / 4)),
    "A-10": ("{a} {b} {c} {d} {e} {f}", (0, 0), (F(1, 2), 1), None),
    "A-11": ("{abcdef}", (1, F(3, 5)), (1, F(7, 18)), None),
    "A-12": ("{a} {x} {y} {c} {d} {e} {z}", (0, 0), (F(13, 36), F(4, 7)), None),
    "A-13": ("{axycdez}", (F(1, 3), F(1, 6)), (F(17, 36), F(6, 49)), None),
}


@pytest.mark.parametrize("case", sorted(TC_A))
def test_reference_scorer_tc_a(case: str) -> None:
    response, muc_rp, b3_rp, ceafe_rp = TC_A[case]
    key, resp = parse(TC_A_KEY), parse(response)
    m = muc(key, resp)
    assert (m.recall, m.precision) == (approx(muc_rp[0]), approx(muc_rp[1]))
    b = b_cubed(key, resp)
    assert (b.recall, b.precision) == (approx(b3_rp[0]), approx(b3_rp[1]))
    if ceafe_rp is not None:
        c = ceaf_e(key, resp)
        assert (c.recall, c.precision) == (approx(ceafe_rp[0]), approx(ceafe_rp[1]))


def test_reference_scorer_f1_values() -> None:
    # the F-values the README states for TC-A-2 and TC-A-4
    key = parse(TC_A_KEY)
    assert b_cubed(key, parse("{a} {de}")).f1 == approx(F(14, 25))  # .5599
    assert muc(key, parse("{a} {de}")).f1 == approx(F(1, 2))
    assert ceaf_e(key, parse("{a} {de}")).f1 == approx(F(18, 25))  # 0.72
    assert muc(key, parse("{a} {bcx} {dy} {z}")).f1 == approx(F(1, 3))


@pytest.mark.parametrize(
    ("key", "response", "muc_rp", "b3_rp"),
    [
        # TC-D-1 and TC-E-1: the B-CUBED paper's merges (1..9, A, B, C as one letter each)
        ("{12345} {67} {89ABC}", "{12345} {6789ABC}", (1, F(9, 10)), (1, F(16, 21))),
        ("{12345} {67} {89ABC}", "{1234589ABC} {67}", (1, F(9, 10)), (1, F(7, 12))),
        # TC-F-1 … TC-L-1: the MUC paper's examples
        ("{ABCD}", "{AB} {CD}", (F(2, 3), 1), None),
        ("{AB} {CD}", "{ABCD}", (1, F(2, 3)), None),
        ("{ABCD}", "{ABCD}", (1, 1), None),
        ("{ABC}", "{AC}", (F(1, 2), 1), None),
        ("{BCDEGHJ}", "{ABC} {DEF} {GHI}", (F(3, 6), F(3, 6)), None),
        ("{ABC} {DEFG}", "{AB} {CD} {FGH}", (F(2, 5), F(2, 4)), None),
        # TC-M and TC-N: only coreferent / only singleton keys
        ("{abcdef}", "{abcdef}", (1, 1), (1, 1)),
        ("{abcdef}", "{a} {b} {c} {d} {e} {f}", (0, 0), None),
        ("{a} {b} {c} {d} {e} {f}", "{a} {b} {c} {d} {e} {f}", (0, 0), (1, 1)),
    ],
)
def test_reference_scorer_muc_b3(key: str, response: str, muc_rp: tuple[F, F],
                                 b3_rp: tuple[F, F] | None) -> None:
    m = muc(parse(key), parse(response))
    assert (m.recall, m.precision) == (approx(muc_rp[0]), approx(muc_rp[1]))
    if b3_rp is not None:
        b = b_cubed(parse(key), parse(response))
        assert (b.recall, b.precision) == (approx(b3_rp[0]), approx(b3_rp[1]))


def test_ceaf_e_perfect_and_singletons() -> None:
    assert ceaf_e(parse("{abcdef}"), parse("{abcdef}")).f1 == approx(1)
    singles = parse("{a} {b} {c} {d} {e} {f}")
    assert ceaf_e(singles, singles).f1 == approx(1)  # TC-N-1: CEAFe = 1


def test_ceaf_alignment_is_optimal_not_greedy() -> None:
    # Greedy (best pair first) aligns {adeg}-{abcdef} (φ4 = 6/10) and nothing else scores:
    # Φ = 0.6. The optimum aligns {cf}-{abcdef} (4/8) and {adeg}-{g} (2/5): Φ = 0.9.
    s = ceaf_e(parse("{adeg} {b} {cf}"), parse("{abcdef} {g}"))
    assert s.recall == approx(F(9, 10) / 3) and s.precision == approx(F(9, 10) / 2)


def test_hungarian_matches_brute_force() -> None:
    rng = random.Random(7)
    for _ in range(200):
        n, m = rng.randint(1, 5), rng.randint(1, 5)
        w = [[rng.choice([0.0, rng.random()]) for _ in range(m)] for _ in range(n)]
        if n <= m:
            best = max(sum(w[i][p[i]] for i in range(n))
                       for p in itertools.permutations(range(m), n))
        else:
            best = max(sum(w[p[j]][j] for j in range(m))
                       for p in itertools.permutations(range(n), m))
        assert _hungarian_max(w) == pytest.approx(best, abs=1e-9)


def test_input_order_and_types_do_not_matter() -> None:
    key = [["m1", "m2", "m3"], ["m4"]]
    response = [("m4", "m2"), ("m1",), ("m3",)]
    a = conll_scores(key, response)
    b = conll_scores([list(reversed(c)) for c in reversed(key)],
                     [frozenset(c) for c in response])
    assert a == b


def test_mention_in_two_clusters_is_an_error() -> None:
    with pytest.raises(ValueError):
        muc(parse("{ab}"), parse("{ab} {b}"))
