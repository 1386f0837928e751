// libFuzzer entry point for pdm's payload parsers and ingest pipeline, built by scripts/fuzz with
// `-sanitize=fuzzer`. PDM_FUZZ_TARGET names the target (PayloadFuzzing.targets).
import FuzzTargets
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPayload(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let name = ProcessInfo.processInfo.environment["PDM_FUZZ_TARGET"] ?? "reading"
    guard let target = PayloadFuzzing.targets[name] else {
        fatalError("PDM_FUZZ_TARGET: no target '\(name)' (known: \(PayloadFuzzing.targets.keys.sorted().joined(separator: ", ")))")
    }
    if let problem = target(Array(UnsafeBufferPointer(start: data, count: size))) {
        fatalError(problem)
    }
    return 0
}
