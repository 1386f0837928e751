// swift-tools-version:6.1
import PackageDescription

// Swift 6 language mode (tools 6.1) already checks concurrency strictly; every target also spells
// existential types `any P`.
let existentialAny: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

// The pure math targets are optimised in debug builds too, so that the tests on real recordings
// (FFTs over millions of samples, cross-validation over a hundred engines) take seconds, not minutes.
let optimisedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

let package = Package(
    name: "pdm",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pdm", targets: ["pdm"]),
        .executable(name: "pdm-bench", targets: ["PDMBench"]),
        .library(name: "MQTTCodec", targets: ["MQTTCodec"]),
        .library(name: "MQTTClient", targets: ["MQTTClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-numerics.git", from: "1.1.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0"),
    ],
    targets: [
        // Pure MQTT 3.1.1 / 5.0 packet codec: no I/O, no dependencies.
        .target(name: "MQTTCodec", swiftSettings: existentialAny),
        // MQTT client on SwiftNIO: sessions, QoS flows, reconnect, TLS.
        .target(
            name: "MQTTClient",
            dependencies: [
                "MQTTCodec",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: existentialAny
        ),
        // Eclipse Sparkplug B as a host application sees it: topics, the protobuf payload (generated
        // once from Schema/ by scripts/generate-sparkplug and committed), and the edge nodes' sessions.
        .target(
            name: "Sparkplug",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["Schema"],
            swiftSettings: existentialAny
        ),
        // Shell-style name patterns (`pump-*`) shared by rules, models and asset classes.
        .target(name: "NameMatching", swiftSettings: existentialAny),
        // Signals and statistics: pure math over readings.
        .target(name: "Signals", swiftSettings: existentialAny + optimisedInDebug),
        // Health indicators, degradation models and remaining-useful-life estimates: pure math.
        .target(
            name: "Prognostics",
            dependencies: ["Signals", "NameMatching", .product(name: "RealModule", package: "swift-numerics")],
            swiftSettings: existentialAny + optimisedInDebug
        ),
        // Alarm decisions as pure state machines.
        .target(
            name: "AlarmEngine",
            dependencies: ["NameMatching", .product(name: "HeapModule", package: "swift-collections")],
            swiftSettings: existentialAny
        ),
        // Durable state behind one interface: the store operations (SQL written once) and the SQLite
        // store (GRDB): alarms, journal, escalation timers, outbox, tickets, commands, feature history.
        .target(
            name: "AlarmStore",
            dependencies: ["AlarmEngine", "Payloads", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: existentialAny
        ),
        // The same store on PostgreSQL (postgres-nio), for instances that share one plant.
        .target(
            name: "PostgresStore",
            dependencies: [
                "AlarmStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: existentialAny
        ),
        // A seeded simulated plant for the demo and load tests.
        .target(name: "PlantSimulator", dependencies: ["Signals"], swiftSettings: existentialAny),
        // alarms.yaml: loading, `${ENV}` interpolation, validation with line/column.
        .target(
            name: "PDMConfig",
            dependencies: [
                "AlarmEngine", "MQTTCodec", "NameMatching", .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: existentialAny
        ),
        // The JSON payloads pdm publishes and serves, one Codable type each, with their JSON Schemas.
        .target(
            name: "Payloads",
            dependencies: ["AlarmEngine"],
            // JSON Schemas of the published payloads, for integrators.
            exclude: ["Schemas"],
            swiftSettings: existentialAny
        ),
        // Delivery of notifications: the outbox dispatcher, webhook formats and transports, MQTT
        // notifications and remote actions.
        .target(
            name: "Notifiers",
            dependencies: [
                "AlarmEngine", "AlarmStore", "PDMConfig", "MQTTClient", "MQTTCodec", "Payloads", "CLibcurl",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: existentialAny
        ),
        // The HTTP API and the web console: alarms, commands, KPIs, health.
        .target(
            name: "PDMHTTP",
            dependencies: [
                "AlarmEngine", "AlarmStore", "PDMConfig", "Signals", "Payloads",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            resources: [.copy("Resources/console"), .copy("Resources/openapi.json")],
            swiftSettings: existentialAny
        ),
        // The running service: ingest, reading parsing, the alarm engine's I/O, prognoses, publishing, the outbox.
        .target(
            name: "PDMRuntime",
            dependencies: [
                "MQTTClient", "MQTTCodec", "Signals", "Prognostics", "PDMConfig", "AlarmEngine", "AlarmStore", "NameMatching",
                "Notifiers", "Payloads", "CHeapUsage", "Sparkplug",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: existentialAny
        ),
        // Composition root: the `pdm` command line.
        .executableTarget(
            name: "pdm",
            dependencies: [
                "PDMRuntime", "PDMHTTP", "Payloads", "PostgresStore",
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"), "PDMConfig", "MQTTClient", "MQTTCodec", "PlantSimulator", "Prognostics", "AlarmEngine", "AlarmStore", "Signals",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: existentialAny
        ),
        // libcurl's variadic setters in typed form, for the webhook transport (libcurl's multi interface).
        .target(name: "CLibcurl", linkerSettings: [.linkedLibrary("curl")]),
        // Heap in use and held, for /metrics and the memory benchmark (glibc's mallinfo2).
        .target(name: "CHeapUsage"),
        // Benchmarks driven by scripts/bench.
        .executableTarget(
            name: "PDMBench",
            dependencies: [
                "MQTTClient", "MQTTCodec", "Signals", "PDMRuntime", "PDMConfig", "Prognostics", "CHeapUsage",
                "AlarmEngine", "AlarmStore", "PostgresStore", "Notifiers", "BenchmarkKernels", "Sparkplug",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: existentialAny
        ),
        // The measured loops of the benchmarks, shared by pdm-bench and the package benchmarks.
        .target(
            name: "BenchmarkKernels",
            dependencies: ["Signals", "AlarmEngine", "AlarmStore", "MQTTCodec"],
            swiftSettings: existentialAny
        ),
        // Package benchmarks of the in-process kernels (swift package --disable-sandbox benchmark).
        .executableTarget(
            name: "Kernels",
            dependencies: ["BenchmarkKernels", "AlarmStore", .product(name: "Benchmark", package: "benchmark")],
            path: "Benchmarks/Kernels",
            swiftSettings: existentialAny,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Real brokers and command-line peers for the tests.
        .target(
            name: "TestSupport",
            dependencies: [
                "MQTTClient", "MQTTCodec", "AlarmStore", "PostgresStore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/TestSupport"
        ),
        // The properties the payload fuzzers check, shared by the fuzzer and the corpus tests.
        .target(
            name: "FuzzTargets",
            dependencies: ["PDMRuntime", "PDMConfig", "Prognostics", "Sparkplug"],
            path: "Tests/FuzzTargets"
        ),
        // libFuzzer entry point for the payload fuzzers (scripts/fuzz builds it with -sanitize=fuzzer).
        .executableTarget(name: "PDMFuzz", dependencies: ["FuzzTargets"], path: "Tests/Fuzz/Payloads"),
        .testTarget(name: "MQTTCodecTests", dependencies: ["MQTTCodec", "Signals"]),
        .testTarget(
            name: "MQTTClientTests",
            dependencies: [
                "MQTTClient", "MQTTCodec", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "SignalsTests", dependencies: ["Signals", "TestSupport"]),
        .testTarget(name: "PrognosticsTests", dependencies: ["Prognostics", "Signals", "PlantSimulator"]),
        .testTarget(name: "NameMatchingTests", dependencies: ["NameMatching"]),
        .testTarget(name: "SparkplugTests", dependencies: ["Sparkplug"]),
        .testTarget(name: "PDMConfigTests", dependencies: ["PDMConfig", "AlarmEngine"]),
        .testTarget(name: "AlarmEngineTests", dependencies: ["AlarmEngine"]),
        .testTarget(
            name: "AlarmStoreTests",
            dependencies: ["AlarmStore", "PostgresStore", "AlarmEngine", "TestSupport"]
        ),
        .testTarget(name: "PlantSimulatorTests", dependencies: ["PlantSimulator", "Signals"]),
        .testTarget(
            name: "NotifiersTests",
            dependencies: [
                "Notifiers", "AlarmStore", "AlarmEngine", "PDMConfig", "Payloads", "TestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "PDMHTTPTests",
            dependencies: [
                "PDMHTTP", "PDMConfig", "AlarmStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "PDMRuntimeTests",
            dependencies: [
                "PDMRuntime", "PDMConfig", "MQTTClient", "MQTTCodec", "Signals", "Prognostics", "AlarmEngine", "AlarmStore",
                "PlantSimulator", "TestSupport", "Notifiers", "FuzzTargets", "Sparkplug", .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Process-level tests: real brokers, `pdm` and `pdm-bench` as child processes, crash
        // recovery after kill -9, headless Chromium.
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "PDMRuntime", "PDMConfig", "MQTTClient", "MQTTCodec", "Signals", "Prognostics", "AlarmEngine", "AlarmStore",
                "PlantSimulator", "TestSupport", "pdm", "Notifiers", "Payloads", "PostgresStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
