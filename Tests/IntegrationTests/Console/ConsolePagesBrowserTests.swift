import Foundation
import TestSupport
import Testing

/// The console's pages in headless Chromium on real content: a simulated plant whose pump-1
/// degrades, through mosquitto and `pdm run` with the shipped model. Each page is photographed;
/// the paths are printed (`screenshot <page>: <path>`).
@Suite("Console pages in headless Chromium",
       .enabled(if: TestBrokers.available && Executables.pdm != nil && BrowserDriver.available,
                "needs mosquitto, the built pdm, chromium, chromium-driver and selenium (pip install selenium)"))
struct ConsolePagesBrowserTests {
    static let script = #"""
        import re, sys
        from selenium import webdriver
        from selenium.common.exceptions import StaleElementReferenceException
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait

        base, shots = sys.argv[1], sys.argv[2]
        options = Options()
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1000"]:
            options.add_argument(argument)
        options.binary_location = "/usr/bin/chromium"
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        wait = WebDriverWait(driver, 30, ignored_exceptions=[StaleElementReferenceException])
        slow = WebDriverWait(driver, 90, ignored_exceptions=[StaleElementReferenceException])
        def css(selector):
            return driver.find_elements(By.CSS_SELECTOR, selector)
        def page(name, hash):
            driver.get(base + hash)
            wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-rendered") == name)
        def shoot(name):
            path = f"{shots}/{name}.png"
            driver.save_screenshot(path)
            print(f"screenshot {name}: {path}", flush=True)
        try:
            # Fleet: the degrading pump first, with its remaining life in people's units and a date.
            page("fleet", "#/")
            # Without tokens the console is read-only, and live all the same.
            wait.until(lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-live") == "true")
            print("live without a token", flush=True)
            wait.until(lambda d: css('#fleet tbody tr[data-asset="pump-1"] td.rul strong'))
            # pump-1 degrades: its alarm puts it first.
            slow.until(lambda d: css("#fleet tbody tr")[0].get_attribute("data-asset") == "pump-1")
            # The page redraws on every live update: read it in one go.
            fleet = driver.execute_script("""
                const rows = [...document.querySelectorAll('#fleet tbody tr')];
                return { order: rows.map((r) => r.dataset.asset), health: rows[0].dataset.health,
                         rul: rows[0].querySelector('td.rul').innerText, failure: rows[0].querySelector('td.failure').innerText };""")
            print("fleet order:", " ".join(fleet["order"]), flush=True)
            print("fleet health:", fleet["health"], flush=True)
            print("fleet rul:", fleet["rul"], flush=True)
            print("fleet failure:", fleet["failure"], flush=True)
            slow.until(lambda d: css('#fleet tbody tr[data-asset="pump-1"] a.ticket'))
            print("ticket link:", driver.execute_script(
                "const a = document.querySelector('#fleet tbody tr[data-asset=\"pump-1\"] a.ticket'); return a.textContent + ' ' + a.href"), flush=True)
            shoot("fleet")
            driver.execute_script("const s = document.getElementById('fleet-search'); s.value = 'fan'; s.dispatchEvent(new Event('input'));")
            wait.until(lambda d: d.execute_script("return [...document.querySelectorAll('#fleet tbody tr')].map((r) => r.dataset.asset).join(' ')") == "fan-1")
            print("search fan: fan-1", flush=True)

            # Asset: axes with ticks and units, the failure threshold, the interval band.
            page("asset", "#/asset/pump-1")
            wait.until(lambda d: css("#rul-chart .band") and css("#hi-chart .threshold"))
            asset = driver.execute_script("""
                const unit = [...document.querySelectorAll('#indicators tr[data-channel]')]
                  .filter((r) => r.dataset.channel === 'velocity_rms').map((r) => r.cells[1].innerText)[0];
                return { ticks: document.querySelectorAll('#rul-chart text.tick').length,
                         threshold: document.querySelector('#hi-chart .threshold-label').textContent,
                         rul: document.getElementById('rul').innerText, unit: unit };""")
            print("rul ticks:", asset["ticks"], flush=True)
            print("threshold:", asset["threshold"], flush=True)
            print("rul text:", asset["rul"], flush=True)
            print("unit velocity_rms:", asset["unit"], flush=True)
            shoot("asset")

            # Alarms: a filter, the value with its unit, the journal on click.
            page("alarms", "#/alarms")
            wait.until(lambda d: css('tr[data-key="pump-1/vibration-high"]'))
            print("alarm value:", driver.execute_script(
                "return document.querySelector('tr[data-key=\"pump-1/vibration-high\"] td.value').innerText"), flush=True)
            def open_journal(d):
                d.find_element(By.CSS_SELECTOR, 'tr[data-key="pump-1/vibration-high"] td.state').click()
                return True
            wait.until(open_journal)
            wait.until(lambda d: css("tr.journal li"))
            print("journal:", driver.execute_script("return document.querySelector('tr.journal li').innerText"), flush=True)
            shoot("alarms")
            driver.execute_script("const s = document.getElementById('filter-priority'); s.value = 'emergency'; s.dispatchEvent(new Event('change'));")
            wait.until(lambda d: not css('tr[data-key="pump-1/vibration-high"]'))
            print("filtered to emergency: none left", flush=True)

            # KPIs: the ISA-18.2 figures against their targets.
            page("kpi", "#/kpi")
            wait.until(lambda d: css("#kpi-top10"))
            print("kpi bars:", len(css("svg.kpi-bar")), flush=True)
            shoot("kpi")
        except Exception:
            print("page at failure:", driver.current_url, driver.find_element(By.TAG_NAME, "body").get_attribute("data-rendered"),
                  driver.find_element(By.ID, "main").text[:2000], flush=True)
            for entry in driver.get_log("browser"):
                print("browser:", entry.get("message"), flush=True)
            raise
        finally:
            driver.quit()
        """#

    @Test(.timeLimit(.minutes(4)))
    func fleetAssetAlarmsAndKPIPagesOnASimulatedPlant() async throws {
        let (port, broker) = try await TestBrokers.plain()
        defer { _ = broker }
        let id = UUID().uuidString.prefix(8)
        let prefix = "v-\(id)"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-pages-\(id)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // The screenshots outlive the run, for people to look at.
        let shots = FileManager.default.temporaryDirectory.appendingPathComponent("pdm-console-screenshots").path
        try FileManager.default.createDirectory(atPath: shots, withIntermediateDirectories: true)
        // A work-order system that answers with the ticket's id.
        let tracker = try await HTTPReceiver()
        tracker.respond { _ in .status(201, body: #"{"issue": {"id": 4711}}"#) }
        let httpPort = try FreePort.allocate()
        let config = directory + "/alarms.yaml"
        try (simulatedPlantConfiguration(brokerPort: port, prefix: prefix, httpPort: httpPort) + """
            asset_classes:
              pump: {machine_group: group2_rigid}
            assets:
              - {match: "pump-*", class: pump, area: pump-house}
              - {match: "fan-*", area: air}
            receivers:
              tracker:
                kind: webhook
                url: http://127.0.0.1:\(tracker.port)/issues.json
                capture: {issue_id: issue.id}
                ticket_url: "https://tracker.plant.local/issues/{issue_id}"
            escalation:
              maintenance: {levels: [{after: 0, notify: [tracker]}]}
            rules:
              - {name: vibration-high, channel: velocity_rms, above: 2.2, deadband: 0.35, priority: high, escalation: maintenance}
            """).write(toFile: config, atomically: true, encoding: .utf8)
        let pdm = try #require(Executables.pdm)
        let log = directory + "/pdm.log"
        let service = try ChildProcess(path: pdm, arguments: ["run", "--config", config], outputFile: log)
        _ = try await Executables.waitForText("subscribed", in: log)
        let simulator = try ChildProcess(path: pdm, arguments: [
            "simulate", "--config", config, "--site", "s1", "--assets", "3", "--degrading", "1", "--seed", "5",
            "--speed", "28800", "--onset", "1d", "--time-to-failure", "12d", "--rate", "5", "--duration", "120",
        ], outputFile: directory + "/simulate.log")
        defer { _ = simulator.stop(signal: SIGKILL, timeout: .seconds(5)) }
        _ = try await Executables.waitForText("fails at", in: directory + "/simulate.log")

        let browser = try CommandLineTool(CommandLineTool.resolve("python3"), [
            "-c", Self.script, "http://127.0.0.1:\(httpPort)/", shots,
        ])
        let result = await browser.finish(timeout: .seconds(150))
        print(result.output)
        #expect(result.status == 0, "\(result.output)")
        let lines = result.output.split(separator: "\n").map(String.init)
        func line(_ prefix: String) -> String { lines.first { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) } ?? "" }
        #expect(result.output.contains("live without a token"), "\(result.output)")
        #expect(line("fleet order: ").hasPrefix("pump-1"), "the degrading pump first: \(result.output)")
        #expect(["red", "amber"].contains(line("fleet health: ")), "\(result.output)")
        // In people's units: a lower bound and a median once degradation shows, else beyond the horizon.
        #expect(line("fleet rul: ").range(of: #"^(≥ [0-9.]+ (days|h|min) \(median [0-9.]+ (days|h|min)\)|beyond [0-9.]+ (days|h|min) .*)$"#,
                                          options: .regularExpression) != nil, "\(result.output)")
        #expect(line("fleet failure: ").range(of: #"^(after )?\d{4}-\d\d-\d\d \d\d:\d\d$"#, options: .regularExpression) != nil,
                "\(result.output)")
        #expect(line("ticket link: ") == "tracker #4711 https://tracker.plant.local/issues/4711", "\(result.output)")
        #expect(line("search fan: ") == "fan-1")
        #expect((Int(line("rul ticks: ")) ?? 0) >= 8, "time and value ticks: \(result.output)")
        #expect(line("threshold: ").hasPrefix("failure threshold"), "\(result.output)")
        #expect(line("rul text: ").contains("predicted failure"), "\(result.output)")
        #expect(line("unit velocity_rms: ") == "mm/s", "\(result.output)")
        #expect(line("alarm value: ").hasSuffix("mm/s"), "\(result.output)")
        #expect(line("journal: ").contains("normal → active unacknowledged"), "\(result.output)")
        #expect(result.output.contains("filtered to emergency: none left"))
        #expect((Int(line("kpi bars: ")) ?? 0) >= 6, "\(result.output)")
        for page in ["fleet", "asset", "alarms", "kpi"] {
            #expect(FileManager.default.fileExists(atPath: "\(shots)/\(page).png"), "screenshot of \(page)")
        }
        #expect(await service.stop(signal: SIGTERM, timeout: .seconds(10)) == 0)
    }
}
