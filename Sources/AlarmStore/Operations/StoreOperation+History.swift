/// The feature history (time-bucketed summaries of each asset's channels, kept for a retention
/// period and read back by `pdm retrain`) and the saved state of each asset's prognosis.
extension StoreOperation where Result == Void {
    /// Stores buckets in one transaction (a bucket written again replaces the earlier one).
    package static func record(_ rows: [FeatureRow]) -> Self {
        .write("record features") { _ in
            rows.map { row in
                StoreStatement("""
                    INSERT INTO feature_history (asset, channel, bucket, count, mean, minimum, maximum, last)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (asset, channel, bucket) DO UPDATE SET count = excluded.count, mean = excluded.mean,
                        minimum = excluded.minimum, maximum = excluded.maximum, last = excluded.last
                    """, [.text(row.asset), .text(row.channel), .real(row.bucket), StoreValue(row.count), .real(row.mean),
                          .real(row.minimum), .real(row.maximum), .real(row.last)])
            }
        }
    }

    /// Saves prognoses in one transaction, each replacing the asset's earlier one.
    package static func save(_ records: [PrognosisRecord]) -> Self {
        .write("save prognoses") { _ in
            records.map { record in
                StoreStatement("""
                    INSERT INTO prognosis_state (asset, model, model_version, state, saved_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (asset) DO UPDATE SET model = excluded.model, model_version = excluded.model_version,
                        state = excluded.state, saved_at = excluded.saved_at
                    """, [.text(record.asset), .text(record.model), StoreValue(record.modelVersion), .blob(record.state),
                          .real(record.savedAt)])
            }
        }
    }
}

extension StoreOperation where Result == Int {
    /// Deletes buckets that started before `time`; the result is how many.
    package static func pruneFeatures(before time: Double) -> Self {
        Self("prune features", readOnly: false, statements: { _ in
            [StoreStatement("DELETE FROM feature_history WHERE bucket < ? RETURNING 1 AS gone", [.real(time)])]
        }, result: { $0.first?.count ?? 0 })
    }
}

extension StoreOperation where Result == [FeatureRow] {
    /// Buckets of the assets matching `asset` (glob), in asset and time order.
    package static func features(asset: String = "*") -> Self {
        .read("read features", { dialect in
            let match = dialect.matching("asset", pattern: asset)
            return StoreStatement("SELECT * FROM feature_history WHERE \(match.sql) ORDER BY asset, bucket, channel",
                                  [match.argument])
        }, rows: { rows in
            try rows.map { row in
                FeatureRow(asset: try row["asset"], channel: try row["channel"], bucket: try row["bucket"],
                           count: try row["count"], mean: try row["mean"], minimum: try row["minimum"],
                           maximum: try row["maximum"], last: try row["last"])
            }
        })
    }
}

extension StoreOperation where Result == [PrognosisRecord] {
    /// Every saved prognosis.
    package static func prognoses() -> Self {
        .read("read prognoses", { _ in StoreStatement("SELECT * FROM prognosis_state ORDER BY asset") }, rows: { rows in
            try rows.map { row in
                PrognosisRecord(asset: try row["asset"], model: try row["model"], modelVersion: try row["model_version"],
                                state: try row["state"], savedAt: try row["saved_at"])
            }
        })
    }
}

/// One stored bucket of the feature history.
package struct FeatureRow: Sendable, Hashable {
    package var asset: String
    package var channel: String
    package var bucket: Double
    package var count: Int
    package var mean: Double
    package var minimum: Double
    package var maximum: Double
    package var last: Double

    package init(asset: String, channel: String, bucket: Double, count: Int, mean: Double, minimum: Double,
                 maximum: Double, last: Double) {
        self.asset = asset
        self.channel = channel
        self.bucket = bucket
        self.count = count
        self.mean = mean
        self.minimum = minimum
        self.maximum = maximum
        self.last = last
    }
}

/// One asset's saved prognosis: opaque bytes with the model they belong to.
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
