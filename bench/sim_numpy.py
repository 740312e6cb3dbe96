#!/usr/bin/python3
"""sim_numpy.py -- the peer of juten-bench-sim --sample: the same fixed-
portfolio computation, vectorised with numpy, the way pyfair does it.

Reads the portfolio's estimates from `juten-bench-sim SCENARIO --spec FILE`
(one line per uncertain field of a funded measure: field, low, most likely,
high, area weight; and the fixed parts of the sums), then for each draw
draws every one of those fields from its beta-PERT in Vose's form, as
pyfair's FairBetaPert does with numpy's beta sampler:

    alpha = 1 + gamma (mode - low) / (high - low)
    beta  = 1 + gamma (high - mode) / (high - low)
    value = low + (high - low) * Beta(alpha, beta)

and computes net = sum(cost) - rate * sum(saving) and value = sum(weight *
risk reduction) per draw, then P(net <= headroom), the mean, sd and 5/50/95 %
points of net (np.percentile's default linear interpolation, as juten) and
the mean of value.  Draws go in chunks of --chunk (one broadcast beta call
per chunk: an array of shape (estimates, chunk)), so memory stays bounded.

"Values" are the uncertain fields drawn: estimates x draws, as juten's count.
Prints "key value" lines like juten-bench-sim (bench/sim.sh reads them):
sampler_s (the beta draws and their scaling alone), total_s (everything
from the first draw to the last statistic) and the values per second of
each, as medians over --reps repetitions, and their minima (the least
disturbed run on a shared machine); and sampler_cpu_s, total_cpu_s in CPU
seconds of this thread (time off the core not counted).
Run it pinned to one core (taskset): numpy's sampler is single-threaded.
"""
import argparse
import sys
import time

import numpy as np


def read_spec(path):
    head = {}
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            parts = line.split()
            if parts[0] in ("cost", "risk_reduction", "saving"):
                rows.append((parts[0], *map(float, parts[1:5])))
            else:
                head[parts[0]] = float(parts[1])
    if len(rows) != int(head["estimates"]):
        sys.exit(f"sim_numpy.py: {path}: {len(rows)} estimates, the header says {head['estimates']:.0f}")
    return head, rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("spec", help="file written by juten-bench-sim --spec")
    ap.add_argument("--draws", type=int, default=100000)
    ap.add_argument("--chunk", type=int, default=10000, help="draws per beta call (default 10000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--reps", type=int, default=5,
                    help="repetitions (default 5): medians and minima are printed")
    ap.add_argument("--generator", choices=("pcg64", "legacy"), default="pcg64",
                    help="numpy.random.default_rng (PCG64, default) or the legacy "
                         "np.random.RandomState (MT19937) that pyfair calls")
    a = ap.parse_args()
    if a.draws < 1 or a.chunk < 1 or a.reps < 1:
        sys.exit("sim_numpy.py: --draws, --chunk and --reps need whole numbers >= 1")

    head, rows = read_spec(a.spec)
    g = head["pert_gamma"]
    field = np.array([r[0] for r in rows])
    lo = np.array([r[1] for r in rows])
    mode = np.array([r[2] for r in rows])
    hi = np.array([r[3] for r in rows])
    weight = np.array([r[4] for r in rows])
    w = hi - lo
    alpha = (1 + g * (mode - lo) / w)[:, None]
    beta = (1 + g * (hi - mode) / w)[:, None]
    scale = w[:, None]
    low = lo[:, None]
    # per-draw sums as one matrix product: net = c . x + fixed, value = v . x + fixed
    rate = head["savings_rate"]
    c_net = np.where(field == "cost", 1.0, np.where(field == "saving", -rate, 0.0))
    c_val = np.where(field == "risk_reduction", weight, 0.0)
    fixed_net = head["fixed_cost"] - rate * head["fixed_saving"]
    fixed_val = head["fixed_value"]
    headroom = head["headroom"]

    # the closed form, a check of both samplers: PERT mean (a + g m + b) / (g + 2),
    # variance (mean - a)(b - mean) / (g + 3), the fields independent
    mu = (lo + g * mode + hi) / (g + 2)
    var = (mu - lo) * (hi - mu) / (g + 3)
    exact_mean = fixed_net + float(np.sum(c_net * mu))
    exact_sd = float(np.sqrt(np.sum(c_net * c_net * var)))

    rng = np.random.default_rng(a.seed) if a.generator == "pcg64" else np.random.RandomState(a.seed)
    ne = len(rows)
    net = np.empty(a.draws)
    val = np.empty(a.draws)
    t_samples, t_totals, c_samples, c_totals = [], [], [], []
    for _ in range(a.reps):
        t_sample = c_sample = 0.0
        c0 = time.thread_time()
        t0 = time.perf_counter()
        for k0 in range(0, a.draws, a.chunk):
            k1 = min(a.draws, k0 + a.chunk)
            s0, sc0 = time.perf_counter(), time.thread_time()
            x = low + scale * rng.beta(alpha, beta, size=(ne, k1 - k0))
            t_sample += time.perf_counter() - s0
            c_sample += time.thread_time() - sc0
            net[k0:k1] = c_net @ x + fixed_net
            val[k0:k1] = c_val @ x + fixed_val
        p_offset = float(np.mean(net <= headroom))
        mean, sd = float(np.mean(net)), float(np.std(net, ddof=1))
        p5, p50, p95 = (float(v) for v in np.percentile(net, [5, 50, 95]))
        vmean = float(np.mean(val))
        t_totals.append(time.perf_counter() - t0)
        c_totals.append(time.thread_time() - c0)
        t_samples.append(t_sample)
        c_samples.append(c_sample)
    t_sample, total = float(np.median(t_samples)), float(np.median(t_totals))
    t_sample_min, total_min = min(t_samples), min(t_totals)

    values = ne * a.draws
    print(f"numpy {np.__version__}")
    print(f"generator {a.generator}")
    print(f"estimates {ne}")
    print(f"draws {a.draws}")
    print(f"values {values}")
    print(f"sampler_s {t_sample:.6f}")
    print(f"sampler_values_per_s {values / t_sample:.0f}")
    print(f"sampler_ns_per_value {1e9 * t_sample / values:.2f}")
    print(f"sampler_min_s {t_sample_min:.6f}")
    print(f"sampler_min_values_per_s {values / t_sample_min:.0f}")
    print(f"sampler_min_ns_per_value {1e9 * t_sample_min / values:.2f}")
    cs, ct = float(np.median(c_samples)), float(np.median(c_totals))
    print(f"sampler_cpu_s {cs:.6f}\nsampler_cpu_values_per_s {values / cs:.0f}")
    print(f"total_cpu_s {ct:.6f}\ntotal_cpu_values_per_s {values / ct:.0f}")
    print(f"total_s {total:.6f}")
    print(f"total_values_per_s {values / total:.0f}")
    print(f"total_min_s {total_min:.6f}")
    print(f"total_min_values_per_s {values / total_min:.0f}")
    print(f"offset_probability {p_offset:.6f}")
    print(f"net_mean {mean:.6f}\nnet_sd {sd:.6f}\nnet_p5 {p5:.6f}\nnet_p50 {p50:.6f}\nnet_p95 {p95:.6f}")
    print(f"value_mean {vmean:.6f}")
    print(f"exact_net_mean {exact_mean:.6f}\nexact_net_sd {exact_sd:.6f}")


if __name__ == "__main__":
    main()
