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
        /// Where the device stands in its node's session.
        enum Status: Sendable {
            /// Born in this session: its aliases resolve, its data counts.
            case online
            /// Known from the node's previous session, not born again yet: its data waits for a
            /// birth, but a death before that still makes its channels stale.
            case awaitingBirth
            /// Dead, and its channels reported stale.
            case offline
        }

        var metrics: MetricTable
        var status: Status

        /// Whether a death has channels of this device to make stale.
        var hasCurrentValues: Bool {
            switch status {
            case .online, .awaitingBirth: true
            case .offline: false
            }
        }
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
