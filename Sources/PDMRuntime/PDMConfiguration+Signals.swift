import NameMatching
import PDMConfig
import Prognostics
import Signals

extension PDMConfiguration {
    /// The class of `asset`: the first `assets` entry whose pattern matches it.
    package func assetClass(of asset: String) -> AssetClassSettings? {
        assets.first { Glob.matches($0.match, asset) }.flatMap { assetClasses[$0.assetClass] }
    }

    /// What to compute from `asset`'s waveform blocks.
    package func waveformAnalysis(for asset: String) -> WaveformAnalysis {
        guard let settings = assetClass(of: asset) else { return WaveformAnalysis() }
        var defects: WaveformAnalysis.Defects?
        if let bearing = settings.bearing, let speed = settings.shaftSpeed {
            defects = .geometry(BearingGeometry(elements: bearing.elements, elementDiameter: bearing.elementDiameter,
                                                pitchDiameter: bearing.pitchDiameter, contactAngle: bearing.contactAngle),
                                shaftSpeed: speed)
        } else if let given = settings.defectFrequencies {
            defects = .frequencies(DefectFrequencies(bpfo: given.bpfo, bpfi: given.bpfi, bsf: given.bsf, ftf: given.ftf))
        }
        return WaveformAnalysis(
            accelerationScale: settings.accelerationScale,
            zoneLimits: settings.zoneLimits.map { SeverityZoneLimits(ab: $0.ab, bc: $0.bc, cd: $0.cd) },
            bands: settings.bands.map { WaveformAnalysis.Band(name: $0.name, range: $0.range) },
            envelopeBand: settings.envelopeBand, defects: defects,
            shaftSpeed: settings.shaftSpeed)
    }

    /// The level at which `channel` of `asset` counts as failed, for the trend prognosis: the asset
    /// class's `failure_at`, else `prognostics.trend.failure_at`, else for a velocity RMS channel the
    /// class's ISO 10816 zone C/D boundary.
    package func failureLevel(asset: String, channel: String) -> Double? {
        let assetClass = assetClass(of: asset)
        if let level = assetClass?.failureLevels[channel] ?? prognostics.trend.failureLevels[channel] { return level }
        if channel == "velocity_rms" || channel.hasSuffix(".velocity_rms") { return assetClass?.zoneLimits?.cd }
        return nil
    }

    /// Whether any asset could get a trend prognosis.
    package var hasFailureLevels: Bool {
        !prognostics.trend.failureLevels.isEmpty
            || assetClasses.values.contains { !$0.failureLevels.isEmpty || $0.zoneLimits != nil }
    }

    /// Settings of the per-channel streaming features.
    package var channelMonitorSettings: ChannelMonitor.Settings {
        ChannelMonitor.Settings(window: statisticsWindow, halfLife: statistics.halfLife,
                                learningReadings: statistics.baselineReadings, lateness: statistics.lateAfter,
                                baselineSkip: statistics.baselineSkip, falseAlarmRunLength: statistics.falseAlarmRunLength,
                                driftHalfLife: statistics.driftHalfLife)
    }
}
