import Foundation
import PDMRuntime
import Signals

/// Prints what the pipeline made of a replayed recording, one JSON object per line, and counts it.
struct ReplayPrinter {
    private var output = FileHandleOutput()
    private(set) var estimates = 0
    private(set) var rejected = 0
    private(set) var alarms = 0
    private(set) var diagnoses = 0
    /// The latest diagnosis, as "fault (confidence …)".
    private(set) var lastDiagnosis: String?
    private var faults: [String: BearingFault] = [:]

    mutating func emit(_ outputs: [IngestPipeline.Output]) {
        for item in outputs {
            switch item {
            case .estimate(let estimate, let unit):
                output.write(estimate.jsonPayload(unit: unit))
                estimates += 1
            case .rejected(let error):
                output.write(ReplayCommand.line(["kind": "rejected", "reason": error.reason, "detail": error.description]))
                rejected += 1
            case .sparkplugCommand:
                break  // a replay has no edge node to ask for a rebirth
            case .alarms(let actions):
                for case .journal(let entry) in actions {
                    var fields: [String: Any] = [
                        "kind": "alarm", "asset": entry.key.asset, "rule": entry.key.rule, "state": entry.to.rawValue,
                        "from": entry.from.rawValue, "cause": entry.cause.rawValue, "priority": entry.priority.name,
                        "occurrence": entry.occurrence, "time": entry.time,
                    ]
                    if let value = entry.value { fields["value"] = value }
                    output.write(ReplayCommand.line(fields))
                    alarms += 1
                }
            case .waveform(let asset, let channel, let time, let features):
                var values: [String: Double] = [:]
                for (name, value) in features.scalars { values[name] = value }
                output.write(ReplayCommand.line(["kind": "indicators", "asset": asset, "channel": channel, "time": time,
                                                 "values": values]))
                if let diagnosis = features.diagnosis {
                    lastDiagnosis = "\(diagnosis.fault.rawValue) (confidence \(String(format: "%.2f", diagnosis.confidence)))"
                }
                if let diagnosis = features.diagnosis, faults[asset + "\u{0}" + channel] != diagnosis.fault {
                    faults[asset + "\u{0}" + channel] = diagnosis.fault
                    output.write(ReplayCommand.line(diagnosis.jsonFields(asset: asset, channel: channel, time: time)))
                    diagnoses += 1
                }
            case .reading:
                break
            }
        }
    }

    mutating func flush() {
        output.flush()
    }
}
