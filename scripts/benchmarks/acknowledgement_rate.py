"""pdm's acknowledgement rate during `e2e_ingest_qos1` and `cluster_ingest`: mqtt_messages_acknowledged_total
sampled from /metrics every 20 ms (summed over the instances given), from process start to the moment
it reached N (interpolated).

    python3 acknowledgement_rate.py HTTP_PORT[,HTTP_PORT…] N START
prints <acknowledged> <messages per second>
"""
import sys, time, urllib.request
ports, n, start = sys.argv[1].split(","), int(sys.argv[2]), float(sys.argv[3])
def acknowledged():
    total = 0
    for port in ports:
        try:
            text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=1).read().decode()
        except Exception:
            return None
        total += sum(int(float(l.split()[-1])) for l in text.splitlines() if l.startswith("mqtt_messages_acknowledged_total"))
    return total
previous = None; count = 0; deadline = time.time() + 180; done = None
while time.time() < deadline:
    sample = acknowledged(); now = time.time()
    if sample is not None:
        count = sample
        if count >= n:
            done = now
            if previous and count > previous[1]:
                done = previous[0] + (n - previous[1]) * (now - previous[0]) / (count - previous[1])
            break
        previous = (now, count)
    time.sleep(0.02)
print(f"{count} {n / (done - start):.0f}" if done else f"{count} 0")
