import ArgumentParser
import BLISSim

/// A command's own defaults for the run settings (shown in its `--help` and used when nothing
/// else sets a value). Most commands use the built-in ones.
protocol CommandSettingDefaults {
  static var defaults: CommandDefaults { get }
}

/// The built-in defaults (`blis run`, `compare`, `sweep`, `capacity`).
enum BuiltinSettingDefaults: CommandSettingDefaults {
  static var defaults: CommandDefaults { CommandDefaults() }
}

extension NameSpecification {
  /// `--name` plus the setting's aliases (e.g. `--max-num-seqs`, `--max-num-running-reqs`).
  static func setting<Value>(_ setting: KeyPath<SettingsCatalog, Setting<Value>>) -> NameSpecification {
    let s = SettingsCatalog.shared[keyPath: setting]
    return NameSpecification([.customLong(s.name)] + s.aliases.map { .customLong($0) })
  }

  /// The shorthand flag of a setting (`--roofline`).
  static func shorthand<Value>(of setting: KeyPath<SettingsCatalog, Setting<Value>>) -> NameSpecification {
    NameSpecification([.customLong(SettingsCatalog.shared[keyPath: setting].shorthand ?? "")])
  }
}

extension ArgumentHelp {
  /// `abstract` with the setting's default for the command with `Defaults`: `(default: 1)`,
  /// `(default: the model's defaults.yaml row, else 1)`.
  static func setting<Value, Defaults: CommandSettingDefaults>(
    _ setting: KeyPath<SettingsCatalog, Setting<Value>>, _ abstract: String, _ defaults: Defaults.Type,
    valueName: String? = nil
  ) -> ArgumentHelp {
    let text = SettingsCatalog.shared[keyPath: setting].defaultText(Defaults.defaults)
    return ArgumentHelp("\(abstract) (default: \(text))", valueName: valueName)
  }
}
