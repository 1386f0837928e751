// The payload fuzzer: libFuzzer's driver over pdm's payload parsers and ingest pipeline. Built by
// scripts/fuzz with `-sanitize=fuzzer,address -DPDM_FUZZING`; PDM_FUZZ_TARGET names the target
// (PayloadFuzzing.targets). A plain build makes a stub that says so.
import Foundation
import FuzzTargets

#if PDM_FUZZING
/// libFuzzer's entry point for programs with their own `main`.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

let name = ProcessInfo.processInfo.environment["PDM_FUZZ_TARGET"] ?? "reading"
guard PayloadFuzzing.targets[name] != nil else {
    fatalError("PDM_FUZZ_TARGET: no target '\(name)' (known: \(PayloadFuzzing.targets.keys.sorted().joined(separator: ", ")))")
}
var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    let name = ProcessInfo.processInfo.environment["PDM_FUZZ_TARGET"] ?? "reading"
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    if let problem = PayloadFuzzing.targets[name]?(bytes) {
        fatalError(problem)
    }
    return 0
}
exit(status)
#else
FileHandle.standardError.write(Data("pdm's payload fuzzer: build and run it with scripts/fuzz\n".utf8))
exit(2)
#endif
