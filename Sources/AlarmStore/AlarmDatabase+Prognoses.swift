import Foundation
import GRDB

/// The state of each asset's prognosis, kept so that a restart carries the fitted degradation on.
/// The store keeps it as opaque bytes with the model it belongs to.
extension AlarmDatabase {
    /// One asset's saved prognosis.
    package struct PrognosisRecord: Sendable, Hashable {
        package var asset: String
        package var model: String
        package var modelVersion: Int
        package var state: [UInt8]
        package var savedAt: Double

        package init(asset: String, model: String, modelVersion: Int, state: [UInt8], savedAt: Double) {
            self.asset = asset
            self.model = model
            self.modelVersion = modelVersion
            self.state = state
            self.savedAt = savedAt
        }
    }

    /// Saves prognoses in one transaction, each replacing the asset's earlier one.
    package func save(_ records: [PrognosisRecord]) throws(StoreError) {
        guard !records.isEmpty else { return }
        try write("save prognoses") { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO prognosis_state (asset, model, model_version, state, saved_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(asset) DO UPDATE SET model = excluded.model, model_version = excluded.model_version,
                    state = excluded.state, saved_at = excluded.saved_at
                """)
            for record in records {
                try statement.execute(arguments: [record.asset, record.model, record.modelVersion, Data(record.state),
                                                  record.savedAt])
            }
        }
    }

    /// Every saved prognosis.
    package func prognoses() throws(StoreError) -> [PrognosisRecord] {
        try read("read prognoses") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM prognosis_state ORDER BY asset").map { row in
                let state: Data = row["state"]
                return PrognosisRecord(asset: row["asset"], model: row["model"], modelVersion: row["model_version"],
                                       state: Array(state), savedAt: row["saved_at"])
            }
        }
    }
}
