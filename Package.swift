// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "BLIS",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "blis", targets: ["BLISTUI"]),
    .library(name: "BLISSim", targets: ["BLISSim"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.1.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "5.0.0"),
  ],
  targets: [
    .systemLibrary(name: "CNcurses", providers: [.apt(["libncurses-dev"])]),
    .target(
      name: "BLISSim",
      dependencies: [
        .product(name: "DequeModule", package: "swift-collections"),
        .product(name: "Yams", package: "Yams"),
      ]
    ),
    .executableTarget(
      name: "BLISTUI",
      dependencies: [
        "BLISSim", "CNcurses",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "BLISSimTests", dependencies: ["BLISSim"], resources: [.copy("Fixtures")]),
    .testTarget(name: "BLISTUITests", dependencies: ["BLISTUI", "BLISSim"]),
  ]
)
