import GRDB

/// The feature history: time-bucketed summaries of each asset's channels, kept for a retention
/// period, read back by `pdm retrain`.
extension AlarmDatabase {
    /// One stored bucket.
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

    /// Stores buckets in one transaction (a bucket written again replaces the earlier one).
    package func record(_ rows: [FeatureRow]) throws(StoreError) {
        guard !rows.isEmpty else { return }
        try write("record features") { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO feature_history (asset, channel, bucket, count, mean, minimum, maximum, last)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(asset, channel, bucket) DO UPDATE SET count = excluded.count, mean = excluded.mean,
                    minimum = excluded.minimum, maximum = excluded.maximum, last = excluded.last
                """)
            for row in rows {
                try statement.execute(arguments: [row.asset, row.channel, row.bucket, row.count, row.mean, row.minimum,
                                                  row.maximum, row.last])
            }
        }
    }

    /// Deletes buckets that started before `time`; returns how many.
    @discardableResult
    package func pruneFeatures(before time: Double) throws(StoreError) -> Int {
        try write("prune features") { db in
            try db.execute(sql: "DELETE FROM feature_history WHERE bucket < ?", arguments: [time])
            return db.changesCount
        }
    }

    /// Buckets of the assets matching `asset` (glob), in asset and time order.
    package func features(asset: String = "*") throws(StoreError) -> [FeatureRow] {
        try read("read features") { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM feature_history WHERE asset GLOB ? ORDER BY asset, bucket, channel
                """, arguments: [asset]).map(Self.featureRow)
        }
    }

    static func featureRow(_ row: Row) -> FeatureRow {
        FeatureRow(asset: row["asset"], channel: row["channel"], bucket: row["bucket"], count: row["count"],
                   mean: row["mean"], minimum: row["minimum"], maximum: row["maximum"], last: row["last"])
    }
}
