import AlarmStore
import Foundation
import Hummingbird
import Logging
import PDMConfig
@testable import PDMHTTP
import Testing

/// The OpenAPI document (a resource file) and the router agree both ways: every route the server
/// registers is documented with its method, and every documented operation is a route.
@Suite("OpenAPI document and routes")
struct OpenAPIRoutesTests {
    /// "GET /api/v1/alarms/{asset}/{rule}" for each registered route (captures as `{name}`).
    static func registered() throws -> Set<String> {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-routes-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let server = APIServer(settings: HTTPSettings(), database: try AlarmDatabase(path: path), readiness: Readiness(),
                               logger: Logger(label: "test"))
        var routes = Set<String>()
        for route in server.makeRouter().routes {
            routes.insert("\(route.method.rawValue) \(documented(route.path.description))")
        }
        for route in server.makeLiveRouter().routes {
            routes.insert("\(route.method.rawValue) \(documented(route.path.description))")
        }
        return routes
    }

    /// A router path in the document's spelling: a leading slash, `:name` as `{name}`.
    static func documented(_ path: String) -> String {
        let segments = path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
        return "/" + segments.joined(separator: "/")
    }

    /// The console's own files are pages, not API.
    static let pages: Set<String> = ["GET /", "GET /console.js", "GET /console.css"]

    @Test func everyRouteIsDocumentedAndEveryOperationIsARoute() throws {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.load().get())) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var operations = Set<String>()
        for (path, methods) in paths {
            for method in methods.keys { operations.insert("\(method.uppercased()) \(path)") }
        }
        let routes = try Self.registered().subtracting(Self.pages)
        #expect(!routes.isEmpty)
        #expect(routes.subtracting(operations).isEmpty, "routes without documentation: \(routes.subtracting(operations).sorted())")
        #expect(operations.subtracting(routes).isEmpty, "documented but not routed: \(operations.subtracting(routes).sorted())")
    }

    @Test func theConsoleFilesAreResources() throws {
        let files = try ConsoleAssets.load().files.get()
        #expect(files.map(\.path) == ["", "console.js", "console.css"])
        #expect(files.allSatisfy { !$0.body.isEmpty })
        #expect(String(decoding: files[0].body, as: UTF8.self).contains(#"<script src="/console.js"></script>"#))
    }
}
