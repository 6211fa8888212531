import ArgumentParser
import BLISSim

/// Collects the run settings a command line gave, by reflection over a command's option groups,
/// the way swift-argument-parser finds the `@Option`s themselves: an `@Option`/`@Flag` whose
/// property is named after a setting (`maxNumSeqs` ↔ `max-num-seqs`, `roofline` ↔ the
/// `latency-model` shorthand) contributes its value when given. So a new setting needs its one
/// declaration in `SettingsCatalog` and one flag — no mapping code.
enum SettingFlags {
  /// The settings set on the command line among `arguments`' options (option groups included).
  static func layer(of arguments: Any) -> SettingsLayer {
    var layer = SettingsLayer(origin: .flags)
    collect(arguments, into: &layer)
    return layer
  }

  /// The setting (or shorthand) name a property label stands for, if any: `_maxNumSeqs` →
  /// `max-num-seqs`.
  static func settingName(forProperty label: String) -> String? {
    let key = normalized(label)
    for setting in SettingsCatalog.all {
      if normalized(setting.name) == key { return setting.name }
      if let shorthand = setting.shorthand, normalized(shorthand) == key { return shorthand }
    }
    return nil
  }

  private static func collect(_ value: Any, into layer: inout SettingsLayer) {
    for child in Mirror(reflecting: value).children {
      if let group = child.value as? any SettingFlagGroup {
        collect(group.options, into: &layer)
      } else if let flag = child.value as? any SettingFlag, let label = child.label,
                let name = settingName(forProperty: label) {
        layer.set(name, flag.settingInput)
      }
    }
  }

  private static func normalized(_ name: String) -> String {
    String(name.lowercased().filter { $0 != "_" && $0 != "-" })
  }
}

/// A parsed flag that can give a setting's input.
protocol SettingFlag {
  var settingInput: SettingInput? { get }
}

/// A flag value type: `String?` (a value when given), `String` (required or defaulted), `Bool?`
/// (`--x`/`--no-x`), `Bool` (a shorthand, set when given).
protocol SettingFlagValue {
  var settingInput: SettingInput? { get }
}

/// A scalar a flag value wraps.
protocol SettingFlagScalar {
  var settingText: String { get }
}

extension String: SettingFlagScalar { var settingText: String { self } }
extension Bool: SettingFlagScalar { var settingText: String { self ? "true" : "false" } }

extension Optional: SettingFlagValue where Wrapped: SettingFlagScalar {
  var settingInput: SettingInput? { self.map { .text($0.settingText) } }
}

extension String: SettingFlagValue {
  /// A required `@Option` or one with a default always gives its value.
  var settingInput: SettingInput? { .text(self) }
}

extension Bool: SettingFlagValue {
  /// A plain `@Flag` sets its setting only when given.
  var settingInput: SettingInput? { self ? .text("true") : nil }
}

extension Option: SettingFlag where Value: SettingFlagValue {
  var settingInput: SettingInput? { wrappedValue.settingInput }
}

extension Flag: SettingFlag where Value: SettingFlagValue {
  var settingInput: SettingInput? { wrappedValue.settingInput }
}

/// An `@OptionGroup`, whose options are collected too.
protocol SettingFlagGroup {
  var options: Any { get }
}

extension OptionGroup: SettingFlagGroup {
  var options: Any { wrappedValue }
}
