extension PrognosticModel {
    /// A model held once for every asset estimated under it, with the position of each of its
    /// health indicator's channels: an asset's prognoser keeps a reference, not a copy.
    package final class Shared: Sendable {
        package let model: PrognosticModel
        /// Each channel's position in the health indicator.
        let channelIndex: [String: Int]

        package init(_ model: PrognosticModel) {
            self.model = model
            var index: [String: Int] = [:]
            for (position, channel) in model.healthIndicator.channels.enumerated() { index[channel.name] = position }
            channelIndex = index
        }
    }
}
