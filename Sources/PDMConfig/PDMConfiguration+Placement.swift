import NameMatching

extension PDMConfiguration {
    /// The area (from `assets[].area`, `plant` when none matches) and class of an asset, as the
    /// console groups and filters the fleet.
    package func placement(of asset: String) -> (area: String, assetClass: String?) {
        let area = alarms.areas.first { Glob.matches($0.pattern, asset) }?.area ?? "plant"
        let assetClass = assets.first { Glob.matches($0.match, asset) }?.assetClass
        return (area, assetClass)
    }
}
