import Foundation

/// One model's row of defaults.yaml `defaults:`: what the model is usually deployed on.
public struct ModelDefaultsRow: Sendable, Equatable {
  public var gpu: String?
  public var tensorParallelism: Int?
  public var vllmVersion: String?
  /// The case-preserving HuggingFace repo id.
  public var hfRepo: String?

  public init(gpu: String? = nil, tensorParallelism: Int? = nil, vllmVersion: String? = nil, hfRepo: String? = nil) {
    self.gpu = gpu
    self.tensorParallelism = tensorParallelism
    self.vllmVersion = vllmVersion
    self.hfRepo = hfRepo
  }
}

/// A command's own defaults, by setting name (e.g. `blis tui` starts at 40 req/s). They take the
/// place of the built-in defaults for that command: below flags, the config file and the model's
/// row, and reported as built-in.
public struct CommandDefaults: Sendable, Equatable {
  public private(set) var inputs: [String: SettingInput] = [:]

  public init() {}

  /// Sets `setting`'s default for this command to `text`, as a user would type it.
  public mutating func set<Value>(_ setting: KeyPath<SettingsCatalog, Setting<Value>>, _ text: String) {
    inputs[SettingsCatalog.shared[keyPath: setting].name] = .text(text)
  }

  /// The same defaults without `setting`.
  public func removing<Value>(_ setting: KeyPath<SettingsCatalog, Setting<Value>>) -> CommandDefaults {
    var copy = self
    copy.inputs[SettingsCatalog.shared[keyPath: setting].name] = nil
    return copy
  }
}

/// What resolution needs besides the flags and the config file: the defaults.yaml model rows,
/// the command's own defaults (a default model among them makes `--model` optional), and where
/// relative command-line paths start.
public struct SettingsContext: Sendable {
  /// Keyed by lower-cased model id.
  public var modelDefaults: [String: ModelDefaultsRow]
  public var commandDefaults: CommandDefaults
  /// Folder that relative command-line paths are resolved against.
  public var currentDirectory: URL
  /// False for commands that can work without a model (`blis calibrate --roofline-params`):
  /// then a missing `--model` leaves `RunSettings.model` empty instead of failing.
  public var requiresModel = true

  public init(modelDefaults: [String: ModelDefaultsRow] = [:], commandDefaults: CommandDefaults = CommandDefaults(),
              currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)) {
    var lowered: [String: ModelDefaultsRow] = [:]
    for (model, row) in modelDefaults { lowered[model.lowercased()] = row }
    self.modelDefaults = lowered
    self.commandDefaults = commandDefaults
    self.currentDirectory = currentDirectory
  }

  /// The rows of a defaults file.
  public init(defaults: DefaultsFile, commandDefaults: CommandDefaults = CommandDefaults(),
              currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)) {
    var rows: [String: ModelDefaultsRow] = [:]
    for (id, d) in defaults.defaults {
      rows[id] = ModelDefaultsRow(gpu: d.gpu, tensorParallelism: d.tensorParallelism, vllmVersion: d.vllmVersion,
                                  hfRepo: d.hfRepo)
    }
    self.init(modelDefaults: rows, commandDefaults: commandDefaults, currentDirectory: currentDirectory)
  }
}
