"""Small helpers of scripts/bench.

    python3 tools.py port                       a free TCP port on 127.0.0.1
    python3 tools.py ratio A B                  A / B with three decimals (nan when B is 0)
    python3 tools.py rate N FIRST LAST          messages per second between the first and last of N
    python3 tools.py per-second N START END     N / (END - START)
    python3 tools.py field NAME                 from stdin's "name=value" pairs: samples/seconds in Msamples/s,
                                                or evaluations|transitions per second (NAME is the count's name)
    python3 tools.py readings FILE N BASE STEP  N JSON readings, one per line: ts from 1700000000 by 1,
                                                value BASE + (i % 1000) * STEP
    python3 tools.py paced SECONDS INTERVAL     readings on stdout, one every INTERVAL seconds for SECONDS,
                                                95 and 70 in turn (each one an alarm transition)
    python3 tools.py cpu PID                    the process's CPU time so far (utime + stime), in seconds
    python3 tools.py run-cpu OUT CMD…           runs CMD with stdout to OUT; once it exits, prints its CPU
                                                time (user + system, from wait4) and the lines in OUT
"""
import os
import subprocess
import time
import re
import socket
import sys


def main(args):
    command = args[0]
    if command == "port":
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            print(s.getsockname()[1])
    elif command == "ratio":
        a, b = float(args[1]), float(args[2])
        print(f"{a / b:.3f}" if b > 0 else "nan")
    elif command == "rate":
        n, first, last = int(args[1]), float(args[2]), float(args[3])
        print(f"{(n - 1) / (last - first):.0f}" if last > first else "0")
    elif command == "per-second":
        n, start, end = int(args[1]), float(args[2]), float(args[3])
        print(f"{n / (end - start):.0f}" if end > start else "0")
    elif command == "field":
        fields = dict(re.findall(r"(\w+)=(\S+)", sys.stdin.read()))
        if args[1] == "samples":
            print(f"{int(fields['samples']) / float(fields['seconds']) / 1e6:.2f}")
        else:
            print(f"{int(fields[args[1]]) / float(fields['seconds']):.0f}")
    elif command == "paced":
        seconds, interval = float(args[1]), float(args[2])
        end, index = time.time() + seconds, 0
        while time.time() < end:
            print(f'{{"value": {95 if index % 2 == 0 else 70}}}', flush=True)
            index += 1
            time.sleep(interval)
    elif command == "readings":
        path, n, base, step = args[1], int(args[2]), float(args[3]), float(args[4])
        with open(path, "w") as f:
            for i in range(n):
                f.write('{"ts":%d,"value":%.3f}\n' % (1700000000 + i, base + (i % 1000) * step))
    elif command == "cpu":
        fields = open(f"/proc/{args[1]}/stat").read().rsplit(")", 1)[1].split()
        print(f"{(int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK'):.3f}")
    elif command == "run-cpu":
        with open(args[1], "wb") as out:
            child = subprocess.Popen(args[2:], stdout=out)
            _, status, usage = os.wait4(child.pid, 0)
        with open(args[1], "rb") as out:
            lines = sum(1 for _ in out)
        print(f"{usage.ru_utime + usage.ru_stime:.3f} {lines} {os.waitstatus_to_exitcode(status)}")
    else:
        sys.exit(f"tools.py: unknown command {command}")


if __name__ == "__main__":
    main(sys.argv[1:])
