import ArgumentParser
import Foundation
import PDMConfig
import PDMRuntime
import Sparkplug

/// Sparkplug B ingest throughput: DDATA messages of `--devices` devices × `--metrics` metrics (by
/// alias, as edge nodes send them after their births) through the ingest pipeline, against JSON
/// readings of the same values (`{"ts": …, "values": {…}}` per device) through the same pipeline
/// in the same run. Both sides alternate over `--repeats` passes; the fastest pass of each counts.
/// Prints the BENCH line.
struct SparkplugCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sparkplug")

    @Option(help: "Devices (assets).") var devices = 1000
    @Option(help: "Metrics (channels) per device.") var metrics = 10
    @Option(help: "Messages per device per pass.") var rounds = 20
    @Option(help: "Passes of each side; the fastest counts.") var repeats = 3

    func run() throws {
        let yaml = """
            broker: {host: 127.0.0.1, port: 1883}
            subscriptions: [{topic: "plant/{asset}"}]
            sparkplug: {group: plant}
            rules:
            \((0..<metrics).map { "  - {name: m\($0)-high, channel: m\($0), above: 1000, deadband: 1}" }.joined(separator: "\n"))
              - {name: comm-lost, communication_lost: true}
            """
        let configuration = try PDMConfiguration.parse(yaml: yaml, file: "bench-sparkplug.yaml", environment: [:])
        let start = 1_800_000_000.0
        func value(_ device: Int, _ metric: Int, _ round: Int) -> Double { Double((device * 7 + metric * 3 + round) % 100) / 4 }
        /// A device's metrics in one round: a birth (names, aliases, types) or data by alias only.
        func payload(device: Int, round: Int, time: Double, seq: UInt64, named: Bool) -> [UInt8] {
            var payload = SparkplugPayload()
            payload.seq = seq
            payload.timestamp = SparkplugTime.milliseconds(time)
            payload.metrics = (0..<metrics).map { index in
                var metric = SparkplugMetric()
                if named {
                    metric.name = "m\(index)"
                    metric.datatype = UInt32(SparkplugDataType.double.rawValue)
                }
                metric.alias = UInt64(index)
                metric.doubleValue = value(device, index, round)
                return metric
            }
            return payload.encoded()
        }

        // The messages of each side, made before any clock runs.
        var births: [(String, [UInt8])] = []
        var node = SparkplugPayload()
        node.seq = 0
        var bdSeq = SparkplugMetric()
        bdSeq.name = "bdSeq"
        bdSeq.longValue = 0
        node.metrics = [bdSeq]
        births.append(("spBv1.0/plant/NBIRTH/gw", node.encoded()))
        var seq: UInt64 = 0
        for device in 0..<devices {
            seq = (seq + 1) % 256
            births.append(("spBv1.0/plant/DBIRTH/gw/d\(device)", payload(device: device, round: 0, time: start, seq: seq, named: true)))
        }
        var sparkplugMessages: [(String, [UInt8])] = []
        var jsonMessages: [(String, [UInt8])] = []
        for round in 1...rounds {
            let time = start + Double(round)
            for device in 0..<devices {
                seq = (seq + 1) % 256
                sparkplugMessages.append(("spBv1.0/plant/DDATA/gw/d\(device)",
                                          payload(device: device, round: round, time: time, seq: seq, named: false)))
                let values = (0..<metrics).map { "\"m\($0)\":\(value(device, $0, round))" }.joined(separator: ",")
                jsonMessages.append(("plant/d\(device)", Array(#"{"ts":\#(time),"values":{\#(values)}}"#.utf8)))
            }
        }

        // One pass: a fresh pipeline warmed by the births (the first readings of every channel),
        // then every message timed; the readings out are counted and summed on both sides.
        func pass(_ messages: [(String, [UInt8])]) -> (seconds: Double, readings: Int, sum: Double) {
            var pipeline = IngestPipeline(configuration: configuration)
            for (topic, payload) in births { _ = pipeline.handle(topic: topic, payload: payload, receivedAt: start) }
            for device in 0..<devices {
                let values = (0..<metrics).map { "\"m\($0)\":\(value(device, $0, 0))" }.joined(separator: ",")
                _ = pipeline.handle(topic: "plant/d\(device)", payload: Array(#"{"ts":\#(start),"values":{\#(values)}}"#.utf8),
                                    receivedAt: start)
            }
            var readings = 0
            var sum = 0.0
            let began = DispatchTime.now().uptimeNanoseconds
            for (index, (topic, payload)) in messages.enumerated() {
                for output in pipeline.handle(topic: topic, payload: payload, receivedAt: start + 1 + Double(index / devices)) {
                    if case .reading(let reading) = output {
                        readings += 1
                        sum += reading.value
                    }
                }
            }
            return (Double(DispatchTime.now().uptimeNanoseconds - began) / 1e9, readings, sum)
        }
        var best = (sparkplug: Double.infinity, json: Double.infinity)
        for _ in 0..<repeats {
            let ours = pass(sparkplugMessages)
            let anchor = pass(jsonMessages)
            let expected = devices * metrics * rounds
            guard ours.readings == expected, anchor.readings == expected, abs(ours.sum - anchor.sum) < 1e-6 * max(1, anchor.sum) else {
                throw ValidationError("readings differ: Sparkplug \(ours.readings) (sum \(ours.sum)), JSON \(anchor.readings) "
                    + "(sum \(anchor.sum)), expected \(expected)")
            }
            best = (min(best.sparkplug, ours.seconds), min(best.json, anchor.seconds))
        }
        let count = Double(devices * metrics * rounds)
        let ours = count / best.sparkplug, anchor = count / best.json
        print(String(format: "BENCH sparkplug_ingest %.0f metrics/s anchor=%.0f ratio=%.3f", ours, anchor, ours / anchor))
    }
}
