// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "brazeform",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "brazeform", targets: ["brazeform"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        // The system libyaml, imported only by YAMLReader.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // Injectable time: the wall clock, or a virtual one for tests and benchmarks.
        .target(name: "VirtualTime"),
        // One JSON parser over bytes, building whatever values its caller wants.
        .target(name: "JSONScanner"),
        // YAML documents as positioned nodes (file:line:column on every node).
        .target(name: "YAMLReader", dependencies: ["CYAML"]),
        // Project file, manifests, interpolation, includes, validation, dependency graph.
        .target(name: "Manifest", dependencies: ["YAMLReader", "JSONScanner"]),
        // The Braze REST client: typed operations, rate limits, retries.
        .target(name: "BrazeAPI", dependencies: [
            "VirtualTime", "JSONScanner",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // A simulated Braze workspace, in memory, and its HTTP front.
        .target(name: "BrazeSimulator", dependencies: [
            "VirtualTime", "JSONScanner",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Live state, diff, plan, apply: the only layer that knows manifests and the API.
        .target(name: "Engine", dependencies: [
            "Manifest", "BrazeAPI", "BrazeSimulator", "VirtualTime",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .executableTarget(name: "brazeform", dependencies: [
            "Manifest", "Engine", "BrazeAPI", "BrazeSimulator",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "BrazeformBenchmarks", dependencies: ["BrazeAPI", "BrazeSimulator", "VirtualTime", "Engine", "Manifest",
                                                                       .product(name: "Logging", package: "swift-log")], path: "Benchmarks/BrazeformBenchmarks"),
        .testTarget(name: "VirtualTimeTests", dependencies: ["VirtualTime"]),
        .testTarget(name: "JSONScannerTests", dependencies: ["JSONScanner"]),
        .testTarget(name: "YAMLReaderTests", dependencies: ["YAMLReader"]),
        .testTarget(name: "ManifestTests", dependencies: ["Manifest", "YAMLReader"], resources: [.copy("Fixtures")]),
        .testTarget(name: "BrazeAPITests", dependencies: ["BrazeAPI", "BrazeSimulator", "VirtualTime"]),
        .testTarget(name: "BrazeSimulatorTests", dependencies: ["BrazeSimulator", "VirtualTime"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Manifest", "BrazeAPI", "BrazeSimulator", "VirtualTime"], exclude: ["Render/Golden"]),
        .testTarget(name: "BrazeformCLITests", dependencies: ["brazeform", "BrazeSimulator", "VirtualTime"]),
    ]
)
