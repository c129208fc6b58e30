#!/usr/bin/env python3
"""Independent reference values for test/unit/stats.test.ts.

Run:  python3 test/unit/reference/stats_reference.py

Nothing here touches the TypeScript code under test. Welch and chi-square p-values and quantiles
come from SciPy (scipy.stats). Each t-distribution number is also checked against a second,
separate path: mpmath's regularized incomplete beta function at 50 digits, plus root-finding for
the quantile. Summary statistics use a plain two-pass mean/variance. The relative-lift numbers use
the delta-method formula from Liftgate design §4, written out here on its own.
Every number is printed with repr(), which gives 17 significant digits.
"""
import math

import mpmath
import numpy as np
from scipy import stats

mpmath.mp.dps = 50


def two_pass(xs):
    """Returns (n, mean, sample variance): the mean first, then squared deviations (n-1 denominator)."""
    n = len(xs)
    m = math.fsum(xs) / n
    v = math.fsum((x - m) ** 2 for x in xs) / (n - 1)
    return n, m, v


def mp_t_sf(t, df):
    """Upper tail of Student's t, using P(T > t) = I_{df/(df+t^2)}(df/2, 1/2) / 2 for t >= 0."""
    t = mpmath.mpf(abs(t))
    df = mpmath.mpf(df)
    return mpmath.betainc(df / 2, mpmath.mpf(1) / 2, 0, df / (df + t * t), regularized=True) / 2


def mp_t_ppf(p, df):
    """Quantile of Student's t for p > 1/2, found as a root of P(T > x) = 1 - p."""
    return mpmath.findroot(lambda x: mp_t_sf(x, df) - (1 - mpmath.mpf(p)), 2)


def welch_reference(label, nt, mt, vt, nc, mc, vc, alpha):
    a, b = vt / nt, vc / nc
    se = math.sqrt(a + b)
    d = mt - mc
    df = (a + b) ** 2 / (a * a / (nt - 1) + b * b / (nc - 1))
    tstat = d / se
    p = float(2 * stats.t.sf(abs(tstat), df))
    crit = float(stats.t.ppf(1 - alpha / 2, df))
    # second opinion on the t-distribution numbers (mpmath, 50 digits)
    p_mp = float(2 * mp_t_sf(tstat, df))
    crit_mp = float(mp_t_ppf(1 - alpha / 2, df))
    assert math.isclose(p, p_mp, rel_tol=1e-12), (p, p_mp)
    assert math.isclose(crit, crit_mp, rel_tol=1e-12), (crit, crit_mp)
    # delta method: r = mt/mc - 1, Var(r) ~ vt/(nt mc^2) + mt^2 vc/(nc mc^4)
    r = d / mc
    se_r = math.sqrt(vt / (nt * mc**2) + mt**2 * vc / (nc * mc**4))
    print(f"--- {label}")
    print(f"inputs: nt={nt} mt={mt!r} vt={vt!r} nc={nc} mc={mc!r} vc={vc!r} alpha={alpha}")
    print(f"t={tstat!r} df={df!r} se={se!r} p={p!r} crit={crit!r}")
    print(f"abs: est={d!r} lo={d - crit * se!r} hi={d + crit * se!r}")
    print(f"rel: est={r!r} lo={r - crit * se_r!r} hi={r + crit * se_r!r}")
    return tstat, df, p


# 1. Welch with unequal variances and unequal sizes, from raw data; SciPy's ttest_ind cross-checks it.
treat = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4,
         30.2, 35.8, 12.4]
ctrl = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4,
        22.3, 23.1, 21.9, 24.0, 22.7, 23.8, 22.6, 21.5]
nt, mt, vt = two_pass(treat)
nc, mc, vc = two_pass(ctrl)
tstat, df, p = welch_reference("welch small unequal", nt, mt, vt, nc, mc, vc, 0.05)
res = stats.ttest_ind(treat, ctrl, equal_var=False)
assert math.isclose(res.statistic, tstat, rel_tol=1e-12) and math.isclose(res.pvalue, p, rel_tol=1e-10)
ci = res.confidence_interval(0.95)
print(f"scipy ttest_ind CI: {float(ci.low)!r} {float(ci.high)!r} df={float(res.df)!r}")
welch_reference("welch small unequal alpha=0.01", nt, mt, vt, nc, mc, vc, 0.01)

# 2. Large samples: here t is close to the normal distribution
r2 = welch_reference("welch large", 50000, 0.1043, 0.0934, 48000, 0.1010, 0.0908, 0.05)
print(f"normal approx: p={float(2 * stats.norm.sf(abs(r2[0])))!r} z975={float(stats.norm.ppf(0.975))!r}")

# 3. summarize(): summary inputs (n, sum, sumSquares) next to the two-pass mean/variance
xs = [3.2, 1.5, 4.8, 2.0, 9.1, 0.4, 5.5]
n, m, v = two_pass(xs)
print("--- summarize")
print(f"n={n} sum={math.fsum(xs)!r} sumSquares={math.fsum(x * x for x in xs)!r} mean={m!r} var={v!r}")
print(f"numpy check: mean={float(np.mean(xs))!r} var={float(np.var(xs, ddof=1))!r}")

# 4. Sample-ratio mismatch (Pearson chi-square goodness of fit)
def srm(label, obs, shares):
    tot = sum(obs)
    exp = [tot * s for s in shares]
    res = stats.chisquare(obs, exp)
    # by hand, as a check
    chi = math.fsum((o - e) ** 2 / e for o, e in zip(obs, exp))
    assert math.isclose(chi, res.statistic, rel_tol=1e-12)
    print(f"--- srm {label}: obs={obs} shares={shares}")
    print(f"chi2={float(res.statistic)!r} p={float(res.pvalue)!r} df={len(obs) - 1}")

srm("balanced 3-way", [3334, 3301, 3365], [1 / 3, 1 / 3, 1 / 3])
srm("skewed 3-way", [3500, 3150, 3350], [1 / 3, 1 / 3, 1 / 3])
srm("unequal shares ok", [5040, 2470, 2490], [0.5, 0.25, 0.25])
srm("two-way 50/50 mismatch", [10250, 9750], [0.5, 0.5])
srm("two-way 50/50 below threshold", [10200, 9800], [0.5, 0.5])
# an arm outside the split (share 0) with no units is left out: the two others are tested against 60/40
srm("zero-share arm skipped", [6100, 3900], [0.6, 0.4])
