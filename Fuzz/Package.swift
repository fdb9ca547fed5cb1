// swift-tools-version: 6.1
// libFuzzer targets for endorse's parsers (issue 13). Not part of the main build: scripts/fuzz.sh
// builds it on its own, with its own scratch path (.build-fuzz), every Swift module (EndorseCore,
// EndorseStore, their dependencies) instrumented for libFuzzer's coverage under AddressSanitizer,
// and libFuzzer's driver without its main (libclang_rt.fuzzer_no_main) linked in:
//   swift build -c release --package-path Fuzz --scratch-path .build-fuzz -Xswiftc -enable-testing \
//       -Xswiftc -sanitize=address \
//       -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp \
//       -Xlinker <toolchain>/lib/clang/*/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a -Xlinker -lstdc++
// (`-Xswiftc -sanitize=fuzzer` links libFuzzer's own main into every executable, the EmbedFiles
// plugin's build-time tool too, which then has two.)
import PackageDescription

let package = Package(
    name: "endorse-fuzz",
    dependencies: [
        .package(name: "endorse", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "endorse-fuzz",
            dependencies: [
                .product(name: "EndorseCore", package: "endorse"),
                .product(name: "EndorseStore", package: "endorse"),
            ],
            path: "Sources/EndorseFuzz"
        ),
    ],
    swiftLanguageModes: [.v6]
)
