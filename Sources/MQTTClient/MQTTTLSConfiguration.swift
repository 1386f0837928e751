/// TLS settings for a broker connection. Paths name PEM files.
public struct MQTTTLSConfiguration: Sendable, Hashable {
    /// CA certificates to trust; the system's trust store when `nil`.
    public var caFile: String?
    /// Client certificate chain for mutual TLS.
    public var certificateFile: String?
    /// Private key of the client certificate.
    public var privateKeyFile: String?
    /// Name sent in SNI and checked against the broker's certificate; the host name when `nil`.
    public var serverName: String?
    /// Verify the broker's certificate chain and name. Turn off only for testing.
    public var verifyCertificates: Bool

    public init(caFile: String? = nil, certificateFile: String? = nil, privateKeyFile: String? = nil,
                serverName: String? = nil, verifyCertificates: Bool = true) {
        self.caFile = caFile
        self.certificateFile = certificateFile
        self.privateKeyFile = privateKeyFile
        self.serverName = serverName
        self.verifyCertificates = verifyCertificates
    }
}
