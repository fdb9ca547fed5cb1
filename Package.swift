// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "endorse",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "endorse", targets: ["endorse"]),
        .library(name: "EndorseCore", targets: ["EndorseCore"]),
        // For the fuzz package (Fuzz/), which reads the orgs.csv and answers.csv parsers.
        .library(name: "EndorseStore", targets: ["EndorseStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/attaswift/BigInt.git", from: "6.0.1"),
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // traits: [] keeps SwiftPM from re-resolving hummingbird's default traits on every build.
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    ],
    targets: [
        // Pure domain: cycle model and validation, scoring, tallies, decisions, slate. No I/O.
        .target(
            name: "EndorseCore",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "BigInt", package: "BigInt"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CSV", package: "CSV.swift"),
            ]
        ),
        // PostgreSQL: migrations, the store's areas, managed local cluster, audit log. The
        // migrations in sql/ are embedded at build time (EmbedFiles plugin).
        .target(
            name: "EndorseStore",
            dependencies: [
                "EndorseCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            plugins: ["EmbedFiles"]
        ),
        // The system zlib, to gzip published artifacts once (EndorseHTTP).
        .target(name: "CZlib", linkerSettings: [.linkedLibrary("z")]),
        // The HTTP service.
        .target(
            name: "EndorseHTTP",
            dependencies: [
                "EndorseCore", "EndorseStore", "CZlib",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            plugins: ["EmbedFiles"]
        ),
        // Build-time embedding of sql/*.sql and openapi.yaml (nothing generated is committed).
        .executableTarget(name: "EmbedFilesTool"),
        .plugin(name: "EmbedFiles", capability: .buildTool(), dependencies: ["EmbedFilesTool"]),
        // The thin command line.
        .executableTarget(
            name: "endorse",
            dependencies: [
                "EndorseCore", "EndorseStore", "EndorseHTTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "EndorseCoreTests",
            dependencies: [
                "EndorseCore", "EndorseTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
                .product(name: "BigInt", package: "BigInt"),
            ],
            resources: [.copy("Fixtures")]
        ),
        // Runs the built `endorse` binary: exit codes, error lines, output of the offline commands.
        .testTarget(name: "EndorseCLITests", dependencies: ["endorse", "EndorseCore", "EndorseTestSupport"]),
        // The tests' shared PostgreSQL harness: one managed cluster per run, a fresh database per test.
        .target(
            name: "EndorseTestSupport",
            dependencies: [
                "EndorseCore", "EndorseStore",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/EndorseTestSupport"
        ),
        .testTarget(
            name: "EndorseStoreTests",
            dependencies: [
                "EndorseCore", "EndorseStore", "EndorseTestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "EndorseHTTPTests",
            dependencies: [
                "EndorseCore", "EndorseStore", "EndorseHTTP", "EndorseTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
