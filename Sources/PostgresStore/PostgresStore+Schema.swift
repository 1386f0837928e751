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
