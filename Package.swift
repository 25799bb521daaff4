// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "PoserTalkr",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "PythonHost", targets: ["PythonHost"]),
        .library(name: "PoserTalkr", targets: ["PoserTalkr"]),
        .executable(name: "posertalkr", targets: ["PoserTalkrCLI"]),
        .executable(name: "posertalkr-fuzz", targets: ["PoserTalkrFuzz"]),
        .executable(name: "posertalkr-bench", targets: ["PoserTalkrBench"]),
        .executable(name: "posertalkr-floor", targets: ["PoserTalkrFloor"]),
        .executable(name: "posertalkr-embedding-example", targets: ["EmbeddingExample"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-atomics.git", from: "1.3.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift.git", from: "0.2.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CPython",
            pkgConfig: "python3-embed",
            providers: [.apt(["libpython3-dev"])]
        ),
        .target(name: "CPythonGlue", dependencies: ["CPython"]),
        // epoll and eventfd for the interpreter thread's wait (InterpreterPoller).
        .target(name: "CSocketWait"),
        .target(
            name: "PythonHost",
            dependencies: [
                "CPython", "CPythonGlue",
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The protocols' decoders and constants: everything that reads untrusted bytes,
        // kept small so the fuzz target builds quickly.
        .target(
            name: "PoserTalkrWire",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")]
        ),
        .target(
            name: "PoserTalkr",
            dependencies: [
                "PythonHost", "CPython", "CPythonGlue", "CSocketWait", "PoserTalkrWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Atomics", package: "swift-atomics"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "PoserTalkrCLI",
            dependencies: [
                "PoserTalkr",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // The fuzz target for the decoders of untrusted bytes; scripts/fuzz builds it with
        // libFuzzer. A normal build makes a corpus replayer of it.
        .executableTarget(
            name: "PoserTalkrFuzz",
            dependencies: ["PoserTalkrWire", .product(name: "NIOCore", package: "swift-nio")]
        ),
        // The benchmark's load generator and floor server (Benchmarks/README.md).
        .executableTarget(
            name: "PoserTalkrBench",
            dependencies: [
                "PythonHost", "CPython", "CPythonGlue",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The benchmark's floor: an epoll echo server in plain C (Benchmarks/README.md).
        .executableTarget(name: "PoserTalkrFloor"),
        // docs/EMBEDDING.md's example: a host app with its own Python module.
        .executableTarget(
            name: "EmbeddingExample",
            dependencies: [
                "PoserTalkr", "PythonHost",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "samples/EmbeddingExample"
        ),
        // The connection and scheduling machines driven directly, without sockets or Python.
        .testTarget(
            name: "PoserTalkrUnitTests",
            dependencies: ["PoserTalkr", "PoserTalkrWire", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .testTarget(
            name: "PoserTalkrTests",
            dependencies: ["PoserTalkrCLI", "PoserTalkrFuzz", "EmbeddingExample"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
