/// Where a resolved setting's value came from, for the run summary and warnings.
public enum SettingSource: String, Sendable, Equatable {
  /// An explicit command-line flag.
  case flag
  /// The `--config` file.
  case configFile = "config-file"
  /// The model's row in defaults.yaml `defaults:` (GPU, TP, vLLM version).
  case modelDefaults = "defaults.yaml"
  /// The built-in default (the command's own default where it has one, e.g. `blis tui`'s rate).
  case builtin

  /// True for values the user chose: a flag or the `--config` file.
  public var isExplicit: Bool { self == .flag || self == .configFile }
}

/// One setting's provenance: its source and how messages name it (`--tp`, `tp (run.yaml:4)`,
/// `--tp (defaults.yaml entry for …)`, `--seed (built-in default)`).
public struct SettingProvenance: Sendable, Equatable {
  public var source: SettingSource
  public var place: String

  public init(source: SettingSource, place: String) {
    self.source = source
    self.place = place
  }
}
