extension SparkplugHost {
    /// What pdm knows of one edge node.
    enum NodeState: Sendable {
        /// Born, and not dead since: its aliases resolve, its sequence is followed.
        case online(NodeSession)
        /// Dead (NDEATH): its metrics were reported stale; it waits for a new birth.
        case offline(NodeSession)

        var session: NodeSession {
            switch self {
            case .online(let session), .offline(let session): session
            }
        }
    }

    /// An edge node's session, from its NBIRTH.
    struct NodeSession: Sendable {
        /// The birth/death sequence number of the NBIRTH, matched by its NDEATH.
        var bdSeq: UInt64?
        /// The sequence number of the node's last message.
        var seq: UInt64?
        var metrics: MetricTable
        var devices: [String: DeviceSession] = [:]
    }

    /// A device's metrics, from its DBIRTH.
    struct DeviceSession: Sendable {
        var metrics: MetricTable
        var online: Bool
    }

    /// The metrics a birth declared: aliases to names, and each name's data type.
    struct MetricTable: Sendable {
        var names: [UInt64: String] = [:]
        var types: [String: UInt32] = [:]

        /// Names of the metrics that carry readings (not the node's control and information metrics).
        var readingNames: [String] {
            types.keys.filter { !SparkplugHost.isControl($0) }.sorted()
        }
    }
}
