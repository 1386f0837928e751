import Foundation
import FuzzTargets
import PDMRuntime
import Prognostics
import Testing

@Suite struct ModelLibraryTests {
    static let model = PayloadFuzzing.model

    static func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-models-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func writesAndReadsBack() throws {
        let directory = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try ModelLibrary.write(Self.model, to: directory + "/pump.json")
        let library = try ModelLibrary.load(directory: directory)
        #expect(library.entries.count == 1)
        #expect(library.model(for: "pump-3") == Self.model)
        #expect(library.model(for: "fan-1") == nil)
        let text = try String(contentsOfFile: directory + "/pump.json", encoding: .utf8)
        #expect(text.contains("\"format\" : 1"))
    }

    @Test func missingDirectoryIsAnEmptyLibrary() throws {
        #expect(try ModelLibrary.load(directory: "/nonexistent/pdm-models").entries.isEmpty)
    }

    @Test func invalidFilesNameTheField() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]  // the same text every run, so the edits below apply
        let good = try #require(String(data: try encoder.encode(Self.model), encoding: .utf8))
        func error(_ json: String) -> String? {
            do {
                _ = try ModelLibrary.decode(Data(json.utf8), path: "m.json")
                return nil
            } catch {
                return error.description
            }
        }
        #expect(error(good) == nil)
        let corrupt = error("{")
        #expect(corrupt?.hasPrefix("m.json: not valid JSON") == true, "\(corrupt ?? "")")
        #expect(error(good.replacingOccurrences(of: "\"horizon\":100", with: "\"horizon\":-1"))
            == "m.json: horizon: must be a positive number")
        #expect(error(good.replacingOccurrences(of: "\"scale\":5", with: "\"scale\":\"5\""))
            == "m.json: healthIndicator.channels[0].scale: expected Double")
        #expect(error(good.replacingOccurrences(of: "\"timeStep\":1,", with: ""))
            == "m.json: timeStep: is missing")
        #expect(error(good.replacingOccurrences(of: "\"format\":1", with: "\"format\":9"))
            == "m.json: format: format 9 is not supported (this pdm reads format 1)")
        #expect(error(good.replacingOccurrences(of: "\"method\":\"exponential\"", with: "\"method\":\"linear\""))
            == "m.json: linear: method is linear but the section is missing")
        #expect(error(good.replacingOccurrences(of: "\"method\":\"exponential\"", with: "\"method\":\"network\""))
            == "m.json: network: method is network but the section is missing")
        let network = #","network":{"windows":[10],"slopeWindow":30,"ageScale":100,"residuals":[],"layers":[{"inputs":4,"outputs":1,"weights":[1,2,3,4],"biases":[0]}]}}"#
        let withNetwork = String(good.dropLast()) + network
        #expect(error(withNetwork.replacingOccurrences(of: "\"method\":\"exponential\"", with: "\"method\":\"network\""))
            == "m.json: network: layers, windows or residual bands do not fit the health indicator's 1 channels")
    }

    @Test func rulPayloadIsStable() {
        let estimate = RULEstimate(asset: "pump-1", time: 7200, rul: 41.23456, lower: 30, upper: 55.5, healthIndicator: 0.5,
                                   threshold: 1, beyondHorizon: false, method: "exponential", model: "pump", modelVersion: 2)
        #expect(String(decoding: estimate.jsonPayload(unit: "h"), as: UTF8.self) == """
            {"asset":"pump-1","beyond_horizon":false,"hi":0.5,"kind":"rul","lower":30,"method":"exponential",\
            "model":"pump","model_version":2,"rul":41.235,"threshold":1,"time":7200,"unit":"h","upper":55.5,"version":1}
            """)
    }
}
