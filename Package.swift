// swift-tools-version:6.0
import PackageDescription

// Layers point one way (README, "Development"):
//   BrazeCore, VirtualTime, YAML            shared data types and rules, no Braze I/O
//   Manifest                                 manifests → typed resources (knows no API)
//   BrazeAPI                                 the REST client (knows no manifest)
//   BrazeSimulator (+ BrazeSimulatorServer)  a simulated workspace (shares data types only)
//   Engine                                   plan and apply: the only layer that knows manifests and the API
//   Workspace                                connections: the only place that knows the engine and the simulator
//   brazeform                                the command line
let package = Package(
    name: "brazeform",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "brazeform", targets: ["brazeform"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // Already Hummingbird's; named for the simulator server's graceful stop.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // The system libyaml, imported only by YAML.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // One home per concept: JSON values and their scanner, ISO-8601, the endpoint
        // rule and instances, Braze's offline limits and name rules.
        .target(name: "BrazeCore"),
        // Injectable time: the wall clock, or a virtual one for tests and benchmarks.
        .target(name: "VirtualTime"),
        // YAML: the reader over libyaml (positions on every node) and the writer export uses, sharing one set of scalar rules.
        .target(name: "YAML", dependencies: ["CYAML"]),
        // Project file, manifests (one file per kind), interpolation, includes, validation, dependency graph.
        .target(name: "Manifest", dependencies: ["YAML", "BrazeCore"]),
        // The Braze REST client: typed operations (one file per resource), rate limits, retries.
        .target(name: "BrazeAPI", dependencies: [
            "BrazeCore", "VirtualTime",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        // A simulated Braze workspace, in memory: Braze's rules, checked independently of the client's.
        .target(name: "BrazeSimulator", dependencies: ["BrazeCore", "VirtualTime"]),
        // The simulated workspace over HTTP on loopback (Hummingbird).
        .target(name: "BrazeSimulatorServer", dependencies: [
            "BrazeSimulator", "BrazeCore",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
        // Live state, diff, plan, apply, export: the only layer that knows manifests and the API.
        .target(name: "Engine", dependencies: [
            "Manifest", "BrazeAPI", "BrazeCore", "YAML", "VirtualTime",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        // Workspace connections: Braze over HTTPS, or the embedded sandbox through the in-process transport.
        .target(name: "Workspace", dependencies: [
            "Engine", "Manifest", "BrazeAPI", "BrazeCore", "BrazeSimulator", "VirtualTime",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "brazeform", dependencies: [
            "Workspace", "Engine", "Manifest", "BrazeAPI", "BrazeCore", "BrazeSimulator", "BrazeSimulatorServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "BrazeformBenchmarks", dependencies: [
            "BrazeAPI", "BrazeCore", "BrazeSimulator", "BrazeSimulatorServer", "VirtualTime", "Engine", "Manifest", "Workspace",
            .product(name: "Logging", package: "swift-log"),
        ], path: "Benchmarks/BrazeformBenchmarks"),
        .testTarget(name: "VirtualTimeTests", dependencies: ["VirtualTime"]),
        .testTarget(name: "BrazeCoreTests", dependencies: ["BrazeCore"]),
        // The seeded generator the random tests share (a library, not tests of its own).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "YAMLTests", dependencies: ["YAML", "TestSupport"]),
        .testTarget(name: "ManifestTests", dependencies: ["Manifest", "YAML", "BrazeCore", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "BrazeAPITests", dependencies: [
            "BrazeAPI", "BrazeCore", "BrazeSimulator", "BrazeSimulatorServer", "Workspace", "VirtualTime",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
        ]),
        .testTarget(name: "BrazeSimulatorTests", dependencies: ["BrazeSimulator", "BrazeSimulatorServer", "BrazeCore", "VirtualTime"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Workspace", "Manifest", "BrazeAPI", "BrazeCore", "BrazeSimulator", "VirtualTime", "YAML", "TestSupport"], exclude: ["Render/Golden"]),
        .testTarget(name: "BrazeformCLITests", dependencies: [
            "brazeform", "BrazeSimulator", "BrazeSimulatorServer", "BrazeCore", "VirtualTime",
            .product(name: "Logging", package: "swift-log"),
        ]),
    ]
)
