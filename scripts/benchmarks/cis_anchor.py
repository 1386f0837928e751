"""The condition indicators of pdm's signal benchmarks computed with numpy, window by window, as their
anchor: `time` (RMS, peak, peak-to-peak, crest factor, skewness, kurtosis) or `spectral` (8 band
energies and the envelope spectrum's amplitude at two defect frequencies).

    python3 cis_anchor.py FILE.f32 time|spectral WINDOW
prints samples=<n> seconds=<best of 3> checksum=<sum>
"""
import sys
import time

import numpy as np

x = np.fromfile(sys.argv[1], dtype='<f4'); kind = sys.argv[2]; w = int(sys.argv[3]); fs = 48000.0
windows = len(x) // w
freqs = np.fft.rfftfreq(w, 1 / fs)
edges = np.linspace(0, fs / 2, 9)
band_masks = [(freqs >= edges[i]) & (freqs <= edges[i + 1]) for i in range(8)]
demod = np.zeros(w, bool); demod[:w // 2] = (freqs[:w // 2] >= 2000) & (freqs[:w // 2] <= 10000)
def amp(E, f, tol=2.0):
    m = (freqs >= f - tol) & (freqs <= f + tol); m[int(round(f / (fs / w)))] = True; return E[m].max()
best = float('inf')
for _ in range(3):
    checksum = 0.0
    start = time.perf_counter()
    for i in range(windows):
        b = x[i * w:(i + 1) * w].astype(np.float64)
        if kind == 'time':
            mean = b.mean(); rms = np.sqrt(np.mean(b * b)); mx = b.max(); mn = b.min()
            peak = max(abs(mx), abs(mn)); d = b - mean; d2 = d * d; m2 = d2.mean()
            skew = np.mean(d2 * d) / m2 ** 1.5; kurt = np.mean(d2 * d2) / (m2 * m2)
            checksum += rms + kurt + peak / rms + skew + (mx - mn)
        else:
            X = np.fft.fft(b)
            power = np.abs(X[:w // 2 + 1]) ** 2 / (w * w); power[1:w // 2] *= 2
            for m in band_masks: checksum += power[m].sum()
            A = np.zeros(w, complex); A[demod] = 2 * X[demod]
            env = np.abs(np.fft.ifft(A)); env -= env.mean()
            E = np.abs(np.fft.rfft(env)) * 2 / w
            checksum += amp(E, 81.125) + amp(E, 118.875)
    best = min(best, time.perf_counter() - start)
print(f"samples={windows * w} seconds={best:.6f} checksum={checksum:.6e}")
