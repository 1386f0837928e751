import AlarmEngine

/// The store's operations by name, for callers that use the SQLite store directly and
/// synchronously (the command line, tests, benchmarks).
extension AlarmDatabase {
    package typealias FeatureRow = AlarmStore.FeatureRow
    package typealias PrognosisRecord = AlarmStore.PrognosisRecord
    package typealias QueuedCommand = AlarmStore.QueuedCommand

    package func apply(_ actions: [AlarmAction]) throws(StoreError) { try perform(.apply(batches: [actions])) }
    package func apply(batches: [[AlarmAction]]) throws(StoreError) { try perform(.apply(batches: batches)) }
    package func apply(batches: [[AlarmAction]], completing commands: [(id: Int64, result: String)],
                       now: Double) throws(StoreError) {
        try perform(.apply(batches: batches, completing: commands, now: now))
    }
    package func loadAlarms() throws(StoreError) -> [Alarm] { try perform(.loadAlarms()) }
    package func alarms(_ filter: AlarmFilter = AlarmFilter()) throws(StoreError) -> [Alarm] { try perform(.alarms(filter)) }
    package func alarm(_ key: AlarmKey) throws(StoreError) -> Alarm? { try perform(.alarm(key)) }
    package func journal(for key: AlarmKey, limit: Int = 1000) throws(StoreError) -> [AlarmTransition] {
        try perform(.journal(for: key, limit: limit))
    }
    package func journal(after id: Int64 = 0, limit: Int = 100_000) throws(StoreError) -> [(id: Int64, entry: AlarmTransition)] {
        try perform(.journal(after: id, limit: limit))
    }
    package func journal(from start: Double, to end: Double) throws(StoreError) -> [AlarmTransition] {
        try perform(.journal(from: start, to: end))
    }
    package func kpis(from start: Double, to end: Double, staleAfter: Double,
                      targets: [String: Double] = AlarmKPIs.defaultTargets) throws(StoreError) -> AlarmKPIs {
        try perform(.kpis(from: start, to: end, staleAfter: staleAfter, targets: targets))
    }
    package func dueEscalations(by time: Double) throws(StoreError) -> [(key: AlarmKey, due: Double)] {
        try perform(.dueEscalations(by: time))
    }
    package func alarmCounts() throws(StoreError) -> [(state: String, priority: String, count: Int)] {
        try perform(.alarmCounts())
    }

    package func pendingNotifications(limit: Int = 100) throws(StoreError) -> [OutboxEntry] {
        try perform(.pendingNotifications(limit: limit))
    }
    package func dueNotifications(now: Double, limit: Int = 200) throws(StoreError) -> [OutboxEntry] {
        try perform(.dueNotifications(now: now, limit: limit))
    }
    package func nextNotificationDue() throws(StoreError) -> Double? { try perform(.nextNotificationDue()) }
    package func deadLetters(limit: Int = 100) throws(StoreError) -> [OutboxEntry] { try perform(.deadLetters(limit: limit)) }
    package func count(deadOnly: Bool) throws(StoreError) -> Int { try perform(.outboxCount(deadOnly: deadOnly)) }
    package func pendingNotificationCount() throws(StoreError) -> Int { try perform(.pendingNotificationCount()) }
    package func awaitingConfirmation() throws(StoreError) -> [OutboxEntry] { try perform(.awaitingConfirmation()) }
    package func notifications(for key: AlarmKey, limit: Int = 1000) throws(StoreError) -> [OutboxEntry] {
        try perform(.notifications(for: key, limit: limit))
    }
    package func record(_ outcomes: [DeliveryRecord]) throws(StoreError) {
        guard !outcomes.isEmpty else { return }
        try perform(.record(outcomes))
    }
    @discardableResult
    package func redeliver(_ ids: [Int64]?, now: Double) throws(StoreError) -> Int { try perform(.redeliver(ids, now: now)) }
    package func deliveryContexts(for entries: [OutboxEntry]) throws(StoreError) -> [Int64: DeliveryContext] {
        guard !entries.isEmpty else { return [:] }
        return try perform(.deliveryContexts(for: entries))
    }
    package func tickets(for key: AlarmKey, occurrence: Int) throws(StoreError) -> [String: [String: String]] {
        try perform(.tickets(for: key, occurrence: occurrence))
    }
    package func journalAction(_ key: AlarmKey, occurrence: Int, cause: AlarmTransition.Cause, user: String?,
                               comment: String?, now: Double) throws(StoreError) {
        try perform(.journalAction(key, occurrence: occurrence, cause: cause, user: user, comment: comment, now: now))
    }
    package func confirmActions(_ key: AlarmKey, receiver: String?, user: String, comment: String?,
                                now: Double) throws(StoreError) -> [OutboxEntry] {
        try perform(.confirmActions(key, receiver: receiver, user: user, comment: comment, now: now))
    }

    package func enqueue(_ command: OperatorCommand, now: Double) throws(StoreError) -> Int64 {
        try perform(.enqueue(command, now: now))
    }
    package func pendingCommands() throws(StoreError) -> [QueuedCommand] { try perform(.pendingCommands()) }
    package func complete(_ id: Int64, status: CommandStatus, result: String, now: Double) throws(StoreError) {
        try perform(.complete(id, status: status, result: result, now: now))
    }
    package func command(_ id: Int64) throws(StoreError) -> QueuedCommand? { try perform(.command(id)) }
    package func beat(pid: Int32, now: Double) throws(StoreError) { try perform(.beat(pid: pid, now: now)) }
    package func clearHeartbeat() throws(StoreError) { try perform(.clearHeartbeat()) }
    package func heartbeat() throws(StoreError) -> (pid: Int32, at: Double)? { try perform(.heartbeat()) }

    package func record(_ rows: [FeatureRow]) throws(StoreError) {
        guard !rows.isEmpty else { return }
        try perform(.record(rows))
    }
    @discardableResult
    package func pruneFeatures(before time: Double) throws(StoreError) -> Int { try perform(.pruneFeatures(before: time)) }
    package func features(asset: String = "*") throws(StoreError) -> [FeatureRow] { try perform(.features(asset: asset)) }
    package func save(_ records: [PrognosisRecord]) throws(StoreError) {
        guard !records.isEmpty else { return }
        try perform(.save(records))
    }
    package func prognoses() throws(StoreError) -> [PrognosisRecord] { try perform(.prognoses()) }
}
