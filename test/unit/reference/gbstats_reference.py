#!/usr/bin/env python3
"""Golden values for test/unit/stats-golden.test.ts, from independent implementations.

Writes test/unit/reference/stats-golden.json. Two independent sources:

* GrowthBook's gbstats (MIT; not vendored, not committed): TwoSidedTTest (Welch), SequentialTwoSidedTTest
  (asymptotic confidence sequences), EffectBayesianABTest (Gaussian effect posterior: chance to win,
  credible interval, risk), RegressionAdjustedStatistic (CUPED), RatioStatistic (delta method),
  check_srm. Fetch it, then point this script at packages/stats:

      git clone https://github.com/growthbook/growthbook /tmp/gb   # verified at 8f1db445 (2026-08-21)
      python3 test/unit/reference/gbstats_reference.py /tmp/gb/packages/stats

  gbstats imports pandas only for DataFrame helpers this script never calls; when pandas is not
  installed a placeholder module is registered so the import succeeds.
* SciPy/NumPy for what gbstats does not cover: Welch p-values re-derived with
  scipy.stats.ttest_ind_from_stats (a second check of the fixed test), Benjamini–Hochberg via
  scipy.stats.false_discovery_control, Holm–Bonferroni written out from Holm (1979), the
  per-cohort sample-ratio test as a sum of scipy.stats.chisquare statistics, and adjusted intervals
  at level alpha*p/p_adj with scipy.stats.t.ppf; and mpmath (50 digits) for the Bayesian risk.

Conventions shared with Liftgate: proportions are given to gbstats as SampleMeanStatistic with
sum_squares = sum (the n-1 sample variance Liftgate uses; gbstats' ProportionStatistic uses
p(1-p)), relative effects divide by |mean(control)|, N* = 5000 unless stated.
Every number is written with repr() precision (json.dump of Python floats).
"""
import json
import math
import os
import sys
import types

import mpmath
import numpy as np
from scipy import stats

mpmath.mp.dps = 50

GB = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("GBSTATS_DIR", "/tmp/gb/packages/stats")
sys.path.insert(0, GB)
try:
    import pandas  # noqa: F401
except ImportError:  # gbstats only annotates with pandas.DataFrame
    sys.modules["pandas"] = types.SimpleNamespace(DataFrame=object)

from gbstats.bayesian.tests import EffectBayesianABTest, EffectBayesianConfig, GaussianPrior  # noqa: E402
from gbstats.frequentist.tests import (  # noqa: E402
    FrequentistConfig,
    SequentialConfig,
    SequentialTwoSidedTTest,
    TwoSidedTTest,
)
from gbstats.models.statistics import (  # noqa: E402
    RatioStatistic,
    RegressionAdjustedStatistic,
    SampleMeanStatistic,
)
from gbstats.utils import check_srm  # noqa: E402

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "stats-golden.json")
ALPHA = 0.05
rng = np.random.default_rng(20261201)


def cov(n, sx, sy, sxy):
    return (sxy - sx * sy / n) / (n - 1)


def var(n, s, ss):
    return (ss - s * s / n) / (n - 1)


def arm_from_values(x, y=None):
    """Sufficient statistics as the warehouse reads them (Liftgate names); y = denominator or pre-period."""
    x = np.asarray(x, dtype=float)
    out = {"n": int(len(x)), "sum": float(x.sum()), "sumSquares": float((x * x).sum())}
    if y is not None:
        y = np.asarray(y, dtype=float)
        n, sy, syy, sxy = len(x), float(y.sum()), float((y * y).sum()), float((x * y).sum())
        out["paired"] = {
            "sumY": sy,
            "sumYSquares": syy,
            "sumXY": sxy,
            "varianceY": var(n, sy, syy),
            "covariance": cov(n, out["sum"], sy, sxy),
        }
    return out


def gb_stat(a, statistic, cuped):
    if statistic == "ratio":
        p = a["paired"]
        return RatioStatistic(
            n=a["n"],
            m_statistic=SampleMeanStatistic(n=a["n"], sum=a["sum"], sum_squares=a["sumSquares"]),
            d_statistic=SampleMeanStatistic(n=a["n"], sum=p["sumY"], sum_squares=p["sumYSquares"]),
            m_d_sum_of_products=p["sumXY"],
        )
    post = SampleMeanStatistic(n=a["n"], sum=a["sum"], sum_squares=a["sumSquares"])
    if not cuped:
        return post
    p = a["paired"]
    pre = SampleMeanStatistic(n=a["n"], sum=p["sumY"], sum_squares=p["sumYSquares"])
    return RegressionAdjustedStatistic(n=a["n"], post_statistic=post, pre_statistic=pre, post_pre_sum_of_products=p["sumXY"], theta=None)


def freq(res):
    assert res.errorMessage is None, res.errorMessage
    return {"estimate": res.expected, "ciLower": res.ci[0], "ciUpper": res.ci[1], "pValue": res.pValue}


def exact_risk(mu, sd):
    """Risk of N(mu, sd^2) at 50 digits (mpmath): E[max(X, 0)] and E[max(-X, 0)] as partial
    expectations of the normal; a check on gbstats' truncnorm route, which loses relative
    precision past |mu/sd| ~ 6."""
    mu, sd = mpmath.mpf(mu), mpmath.mpf(sd)
    z = mu / sd
    return {"control": float(mu * mpmath.ncdf(z) + sd * mpmath.npdf(z)), "treatment": float(sd * mpmath.npdf(z) - mu * mpmath.ncdf(-z))}


def readouts(control, treatment, statistic, cuped, prior, tuning):
    a, b = gb_stat(control, statistic, cuped), gb_stat(treatment, statistic, cuped)
    out = {}
    for scale in ("absolute", "relative"):
        out.setdefault("FIXED", {})[scale] = freq(TwoSidedTTest([(a, b)], FrequentistConfig(difference_type=scale, alpha=ALPHA)).compute_result())
        out.setdefault("SEQUENTIAL", {})[scale] = freq(
            SequentialTwoSidedTTest([(a, b)], SequentialConfig(difference_type=scale, alpha=ALPHA, sequential_tuning_parameter=tuning)).compute_result()
        )
    for key, pr in (("BAYESIAN", None), ("BAYESIAN_PRIOR", prior)):
        g = GaussianPrior(mean=pr[0], variance=pr[1], proper=True) if pr else GaussianPrior()
        rel = EffectBayesianABTest([(a, b)], EffectBayesianConfig(difference_type="relative", alpha=ALPHA, prior_effect=g, prior_type="relative")).compute_result()
        ab = EffectBayesianABTest([(a, b)], EffectBayesianConfig(difference_type="absolute", alpha=ALPHA, prior_effect=g, prior_type="relative")).compute_result()
        assert rel.errorMessage is None and ab.errorMessage is None
        out[key] = {
            "relative": {"estimate": rel.expected, "ciLower": rel.ci[0], "ciUpper": rel.ci[1]},
            "absolute": {"estimate": ab.expected, "ciLower": ab.ci[0], "ciUpper": ab.ci[1]},
            "chanceToWin": rel.chanceToWin,
            "risk": {"control": rel.risk[0], "treatment": rel.risk[1]},
            "riskExact": exact_risk(rel.uplift.mean, rel.uplift.stddev),
        }
    # second opinion on the fixed absolute test: SciPy's Welch from the same summaries
    if not cuped:
        ga, gb_ = a, b
        sc = stats.ttest_ind_from_stats(gb_.mean, math.sqrt(gb_.variance), gb_.n, ga.mean, math.sqrt(ga.variance), ga.n, equal_var=False)
        assert abs(sc.pvalue - out["FIXED"]["absolute"]["pValue"]) < 1e-12, (sc.pvalue, out["FIXED"]["absolute"]["pValue"])
    return out


cases = []


def case(cid, statistic, control, treatment, cuped=False, prior=(0.0, 0.3**2), tuning=5000):
    c = {"id": cid, "statistic": statistic, "cuped": cuped, "prior": {"mean": prior[0], "variance": prior[1]}, "sequentialTuning": tuning,
         "arms": {"CONTROL": control, "TREATMENT": treatment}}
    c["expected"] = readouts(control, treatment, statistic, cuped, prior, tuning)
    if cuped:
        c["expectedUnadjusted"] = readouts(control, treatment, statistic, False, prior, tuning)
    cases.append(c)


def conversions(k, n):
    return {"n": n, "sum": float(k), "sumSquares": float(k)}


# 1. lognormal revenue, unequal n
case("revenue lognormal", "sample-mean", arm_from_values(rng.lognormal(1.0, 1.2, 1000)), arm_from_values(rng.lognormal(1.08, 1.2, 1100)))
# 2. the conversion case: 100/1000 vs 130/1000
case("conversion 100 vs 130 of 1000", "proportion", conversions(100, 1000), conversions(130, 1000))
# 3. large conversion experiment
case("conversion large", "proportion", conversions(4820, 48000), conversions(5215, 50000), tuning=1000)
# 4. small arms
case("small normal", "sample-mean", arm_from_values(rng.normal(10, 3, 12)), arm_from_values(rng.normal(12, 3, 13)))
# 5. negative control mean (relative lift divides by |mean(control)|)
case("negative mean", "sample-mean", arm_from_values(rng.normal(-2, 3, 400)), arm_from_values(rng.normal(-1.5, 3, 420)), prior=(0.1, 0.5**2))
# 6. ratio: revenue per order (numerator and denominator per subject)
orders_c = rng.poisson(1.5, 800)
orders_t = rng.poisson(1.6, 780)
case("ratio revenue per order", "ratio", arm_from_values(orders_c * rng.gamma(2.0, 15.0, 800), orders_c), arm_from_values(orders_t * rng.gamma(2.0, 16.0, 780), orders_t))
# 7. CUPED: post-period revenue correlated with the pre-period
pre_c = rng.gamma(2.0, 5.0, 900)
pre_t = rng.gamma(2.0, 5.0, 950)
case("cuped revenue", "sample-mean", arm_from_values(0.8 * pre_c + rng.normal(2.0, 3.0, 900), pre_c), arm_from_values(0.8 * pre_t + rng.normal(2.6, 3.0, 950), pre_t), cuped=True)
# 8. CUPED with a negative control mean
pre_c = rng.normal(-3, 2, 500)
pre_t = rng.normal(-3, 2, 520)
case("cuped negative mean", "sample-mean", arm_from_values(pre_c + rng.normal(-1, 1.5, 500), pre_c), arm_from_values(pre_t + rng.normal(-0.7, 1.5, 520), pre_t), cuped=True, prior=(0.0, 0.2**2))

# --- 100 random comparisons (sizes 2..100,000, means of either sign, variances over 6 decades),
# summarised directly as sufficient statistics; the prior is on every tenth.
random_cases = []
for i in range(100):
    arms = {}
    for key in ("CONTROL", "TREATMENT"):
        n = int(rng.choice([2, 3, 10, 50, 400, 5000, 100000]) + rng.integers(0, 3))
        mean = float(rng.normal(0, 10))
        v = float(10 ** rng.uniform(-3, 3))
        arms[key] = {"n": n, "sum": mean * n, "sumSquares": v * (n - 1) + mean * mean * n}
    if abs(arms["CONTROL"]["sum"]) < 1e-9:
        continue
    prior = (0.05, 0.2**2) if i % 10 == 0 else None
    r = readouts(arms["CONTROL"], arms["TREATMENT"], "sample-mean", False, prior or (0.0, 1.0), 5000)
    if prior is None:
        del r["BAYESIAN_PRIOR"]
    random_cases.append({"arms": arms, "prior": {"mean": prior[0], "variance": prior[1]} if prior else None, "expected": r})

# --- 20 random ratio and 20 random CUPED comparisons from raw per-subject values (n 5..3,000)
random_cases_paired = []
for i in range(40):
    kind = "ratio" if i < 20 else "cuped"
    arms = {}
    scale = float(10 ** rng.uniform(-1, 2))
    for key, shift in (("CONTROL", 0.0), ("TREATMENT", float(rng.normal(0, 0.1)))):
        n = int(rng.integers(5, 3000))
        if kind == "ratio":
            d = rng.poisson(rng.uniform(0.5, 3), n) + (rng.random(n) < 0.2)
            arms[key] = arm_from_values(d * rng.gamma(2.0, scale * (1 + shift), n), d)
        else:
            pre = rng.normal(float(rng.normal(0, 5)), scale, n)
            arms[key] = arm_from_values(float(rng.uniform(0.2, 1.2)) * pre + rng.normal(shift * scale + 1, scale, n), pre)
    c = {"kind": kind, "arms": arms}
    c["expected"] = readouts(arms["CONTROL"], arms["TREATMENT"], "ratio" if kind == "ratio" else "sample-mean", kind == "cuped", (0.0, 1.0), 5000)
    del c["expected"]["BAYESIAN_PRIOR"]
    random_cases_paired.append(c)

# --- a three-arm CUPED metric: theta is pooled over each compared pair (gbstats), so B and C
# each get their own adjustment
pre = {k: rng.gamma(2.0, 5.0, n) for k, n in (("CONTROL", 700), ("B", 650), ("C", 720))}
three_arm = {k: arm_from_values(0.6 * v + rng.normal(1.0 + (0.3 if k == "C" else 0.0), 2.0, len(v)), v) for k, v in pre.items()}
three_arm_cuped = {"arms": three_arm, "expected": {k: readouts(three_arm["CONTROL"], three_arm[k], "sample-mean", True, (0.0, 1.0), 5000)["FIXED"] for k in ("B", "C")}}

# --- comparisons gbstats refuses (its EffectMoments error): Liftgate reports them not computable
refused = []
for label, c, t in (
    ("0/3 vs 3/3", conversions(0, 3), conversions(3, 3)),
    ("2/200 vs 0/200", conversions(2, 200), conversions(0, 200)),
    ("one unit in an arm", arm_from_values([4.0]), arm_from_values(rng.normal(4, 1, 30))),
    ("constant equal arms", arm_from_values([3.0] * 10), arm_from_values([3.0] * 12)),
):
    res = TwoSidedTTest([(gb_stat(c, "sample-mean", False), gb_stat(t, "sample-mean", False))], FrequentistConfig(difference_type="absolute")).compute_result()
    assert res.errorMessage is not None, label
    refused.append({"label": label, "arms": {"CONTROL": c, "TREATMENT": t}, "gbstatsError": res.errorMessage})

# --- sample-ratio checks
srm = []
for obs, w in (([500, 480, 222], [0.5, 0.5, 0.0]), ([3500, 3150, 3350], [1 / 3, 1 / 3, 1 / 3]), ([10250, 9750], [0.5, 0.5])):
    srm.append({"observed": obs, "shares": w, "pValue": float(check_srm(obs, w))})

# per cohort: each cohort's Pearson statistic (scipy.stats.chisquare) summed, df summed
cohorts = [{"observed": [5050, 4950, 0], "shares": [0.5, 0.5, 0.0]}, {"observed": [2100, 2000, 4300], "shares": [0.25, 0.25, 0.5]}]
chi, df = 0.0, 0
for co in cohorts:
    obs = [o for o, s in zip(co["observed"], co["shares"]) if s > 0 or o > 0]
    sh = [s for o, s in zip(co["observed"], co["shares"]) if s > 0 or o > 0]
    tot = sum(obs)
    chi += float(stats.chisquare(obs, [tot * s / sum(sh) for s in sh]).statistic)
    df += len(obs) - 1
cohort_srm = {"cohorts": cohorts, "chiSquare": chi, "degreesOfFreedom": df, "pValue": float(stats.chi2.sf(chi, df))}


# --- corrections over primary metrics x treatment arms (3 arms, 3 primary metrics, FIXED Welch)
def holm(ps):
    m = len(ps)
    order = sorted(range(m), key=lambda i: ps[i])
    adj, running = [0.0] * m, 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * ps[i]))
        adj[i] = running
    return adj


family_metrics = []
effects = {"m1": (0.0, 0.25, 0.02), "m2": (0.0, 0.1, -0.15), "m3": (0.0, 0.05, 0.3)}
for mid, (base, lift_b, lift_c) in effects.items():
    arms = {"CONTROL": arm_from_values(rng.normal(5 + base, 2, 600)), "B": arm_from_values(rng.normal(5 + lift_b, 2, 610)), "C": arm_from_values(rng.normal(5 + lift_c, 2, 590))}
    family_metrics.append({"id": mid, "arms": arms})


def welch(arm_t, arm_c, alpha):
    nt, nc = arm_t["n"], arm_c["n"]
    mt, mc = arm_t["sum"] / nt, arm_c["sum"] / nc
    vt, vc = var(nt, arm_t["sum"], arm_t["sumSquares"]), var(nc, arm_c["sum"], arm_c["sumSquares"])
    a, b = vt / nt, vc / nc
    se = math.sqrt(a + b)
    dfw = (a + b) ** 2 / (a * a / (nt - 1) + b * b / (nc - 1))
    d = mt - mc
    p = float(2 * stats.t.sf(abs(d / se), dfw))
    half = float(stats.t.ppf(1 - alpha / 2, dfw)) * se
    r = d / abs(mc)
    se_r = math.sqrt(vt / (nt * mc**2) + mt**2 * vc / (nc * mc**4))
    half_r = float(stats.t.ppf(1 - alpha / 2, dfw)) * se_r
    return p, (d - half, d + half), (r - half_r, r + half_r)


keys, ps = [], []
for m in family_metrics:
    for arm in ("B", "C"):
        keys.append((m["id"], arm))
        ps.append(welch(m["arms"][arm], m["arms"]["CONTROL"], ALPHA)[0])
corrections = {"metrics": family_metrics, "alpha": ALPHA, "comparisons": []}
bh = [float(x) for x in stats.false_discovery_control(ps, method="bh")]
hb = holm(ps)
for (mid, arm), p, ph, pb in zip(keys, ps, hb, bh):
    m = next(x for x in family_metrics if x["id"] == mid)
    entry = {"metric": mid, "arm": arm, "pValue": p}
    for name, padj in (("HOLM", ph), ("BH", pb)):
        level = ALPHA * p / padj if padj > 0 else ALPHA / len(ps)
        _, ci, ci_r = welch(m["arms"][arm], m["arms"]["CONTROL"], level)
        entry[name] = {"adjustedPValue": padj, "absolute": list(ci), "relative": list(ci_r)}
    corrections["comparisons"].append(entry)


# the same family under SEQUENTIAL: gbstats' anytime-valid p-values, adjusted, and gbstats'
# confidence sequences recomputed at level alpha*p/p_adj
def seq(arm_t, arm_c, alpha, scale):
    a, b = gb_stat(arm_c, "sample-mean", False), gb_stat(arm_t, "sample-mean", False)
    return SequentialTwoSidedTTest([(a, b)], SequentialConfig(difference_type=scale, alpha=alpha, sequential_tuning_parameter=5000)).compute_result()


seq_ps = [seq(next(x for x in family_metrics if x["id"] == mid)["arms"][arm], next(x for x in family_metrics if x["id"] == mid)["arms"]["CONTROL"], ALPHA, "absolute").pValue for mid, arm in keys]
corrections["sequential"] = []
for (mid, arm), p, ph, pb in zip(keys, seq_ps, holm(seq_ps), [float(x) for x in stats.false_discovery_control(seq_ps, method="bh")]):
    m = next(x for x in family_metrics if x["id"] == mid)
    entry = {"metric": mid, "arm": arm, "pValue": p}
    for name, padj in (("HOLM", ph), ("BH", pb)):
        level = ALPHA * p / padj if padj > 0 else ALPHA / len(seq_ps)
        ab = seq(m["arms"][arm], m["arms"]["CONTROL"], level, "absolute")
        rel = seq(m["arms"][arm], m["arms"]["CONTROL"], level, "relative")
        entry[name] = {"adjustedPValue": padj, "absolute": list(ab.ci), "relative": list(rel.ci)}
    corrections["sequential"].append(entry)

with open(OUT, "w") as f:
    json.dump({"generatedBy": "test/unit/reference/gbstats_reference.py", "alpha": ALPHA, "cases": cases, "randomCases": random_cases, "randomPairedCases": random_cases_paired, "refused": refused, "threeArmCuped": three_arm_cuped, "srm": srm, "cohortSrm": cohort_srm, "corrections": corrections}, f, indent=1)
print(f"wrote {OUT}: {len(cases)} cases, {len(random_cases)} random, {len(refused)} refused, {len(srm)} srm, {len(corrections['comparisons'])} corrected comparisons")
