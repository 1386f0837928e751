import ArgumentParser
import CHeapUsage
import Foundation
import PDMConfig
import PDMRuntime

/// Heap held per monitored channel by the ingest pipeline once every channel's window is full:
/// streaming statistics, features, anomaly detectors, and each asset's share of its prognoser.
/// Prints `channels=<n> bytes_per_channel=<b> computed_per_channel=<c>`.
struct MemoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "memory")

    @Option(help: "Configuration file.") var config: String = "alarms.yaml"
    @Option(help: "Assets.") var assets = 2000
    @Option(help: "Readings per channel (more than the window fills it).") var readings = 120

    func run() throws {
        let configuration = try PDMConfiguration.load(path: config)
        let models = try ModelLibrary.load(directory: configuration.prognostics.modelDirectory)
        let channels = ["velocity_rms", "bearing_temp", "winding_temp", "suction_pressure", "load"]
        let levels = [1.8, 55, 95, 1.2, 70]
        let before = pdm_heap_usage().in_use
        var pipeline = IngestPipeline(configuration: configuration, models: models)
        var estimates = 0
        for step in 0..<readings {
            for asset in 0..<assets {
                for (index, channel) in channels.enumerated() {
                    let value = levels[index] + Double((step * 31 + asset) % 17) / 100
                    let time = 1_700_000_000 + step * 600
                    let payload = Array(#"{"ts":\#(time),"value":\#(value)}"#.utf8)
                    for output in pipeline.handle(topic: "plant/bench/m-\(asset)/\(channel)", payload: payload,
                                                  receivedAt: Double(time)) {
                        if case .estimate = output { estimates += 1 }
                    }
                }
            }
        }
        let after = pdm_heap_usage().in_use
        let count = assets * channels.count
        guard after > before else { throw ValidationError("heap usage is not measurable on this system (glibc 2.33+)") }
        guard pipeline.features(asset: "m-0", channel: "load")?.count == min(readings, configuration.statisticsWindow) else {
            throw ValidationError("the windows did not fill; raise --readings")
        }
        let perChannel = Double(after - before) / Double(count)
        print("channels=\(count) bytes_per_channel=\(Int(perChannel.rounded())) estimates=\(estimates)")
        withExtendedLifetime(pipeline) {}
    }
}
