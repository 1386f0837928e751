import AlarmStore
import Benchmark
import BenchmarkKernels
import Foundation
import Signals

/// Package benchmarks of the in-process kernels, for comparing commits (`swift package
/// --disable-sandbox benchmark baseline update` / `... compare`). The figures against external
/// anchors (numpy, Python, mosquitto, curl) come from scripts/bench.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput, .mallocCountTotal],
                                           maxDuration: .seconds(2), maxIterations: 1_000)

    // 1 Mi samples at 48 kHz: shaft tone, noise, outer-race impacts ringing at 5 kHz.
    let signal: [Float] = {
        var random = SplitMix64(seed: 7)
        let rate = 48_000.0
        let period = Int(rate / 81.125)
        return (0..<(1 << 20)).map { index in
            let time = Double(index) / rate
            var value = 0.3 * sin(2 * .pi * 25 * time) + 0.2 * (Double(random.next() % 2_000) / 1_000 - 1)
            let sinceImpact = index % period
            if sinceImpact < 64 { value += 4 * exp(-Double(sinceImpact) / 8) * sin(2 * .pi * 5_000 * Double(sinceImpact) / rate) }
            return Float(value)
        }
    }()
    for (kind, window) in [(SignalKernel.Kind.time, 2048), (.spectral, 4096), (.diagnosis, 8192)] {
        Benchmark("signals \(kind.rawValue), \(window)-sample windows of 1 Mi samples") { benchmark in
            let kernel = try SignalKernel(kind: kind, window: window, sampleRate: 48_000)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try signal.withUnsafeBufferPointer { all throws(SignalError) in try kernel.pass(over: all) })
            }
        }
    }

    Benchmark("rules, 10,000 assets × 3 channels, readings inside the limits") { benchmark in
        let kernel = RuleKernel(assets: 10_000)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(kernel.pass(rounds: 1)) }
    }

    Benchmark("alarm transitions on SQLite, 200 assets, 64 readings per transaction") { benchmark in
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-kernels-\(UUID().uuidString).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        var kernel = try AlarmTransitionKernel(store: try AlarmDatabase(path: path), assets: 200)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try kernel.pass(batch: 64)) }
        benchmark.stopMeasurement()
        try kernel.finish()
    }

    Benchmark("MQTT codec, 1,000 PUBLISH packets encoded and decoded") { benchmark in
        let kernel = MQTTCodecKernel(messages: 1_000)
        var bytes: [UInt8] = []
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try kernel.roundTrip(into: &bytes)) }
    }
}
