import Foundation

/// BLIS's data files, loaded once: `defaults.yaml`, the hardware catalogue, the serving profiles,
/// and the names of the bundled model configs (for did-you-mean suggestions).
public struct DataFiles: Sendable {
  /// The data directory (holds `defaults.yaml`, `hardware_config.json`, `model_configs/`).
  public let directory: URL
  public let defaults: DefaultsFile
  public let defaultsPath: String
  public let hardware: HardwareCatalog
  public let hardwarePath: String
  /// Folders under `model_configs/` that hold a `config.json` (`name`, or `owner/name` for fetched
  /// configs), sorted.
  public let bundledModels: [String]
  /// `serving_profiles.yaml` (the built-in `gpu-only` profile alone when the file is absent).
  public let servingProfiles: ServingProfileCatalog

  public init(directory: URL, defaults: DefaultsFile, defaultsPath: String, hardware: HardwareCatalog,
              hardwarePath: String, bundledModels: [String],
              servingProfiles: ServingProfileCatalog = ServingProfileCatalog(profiles: [.gpuOnly], defaultName: "gpu-only")) {
    self.directory = directory; self.defaults = defaults; self.defaultsPath = defaultsPath
    self.hardware = hardware; self.hardwarePath = hardwarePath; self.bundledModels = bundledModels
    self.servingProfiles = servingProfiles
  }

  /// Loads the files. A missing `defaults.yaml` is an empty one; a missing hardware file is an
  /// error naming the path (`--hardware-config` when the user gave it). A caller that already read
  /// `defaults.yaml` (`loadDefaults`, to resolve its settings) passes it as `defaults`: parsing it
  /// costs more than the rest of the start-up.
  public static func load(directory: URL, hardwareConfig: URL? = nil,
                          defaults loaded: (file: DefaultsFile, path: String)? = nil) throws -> DataFiles {
    let fm = FileManager.default
    let (defaults, defaultsPath) = try loaded ?? loadDefaults(directory: directory)
    let hwURL = hardwareConfig ?? directory.appendingPathComponent("hardware_config.json")
    guard let hwData = fm.contents(atPath: hwURL.path) else {
      throw DeploymentError.missingFile(flag: hardwareConfig == nil ? "hardware_config.json" : "--hardware-config",
                                        path: hwURL.path)
    }
    let catalog = try HardwareCatalog.parse(data: hwData, source: hwURL.path)
    let configsDir = directory.appendingPathComponent("model_configs")
    func hasConfig(_ relative: String) -> Bool {
      fm.fileExists(atPath: configsDir.appendingPathComponent(relative).appendingPathComponent("config.json").path)
    }
    // Flat bundled folders, and `owner/name` folders of fetched configs.
    var names: [String] = []
    for entry in (try? fm.contentsOfDirectory(atPath: configsDir.path)) ?? [] where !entry.hasPrefix(".") {
      if hasConfig(entry) { names.append(entry); continue }
      let nested = (try? fm.contentsOfDirectory(atPath: configsDir.appendingPathComponent(entry).path)) ?? []
      names += nested.filter { !$0.hasPrefix(".") }.map { entry + "/" + $0 }.filter(hasConfig)
    }
    names.sort()
    return DataFiles(directory: directory, defaults: defaults, defaultsPath: defaultsPath, hardware: catalog,
                     hardwarePath: hwURL.path, bundledModels: names,
                     servingProfiles: try ServingProfileCatalog.load(directory: directory))
  }

  /// `defaults.yaml` in `directory` (an empty file when it is absent) and its path, for commands
  /// that need only the defaults.
  public static func loadDefaults(directory: URL) throws(DefaultsFileError) -> (file: DefaultsFile, path: String) {
    let path = directory.appendingPathComponent("defaults.yaml").path
    guard let data = FileManager.default.contents(atPath: path) else { return (DefaultsFile(), path) }
    return (try DefaultsFile.parse(String(decoding: data, as: UTF8.self), source: path), path)
  }

  /// See `DefaultsFile.canonicalModelIDs`.
  public var canonicalModelIDs: [String] { defaults.canonicalModelIDs }

  /// The id to show for a `model_configs/<folder>` entry: the known id that owns it, else the
  /// folder name (nested `owner/name` folders are already ids).
  public func canonicalID(ofFolder folder: String) -> String {
    BundledModelConfigs.canonicalID(folder: folder, knownIDs: canonicalModelIDs) ?? folder.lowercased()
  }

  /// Every model name a user may mean: defaults.yaml ids, coefficient-row ids, bundled configs.
  public var knownModelNames: [String] {
    Array(Set(defaults.defaults.keys).union(defaults.models.map(\.id)).union(bundledModels)).sorted()
  }
}
