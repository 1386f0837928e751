"""The bearing diagnosis of pdm (Signals/Diagnosis) in numpy and scipy, block by block, as the anchor
of `scripts/bench diagnosis_blocks`: kurtogram band choice over four dyadic levels, envelope power
spectrum averaged over blocks, every fault line judged against its local floor.

    python3 scripts/benchmarks/diagnosis_anchor.py FILE.f32 BLOCK SAMPLE_RATE
prints samples=<n> seconds=<best of 3> checksum=<sum of evidence> fault=<verdict>
"""
import sys
import time

import numpy as np
from scipy.special import erfc, ndtri

BPFO, BPFI, BSF, FTF, SHAFT = 81.125, 118.875, 63.91, 14.8375, 25.0
DECISION, TOLERANCE, MEMORY = 4.5, 0.015, 64.0


def lines():
    out = []
    for h in (1, 2, 3):
        out += [("outer_race", h * BPFO), ("inner_race", h * BPFI), ("inner_race", h * BPFI - SHAFT),
                ("inner_race", h * BPFI + SHAFT), ("ball", 2 * h * BSF), ("cage", h * FTF)]
    top = max(f for _, f in out) + 2 * SHAFT
    k = 1
    while k * SHAFT <= top:
        out.append((None, k * SHAFT))
        k += 1
    return out, top


LINES, TOP = lines()
LINE_FREQS = np.array([f for _, f in LINES])


def judge(power, res, f, averaged):
    n = len(power)
    centre = int(round(f / res))
    if centre < 2 or centre > n - 3:
        return None
    reach = int(np.ceil(max(res, TOLERANCE * f) / res))
    lo, hi = max(1, centre - reach), min(n - 2, centre + reach)
    best = lo + int(np.argmax(power[lo:hi + 1]))
    a, b, c = np.sqrt(power[best - 1:best + 2])
    curv = a - 2 * b + c
    off = min(max((a - c) / (2 * curv), -0.5), 0.5) if curv != 0 else 0.0
    pf = (best + off) * res
    half = max(12, int(np.ceil(2 * SHAFT / res)))
    idx = np.arange(max(1, centre - half), min(n, centre + half + 1))
    floor = power[idx[(idx < lo - 1) | (idx > hi + 1)]]
    if len(floor) < 8:
        return None
    shape = 1 - 1 / (9 * max(averaged, 1))
    mean = np.median(floor) / shape ** 3
    if mean <= 0:
        return None
    m = max(averaged, 1)
    normal = (np.cbrt(power[best] / mean) - (1 - 1 / (9 * m))) / np.sqrt(1 / (9 * m))
    single = 0.5 * erfc(normal / np.sqrt(2))
    k = hi - lo + 1
    chance = min(1.0, k * single) if single < 1e-3 else 1 - (1 - single) ** k
    return pf, min(max(-ndtri(max(chance, 1e-300)), -3), 8)


class Diagnoser:
    def __init__(self, n, fs):
        self.n, self.fs, self.res = n, fs, fs / n
        half = n // 2
        self.levels = []
        for level in range(1, 5):
            width = half >> level
            keep = [i for i in range(2 ** level) if i * width * self.res >= 2 * TOP and width * self.res >= TOP]
            if keep:
                self.levels.append((width, keep))
        self.candidates = [(i * w, w) for w, keep in self.levels for i in keep]
        self.bins = min(int(TOP / self.res) + 4, min(w for _, w in self.candidates))
        self.kurtosis = np.zeros(len(self.candidates))
        self.current = None
        self.power = None
        self.weight = self.weight2 = 0.0
        self.forget = 1 - 1 / MEMORY

    def envelope(self, X, first, width):
        padded = np.zeros(2 * width, complex)
        padded[:width] = 2 * X[first:first + width]
        return np.abs(np.fft.ifft(padded)) * (2 * width) / self.n

    def add(self, block):
        X = np.fft.rfft(block.astype(np.float64))
        sk = []
        for width, keep in self.levels:
            bands = X[:(self.n // 2 // width) * width].reshape(-1, width)[keep]
            padded = np.zeros((len(keep), 2 * width), complex)
            padded[:, :width] = 2 * bands
            e = np.abs(np.fft.ifft(padded, axis=1)) ** 2
            sk.extend((e * e).mean(1) / e.mean(1) ** 2 - 2)
        self.kurtosis = self.forget * self.kurtosis + np.array(sk)
        best = int(np.argmax(self.kurtosis))
        if self.current is None or (best != self.current and self.kurtosis[best] > 1.2 * self.kurtosis[self.current]):
            self.current, self.power, self.weight, self.weight2 = best, None, 0.0, 0.0
        first, width = self.candidates[self.current]
        env = self.envelope(X, first, width)
        env -= env.mean()
        E = np.fft.rfft(env)[:self.bins] * (2 / (2 * width))
        p = np.abs(E) ** 2
        self.power = p if self.power is None else self.forget * self.power + p
        self.weight = self.forget * self.weight + 1
        self.weight2 = self.forget ** 2 * self.weight2 + 1
        average = self.power / self.weight
        averaged = self.weight ** 2 / self.weight2
        sums = {}
        for fault, f in LINES:
            if fault is None:
                continue
            judged = judge(average, self.res, f, averaged)
            if judged is None:
                continue
            pf, z = judged
            nearest = LINES[int(np.argmin(np.abs(LINE_FREQS - pf)))][0]
            if nearest != fault:
                z = min(z, 0)
            total, count = sums.get(fault, (0.0, 0))
            sums[fault] = (total + z, count + 1)
        evidence = {k: t / np.sqrt(c) for k, (t, c) in sums.items()}
        top = max(evidence, key=evidence.get)
        return evidence, top if evidence[top] >= DECISION else "healthy"


def main():
    x = np.fromfile(sys.argv[1], dtype="<f4")
    n, fs = int(sys.argv[2]), float(sys.argv[3])
    blocks = len(x) // n
    best, checksum, verdict = float("inf"), 0.0, ""
    for _ in range(3):
        diagnoser = Diagnoser(n, fs)
        checksum = 0.0
        start = time.perf_counter()
        for i in range(blocks):
            evidence, verdict = diagnoser.add(x[i * n:(i + 1) * n])
            checksum += sum(evidence.values())
        best = min(best, time.perf_counter() - start)
    print(f"samples={blocks * n} seconds={best:.6f} checksum={checksum:.6e} fault={verdict}")


if __name__ == "__main__":
    main()
