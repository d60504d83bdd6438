"""Baseline: a straightforward vectorised numpy PSA of Sick-Sicker (all draws at once).

Same model, distributions, Simpson weights and discounting as tests/value/psa/sick_sicker_psa.json;
numpy's own RNG, so means agree within Monte Carlo error, not bit for bit.
Prints "numpy 1 <median_ms> <mean cost SoC> <mean qaly SoC>".
"""
import sys
import time

import numpy as np


def gamma(rng, mean, sd, n):
    return rng.gamma((mean / sd) ** 2, sd * sd / mean, n)


def beta(rng, mean, sd, n):
    k = mean * (1 - mean) / sd**2 - 1
    return rng.beta(mean * k, (1 - mean) * k, n)


def lognormal(rng, mean, sd, n):
    s2 = np.log(1 + sd**2 / mean**2)
    return rng.lognormal(np.log(mean) - s2 / 2, np.sqrt(s2), n)


def run(n, seed=20231):
    rng = np.random.default_rng(seed)
    r_HD = 0.002
    r_HS1, r_S1H, r_S1S2 = gamma(rng, .15, .03, n), gamma(rng, .5, .1, n), gamma(rng, .105, .02, n)
    hr_S1, hr_S2 = lognormal(rng, 3, .5, n), lognormal(rng, 10, 1, n)
    hr_B = lognormal(rng, .6, .1, n)
    c_H, c_S1, c_S2 = gamma(rng, 2000, 200, n), gamma(rng, 4000, 400, n), gamma(rng, 15000, 1500, n)
    c_A, c_B = gamma(rng, 12000, 1200, n), gamma(rng, 13000, 1300, n)
    u_H = rng.uniform(.95, 1, n)
    u_S1, u_S2, u_A = beta(rng, .75, .05, n), beta(rng, .5, .05, n), beta(rng, .95, .02, n)
    cycles = 75
    t = np.arange(cycles + 1)
    w = np.where(t % 2 == 0, 4 / 3, 2 / 3)
    w[0] = w[-1] = 1 / 3
    disc = w / 1.03**t
    p_HD = 1 - np.exp(-r_HD)
    p_HS1, p_S1H = 1 - np.exp(-r_HS1), 1 - np.exp(-r_S1H)
    p_S1D, p_S2D = 1 - np.exp(-r_HD * hr_S1), 1 - np.exp(-r_HD * hr_S2)
    out = []
    for use_A, use_B in ((0, 0), (1, 0), (0, 1), (1, 1)):
        p_S1S2 = 1 - np.exp(-r_S1S2 * (hr_B if use_B else 1))
        P = np.zeros((n, 4, 4))
        P[:, 0, 0] = (1 - p_HD) * (1 - p_HS1)
        P[:, 0, 1] = (1 - p_HD) * p_HS1
        P[:, 0, 3] = p_HD
        P[:, 1, 0] = (1 - p_S1D) * p_S1H
        P[:, 1, 2] = (1 - p_S1D) * p_S1S2
        P[:, 1, 3] = p_S1D
        P[:, 1, 1] = 1 - P[:, 1, 0] - P[:, 1, 2] - p_S1D
        P[:, 2, 2] = 1 - p_S2D
        P[:, 2, 3] = p_S2D
        P[:, 3, 3] = 1
        trace = np.zeros((cycles + 1, n, 4))
        trace[0, :, 0] = 1
        for k in range(cycles):
            trace[k + 1] = np.einsum("ni,nij->nj", trace[k], P)
        trt = use_A * c_A + use_B * c_B
        cost = np.stack([c_H, c_S1 + trt, c_S2 + trt, np.zeros(n)], 1)
        util = np.stack([u_H, u_A if use_A else u_S1, u_S2, np.zeros(n)], 1)
        out.append((np.einsum("t,tni,ni->n", disc, trace, cost),
                    np.einsum("t,tni,ni->n", disc, trace, util)))
    return out


def main():
    n, runs = int(sys.argv[1]), int(sys.argv[2])
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        out = run(n)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    print(f"numpy 1 {times[len(times) // 2]:.2f} {out[0][0].mean():.1f} {out[0][1].mean():.4f}")


if __name__ == "__main__":
    main()
