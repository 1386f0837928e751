/// The message types a Sparkplug B topic names (its third level).
package enum SparkplugMessageType: String, Sendable, Hashable, CaseIterable {
    /// An edge node announces itself and its metrics (with aliases and current values).
    case nodeBirth = "NBIRTH"
    /// An edge node is gone (its will message, or a clean disconnect).
    case nodeDeath = "NDEATH"
    /// A device behind an edge node announces itself and its metrics.
    case deviceBirth = "DBIRTH"
    /// A device is gone.
    case deviceDeath = "DDEATH"
    /// New values of an edge node's own metrics.
    case nodeData = "NDATA"
    /// New values of a device's metrics.
    case deviceData = "DDATA"
    /// A command to an edge node (a rebirth request, among others).
    case nodeCommand = "NCMD"
    /// A command to a device.
    case deviceCommand = "DCMD"

    /// Whether a topic of this type names a device (a fifth level).
    package var namesDevice: Bool {
        switch self {
        case .deviceBirth, .deviceDeath, .deviceData, .deviceCommand: true
        case .nodeBirth, .nodeDeath, .nodeData, .nodeCommand: false
        }
    }
}
