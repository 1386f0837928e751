/// The OpenAPI 3.1 document of the HTTP API (`Resources/openapi.json`), served at `/openapi.json`.
enum OpenAPIDocument {
    /// The document's bytes, or why they could not be read.
    static func load() -> Result<[UInt8], ResourceFiles.Unavailable> {
        ResourceFiles.read("openapi.json")
    }
}
