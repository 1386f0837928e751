// libFuzzer entry point for the MQTT decoder; built by scripts/fuzz together with the codec sources
// and Tests/MQTTCodecTests/DecoderRoundTrip.swift.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMQTTDecoder(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let problem = DecoderRoundTrip.check(bytes) {
        fatalError(problem)
    }
    return 0
}
