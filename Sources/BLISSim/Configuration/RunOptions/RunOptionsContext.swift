import Foundation

/// What resolution needs to know besides the flags and the config file: the defaults.yaml
/// model rows, the names that exist (for did-you-mean errors), and where relative paths start.
public struct RunOptionsContext: Sendable {
  /// One model's row of defaults.yaml `defaults:`.
  public struct ModelDefaults: Sendable, Equatable {
    public var gpu: String?
    public var tensorParallelism: Int?
    public var vllmVersion: String?
    public var hfRepo: String?
    public init(gpu: String? = nil, tensorParallelism: Int? = nil, vllmVersion: String? = nil, hfRepo: String? = nil) {
      self.gpu = gpu
      self.tensorParallelism = tensorParallelism
      self.vllmVersion = vllmVersion
      self.hfRepo = hfRepo
    }
  }

  /// Keyed by lower-cased model id.
  public var modelDefaults: [String: ModelDefaults]
  /// Known workload preset names; empty = do not check.
  public var workloadPresets: [String]
  /// Known routing policy names; empty = do not check.
  public var routingPolicies: [String]
  /// Folder that relative command-line paths are resolved against.
  public var currentDirectory: URL
  /// The model when neither flag nor file names one (e.g. the TUI's starting model); nil makes
  /// `--model` required.
  public var defaultModel: String?

  public init(modelDefaults: [String: ModelDefaults] = [:], workloadPresets: [String] = [],
              routingPolicies: [String] = [], defaultModel: String? = nil,
              currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)) {
    var lowered: [String: ModelDefaults] = [:]
    for (model, row) in modelDefaults { lowered[model.lowercased()] = row }
    self.modelDefaults = lowered
    self.workloadPresets = workloadPresets
    self.routingPolicies = routingPolicies
    self.currentDirectory = currentDirectory
    self.defaultModel = defaultModel
  }
}
