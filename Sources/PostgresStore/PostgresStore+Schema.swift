import AlarmStore
import PostgresNIO

extension PostgresStore {
    /// One schema change, applied once and recorded in `schema_migrations`.
    struct Migration: Sendable {
        var version: String
        var statements: [String]
    }

    /// The schema, one migration per released change, in order. The tables, columns and keys
    /// are those of the SQLite file, in PostgreSQL's types (whole numbers BIGINT, times and values
    /// DOUBLE PRECISION, the prognosis state BYTEA).
    static let migrations: [Migration] = [
        Migration(version: "1: alarms, journal, escalation timers, outbox, tickets, commands, heartbeat, feature history, prognoses",
                  statements: [
            """
            CREATE TABLE alarm (
                asset TEXT NOT NULL, rule TEXT NOT NULL, occurrence BIGINT NOT NULL, state TEXT NOT NULL,
                priority TEXT NOT NULL, priority_rank BIGINT NOT NULL, area TEXT NOT NULL,
                raised_at DOUBLE PRECISION NOT NULL, changed_at DOUBLE PRECISION NOT NULL, value DOUBLE PRECISION,
                record TEXT NOT NULL, PRIMARY KEY (asset, rule))
            """,
            "CREATE INDEX alarm_state ON alarm (state, priority_rank)",
            """
            CREATE TABLE journal (
                id BIGSERIAL PRIMARY KEY, asset TEXT NOT NULL, rule TEXT NOT NULL, occurrence BIGINT NOT NULL,
                time DOUBLE PRECISION NOT NULL, from_state TEXT NOT NULL, to_state TEXT NOT NULL, cause TEXT NOT NULL,
                "user" TEXT, comment TEXT, priority TEXT NOT NULL, value DOUBLE PRECISION,
                FOREIGN KEY (asset, rule) REFERENCES alarm (asset, rule) DEFERRABLE INITIALLY DEFERRED)
            """,
            "CREATE INDEX journal_alarm ON journal (asset, rule, id)",
            "CREATE INDEX journal_time ON journal (time)",
            """
            CREATE TABLE escalation_timer (
                asset TEXT NOT NULL, rule TEXT NOT NULL, occurrence BIGINT NOT NULL, due DOUBLE PRECISION NOT NULL,
                policy TEXT NOT NULL, policy_version TEXT NOT NULL, next_level BIGINT NOT NULL, PRIMARY KEY (asset, rule),
                FOREIGN KEY (asset, rule) REFERENCES alarm (asset, rule) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED)
            """,
            "CREATE INDEX escalation_timer_due ON escalation_timer (due)",
            """
            CREATE TABLE outbox (
                id BIGSERIAL PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, receiver TEXT NOT NULL, kind TEXT NOT NULL,
                asset TEXT NOT NULL, rule TEXT NOT NULL, occurrence BIGINT NOT NULL, payload TEXT NOT NULL,
                created_at DOUBLE PRECISION NOT NULL, attempts BIGINT NOT NULL DEFAULT 0,
                next_attempt_at DOUBLE PRECISION NOT NULL, delivered_at DOUBLE PRECISION, dead_at DOUBLE PRECISION,
                last_error TEXT, awaiting_confirmation BIGINT NOT NULL DEFAULT 0, confirmed_by TEXT,
                confirmed_at DOUBLE PRECISION, fallback_sent BIGINT NOT NULL DEFAULT 0, fallback_of TEXT)
            """,
            "CREATE INDEX outbox_pending ON outbox (delivered_at, dead_at, next_attempt_at)",
            "CREATE INDEX outbox_alarm ON outbox (receiver, asset, rule, occurrence, id)",
            """
            CREATE TABLE ticket (
                asset TEXT NOT NULL, rule TEXT NOT NULL, occurrence BIGINT NOT NULL, receiver TEXT NOT NULL,
                name TEXT NOT NULL, value TEXT NOT NULL, captured_at DOUBLE PRECISION NOT NULL,
                PRIMARY KEY (asset, rule, occurrence, receiver, name))
            """,
            """
            CREATE TABLE command (
                id BIGSERIAL PRIMARY KEY, created_at DOUBLE PRECISION NOT NULL, payload TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'pending', result TEXT, done_at DOUBLE PRECISION)
            """,
            "CREATE INDEX command_pending ON command (status, id)",
            "CREATE TABLE heartbeat (id BIGINT PRIMARY KEY, pid BIGINT NOT NULL, at DOUBLE PRECISION NOT NULL)",
            """
            CREATE TABLE feature_history (
                asset TEXT NOT NULL, channel TEXT NOT NULL, bucket DOUBLE PRECISION NOT NULL, count BIGINT NOT NULL,
                mean DOUBLE PRECISION NOT NULL, minimum DOUBLE PRECISION NOT NULL, maximum DOUBLE PRECISION NOT NULL,
                last DOUBLE PRECISION NOT NULL, PRIMARY KEY (asset, channel, bucket))
            """,
            "CREATE INDEX feature_history_bucket ON feature_history (bucket)",
            """
            CREATE TABLE prognosis_state (
                asset TEXT PRIMARY KEY, model TEXT NOT NULL, model_version BIGINT NOT NULL, state BYTEA NOT NULL,
                saved_at DOUBLE PRECISION NOT NULL)
            """,
        ]),
        Migration(version: "2: shards, leases, the term of each journal entry", statements: [
            // Alarms and notifications belong to the shard whose leader wrote them (its fence sets
            // pdm.shard for the transaction); '' outside a cluster.
            "ALTER TABLE alarm ADD COLUMN shard TEXT NOT NULL DEFAULT coalesce(current_setting('pdm.shard', true), '')",
            "ALTER TABLE outbox ADD COLUMN shard TEXT NOT NULL DEFAULT coalesce(current_setting('pdm.shard', true), '')",
            "CREATE INDEX alarm_shard ON alarm (shard)",
            "CREATE INDEX outbox_shard ON outbox (shard, delivered_at, dead_at, next_attempt_at)",
            "ALTER TABLE command ADD COLUMN shard TEXT",
            // The leadership of each shard: who holds it, in which term, until when (server time).
            """
            CREATE TABLE lease (
                shard TEXT PRIMARY KEY, holder TEXT NOT NULL, epoch BIGINT NOT NULL,
                acquired_at TIMESTAMPTZ NOT NULL, expires_at TIMESTAMPTZ NOT NULL)
            """,
            // Journal entries written by a shard's leader carry its term (set by the fence of
            // each of its transactions), so the journal shows who acted when.
            "ALTER TABLE journal ADD COLUMN term BIGINT DEFAULT (NULLIF(current_setting('pdm.term', true), ''))::BIGINT",
            "ALTER TABLE journal ADD COLUMN shard TEXT DEFAULT NULLIF(current_setting('pdm.shard', true), '')",
            // The first statement of every write of a leader: it holds the lease row (FOR SHARE,
            // so a takeover waits for the write to commit) or the transaction fails at once.
            """
            CREATE FUNCTION pdm_fence(fence_shard TEXT, fence_holder TEXT, fence_epoch BIGINT) RETURNS BIGINT
            LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM 1 FROM lease WHERE shard = fence_shard AND holder = fence_holder AND epoch = fence_epoch FOR SHARE;
                IF NOT FOUND THEN
                    RAISE EXCEPTION 'shard % is no longer led by % in term %', fence_shard, fence_holder, fence_epoch
                        USING ERRCODE = 'PDM01';
                END IF;
                PERFORM set_config('pdm.term', fence_epoch::TEXT, true);
                PERFORM set_config('pdm.shard', fence_shard, true);
                RETURN fence_epoch;
            END
            $$
            """,
        ]),
        Migration(version: "3: the undelivered notifications in id order", statements: [StoreSchema.outboxUndeliveredIndex]),
    ]

    /// A constant of pdm's for the transaction-scoped advisory lock that serialises migrations:
    /// instances starting together apply each migration once.
    static let migrationLock: Int64 = 0x7064_6d5f_6d69_6772

    /// Brings the schema up to date: the migrations not yet in `schema_migrations`, in order, in
    /// one transaction; the versions applied are the result.
    @discardableResult
    package func migrate() async throws(StoreError) -> [String] {
        let lock = Self.migrationLock
        let pending: StoreOperation<[String]> = StoreOperation("migrate schema", readOnly: false, statements: { _ in [
            StoreStatement("SELECT pg_advisory_xact_lock(?)", [.integer(lock)]),
            StoreStatement("CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at DOUBLE PRECISION NOT NULL)"),
            StoreStatement("SELECT version FROM schema_migrations"),
        ] }, followUp: { _, rows in
            let applied = Set(try rows[2].map { try $0["version"] as String })
            return Self.migrations.filter { !applied.contains($0.version) }.flatMap { migration in
                migration.statements.map { StoreStatement($0) } + [StoreStatement(
                    "INSERT INTO schema_migrations (version, applied_at) VALUES (?, extract(epoch FROM now()))",
                    [.text(migration.version)])]
            }
        }, result: { rows in
            let applied = Set(try rows[2].map { try $0["version"] as String })
            return Self.migrations.map(\.version).filter { !applied.contains($0) }
        })
        return try await perform(pending)
    }
}
