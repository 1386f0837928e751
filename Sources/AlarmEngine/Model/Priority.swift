/// An alarm priority: an ISA-18.2 class name and its rank (higher is more urgent).
public struct Priority: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var name: String
    public var rank: Int

    public init(name: String, rank: Int) {
        self.name = name
        self.rank = rank
    }

    public static func < (lhs: Priority, rhs: Priority) -> Bool {
        lhs.rank < rhs.rank || (lhs.rank == rhs.rank && lhs.name < rhs.name)
    }

    public var description: String { name }

    public static let emergency = Priority(name: "emergency", rank: 1000)
    public static let high = Priority(name: "high", rank: 700)
    public static let medium = Priority(name: "medium", rank: 500)
    public static let low = Priority(name: "low", rank: 300)
    public static let diagnostic = Priority(name: "diagnostic", rank: 100)

    /// The ISA-18.2 classes pdm knows without configuration.
    public static let standard: [Priority] = [.emergency, .high, .medium, .low, .diagnostic]
}
