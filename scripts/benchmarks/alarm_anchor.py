"""The anchor of `alarm_transitions`: Python's sqlite3 writing the rows pdm writes per transition (journal
entry, alarm record upsert with a JSON record, outbox row), 64 readings per transaction, for 5 s.

    python3 alarm_anchor.py DATABASE
prints transitions per second
"""
import json, sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=NORMAL")
db.execute("CREATE TABLE alarm (asset TEXT, rule TEXT, occurrence INTEGER, state TEXT, record TEXT, PRIMARY KEY (asset, rule))")
db.execute("CREATE TABLE journal (id INTEGER PRIMARY KEY AUTOINCREMENT, asset TEXT, rule TEXT, occurrence INTEGER, time REAL,"
           " from_state TEXT, to_state TEXT, cause TEXT, user TEXT, comment TEXT, priority TEXT, value REAL)")
db.execute("CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, idempotency_key TEXT UNIQUE, receiver TEXT, payload TEXT,"
           " created_at REAL, next_attempt_at REAL)")
active, occurrence = {}, {}
now, transitions, readings = 1000.0, 0, 0
start = time.perf_counter()
db.execute("BEGIN")
def step(asset, occ, frm, to, cause, user):
    global transitions
    record = json.dumps({"key": {"asset": asset, "rule": "temp-high"}, "occurrence": occ, "state": to, "time": now,
                         "priority": {"name": "high", "rank": 700}, "value": 95.0, "message": "temp above 90"})
    db.execute("INSERT INTO journal (asset, rule, occurrence, time, from_state, to_state, cause, user, comment, priority, value)"
               " VALUES (?,?,?,?,?,?,?,?,?,?,?)", (asset, "temp-high", occ, now, frm, to, cause, user, None, "high", 95.0))
    db.execute("INSERT INTO alarm VALUES (?,?,?,?,?) ON CONFLICT(asset, rule) DO UPDATE SET occurrence=excluded.occurrence,"
               " state=excluded.state, record=excluded.record", (asset, "temp-high", occ, to, record))
    db.execute("INSERT OR IGNORE INTO outbox (idempotency_key, receiver, payload, created_at, next_attempt_at) VALUES (?,?,?,?,?)",
               (f"{asset}/temp-high/{occ}/{cause}/console", "console", record, now, now))
    transitions += 1
while time.perf_counter() - start < 5:
    for index in range(200):
        asset = f"asset-{index}"
        raise_ = not active.get(asset, False)
        active[asset] = raise_
        now += 0.001
        if raise_:
            occurrence[asset] = occurrence.get(asset, 0) + 1
            step(asset, occurrence[asset], "normal", "active_unacknowledged", "condition_active", None)
        else:
            step(asset, occurrence[asset], "active_unacknowledged", "returned_unacknowledged", "condition_cleared", None)
            step(asset, occurrence[asset], "returned_unacknowledged", "normal", "acknowledged", "bench")
        readings += 1
        if readings % 64 == 0:
            db.execute("COMMIT")
            db.execute("BEGIN")
db.execute("COMMIT")
print(f"{transitions / (time.perf_counter() - start):.0f}")
