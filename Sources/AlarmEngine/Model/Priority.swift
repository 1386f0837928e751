/// An alarm priority: an ISA-18.2 class name and its rank (higher is more urgent).
package struct Priority: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    package var name: String
    package var rank: Int

    package init(name: String, rank: Int) {
        self.name = name
        self.rank = rank
    }

    package static func < (lhs: Priority, rhs: Priority) -> Bool {
        lhs.rank < rhs.rank || (lhs.rank == rhs.rank && lhs.name < rhs.name)
    }

    package var description: String { name }

    package static let emergency = Priority(name: "emergency", rank: 1000)
    package static let high = Priority(name: "high", rank: 700)
    package static let medium = Priority(name: "medium", rank: 500)
    package static let low = Priority(name: "low", rank: 300)
    package static let diagnostic = Priority(name: "diagnostic", rank: 100)

    /// The ISA-18.2 classes pdm knows without configuration.
    package static let standard: [Priority] = [.emergency, .high, .medium, .low, .diagnostic]
}
