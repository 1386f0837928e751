extension WaveformAnalysis {
    /// The shaft speed the bearing diagnosis uses: the geometry's, else the one given.
    package var diagnosisShaftSpeed: Double? {
        switch defects {
        case .geometry(_, let speed): speed
        case .frequencies: shaftSpeed
        case nil: nil
        }
    }

    /// A fresh diagnoser for one channel, when the bearing is known.
    package func makeDiagnoser() -> BearingDiagnoser? {
        guard let defects else { return nil }
        return BearingDiagnoser(defects: defects.frequencies, shaftSpeed: diagnosisShaftSpeed,
                                settings: .init(band: envelopeBand, memory: diagnosisMemory))
    }
}
