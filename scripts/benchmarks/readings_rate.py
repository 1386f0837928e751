"""pdm's reading rate during `e2e_ingest`: pdm_readings_total sampled from /metrics every 20 ms, the
moment of the N-th reading interpolated between the last two samples.

    python3 readings_rate.py HTTP_PORT N
prints <readings counted> <readings per second>
"""
import sys, time, urllib.request
port, n = sys.argv[1], int(sys.argv[2])
first = last = previous = None; count = 0; deadline = time.time() + 120
while time.time() < deadline:
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics").read().decode()
    count = int(float(next((l.split()[1] for l in text.splitlines() if l.startswith("pdm_readings_total ")), "0")))
    now = time.time()
    if count > 0 and first is None: first = (now, count)
    if count >= n:
        # When the n-th reading was counted: between the last two samples, at the rate between them.
        if previous and count > previous[1]:
            now = previous[0] + (n - previous[1]) * (now - previous[0]) / (count - previous[1])
        last = (now, n); break
    previous = (now, count)
    time.sleep(0.02)
if first and last and last[0] > first[0]:
    print(f"{count} {(last[1] - first[1]) / (last[0] - first[0]):.0f}")
else:
    print(f"{count} 0")
