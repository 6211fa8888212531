import Foundation
@testable import BLISSim

/// Test access to the bundled fixtures and the repository's data files.
enum TestData {
  /// Repository root (three levels above this file: Tests/BLISSimTests/Latency).
  static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

  static func fixture(_ name: String) throws -> String {
    guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures") else {
      throw CocoaError(.fileNoSuchFile)
    }
    return try String(contentsOf: url, encoding: .utf8)
  }
  static func catalog() throws -> HardwareCatalog {
    try HardwareCatalog.parse(data: Data(contentsOf: repoRoot.appendingPathComponent("hardware_config.json")),
                              source: "hardware_config.json")
  }
  static func model(_ name: String) throws -> ModelConfig {
    let url = repoRoot.appendingPathComponent("model_configs/\(name)/config.json")
    return try ModelConfig.parse(data: Data(contentsOf: url), source: url.path)
  }
}
