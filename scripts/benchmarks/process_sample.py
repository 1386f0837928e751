"""Resident memory and CPU of a process during the scale benchmarks, sampled every 10 s for SECONDS.

    python3 process_sample.py PID SECONDS
prints <RSS at the end MB> <RSS after 10 s MB> <peak MB> <cores used> <samples>
"""
import os, sys, time
pid, seconds = sys.argv[1], float(sys.argv[2])
tick = os.sysconf("SC_CLK_TCK")
def sample():
    rss = next(int(l.split()[1]) for l in open(f"/proc/{pid}/status") if l.startswith("VmRSS:")) / 1024
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return time.time(), rss, (int(fields[11]) + int(fields[12])) / tick
samples = [sample()]
while samples[-1][0] - samples[0][0] < seconds:
    time.sleep(10)
    samples.append(sample())
(t0, r0, c0), (t1, r1, c1) = samples[1] if len(samples) > 2 else samples[0], samples[-1]
print(f"{r1:.1f} {samples[1][1] if len(samples) > 1 else r0:.1f} {max(s[1] for s in samples):.1f} {(c1 - c0) / (t1 - t0):.2f} {len(samples)}")
