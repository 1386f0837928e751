"""The test signal of the signal benchmarks: 8 Mi samples at 48 kHz, a shaft tone, noise and outer-race
impacts ringing at 5 kHz, as little-endian float32.

    python3 signal_file.py OUT.f32
"""
import sys

import numpy as np

rng = np.random.default_rng(7)
n, fs = 1 << 23, 48000.0
t = np.arange(n) / fs
x = 0.3 * np.sin(2 * np.pi * 25 * t) + rng.normal(0, 0.2, n)
impacts = np.zeros(n)
impacts[(np.arange(0, n, int(fs / 81.125)))] = 4.0
ring = np.exp(-np.arange(64) / 8.0) * np.sin(2 * np.pi * 5000 * np.arange(64) / fs)
x += np.convolve(impacts, ring)[:n]
x.astype("<f4").tofile(sys.argv[1])
