import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import TestSupport
import Testing

/// The web console in a real headless Chromium (Debian's chromium and chromium-driver, driven by
/// selenium from PyPI): an alarm raised through MQTT appears without a reload, and the Ack button
/// reaches the database.
@Suite("Web console in headless Chromium",
       .enabled(if: TestBrokers.available && Executables.pdm != nil && BrowserDriver.available,
                "needs mosquitto, the built pdm, chromium, chromium-driver and selenium (pip install selenium)"))
struct ConsoleBrowserTests {
    static let script = #"""
        import sys
        from selenium import webdriver
        from selenium.common.exceptions import StaleElementReferenceException
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait

        url, key = sys.argv[1], sys.argv[2]
        options = Options()
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"]:
            options.add_argument(argument)
        options.binary_location = "/usr/bin/chromium"
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        row = f'tr[data-key="{key}"]'
        wait = WebDriverWait(driver, 20, ignored_exceptions=[StaleElementReferenceException])
        try:
            driver.get(url)  # the fleet page; the token in the address is kept
            wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-live") == "true")
            driver.get(url.split("#")[0] + "#/alarms")
            wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-rendered") == "alarms")
            print("ready", flush=True)
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, row))
            print("alarm shown:", driver.find_element(By.CSS_SELECTOR, row).get_attribute("data-state"), flush=True)
            def click(d):
                d.find_element(By.CSS_SELECTOR, row + " button.ack").click()
                return True
            wait.until(click)
            # The acknowledgement asks for an optional comment.
            wait.until(lambda d: d.switch_to.alert)
            alert = driver.switch_to.alert
            alert.send_keys("checking the bearing")
            alert.accept()
            wait.until(lambda d: d.find_element(By.CSS_SELECTOR, row).get_attribute("data-state") == "active_acknowledged")
            print("acknowledged in the page", flush=True)
            driver.get(url.split("#")[0] + "#/asset/" + key.split("/")[0])
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#rul"))
            wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#indicators tr[data-channel]"))
            print("asset page shown with", len(driver.find_elements(By.CSS_SELECTOR, "#indicators tr[data-channel]")), "indicators", flush=True)
        finally:
            driver.quit()
        """#

    @Test("an alarm raised over MQTT appears without a reload; Ack in the page reaches the database")
    func liveAlarmAndAcknowledge() async throws {
        let (port, broker) = try await TestBrokers.plain()
        defer { _ = broker }
        let id = UUID().uuidString.prefix(8)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-console-\(id)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let httpPort = try FreePort.allocate()
        let token = "console-\(UUID().uuidString)"
        let config = directory + "/alarms.yaml"
        try """
            broker: {host: 127.0.0.1, port: \(port), client_id: pdm-w-\(id)}
            topics: {prefix: w-\(id)}
            subscriptions:
              - {topic: "w-\(id)/plant/{asset}/{channel}", qos: 1}
            storage: {database: state.sqlite}
            http:
              port: \(httpPort)
              tokens:
                - {user: operator-7, token: "\(token)"}
            rules:
              - {name: bearing-hot, channel: temp, above: 90, deadband: 5, priority: high}
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let log = directory + "/pdm.log"
        let service = try ChildProcess(path: try #require(Executables.pdm), arguments: ["run", "--config", config], outputFile: log)
        _ = try await Executables.waitForText("HTTP API listening", in: log)
        _ = try await Executables.waitForText("subscribed", in: log)

        let browser = try CommandLineTool(CommandLineTool.resolve("python3"), [
            "-c", Self.script, "http://127.0.0.1:\(httpPort)/#/?token=\(token)", "pump-1/bearing-hot",
        ])
        try await browser.waitForOutput("ready", timeout: .seconds(60))
        let pub = try CommandLineTool("mosquitto_pub", ["-h", "127.0.0.1", "-p", "\(port)", "-q", "1",
                                                        "-t", "w-\(id)/plant/pump-1/temp", "-m", #"{"value": 97}"#])
        #expect(await pub.finish().status == 0)
        let result = await browser.finish(timeout: .seconds(90))
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("alarm shown: active_unacknowledged"), "\(result.output)")
        #expect(result.output.contains("acknowledged in the page"), "\(result.output)")
        #expect(result.output.contains("asset page shown with 1 indicators"), "\(result.output)")

        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(httpPort)/api/v1/alarms/pump-1/bearing-hot")))
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (data, _) = try await URLSession.shared.data(for: request)
        let detail = try #require((try JSONSerialization.jsonObject(with: data)) as? [String: Any])
        let journal = try #require(detail["journal"] as? [[String: Any]])
        #expect(journal.contains { $0["cause"] as? String == "acknowledged" && $0["user"] as? String == "operator-7"
            && $0["comment"] as? String == "checking the bearing" },
                "\(String(decoding: data, as: UTF8.self))")
        #expect(await service.stop(signal: SIGTERM, timeout: .seconds(10)) == 0)
    }
}

/// Debian's chromium and chromium-driver with Python's selenium.
enum BrowserDriver {
    static let available: Bool = FileManager.default.isExecutableFile(atPath: "/usr/bin/chromium")
        && FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
        && PythonModules.available(["selenium"])
}
