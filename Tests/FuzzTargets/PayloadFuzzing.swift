import Foundation
import PDMConfig
import PDMRuntime
import Prognostics

/// The properties the payload fuzzers check, shared by `scripts/fuzz` (libFuzzer) and the corpus
/// regression tests. Each returns a description of the problem, or nil: a crash is a problem too.
package enum PayloadFuzzing {
    /// The fuzz targets by name.
    package static let targets: [String: @Sendable ([UInt8]) -> String?] = [
        "reading": reading, "waveform": waveform, "command": command, "pipeline": pipeline, "sparkplug": sparkplug,
    ]

    /// A time in the plausible range, as the receive time.
    static let now = 1_800_000_000.0

    /// Any bytes as a reading payload (JSON, Neuron upload, binary waveform): refused with a reason
    /// or read into finite values at plausible times.
    @Sendable package static func reading(_ bytes: [UInt8]) -> String? {
        let parser = ReadingParser()
        let parsed: ReadingParser.Payload
        do {
            parsed = try parser.parsePayload(bytes, topic: "plant/pump-1/v", asset: "pump-1", channel: "v", receivedAt: now)
        } catch {
            return error.description.isEmpty ? "a rejection without a reason" : nil
        }
        switch parsed {
        case .readings(let readings):
            return check(readings)
        case .gateway(let readings, _, _):
            return check(readings)
        case .waveform(let block):
            return check(block)
        }
    }

    /// Bytes behind a valid binary waveform header: decoded, or refused with a reason.
    @Sendable package static func waveform(_ bytes: [UInt8]) -> String? {
        reading(WaveformBlock.binaryMagic + [WaveformBlock.binaryVersion] + bytes)
    }

    /// An MQTT command: the first byte picks the action, the rest is the payload.
    @Sendable package static func command(_ bytes: [UInt8]) -> String? {
        let actions = ["ack", "acknowledge", "shelve", "unshelve", "comment", "reset", "bogus"]
        let action = actions[Int(bytes.first ?? 0) % actions.count]
        do {
            _ = try InboundCommand.parse(action: action, payload: Array(bytes.dropFirst()), responseTopic: nil, now: now)
        } catch {
            return "\(error)".isEmpty ? "a refusal without a reason" : nil
        }
        return nil
    }

    /// The whole ingest pipeline, with a model, after a valid reading: the input split at 0xFF
    /// into messages on a model channel, a waveform channel and a gateway topic of a pump, and on the
    /// waveform and scalar channels of a fan that no model covers (diagnosis by kurtogram, trend).
    @Sendable package static func pipeline(_ bytes: [UInt8]) -> String? {
        var pipeline = IngestPipeline(configuration: configuration, models: models, featureBucket: configuration.featureBucket)
        _ = pipeline.handle(topic: "plant/pump-1/v", payload: Array(#"{"ts":1800000000,"value":2.0}"#.utf8), receivedAt: now)
        let topics = ["plant/pump-1/v", "plant/pump-1/accel", "plant/pump-1/all", "plant/pump-2/v", "plant/fan-1/accel",
                      "plant/fan-1/v"]
        for (index, message) in bytes.split(separator: 0xFF, omittingEmptySubsequences: false).prefix(16).enumerated() {
            for output in pipeline.handle(topic: topics[index % topics.count], payload: Array(message), receivedAt: now + Double(index)) {
                switch output {
                case .reading(let reading):
                    if let problem = check([reading]) { return problem }
                case .estimate(let estimate, _):
                    guard estimate.rul.isFinite || estimate.beyondHorizon else { return "an estimate that is not finite: \(estimate)" }
                case .waveform, .alarms, .rejected, .sparkplugCommand:
                    break
                }
            }
        }
        _ = pipeline.tick(now: now + 100)
        for entry in pipeline.takeFeatureBuckets(flushing: true) {
            let bucket = entry.bucket
            guard bucket.count > 0, [bucket.start, bucket.mean, bucket.minimum, bucket.maximum, bucket.last].allSatisfy({ $0.isFinite })
            else { return "a feature-history bucket that is not finite: \(bucket)" }
        }
        return nil
    }

    /// Sparkplug B messages through the pipeline, after an edge node's and a device's births: the
    /// input split at the byte sequence FF FE into messages, the first byte of each picking the
    /// message type, the rest its payload. Every message is read or refused with a reason, and
    /// every reading is finite at a plausible time.
    @Sendable package static func sparkplug(_ bytes: [UInt8]) -> String? {
        var pipeline = IngestPipeline(configuration: sparkplugConfiguration)
        for (topic, payload) in SparkplugSeeds.births {
            _ = pipeline.handle(topic: topic, payload: payload, receivedAt: now)
        }
        let topics = ["spBv1.0/plant/NDATA/gw1", "spBv1.0/plant/DDATA/gw1/pump-1", "spBv1.0/plant/DBIRTH/gw1/pump-2",
                      "spBv1.0/plant/DDEATH/gw1/pump-1", "spBv1.0/plant/NDEATH/gw1", "spBv1.0/plant/NBIRTH/gw1",
                      "spBv1.0/plant/DDATA/gw1/pump-2", "spBv1.0/STATE/scada"]
        var messages: [ArraySlice<UInt8>] = []
        var start = bytes.startIndex
        var index = bytes.startIndex
        while index < bytes.endIndex, messages.count < 16 {
            if bytes[index] == 0xFF, index + 1 < bytes.endIndex, bytes[index + 1] == 0xFE {
                messages.append(bytes[start..<index])
                index += 2
                start = index
            } else {
                index += 1
            }
        }
        if messages.count < 16 { messages.append(bytes[start...]) }
        for (offset, message) in messages.enumerated() {
            let topic = topics[Int(message.first ?? 0) % topics.count]
            for output in pipeline.handle(topic: topic, payload: Array(message.dropFirst()), receivedAt: now + Double(offset)) {
                switch output {
                case .reading(let reading):
                    if let problem = check([reading]) { return problem }
                case .rejected(let error):
                    if error.description.isEmpty { return "a rejection without a reason" }
                case .estimate, .waveform, .alarms, .sparkplugCommand:
                    break
                }
            }
        }
        return nil
    }

    static let sparkplugConfiguration: PDMConfiguration = {
        let yaml = """
            broker: {host: 127.0.0.1, port: 1883}
            sparkplug: {group: plant}
            rules:
              - {name: temp-high, channel: temp, above: 90}
              - {name: comm-lost, communication_lost: true}
            """
        // The configuration is a constant of the harness: a failure here is a bug in it.
        guard let parsed = try? PDMConfiguration.parse(yaml: yaml, file: "fuzz-sparkplug.yaml", environment: [:]) else {
            fatalError("the Sparkplug fuzz configuration does not parse")
        }
        return parsed
    }()

    private static func check(_ readings: [Reading]) -> String? {
        for reading in readings {
            guard reading.value.isFinite else { return "a reading that is not finite: \(reading)" }
            guard Reading.plausibleTimes.contains(reading.time) || reading.time == now else { return "an implausible time: \(reading)" }
        }
        return nil
    }

    private static func check(_ block: WaveformBlock) -> String? {
        guard WaveformBlock.sampleRateRange.contains(block.sampleRate) else { return "sample rate \(block.sampleRate)" }
        guard Reading.plausibleTimes.contains(block.time) else { return "an implausible time: \(block.time)" }
        guard block.samples.allSatisfy(\.isFinite) else { return "a sample that is not finite" }
        return nil
    }

    static let configuration: PDMConfiguration = {
        let yaml = """
            broker: {host: 127.0.0.1, port: 1883}
            subscriptions:
              - topic: plant/{asset}/{channel}
            asset_classes:
              pump:
                bearing: {elements: 9, element_diameter: 7.94, pitch_diameter: 39.04, contact_angle: 0}
                shaft_rpm: 2960
                envelope_band: [2000, 8000]
              fan:
                defect_frequencies: {bpfo: 89.1, bpfi: 134.4, bsf: 58.0, ftf: 9.9}
                shaft_rpm: 1480
                failure_at: {v: 30}
            assets:
              - {match: "pump-*", class: pump}
              - {match: "fan-*", class: fan}
            rules:
              - {name: vib-high, channel: v, above: 40, on_delay: 5}
              - {name: vib-rate, channel: v, rate_above: 1}
              - {name: vib-anomaly, channel: v, anomaly_above: 1}
              - {name: vib-fall, channel: v, anomaly_above: 1, direction: both}
              - {name: bearing, channel: accel.diagnosis, above: 0}
              - {name: life, rul_below: 10}
              - {name: sensor, channel: v, sensor_fault: true}
            """
        // The configuration is a constant of the harness: a failure here is a bug in it.
        guard let parsed = try? PDMConfiguration.parse(yaml: yaml, file: "fuzz.yaml", environment: [:]) else {
            fatalError("the fuzz configuration does not parse")
        }
        return parsed
    }()

    static let models = ModelLibrary(entries: [.init(path: "pump.json", model: model)])

    /// A small exponential-degradation model of pumps on channel `v` (also the tests' sample model).
    package static let model = PrognosticModel(
        name: "pump", version: 2, fittedAt: "2026-11-22T00:00:00Z", description: "test", assets: ["pump-*"],
        timeUnit: "h", timeStep: 1, horizon: 100,
        healthIndicator: HealthIndicator(channels: [.init(name: "v", center: 1.8, scale: 5, weight: 1, low: 0, high: 50)], bias: 0),
        threshold: Threshold(value: 1, spread: 0.1), method: .exponential,
        exponential: DegradationModel(shape: .exponential, offset: -0.1,
                                      prior: LinePrior(intercept: -3, slope: 0.01, interceptVariance: 0.5, slopeVariance: 1e-5,
                                                       covariance: 0, noiseVariance: 0.01),
                                      memory: 50, onset: 0.1, durations: [40, 60]))
}
