"""The anchor of `rule_eval`: threshold rules with deadband on 10,000 assets x 3 channels in a Python loop
over a dict, the readings inside the limits.

    python3 rule_anchor.py
prints evaluations per second
"""
import time
channels = ["temp", "vib", "pressure"]
assets = [f"asset-{i}" for i in range(10000)]
rules = {c: (100.0, 5.0) for c in channels}
best = float("inf")
for _ in range(3):
    state = {}
    changes = 0
    start = time.perf_counter()
    for r in range(10):
        for a in assets:
            for i, c in enumerate(channels):
                value = 50 + (r + i) % 7
                limit, deadband = rules[c]
                key = (a, c)
                active = state.get(key, False)
                if not active and value > limit:
                    state[key] = True
                    changes += 1
                elif active and value <= limit - deadband:
                    state[key] = False
                    changes += 1
                else:
                    state[key] = active
    best = min(best, time.perf_counter() - start)
print(f"{10 * len(assets) * len(channels) / best:.0f}")
