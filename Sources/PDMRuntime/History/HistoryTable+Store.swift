import AlarmStore
import Prognostics

extension HistoryTable {
    /// The feature history of the alarm database as a history table: one row per asset and
    /// bucket, each channel's mean in its column (empty where the channel had no reading), time in
    /// Unix seconds. The last bucket of each asset stands for its end of life.
    package init(features rows: [AlarmDatabase.FeatureRow]) {
        let channels = Array(Set(rows.map(\.channel))).sorted()
        let column = Dictionary(uniqueKeysWithValues: channels.enumerated().map { ($1, $0) })
        var runs: [RunHistory] = []
        for row in rows {
            if runs.last?.asset != row.asset { runs.append(RunHistory(asset: row.asset)) }
            let index = runs.count - 1
            if runs[index].times.last != row.bucket {
                runs[index].times.append(row.bucket)
                runs[index].rows.append(Array(repeating: nil, count: channels.count))
            }
            if let position = column[row.channel] {
                runs[index].rows[runs[index].rows.count - 1][position] = row.mean
            }
        }
        self.init(channels: channels, runs: runs, datedTime: true)
    }
}
